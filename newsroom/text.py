"""Text helpers both apps use."""

import re
import unicodedata


def folded(text):
    """A name or heading folded for comparison: no case, accents, punctuation or extra spaces.

    “Núcleo de la Sociedad Civil”, “NUCLEO DE LA SOCIEDAD CIVIL” and “Nucleo de la sociedad
    civil.” all fold to “nucleo de la sociedad civil”.
    """
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[^\w\s]", " ", text).replace("_", " ")
    return " ".join(text.split())
