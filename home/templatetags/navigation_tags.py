"""Site-wide navigation: main menu, breadcrumbs and the language switcher."""

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation

from wagtail.models import Page, Site

from home.absolute_urls import language_versions, page_url

register = template.Library()


def _site_root(request):
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


@register.inclusion_tag("components/main_nav.html", takes_context=True)
def main_menu(context):
    """The site's menu pages, marking the current page and the section it is in."""
    request = context.get("request")
    root = _site_root(request)
    current = context.get("page") or context.get("self")
    current_path = getattr(current, "path", "") if isinstance(current, Page) else ""
    items = []
    if root is not None:
        # The root page is public whenever an anonymous visitor sees this menu, so a child is
        # public exactly when it has no view restriction of its own: the condition of Wagtail's
        # public() for this one level, in the same query (public() reads every restriction first).
        # Only what the menu shows and get_url reads: a full page row is some 30 columns.
        children = (
            root.get_children().live().in_menu().filter(view_restrictions=None).only("title", "path", "url_path")
        )
        for child in children:
            items.append(
                {
                    "title": child.title,
                    "url": child.get_url(request),
                    "current": current_path == child.path,
                    "ancestor": current_path.startswith(child.path) and current_path != child.path,
                }
            )
    return {
        "items": items,
        # Page titles are Polish; under /en/ they are marked so (WCAG 3.1.2).
        "title_lang": "" if translation.get_language() == settings.LANGUAGE_CODE else settings.LANGUAGE_CODE,
        "home_url": reverse("wagtail_serve", args=[""]),
        "is_home": bool(root and current_path == root.path),
    }


@register.simple_tag(takes_context=True)
def content_language(context, listing=False):
    """The language of a page's content when the interface is in another: pages exist only in
    Polish, so under /en/ their content is marked lang="pl" (WCAG 3.1.2). Empty otherwise, and
    on views that are not pages (an error page is all interface) unless they list pages'
    content (`listing`, e.g. search results)."""
    if translation.get_language() == settings.LANGUAGE_CODE:
        return ""
    return settings.LANGUAGE_CODE if listing or isinstance(context.get("page"), Page) else ""


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    request = context.get("request")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"ancestors": [], "page": None}
    return {
        "ancestors": _ancestor_links(request, page),
        "page": page,
        "request": request,
        "content_lang": content_language(context),
    }


def _ancestor_links(request, page):
    """Titles and URLs of the page's ancestors, from the home page down. Walked with
    get_parent(): Wagtail's routing has already loaded each parent of the page it served."""
    links = []
    ancestor = page.get_parent()
    while ancestor is not None and ancestor.depth >= 2:
        links.append({"title": ancestor.title, "url": ancestor.get_url(request)})
        ancestor = ancestor.get_parent() if ancestor.depth > 2 else None
    return links[::-1]


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
                "url": translate_url(path, code),
                "current": code == current,
            }
        )
    return {"languages": languages}


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's own address (without its query), on the host the request came to."""
    request = context.get("request")
    page = context.get("page")
    if isinstance(page, Page):
        return page_url(request, page)
    return request.build_absolute_uri(request.path) if request else ""


@register.inclusion_tag("components/language_alternates.html", takes_context=True)
def language_alternates(context):
    """<link rel="alternate" hreflang> to this address in every language and x-default."""
    request = context.get("request")
    return {"versions": language_versions(request, request.path) if request else []}


@register.filter
def elided_page_range(page_obj):
    """Page numbers around the current one, with an ellipsis for long lists."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
