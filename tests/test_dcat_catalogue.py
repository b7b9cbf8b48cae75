"""The "Otwarte dane" page and its DCAT-AP catalogue (/otwarte-dane/katalog.rdf, .ttl), parsed
with rdflib as a harvester (dane.gov.pl) reads it."""

from wagtail.models import PageViewRestriction

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from consultation.models import OpenDataPage
from home.models import HomePage, PortalSettings
from tests.consultation_clock import day, frozen_clock  # noqa: F401 - autouse
from tests.document_factories import PortalDocumentFactory
from tests.factories import ConsultationPageFactory

pytestmark = pytest.mark.django_db

# Plain namespaces: rdflib's closed ones (rdflib.namespace.DCAT) warn when pytest inspects them.
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
PAGE = "http://localhost/otwarte-dane/"


@pytest.fixture
def open_data(home_page, site):
    settings = PortalSettings.for_site(site)
    settings.office_name = "Urząd Miejski w Będzinie"
    settings.email = "um@bedzin.pl"
    settings.save()
    page = OpenDataPage(
        title="Otwarte dane",
        slug="otwarte-dane",
        intro="<p>Dane dla dziennikarzy i organizacji.</p>",
        contact_email="konsultacje@bedzin.pl",
    )
    home_page.add_child(instance=page)
    return page


@pytest.fixture
def consultations(register):
    return ConsultationPageFactory(
        parent=register, title="Park nad Przemszą", slug="park", start_date=day(-5), end_date=day(10)
    )


def catalogue(client, extension="rdf"):
    response = client.get(f"/otwarte-dane/katalog.{extension}")
    assert response.status_code == 200
    graph = Graph()
    graph.parse(data=response.content, format="xml" if extension == "rdf" else "turtle")
    return graph


def datasets(graph):
    return {str(node).rpartition("#")[2]: node for node in graph.subjects(RDF.type, DCAT.Dataset)}


def test_the_catalogue_is_rdf_xml(client, open_data, consultations):
    response = client.get("/otwarte-dane/katalog.rdf")
    assert response["Content-Type"] == "application/rdf+xml; charset=utf-8"
    assert response.content.startswith(b"<?xml")


def test_the_catalogue_lists_the_register_and_the_documents(client, open_data, consultations):
    graph = catalogue(client)
    [catalog] = graph.subjects(RDF.type, DCAT.Catalog)
    assert set(datasets(graph)) == {"rejestr", "dokumenty"}
    assert set(graph.objects(catalog, DCAT.dataset)) == set(datasets(graph).values())


def test_the_catalogue_has_a_polish_title_publisher_and_licence(client, open_data, consultations):
    graph = catalogue(client)
    [catalog] = graph.subjects(RDF.type, DCAT.Catalog)
    assert Literal("Otwarte dane: Konsultacje społeczne", lang="pl") in set(graph.objects(catalog, DCTERMS["title"]))
    publisher = graph.value(catalog, DCTERMS.publisher)
    assert graph.value(publisher, FOAF.name) == Literal("Urząd Miejski w Będzinie", lang="pl")
    assert graph.value(catalog, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")


def test_the_register_dataset_has_its_csv_json_and_api(client, open_data, consultations):
    graph = catalogue(client)
    register = datasets(graph)["rejestr"]
    assert graph.value(register, DCTERMS["title"]) == Literal("Rejestr konsultacji społecznych", lang="pl")
    assert graph.value(register, DCTERMS.accrualPeriodicity) == URIRef(
        "http://publications.europa.eu/resource/authority/frequency/DAILY"
    )
    formats = {}
    for distribution in graph.objects(register, DCAT.distribution):
        assert (distribution, RDF.type, DCAT.Distribution) in graph
        assert graph.value(distribution, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
        formats[str(graph.value(distribution, DCAT.accessURL))] = (
            str(graph.value(distribution, DCAT.mediaType)).rpartition("media-types/")[2],
            graph.value(distribution, DCAT.downloadURL) is not None,
        )
    assert formats == {
        "http://localhost/konsultacje/rejestr.csv": ("text/csv", True),
        "http://localhost/konsultacje/rejestr.json": ("application/json", True),
        "http://localhost/api/v2/pages/?type=consultation.ConsultationPage": ("application/json", False),
    }


def test_each_distribution_names_its_format(client, open_data, consultations):
    graph = catalogue(client)
    file_types = {
        str(graph.value(distribution, DCTERMS["format"])).rpartition("/")[2]
        for distribution in graph.subjects(RDF.type, DCAT.Distribution)
    }
    assert file_types == {"CSV", "JSON"}


def test_a_dataset_has_the_contact_point_of_the_page(client, open_data, consultations):
    graph = catalogue(client)
    contact = graph.value(datasets(graph)["rejestr"], DCAT.contactPoint)
    assert graph.value(contact, VCARD.hasEmail) == URIRef("mailto:konsultacje@bedzin.pl")


def test_the_register_was_modified_when_a_consultation_was_last_published(client, open_data, consultations):
    consultations.save_revision().publish()
    consultations.refresh_from_db()
    graph = catalogue(client)
    modified = graph.value(datasets(graph)["rejestr"], DCTERMS.modified).toPython()
    assert modified == consultations.last_published_at.replace(microsecond=modified.microsecond)


def test_the_calendar_is_a_dataset_when_the_site_has_one(client, open_data, consultations, calendar_page):
    graph = catalogue(client)
    [distribution] = graph.objects(datasets(graph)["kalendarz"], DCAT.distribution)
    assert str(graph.value(distribution, DCAT.downloadURL)) == "http://localhost/kalendarz/kalendarz.ics"


def test_the_turtle_catalogue_says_the_same(client, open_data, consultations):
    assert set(datasets(catalogue(client, "ttl"))) == {"rejestr", "dokumenty"}


def test_a_private_register_is_not_in_the_catalogue(client, open_data, consultations, register):
    PageViewRestriction.objects.create(page=register, restriction_type=PageViewRestriction.LOGIN)
    assert set(datasets(catalogue(client))) == {"dokumenty"}


def test_the_documents_dataset_was_modified_with_the_newest_public_document(client, open_data):
    PortalDocumentFactory(title="Raport", in_library=True)
    graph = catalogue(client)
    assert graph.value(datasets(graph)["dokumenty"], DCTERMS.modified) is not None


def test_any_origin_may_read_the_catalogue(client, open_data):
    response = client.get("/otwarte-dane/katalog.rdf", HTTP_ORIGIN="https://dane.gov.pl")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_only_the_open_data_page_has_a_catalogue(client, open_data, register):
    assert client.get("/konsultacje/katalog.rdf").status_code == 404


# The page -----------------------------------------------------------------------------------


def test_the_page_shows_the_introduction_and_each_dataset(client, open_data, consultations, calendar_page):
    html = client.get("/otwarte-dane/").content.decode()
    assert "Dane dla dziennikarzy i organizacji." in html
    assert "Rejestr konsultacji społecznych" in html
    assert "Kalendarz spotkań konsultacyjnych" in html
    assert "Dokumenty konsultacji i publikacje" in html


def test_the_page_explains_the_fields_licence_and_frequency(client, open_data, consultations):
    html = client.get("/otwarte-dane/").content.decode()
    assert "<code>results_published_on</code>" in html
    assert "Data publikacji wyników" in html
    assert "CC BY 4.0" in html
    assert "codziennie" in html


def test_the_page_links_the_files_and_the_catalogue(client, open_data, consultations):
    html = client.get("/otwarte-dane/").content.decode()
    assert 'href="http://localhost/konsultacje/rejestr.csv"' in html
    assert 'href="/otwarte-dane/katalog.rdf"' in html
    assert 'type="application/rdf+xml"' in html


def test_editors_can_create_the_open_data_page_under_the_home_page():
    assert OpenDataPage in HomePage.allowed_subpage_models()
    assert OpenDataPage.parent_page_types == ["home.HomePage"]


def test_the_catalogue_takes_few_queries(
    client, open_data, consultations, calendar_page, django_assert_max_num_queries
):
    client.get("/otwarte-dane/katalog.rdf")
    # The page, the register and the calendar found live and public (Wagtail reads the view
    # restrictions for each), the two modification dates, the site's settings.
    with django_assert_max_num_queries(15):
        client.get("/otwarte-dane/katalog.rdf")
