"""Absolute addresses on the host a request came to, and a page's address in each language.

Wagtail's `get_full_url` starts from the Site's hostname and port, which may not be the address
the site is served on (runserver on 127.0.0.1:8000, a proxy in front); wherever a request
exists, links are built from it (the page cache keys pages by host, so each host gets its own).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import translate_url
from django.utils import translation

DEFAULT_LANGUAGE_TAG = "x-default"


def absolute_url(request, url):
    """`url` (a path, or already absolute) made absolute on the request's host."""
    return request.build_absolute_uri(url) if request is not None else url


def page_url(request, page):
    """The page's absolute address in the active language, or None when it has none."""
    if request is None:
        return page.full_url
    url = page.get_url(request)
    return request.build_absolute_uri(url) if url else None


def language_versions(request, path):
    """The address of `path` (a URL under i18n_patterns) in each language, then `x-default`
    (the site's own language), as the sitemap's `alternates`: lang_code and location."""
    # translate_url reads `path` in the active language; make that the path's own.
    with translation.override(translation.get_language_from_path(urlsplit(path).path) or settings.LANGUAGE_CODE):
        versions = [
            {"lang_code": code, "location": absolute_url(request, translate_url(path, code))}
            for code, _name in settings.LANGUAGES
        ]
    default = next(version for version in versions if version["lang_code"] == settings.LANGUAGE_CODE)
    return [*versions, {"lang_code": DEFAULT_LANGUAGE_TAG, "location": default["location"]}]


def page_language_versions(request, page):
    """The page's address in each language and `x-default`; none when it has no address."""
    with translation.override(settings.LANGUAGE_CODE):
        path = page.get_url(request)
    return language_versions(request, path) if path else []
