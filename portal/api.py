"""The read-only open data API at /api/v2/ (Wagtail's API v2): pages, documents, images.

It composes the apps' parts: consultation's filters (consultation/api.py), documents' public
rule (documents/api.py). Every answer shows only what an anonymous visitor may see: live,
public pages (never private ones, even to a logged-in editor), public documents.

A query string the API cannot answer is a 400 with a message, never a 500: the pagination, the
find view's id, the field filters and the search below check what Wagtail would hand on to the
database unchecked.
"""

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connections, models, router

from wagtail.api.v2.filters import FieldsFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from rest_framework.fields import Field
from taggit.managers import TaggableManager

from consultation.api import FILTER_PARAMETERS, ConsultationFilter
from documents.api import PublicDocumentsAPIViewSet
from home.visibility import on_site
from search.polish import MAX_QUERY_WORDS, words
from search.query import MAX_QUERY_LENGTH, clean_query, search_query

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


class CheckedIdFind:
    """find/?id=: an id that is no whole number is a 400 (Wagtail hands it to the database)."""

    def find_object(self, queryset, request):
        if "id" in request.GET:
            try:
                valid = int(request.GET["id"]) > 0
            except ValueError:
                valid = False
            if not valid:
                raise BadRequestError("id must be a positive integer")
        return super().find_object(queryset, request)


# What a field filter's value should look like, by the field's type, for the 400's message.
EXPECTED_VALUES = {
    "DateField": "a date, e.g. 2026-11-01",
    "DateTimeField": "a date and time, e.g. 2026-11-01T17:00:00+01:00",
    "TimeField": "a time, e.g. 17:00",
    "DecimalField": "a number",
    "FloatField": "a number",
    "UUIDField": "a UUID",
}


class CheckedFieldsFilter(FieldsFilter):
    """Wagtail's field filters (?start_date=2026-11-01, ?published_on=...), refusing a value the
    field cannot take with a 400 naming the parameter. Wagtail converts booleans, integers and
    keys itself and hands any other value (a date, a time, a decimal) to the database: a 500."""

    def filter_queryset(self, request, queryset, view):
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True)) - {"locale"}
        for name, value in request.GET.items():
            if name in fields:
                check_field_value(queryset.model, name, value)
        return super().filter_queryset(request, queryset, view)


def check_field_value(model, name, value):
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return
    if isinstance(field, TaggableManager) or not isinstance(field, models.Field):
        return
    if field.is_relation:
        field = field.target_field
    try:
        python_value = field.to_python(value)
        if isinstance(field, models.IntegerField):  # keys too: the column's range
            field.run_validators(python_value)
        # The value as the database is sent it, worked out in Python without a query (made
        # aware and converted to UTC, a datetime may fall out of its range).
        field.get_db_prep_value(python_value, connections[router.db_for_read(model)])
    except (ValidationError, ValueError, TypeError, OverflowError) as error:
        expected = EXPECTED_VALUES.get(field.get_internal_type())
        raise BadRequestError(
            f"field filter error. '{value}' is not a valid value for {name}" + (f" ({expected})" if expected else "")
        ) from error


class CleanSearchFilter(SearchFilter):
    """Wagtail's ?search=, read the way the site's search reads a query (search.query): its
    words only, so quotes and other syntax can't break the backend's parser, with their Polish
    variants. A query longer than the site's search box takes, one of more words than the site
    searches for, one without a word, or an operator other than and/or is a 400."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        if not getattr(settings, "WAGTAILAPI_SEARCH_ENABLED", True):
            raise BadRequestError("search is disabled")
        if getattr(queryset, "_filtered_by_tag", False):
            raise BadRequestError("filtering by tag with a search query is not supported")
        query = search_query(api_search_text(request.GET["search"]), api_search_operator(request))
        if query is None:
            raise BadRequestError("search must contain at least one word")
        try:
            return get_search_backend().search(query, queryset, order_by_relevance="order" not in request.GET)
        except FilterFieldError as error:
            raise BadRequestError(
                f"cannot filter by '{error.field_name}' while searching (field is not indexed)"
            ) from error
        except OrderByFieldError as error:
            raise BadRequestError(
                f"cannot order by '{error.field_name}' while searching (field is not indexed)"
            ) from error


def api_search_text(raw):
    if len(" ".join(raw.split())) > MAX_QUERY_LENGTH:  # clean_query's length, before the cut
        raise BadRequestError(f"search cannot be longer than {MAX_QUERY_LENGTH} characters")
    text = clean_query(raw)
    if len(set(words(text))) > MAX_QUERY_WORDS:
        raise BadRequestError(f"search cannot have more than {MAX_QUERY_WORDS} different words")
    return text


def api_search_operator(request):
    operator = request.GET.get("search_operator", "").lower() or "and"
    if operator not in ("and", "or"):
        raise BadRequestError("search_operator must be 'and' or 'or'")
    return operator


def checked(filter_backends):
    """An endpoint's filters with Wagtail's field filters and search replaced by the checked ones."""
    replacements = {FieldsFilter: CheckedFieldsFilter, SearchFilter: CleanSearchFilter}
    return [replacements.get(backend, backend) for backend in filter_backends]


class PageUrlField(Field):
    """The page's address, worked out with the request (Wagtail's own html_url has none)."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        return page.get_full_url(self.context["request"])


class OpenPageSerializer(PageSerializer):
    html_url = PageUrlField(read_only=True)


class OpenPagesAPIViewSet(CheckedIdFind, PagesAPIViewSet):
    base_serializer_class = OpenPageSerializer
    pagination_class = BoundedPagination
    # The consultation filters before the search, whose results cannot be filtered further.
    filter_backends = checked(
        [backend for backend in PagesAPIViewSet.filter_backends if backend is not SearchFilter]
        + [ConsultationFilter, SearchFilter]
    )
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


class OpenDocumentsAPIViewSet(CheckedIdFind, PublicDocumentsAPIViewSet):
    pagination_class = BoundedPagination
    filter_backends = checked(PublicDocumentsAPIViewSet.filter_backends)


class OpenImagesAPIViewSet(CheckedIdFind, ImagesAPIViewSet):
    pagination_class = BoundedPagination
    filter_backends = checked(ImagesAPIViewSet.filter_backends)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", OpenPagesAPIViewSet)
api_router.register_endpoint("documents", OpenDocumentsAPIViewSet)
api_router.register_endpoint("images", OpenImagesAPIViewSet)
