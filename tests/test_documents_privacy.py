"""A document is public only through public pages: anonymous visitors see, find and download a
document when it is in a public collection and is either in the publications library or attached
to a live, public page. Everything else answers 404 to them; editors still get it."""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

import pytest

from consultation.models import ConsultationDocument
from documents.models import PortalDocument, PublicationsPage
from tests.document_factories import PortalDocumentFactory
from tests.forms_support import consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def publications(home_page):
    page = PublicationsPage(title="Publikacje", slug="publikacje")
    home_page.add_child(instance=page)
    return page


def attached_document(page, title="Projekt uchwały o zieleni"):
    document = PortalDocumentFactory(title=title, in_library=False)
    ConsultationDocument.objects.create(page=page, document=document)
    return document


def download(client, document):
    return client.get(document.url)


def visible_to_visitors(client, document):
    """Listed on /publikacje/, in the public queryset (search), downloadable: all three agree."""
    listed = document.title in client.get("/publikacje/").content.decode()
    public = PortalDocument.objects.public().filter(pk=document.pk).exists()
    status = download(client, document).status_code
    assert listed == public == (status == 200), (listed, public, status)
    return public


def test_a_library_document_is_public(client, publications):
    document = PortalDocumentFactory(title="Raport roczny", in_library=True)
    assert visible_to_visitors(client, document)


def test_a_document_nobody_listed_or_attached_is_not_public(client, publications):
    document = PortalDocumentFactory(title="Plik roboczy", in_library=False)
    assert not visible_to_visitors(client, document)
    assert download(client, document).status_code == 404


def test_a_document_of_a_live_public_consultation_is_public(client, publications):
    document = attached_document(consultation())
    assert visible_to_visitors(client, document)


def test_a_document_of_a_draft_consultation_is_not_public(client, publications):
    document = attached_document(consultation(live=False))
    assert not visible_to_visitors(client, document)


def test_a_document_of_a_scheduled_consultation_is_not_public(client, publications):
    page = consultation(live=False)
    document = attached_document(page)
    page.go_live_at = timezone.now() + datetime.timedelta(days=3)
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live
    assert not visible_to_visitors(client, document)


def test_a_document_of_an_expired_consultation_is_not_public(client, publications):
    page = consultation()
    document = attached_document(page)
    assert visible_to_visitors(client, document)
    page.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    page.expired, page.live = True, False
    page.save()
    assert not visible_to_visitors(client, document)


def test_a_document_of_an_unpublished_consultation_stops_being_public(client, publications):
    page = consultation()
    document = attached_document(page)
    page.unpublish()
    assert not visible_to_visitors(client, document)


def test_a_document_added_only_in_a_draft_of_a_live_page_is_not_public(client, publications):
    page = consultation()
    document = PortalDocumentFactory(title="Projekt przed publikacją", in_library=False)
    page.documents.add(ConsultationDocument(document=document))
    page.save_revision()
    assert not visible_to_visitors(client, document)


@pytest.mark.parametrize(
    "restriction",
    [
        {"restriction_type": PageViewRestriction.LOGIN},
        {"restriction_type": PageViewRestriction.PASSWORD, "password": "tajne-haslo"},
        {"restriction_type": PageViewRestriction.GROUPS},
    ],
    ids=["login", "password", "groups"],
)
def test_a_document_of_a_restricted_consultation_is_not_public(client, publications, restriction):
    page = consultation()
    document = attached_document(page)
    made = PageViewRestriction.objects.create(page=page, **restriction)
    if made.restriction_type == PageViewRestriction.GROUPS:
        made.groups.add(Group.objects.get(name="Editors"))
    assert not visible_to_visitors(client, document)


def test_a_restriction_above_the_page_hides_its_documents_too(client, publications):
    page = consultation()
    document = attached_document(page)
    PageViewRestriction.objects.create(page=page.get_parent(), restriction_type=PageViewRestriction.LOGIN)
    assert not visible_to_visitors(client, document)


def test_one_public_page_is_enough_even_if_another_is_a_draft(client, publications):
    document = attached_document(consultation(live=False))
    ConsultationDocument.objects.create(page=consultation(), document=document)
    assert visible_to_visitors(client, document)


def test_a_library_document_in_a_private_collection_is_not_public(client, publications):
    collection = Collection.get_first_root_node().add_child(name="Wewnętrzne")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=CollectionViewRestriction.LOGIN)
    document = PortalDocumentFactory(title="Notatka wewnętrzna", in_library=True, collection=collection)
    assert not PortalDocument.objects.public().filter(pk=document.pk).exists()
    assert "Notatka wewnętrzna" not in client.get("/publikacje/").content.decode()
    # Wagtail's own collection check asks for the log-in instead of serving the file.
    assert download(client, document).status_code == 302


def test_editors_still_download_a_document_of_a_draft(admin_client, publications):
    document = attached_document(consultation(live=False))
    assert download(admin_client, document).status_code == 200


def test_search_finds_only_public_documents_on_the_stock_backend(settings, publications):
    from django.core.management import call_command

    from wagtail.search.backends import get_search_backend

    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
    attached_document(consultation(), title="Raport opublikowany")
    attached_document(consultation(live=False), title="Raport przed publikacją")
    with open("/dev/null", "w") as quiet:
        call_command("update_index", stdout=quiet)
    found = [document.title for document in get_search_backend().search("Raport", PortalDocument.objects.public())]
    assert found == ["Raport opublikowany"]


def test_a_restriction_on_a_parent_collection_covers_its_children(client, publications):
    parent = Collection.get_first_root_node().add_child(name="Urząd")
    child = parent.add_child(name="Kadry")
    CollectionViewRestriction.objects.create(collection=parent, restriction_type=CollectionViewRestriction.LOGIN)
    document = PortalDocumentFactory(title="Regulamin pracy", in_library=True, collection=child)
    assert not PortalDocument.objects.public().filter(pk=document.pk).exists()


def test_a_document_linked_from_a_page_body_follows_that_page(client, publications, home_page):
    from tests.factories import StandardPageFactory

    document = PortalDocumentFactory(title="Ulotka o zieleni", in_library=False)
    body = [{"type": "documents", "value": {"heading": "Do pobrania", "documents": [document.pk]}}]
    page = StandardPageFactory(parent=home_page, body=body)
    assert visible_to_visitors(client, document)
    page.unpublish()
    assert not visible_to_visitors(client, document)


@pytest.fixture
def internal_collection():
    internal = Collection.get_first_root_node().add_child(name="Wewnętrzne")
    CollectionViewRestriction.objects.create(collection=internal, restriction_type=CollectionViewRestriction.LOGIN)
    return internal


def test_a_public_consultation_never_lists_a_document_of_a_private_collection(client, site, internal_collection):
    """Its download asks for a log-in: the public page does not show its title and size either."""
    page = consultation()
    hidden = PortalDocumentFactory(title="Notatka dla Prezydenta", in_library=False, collection=internal_collection)
    ConsultationDocument.objects.create(page=page, document=hidden)
    shown = attached_document(page, title="Projekt uchwały o zieleni")

    content = client.get(page.url).content.decode()

    assert "Notatka dla Prezydenta" not in content
    assert hidden.url not in content
    assert "Projekt uchwały o zieleni" in content and shown.url in content


@pytest.mark.parametrize("block", ["documents", "document_links"])
def test_a_documents_block_never_lists_a_document_of_a_private_collection(
    client, home_page, internal_collection, block
):
    from tests.factories import StandardPageFactory

    hidden = PortalDocumentFactory(title="Notatka dla Prezydenta", in_library=False, collection=internal_collection)
    shown = PortalDocumentFactory(title="Ulotka o zieleni", in_library=False)
    body = [{"type": "documents", "value": {"heading": "Do pobrania", "documents": [hidden.pk, shown.pk]}}]
    page = StandardPageFactory(parent=home_page, body=body)

    content = client.get(page.url).content.decode()

    assert "Notatka dla Prezydenta" not in content and hidden.url not in content
    assert "Ulotka o zieleni" in content and shown.url in content
