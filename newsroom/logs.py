"""What the logs must not keep.

An embargo preview link is a bearer credential whose token is stored only as a hash (README,
"Embargo preview links"), so nobody who reads the database can recover a working link. The
token is in the link's path, and an access log or a "Not Found: /…" line would keep it in
clear text: every log line that reaches standard output goes through `RedactSecrets`
(LOGGING in settings.py, and gunicorn's loggers in newsroom/gunicorn.conf.py).
"""

import logging
import re

# The path word of releases:preview in each language ("preview/" in the catalogues);
# tests/test_logs.py reverses the URL in every language to keep this list true.
PREVIEW_TOKEN = re.compile(r"(/(?:preview|vista-previa)/)[^/\s?#\"]+")
# newsroom.media.ACCESS_PARAMETER, in a query string.
ACCESS_TOKEN = re.compile(r"([?&]access=)[^&\s#\"]+")
REDACTED = "[redacted]"


def redact(text):
    return ACCESS_TOKEN.sub(rf"\g<1>{REDACTED}", PREVIEW_TOKEN.sub(rf"\g<1>{REDACTED}", text))


class RedactSecrets(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            # The message is final from here on: no arguments left to format it with again.
            record.msg, record.args = redacted, None
        return True
