import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django_application = get_wsgi_application()

from newsroom.pagecache import wrap  # noqa: E402 - after Django is set up

# Anonymous GETs of public pages answered from memory (newsroom/pagecache.py), unless NEWSROOM_PAGE_CACHE=0.
application = wrap(django_application)
