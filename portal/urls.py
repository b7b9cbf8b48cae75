from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import TemplateView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from portal import search_views
from portal.api import api_router
from portal.sitemap import PortalSitemap
from portal.views import healthz

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Open data (read-only, JSON): consultations, public documents, images.
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": PortalSitemap}}, name="sitemap"),
    path("healthz", healthz, name="healthz"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Polish at the root, English interface under /en/; Wagtail serves every other path.
urlpatterns += i18n_patterns(
    path("szukaj/", search_views.search, name="search"),
    path("", include("consultation.urls")),
    # The forms app's downloads (zestawienie uwag CSV/JSON); before Wagtail's catch-all.
    path("", include("forms.urls")),
    # The links in the alerts' mails (confirm, change, one-click unsubscribe).
    path("", include("alerts.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
