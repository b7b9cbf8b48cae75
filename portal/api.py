"""The read-only open data API at /api/v2/ (Wagtail's API v2): pages, documents, images.

It composes the apps' parts: consultation's filters (consultation/api.py), documents' public
rule (documents/api.py). Every answer shows only what an anonymous visitor may see: live,
public pages (never private ones, even to a logged-in editor), public documents.
"""

from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from rest_framework.fields import Field

from consultation.api import FILTER_PARAMETERS, ConsultationFilter
from documents.api import PublicDocumentsAPIViewSet
from home.visibility import on_site

# Larger offsets are refused with a 400: no listing comes near it, and past 2**63 the database
# cannot take one (SQLite raised OverflowError, PostgreSQL "bigint out of range": a 500).
MAX_OFFSET = 1_000_000_000


class BoundedPagination(WagtailPagination):
    """Wagtail's pagination (its checks and messages), refusing an offset past MAX_OFFSET."""

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0")
        if offset.isdigit() and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class PageUrlField(Field):
    """The page's address, worked out with the request (Wagtail's own html_url has none)."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        return page.get_full_url(self.context["request"])


class OpenPageSerializer(PageSerializer):
    html_url = PageUrlField(read_only=True)


class OpenPagesAPIViewSet(PagesAPIViewSet):
    base_serializer_class = OpenPageSerializer
    pagination_class = BoundedPagination
    # The consultation filters before the search, whose results cannot be filtered further.
    filter_backends = [backend for backend in PagesAPIViewSet.filter_backends if backend is not SearchFilter] + [
        ConsultationFilter,
        SearchFilter,
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(FILTER_PARAMETERS)

    def get_base_queryset(self):
        # Asked for several times a request (the listing, the serializer's context); the view
        # restrictions and the unpublished branches are read once a request.
        if "_public_pages" not in self.__dict__:
            self._public_pages = on_site(super().get_base_queryset())
        return self._public_pages

    @classmethod
    def get_listing_default_fields(cls, model):
        """A listing of one page type (?type=consultation.ConsultationPage) shows its open data
        fields (the model's api_fields) without asking for them with ?fields=."""
        fields = super().get_listing_default_fields(model)
        return fields + [name for name in cls.get_body_fields_names(model) if name not in fields]


class OpenDocumentsAPIViewSet(PublicDocumentsAPIViewSet):
    pagination_class = BoundedPagination


class OpenImagesAPIViewSet(ImagesAPIViewSet):
    pagination_class = BoundedPagination


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", OpenPagesAPIViewSet)
api_router.register_endpoint("documents", OpenDocumentsAPIViewSet)
api_router.register_endpoint("images", OpenImagesAPIViewSet)
