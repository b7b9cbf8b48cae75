"""WSGI entry point; production servers set DJANGO_SETTINGS_MODULE=portal.settings.production."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

application = get_wsgi_application()

# Before the first request, not during it: the Polish dictionary of the search takes seconds.
# (Not for the development server, which would wait for it on every reload.)
from django.conf import settings  # noqa: E402 - Django is set up by the line above

from search.polish import load_dictionary  # noqa: E402

if not settings.DEBUG:
    load_dictionary()
    # Everything loaded so far (Django, Wagtail, the app, the dictionary) lives as long as the
    # process: keep it out of the garbage collector's full passes, which otherwise walk this
    # large heap and stall a request now and then for ~100 ms.
    gc.freeze()
