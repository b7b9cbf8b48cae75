"""The open data API (/api/v2/): consultations with their dates, derived status, taxonomies and
meetings; filters; only live, public pages and public documents; open to other origins."""

import datetime

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from consultation.models import ConsultationDocument
from home.models import PortalSettings
from tests.consultation_clock import day, frozen_clock  # noqa: F401 - autouse
from tests.document_factories import PortalDocumentFactory
from tests.factories import (
    ConsultationPageFactory,
    DepartmentFactory,
    DistrictFactory,
    PortalImageFactory,
    StandardPageFactory,
    TopicFactory,
)
from tests.meeting_factories import MeetingFactory, warsaw, weekly

pytestmark = pytest.mark.django_db

CONSULTATIONS = "/api/v2/pages/?type=consultation.ConsultationPage"


def listed(client, url=CONSULTATIONS):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()["items"]


def titles(client, url=CONSULTATIONS):
    return sorted(item["title"] for item in listed(client, url))


@pytest.fixture
def green(register):
    """An ongoing consultation with a topic, two districts, a department and two meetings."""
    page = ConsultationPageFactory(
        parent=register,
        title="Park nad Przemszą",
        slug="park-nad-przemsza",
        start_date=day(-5),
        end_date=day(10),
        subject_type="spatial_plan",
        legal_basis="Zarządzenie nr 512/2026 Prezydenta Miasta Będzina",
        department=DepartmentFactory(name="Wydział Ochrony Środowiska", email="srodowisko@bedzin.pl"),
        topics=[TopicFactory(name="Zieleń", slug="zielen")],
        districts=[DistrictFactory(name="Grodziec", slug="grodziec"), DistrictFactory(name="Ksawera", slug="ksawera")],
    )
    MeetingFactory(page=page, title="Spacer badawczy", start=warsaw(2026, 11, 18, 17))
    MeetingFactory(
        page=page,
        title="Dyżur",
        kind="duty",
        start=warsaw(2026, 11, 17, 10),
        recurrence=weekly(count=3),
    )
    return page


@pytest.fixture
def closed_with_results(register):
    return ConsultationPageFactory(
        parent=register,
        title="Budżet 2026",
        slug="budzet-2026",
        start_date=datetime.date(2025, 10, 1),
        end_date=datetime.date(2025, 10, 31),
        results_summary="<p>Wpłynęło 40 uwag.</p>",
        results_published_on=datetime.date(2025, 12, 1),
        topics=[TopicFactory(name="Budżet", slug="budzet")],
    )


def test_a_consultation_in_the_listing_has_its_dates_status_and_rules(client, green):
    [item] = listed(client)
    assert item["title"] == "Park nad Przemszą"
    assert item["start_date"] == day(-5).isoformat()
    assert item["end_date"] == day(10).isoformat()
    assert item["status"] == "ongoing"
    assert item["status_label"] == "Trwa"
    assert item["subject_type"] == "spatial_plan"
    assert item["subject_type_label"] == "Plan zagospodarowania przestrzennego"
    assert item["legal_basis"] == "Zarządzenie nr 512/2026 Prezydenta Miasta Będzina"
    assert item["results_published_on"] is None
    assert item["meta"]["html_url"] == "http://localhost/konsultacje/park-nad-przemsza/"


def test_a_consultation_lists_its_topics_districts_and_department(client, green):
    [item] = listed(client)
    assert item["topics"] == [{"slug": "zielen", "name": "Zieleń"}]
    assert [district["slug"] for district in item["districts"]] == ["grodziec", "ksawera"]
    assert item["department"]["name"] == "Wydział Ochrony Środowiska"
    assert item["department"]["email"] == "srodowisko@bedzin.pl"


def test_a_consultation_lists_its_meetings_with_their_rules(client, green):
    [item] = listed(client)
    meetings = {meeting["title"]: meeting for meeting in item["meetings"]}
    assert meetings["Spacer badawczy"]["recurrence"] is None
    assert meetings["Spacer badawczy"]["start"] == "2026-11-18T17:00:00+01:00"
    assert meetings["Spacer badawczy"]["place_name"] == "Sala Sesyjna Urzędu Miejskiego"
    assert "RRULE:FREQ=WEEKLY;COUNT=3" in meetings["Dyżur"]["recurrence"]
    assert meetings["Dyżur"]["kind"] == "duty"


def test_the_detail_of_a_consultation_has_the_same_fields(client, green):
    item = client.get(f"/api/v2/pages/{green.pk}/").json()
    assert item["status"] == "ongoing"
    assert item["topics"] == [{"slug": "zielen", "name": "Zieleń"}]
    assert len(item["meetings"]) == 2
    assert item["meta"]["html_url"] == "http://localhost/konsultacje/park-nad-przemsza/"


def test_published_results_show_in_the_status_and_date(client, closed_with_results):
    [item] = listed(client)
    assert item["status"] == "results"
    assert item["results_published_on"] == "2025-12-01"


def test_consultations_filter_by_status(client, green, closed_with_results):
    assert titles(client, CONSULTATIONS + "&status=ongoing") == ["Park nad Przemszą"]
    assert titles(client, CONSULTATIONS + "&status=results") == ["Budżet 2026"]
    assert titles(client, CONSULTATIONS + "&status=planned,results") == ["Budżet 2026"]


def test_consultations_filter_by_topic_and_district(client, green, closed_with_results):
    assert titles(client, CONSULTATIONS + "&topic=budzet") == ["Budżet 2026"]
    assert titles(client, CONSULTATIONS + "&district=grodziec") == ["Park nad Przemszą"]
    assert titles(client, CONSULTATIONS + "&district=syberka") == []


def test_consultations_filter_by_year(client, green, closed_with_results):
    assert titles(client, CONSULTATIONS + "&year=2025") == ["Budżet 2026"]
    assert titles(client, CONSULTATIONS + "&year=2026") == ["Park nad Przemszą"]


def test_an_unknown_status_or_year_is_a_bad_request(client, green):
    assert client.get(CONSULTATIONS + "&status=otwarte").status_code == 400
    assert client.get(CONSULTATIONS + "&year=dwa").status_code == 400


def test_consultation_filters_without_the_consultation_type_are_a_bad_request(client, green):
    response = client.get("/api/v2/pages/?status=ongoing")
    assert response.status_code == 400
    assert "type=consultation.ConsultationPage" in response.json()["message"]


def test_the_api_is_read_only(client, green):
    assert client.post("/api/v2/pages/", {"title": "x"}).status_code == 405
    assert client.delete(f"/api/v2/pages/{green.pk}/").status_code == 405


# Privacy: only live, public pages --------------------------------------------------------------


def test_a_draft_consultation_is_not_in_the_api(client, register, green):
    draft = ConsultationPageFactory(parent=register, title="Szkic", slug="szkic", live=False)
    assert titles(client) == ["Park nad Przemszą"]
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404


def test_a_scheduled_consultation_is_not_in_the_api_until_it_goes_live(client, register, green):
    scheduled = ConsultationPageFactory(parent=register, title="Zaplanowana publikacja", slug="pozniej", live=False)
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=2)
    scheduled.save_revision().publish()
    assert titles(client) == ["Park nad Przemszą"]
    assert client.get(f"/api/v2/pages/{scheduled.pk}/").status_code == 404


def test_the_unpublished_draft_of_a_live_consultation_stays_out_of_the_api(client, green):
    green.title = "Nowy tytuł w szkicu"
    green.save_revision()
    assert titles(client) == ["Park nad Przemszą"]


@pytest.mark.parametrize(
    "restriction",
    [
        {"restriction_type": PageViewRestriction.LOGIN},
        {"restriction_type": PageViewRestriction.PASSWORD, "password": "tajne-haslo"},
        {"restriction_type": PageViewRestriction.GROUPS},
    ],
    ids=["login", "password", "groups"],
)
def test_a_private_consultation_is_not_in_the_api(client, green, restriction):
    made = PageViewRestriction.objects.create(page=green, **restriction)
    if made.restriction_type == PageViewRestriction.GROUPS:
        made.groups.add(Group.objects.get(name="Editors"))
    assert titles(client) == []
    assert client.get(f"/api/v2/pages/{green.pk}/").status_code == 404
    assert client.get(f"/api/v2/pages/find/?html_path=/konsultacje/{green.slug}/").status_code == 404


def test_a_page_under_a_private_page_is_not_in_the_api(client, home_page):
    parent = StandardPageFactory(parent=home_page, title="Dla radnych", slug="dla-radnych")
    StandardPageFactory(parent=parent, title="Notatka", slug="notatka")
    PageViewRestriction.objects.create(page=parent, restriction_type=PageViewRestriction.LOGIN)
    titles_of_pages = [item["title"] for item in listed(client, "/api/v2/pages/")]
    assert "Dla radnych" not in titles_of_pages
    assert "Notatka" not in titles_of_pages


def test_a_logged_in_editor_gets_no_private_pages_from_the_api(admin_client, green):
    PageViewRestriction.objects.create(page=green, restriction_type=PageViewRestriction.LOGIN)
    assert titles(admin_client) == []


# Documents and images ---------------------------------------------------------------------------


def document_titles(client):
    response = client.get("/api/v2/documents/")
    assert response.status_code == 200
    return sorted(item["title"] for item in response.json()["items"])


def attach(page, title):
    document = PortalDocumentFactory(title=title, in_library=False)
    ConsultationDocument.objects.create(page=page, document=document)
    page.save_revision().publish()
    return document


def test_documents_of_public_consultations_and_the_library_are_listed(client, green):
    attach(green, "Projekt parku")
    PortalDocumentFactory(title="Raport roczny", in_library=True)
    assert document_titles(client) == ["Projekt parku", "Raport roczny"]


def test_a_document_listing_gives_its_description_and_download_address(client):
    document = PortalDocumentFactory(title="Raport roczny", description="Co zrobiliśmy w 2026 roku.")
    [item] = client.get("/api/v2/documents/").json()["items"]
    assert item["description"] == "Co zrobiliśmy w 2026 roku."
    assert item["meta"]["download_url"] == f"http://localhost{document.url}"


def test_a_document_nobody_published_is_not_in_the_api(client):
    document = PortalDocumentFactory(title="Plik roboczy", in_library=False)
    assert document_titles(client) == []
    assert client.get(f"/api/v2/documents/{document.pk}/").status_code == 404


def test_a_document_of_a_draft_consultation_is_not_in_the_api(client, register):
    draft = ConsultationPageFactory(parent=register, slug="szkic", live=False)
    document = PortalDocumentFactory(title="Projekt w szkicu", in_library=False)
    ConsultationDocument.objects.create(page=draft, document=document)
    assert document_titles(client) == []


def test_a_document_of_a_private_consultation_is_not_in_the_api(client, green):
    document = attach(green, "Projekt parku")
    PageViewRestriction.objects.create(page=green, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert document_titles(client) == []
    assert client.get(f"/api/v2/documents/{document.pk}/").status_code == 404


def test_images_are_listed(client):
    PortalImageFactory(title="Rynek")
    response = client.get("/api/v2/images/")
    assert [item["title"] for item in response.json()["items"]] == ["Rynek"]


# Other origins and the page cache -----------------------------------------------------------


def test_any_origin_may_read_the_api(client, green):
    response = client.get(CONSULTATIONS, HTTP_ORIGIN="https://dane.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def test_a_preflight_to_the_api_allows_get_only(client):
    response = client.options(
        "/api/v2/pages/", HTTP_ORIGIN="https://dane.example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )
    assert response["Access-Control-Allow-Methods"] == "GET"


def test_pages_of_the_site_are_not_opened_to_other_origins(client, green):
    response = client.get("/konsultacje/", HTTP_ORIGIN="https://dane.example.org")
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_the_api_is_never_served_from_the_page_cache(client, green):
    client.get(CONSULTATIONS)
    green.title = "Park nad Przemszą i Czarną Przemszą"
    green.save_revision().publish()
    response = client.get(CONSULTATIONS)
    assert "X-Page-Cache" not in response
    assert response.json()["items"][0]["title"] == "Park nad Przemszą i Czarną Przemszą"


# Queries ---------------------------------------------------------------------------------------


@pytest.fixture
def portal_settings(site):
    """The site's settings row exists, as it does on a running site (its first read creates it)."""
    return PortalSettings.for_site(site)


def many_consultations(register, count):
    topic, district = TopicFactory(slug="zielen"), DistrictFactory(slug="grodziec")
    department = DepartmentFactory(name="Wydział Rozwoju")
    for number in range(count):
        page = ConsultationPageFactory(
            parent=register,
            slug=f"konsultacja-masowa-{number}",
            start_date=day(-number),
            end_date=day(30 - number),
            department=department,
            topics=[topic],
            districts=[district],
        )
        MeetingFactory(page=page, start=warsaw(2026, 11, 20, 17))
        if number % 2:
            MeetingFactory(page=page, start=warsaw(2026, 11, 21, 10), recurrence=weekly(count=4))


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_page_of_consultations_takes_as_many_queries_for_twenty_as_for_three(client, register, portal_settings):
    many_consultations(register, 3)
    client.get(CONSULTATIONS)  # Django's per-process memo of content types fills on the first
    few = queries_for(client, CONSULTATIONS)
    for number in range(27):
        page = ConsultationPageFactory(parent=register, slug=f"dalsza-{number}", topics=[TopicFactory(slug="zielen")])
        MeetingFactory(page=page, recurrence=weekly(count=2))
    assert queries_for(client, CONSULTATIONS + "&limit=20") == few


def test_a_page_of_twenty_consultations_with_meetings_takes_few_queries(
    client, register, portal_settings, django_assert_max_num_queries
):
    many_consultations(register, 30)
    with django_assert_max_num_queries(13):
        items = listed(client, CONSULTATIONS + "&limit=20")
    assert len(items) == 20
    assert all(item["meetings"] for item in items)


def test_consultations_can_be_searched_and_filtered_at_once(client, green, closed_with_results):
    assert titles(client, CONSULTATIONS + "&search=park&status=ongoing") == ["Park nad Przemszą"]


@pytest.mark.parametrize("endpoint", ["pages", "documents", "images"])
def test_an_api_offset_too_large_for_the_database_is_a_bad_request(client, site, endpoint):
    response = client.get(f"/api/v2/{endpoint}/", {"offset": "99999999999999999999"})
    assert response.status_code == 400
    assert "offset" in response.json()["message"]


def test_consultations_filter_by_a_date_field(client, green, closed_with_results):
    assert titles(client, CONSULTATIONS + f"&start_date={day(-5).isoformat()}") == ["Park nad Przemszą"]
    assert titles(client, CONSULTATIONS + "&results_published_on=2025-12-01") == ["Budżet 2026"]


def test_find_by_id_leads_to_the_page_document_and_image(client, green):
    document = PortalDocumentFactory(title="Raport roczny", in_library=True)
    image = PortalImageFactory(title="Rynek")
    for endpoint, pk in [("pages", green.pk), ("documents", document.pk), ("images", image.pk)]:
        response = client.get(f"/api/v2/{endpoint}/find/", {"id": pk})
        assert response.status_code == 302
        assert response["Location"].startswith(f"http://localhost/api/v2/{endpoint}/{pk}/")


def test_a_search_in_quotes_finds_the_words_inside_them(client, green, closed_with_results):
    assert titles(client, CONSULTATIONS + '&search="park"') == ["Park nad Przemszą"]


def test_a_search_finds_words_in_another_form_as_the_site_search_does(client, green, closed_with_results):
    assert titles(client, CONSULTATIONS + "&search=parku") == ["Park nad Przemszą"]


def test_a_search_with_the_or_operator_finds_either_word(client, green, closed_with_results):
    url = CONSULTATIONS + "&search=park+budżet&search_operator=or"
    assert titles(client, url) == ["Budżet 2026", "Park nad Przemszą"]
    assert titles(client, CONSULTATIONS + "&search=park+budżet") == []


def test_documents_can_be_searched(client):
    PortalDocumentFactory(title="Raport roczny", in_library=True)
    PortalDocumentFactory(title="Uchwała budżetowa", in_library=True)
    response = client.get("/api/v2/documents/", {"search": "raportu"})
    assert [item["title"] for item in response.json()["items"]] == ["Raport roczny"]


# Malformed queries: a 400 with a message, never a 500 ---------------------------------------------

MANY_WORDS = "+".join(f"plan{number}" for number in range(500))


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/find/?id=abc",
        "/api/v2/documents/find/?id=abc",
        "/api/v2/images/find/?id=abc",
        "/api/v2/pages/find/?id=99999999999999999999",
        CONSULTATIONS + "&start_date=abc",
        CONSULTATIONS + "&end_date=2026-13-01",
        CONSULTATIONS + "&results_published_on=x",
        "/api/v2/documents/?published_on=wczoraj",
        "/api/v2/images/?width=szeroki",
        '/api/v2/pages/?search="',
        '/api/v2/documents/?search="',
        '/api/v2/images/?search="',
        "/api/v2/pages/?search=plan&search_operator=xx",
        "/api/v2/documents/?search=plan&search_operator=xx",
        "/api/v2/pages/?search=" + MANY_WORDS,
        "/api/v2/documents/?search=" + MANY_WORDS,
        "/api/v2/images/?search=" + MANY_WORDS,
        "/api/v2/pages/?search=a+b+c+d+e+f+g+h+i+j+k+l+m",
    ],
)
def test_a_malformed_api_query_is_a_bad_request_with_a_message(client, green, url):
    response = client.get(url)
    assert 400 <= response.status_code < 500
    assert response.json()["message"]
