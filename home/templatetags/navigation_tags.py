"""Site-wide navigation: main menu, breadcrumbs and the language switcher."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.core.cache import caches
from django.urls import reverse, translate_url
from django.utils import translation

from wagtail.models import Page, Site

from home.content_version import fragment_generation

register = template.Library()


def _site_root(request):
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The main menu (components/main_nav.html). Its markup depends only on the menu pages and
    on which of them is the current page or its ancestor, so it is kept per process by those,
    the content generation and the language, like the pages themselves (see _menu_entries)."""
    request = context.get("request")
    root = _site_root(request)
    current = context.get("page") or context.get("self")
    current_path = getattr(current, "path", "") if isinstance(current, Page) else ""
    items = []
    if root is not None:
        for entry in _menu_entries(request, root):
            items.append(
                {
                    **entry,
                    "current": current_path == entry["path"],
                    "ancestor": bool(current_path)
                    and current_path.startswith(entry["path"])
                    and current_path != entry["path"],
                }
            )
    is_home = bool(root and current_path == root.path)
    marks = "".join("c" if item["current"] else "a" if item["ancestor"] else "-" for item in items)
    key = f"main-menu-html:{fragment_generation()}:{root.pk if root else 0}:{translation.get_language()}:{is_home}:{marks}"
    html = caches["fragments"].get(key)
    if html is None:
        data = {"items": items, "home_url": _home_url(), "is_home": is_home, "request": request}
        # As an inclusion tag renders its template.
        html = context.template.engine.get_template("components/main_nav.html").render(context.new(data))
        caches["fragments"].set(key, html, 24 * 3600)
    return html


def _home_url():
    return reverse("wagtail_serve", args=[""])


def _menu_entries(request, root):
    """Menu pages (title, url, tree path), cached until the content next changes."""
    key = f"main-menu:{fragment_generation()}:{root.pk}:{translation.get_language()}"
    entries = caches["fragments"].get(key)
    if entries is None:
        entries = [
            {"title": child.title, "url": child.get_url(request), "path": child.path}
            for child in root.get_children().live().public().in_menu()
        ]
        caches["fragments"].set(key, entries, 24 * 3600)
    return entries


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    request = context.get("request")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"ancestors": [], "page": None}
    # The request goes along so that {% pageurl %} reuses what this request knows of the sites.
    return {"ancestors": _ancestor_links(request, page), "page": page, "request": request}


def _ancestor_links(request, page):
    """Titles and URLs of the page's ancestors (from the home page down), cached until the
    content next changes. The page itself is not cached: a preview shows its draft title."""
    host = request.get_host() if request else ""
    key = f"breadcrumbs:{fragment_generation()}:{page.path}:{host}:{translation.get_language()}"
    links = caches["fragments"].get(key)
    if links is None:
        links = [
            {"title": ancestor.title, "url": ancestor.get_url(request)}
            for ancestor in page.get_ancestors().filter(depth__gte=2)
        ]
        caches["fragments"].set(key, links, 24 * 3600)
    return links


def _translated_url(path, code):
    # The URL patterns are fixed while the process runs, so the answer for a path (in the
    # language it was asked in: that decides how a language prefix resolves) is too.
    return _translated_url_in(path, code, translation.get_language())


@lru_cache(maxsize=2048)
def _translated_url_in(path, code, _current_language):
    return translate_url(path, code)


@register.inclusion_tag("components/language_switcher.html", takes_context=True)
def language_switcher(context):
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = translation.get_language()
    languages = []
    for code, _name in settings.LANGUAGES:
        languages.append(
            {
                "code": code,
                # Each language is named in itself, so a reader finds their own.
                "name": translation.get_language_info(code)["name_local"].capitalize(),
                "url": _translated_url(path, code),
                "current": code == current,
            }
        )
    return {"languages": languages}


@register.filter
def elided_page_range(page_obj):
    """Page numbers around the current one, with an ellipsis for long lists."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
