"""For bench/hit_path.py only: the page cache with its generation read left out.

What a hit would cost if the shared cache alone decided it (one Redis round trip, no database):
the lower bound of any design whose hits ask the shared cache once. It never purges, so it is
never used outside that measurement."""

from portal import page_cache
from portal.page_cache import PageCacheMiddleware

FIXED_GENERATION = 0


class FixedGenerationPageCacheMiddleware(PageCacheMiddleware):
    def __call__(self, request):
        if not page_cache.is_cacheable_request(request):
            return self.get_response(request)
        key, tracked = page_cache.cache_key(request, FIXED_GENERATION)
        if key is None:
            return self.get_response(request)
        entry = page_cache.cache.get(key)
        if entry is not None:
            return page_cache._restored(entry)
        response = self.get_response(request)
        if not tracked and page_cache.is_cacheable_response(request, response):
            page_cache.cache.set(key, page_cache._stored(response), page_cache.lifetime(request) or 1)
            response["X-Page-Cache"] = "miss"
        return response
