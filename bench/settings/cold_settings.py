"""Production settings for the benchmark's *cold* rows (bench/load.py): the page cache off and
every other cache emptied before each request (every_cache.py). The emptying comes right after
WhiteNoise, so the static file the rows are compared with is served as in production."""

from portal.settings.production import *  # noqa: F403
from portal.settings.production import MIDDLEWARE

PAGE_CACHE_ENABLED = False
_after = MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1
MIDDLEWARE = [*MIDDLEWARE[:_after], "every_cache.ClearEveryCacheMiddleware", *MIDDLEWARE[_after:]]
