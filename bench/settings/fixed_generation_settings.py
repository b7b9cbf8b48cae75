"""Production settings with the page cache's generation read left out (bench/hit_path.py)."""

from portal.settings.production import *  # noqa: F403
from portal.settings.production import MIDDLEWARE

MIDDLEWARE = [
    "fixed_generation.FixedGenerationPageCacheMiddleware" if name == "portal.page_cache.PageCacheMiddleware" else name
    for name in MIDDLEWARE
]
