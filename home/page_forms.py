"""The admin form every page of the portal is edited with (PortalPage.base_form_class).

It refuses a slug whose address something else of the portal answers: a route of the parent page
(the register's RSS feed at /konsultacje/rss/), one of Django's URLs (/szukaj/, /admin/)
or a language's prefix (/en/). Wagtail would save such a page and never show it.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.contrib.routable_page.models import RoutablePageMixin


def address_taken(parent, slug):
    """Whether the address a child of `parent` with this slug would have answers something else."""
    parent = parent.specific
    if isinstance(parent, RoutablePageMixin):
        try:
            parent.resolve_subpage(f"/{slug}/")
            return True
        except Http404:  # Resolver404 is one
            pass
    parent_url = parent.get_url()
    if parent_url is None:
        return False
    path = f"{urlsplit(parent_url).path}{slug}/"
    if path.strip("/") in {code for code, _name in settings.LANGUAGES}:
        return True
    try:
        return resolve(path).url_name != "wagtail_serve"
    except Resolver404:
        return False


class PortalPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        slug = cleaned_data.get("slug")
        if slug and self.parent_page is not None and address_taken(self.parent_page, slug):
            self.add_error(
                "slug",
                _("Pod tym adresem portal pokazuje już coś innego (np. kanał RSS lub wyszukiwarkę). Wybierz inny."),
            )
        return cleaned_data
