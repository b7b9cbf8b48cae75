"""What a resident sees on one consultation page, on the home page and in the RSS feed."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import feedparser
import pytest

from tests.consultation_clock import TODAY, day, frozen_clock  # noqa: F401 - frozen_clock is autouse
from tests.factories import (
    ConsultationPageFactory,
    DepartmentFactory,
    DistrictFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ongoing(register):
    return ConsultationPageFactory(
        parent=register,
        title="Program współpracy z organizacjami pozarządowymi",
        slug="program-wspolpracy",
        lead="Konsultujemy projekt programu współpracy.",
        legal_basis="Art. 5a ustawy o działalności pożytku publicznego i o wolontariacie.",
        participants="Organizacje pozarządowe działające w Będzinie.",
        start_date=day(-10),
        end_date=day(4),
        methods=["contact_form", "email", "written"],
        contact_name="Katarzyna Mazur",
        contact_email="k.mazur@bedzin.pl",
        contact_phone="32 267 75 57",
        written_address="Urząd Miejski w Będzinie, ul. 11 Listopada 20",
        department=DepartmentFactory(name="Wydział Spraw Społecznych"),
        topics=[TopicFactory(name="Organizacje pozarządowe", slug="organizacje-pozarzadowe")],
        districts=[DistrictFactory(name="Całe miasto", slug="cale-miasto")],
    )


def html_of(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_page_shows_status_dates_and_days_left(client, ongoing):
    html = html_of(client, ongoing)
    assert "Trwa</span>" in html
    assert "5 listopada 2026" in html
    assert "19 listopada 2026" in html
    assert "Dni do końca: 5" in html


def test_last_day_is_announced(client, register):
    page = ConsultationPageFactory(parent=register, start_date=day(-3), end_date=TODAY)
    assert "Ostatni dzień" in html_of(client, page)


def test_page_shows_what_the_law_requires(client, ongoing):
    html = html_of(client, ongoing)
    assert "Art. 5a ustawy o działalności pożytku publicznego i o wolontariacie." in html
    assert "Organizacje pozarządowe działające w Będzinie." in html
    assert "Wydział Spraw Społecznych" in html
    assert "Katarzyna Mazur" in html
    assert 'href="mailto:k.mazur@bedzin.pl"' in html
    assert 'href="tel:322677557"' in html


def test_open_consultation_links_to_the_preselected_contact_form(client, ongoing):
    assert f'href="/kontakt/?konsultacja={ongoing.pk}"' in html_of(client, ongoing)


def test_open_consultation_lists_how_to_take_part(client, ongoing):
    html = html_of(client, ongoing)
    assert "Jak wziąć udział" in html
    assert "Formularz kontaktowy" in html
    assert "Uwagi na piśmie" in html
    assert "Urząd Miejski w Będzinie, ul. 11 Listopada 20" in html


def test_planned_consultation_says_when_opinions_open_and_hides_the_contact_link(client, register):
    page = ConsultationPageFactory(parent=register, start_date=day(5), end_date=day(30), methods=["contact_form"])
    html = html_of(client, page)
    assert "Opinie będzie można zgłaszać od 20 listopada 2026." in html
    assert "/kontakt/?konsultacja=" not in html


def test_closed_consultation_hides_the_contact_link_and_says_when_the_report_is_due(client, register):
    page = ConsultationPageFactory(parent=register, start_date=day(-40), end_date=day(-10), methods=["contact_form"])
    html = html_of(client, page)
    assert "/kontakt/?konsultacja=" not in html
    assert "Konsultacje zakończyły się 5 listopada 2026." in html
    assert "Raport z konsultacji opublikujemy do 4 stycznia 2027." in html


def test_overdue_report_is_admitted_on_the_page(client, register):
    page = ConsultationPageFactory(parent=register, start_date=day(-120), end_date=day(-90))
    html = html_of(client, page)
    assert "Zakończona, raport po terminie</span>" in html
    assert "Raport z konsultacji miał zostać opublikowany do 16 października 2026." in html


def test_published_results_are_shown(client, register):
    page = ConsultationPageFactory(
        parent=register,
        start_date=day(-60),
        end_date=day(-30),
        results_summary="<p>Wpłynęło 412 ankiet.</p>",
        results_changes="<p>Dodaliśmy plac zabaw.</p>",
        results_published_on=day(-5),
    )
    html = html_of(client, page)
    assert "Wyniki opublikowane</span>" in html
    assert "Wpłynęło 412 ankiet." in html
    assert "Dodaliśmy plac zabaw." in html


def test_results_dated_in_the_future_stay_hidden(client, register):
    page = ConsultationPageFactory(
        parent=register,
        start_date=day(-60),
        end_date=day(-30),
        results_summary="<p>Wpłynęło 412 ankiet.</p>",
        results_published_on=day(2),
    )
    assert "Wpłynęło 412 ankiet." not in html_of(client, page)


def test_districts_and_topics_link_to_the_filtered_register(client, ongoing):
    html = html_of(client, ongoing)
    assert 'href="/konsultacje/?obszar=cale-miasto">Całe miasto</a>' in html
    assert 'href="/konsultacje/?temat=organizacje-pozarzadowe">Organizacje pozarządowe</a>' in html


def test_page_has_one_h1(client, ongoing):
    assert html_of(client, ongoing).count("<h1") == 1


def test_home_page_lists_ongoing_consultations_and_a_planned_teaser(client, register, ongoing):
    ConsultationPageFactory(parent=register, title="Nasadzenia drzew na Syberce", start_date=day(7), end_date=day(37))
    ConsultationPageFactory(parent=register, title="Dawno zamknięta", start_date=day(-90), end_date=day(-60))
    html = client.get("/").content.decode()
    assert "Program współpracy z organizacjami pozarządowymi" in html
    assert "Wkrótce się rozpoczną" in html
    assert "Nasadzenia drzew na Syberce" in html
    assert "Dawno zamknięta" not in html


def test_home_lists_follow_publishing_and_the_date(client, register, ongoing):
    """The home lists are kept per content generation and day: fresh after a change and at midnight."""
    assert "Program współpracy" in client.get("/").content.decode()
    ConsultationPageFactory(parent=register, title="Budżet obywatelski", start_date=day(-1), end_date=day(1))
    assert "Budżet obywatelski" in client.get("/").content.decode()
    five_days_later = datetime.datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/Warsaw"))
    with mock.patch("django.utils.timezone.now", return_value=five_days_later.astimezone(datetime.UTC)):
        html = client.get("/").content.decode()
    assert "Program współpracy" not in html
    assert "Budżet obywatelski" not in html


def test_home_page_says_so_when_nothing_is_ongoing(client, register):
    assert "Obecnie nie trwają żadne konsultacje." in client.get("/").content.decode()


def test_rss_feed_parses_and_lists_newest_consultations(client, register, ongoing):
    ConsultationPageFactory(parent=register, title="Strefa płatnego parkowania", start_date=day(20), end_date=day(50))
    response = client.get("/konsultacje/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0
    assert [entry.title for entry in feed.entries] == [
        "Strefa płatnego parkowania",
        "Program współpracy z organizacjami pozarządowymi",
    ]
    entry = feed.entries[1]
    assert entry.link == "http://testserver/konsultacje/program-wspolpracy/"
    assert "Konsultujemy projekt programu współpracy." in entry.summary
    assert "5 listopada 2026 – 19 listopada 2026" in entry.summary


def test_register_advertises_its_feed(client, register):
    assert 'type="application/rss+xml"' in client.get("/konsultacje/").content.decode()


def test_attached_documents_show_type_format_and_size(client, register):
    from django.core.files.base import ContentFile

    from wagtail.documents import get_document_model

    from consultation.demo import minimal_pdf
    from consultation.models import ConsultationDocument

    document = get_document_model()(title="Projekt uchwały", category="draft_act")
    document.file.save("projekt.pdf", ContentFile(minimal_pdf(["Projekt uchwaly"])), save=False)
    document.save()
    page = ConsultationPageFactory(parent=register, start_date=day(-1), end_date=day(20))
    page.documents = [ConsultationDocument(document=document)]
    page.save()
    html = html_of(client, page)
    assert "Projekt uchwały</a>" in html
    assert f"(Projekt aktu prawnego, PDF, {document.file_size}\xa0bajtów)" in html


def test_attached_documents_cost_one_query_however_many(client, settings, register):
    from django.core.files.base import ContentFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from wagtail.documents import get_document_model

    from consultation.demo import minimal_pdf
    from consultation.models import ConsultationDocument

    settings.PAGE_CACHE_ENABLED = False

    def page_with(count):
        attachments = []
        for number in range(count):
            document = get_document_model()(title=f"Załącznik {number}", category="map")
            document.file.save(f"mapa-{number}.pdf", ContentFile(minimal_pdf([f"Mapa {number}"])), save=False)
            document.save()
            attachments.append(ConsultationDocument(document=document))
        page = ConsultationPageFactory(parent=register, start_date=day(-1), end_date=day(20))
        page.documents = attachments
        page.save_revision().publish()
        return page

    def queries_for(page):
        client.get(page.url)  # warm the per-generation caches
        with CaptureQueriesContext(connection) as captured:
            html = client.get(page.url).content.decode()
        return len(captured), html

    one, _html = queries_for(page_with(1))
    five, html = queries_for(page_with(5))
    assert "Załącznik 4</a>" in html
    assert five == one


def test_a_preview_shows_documents_attached_in_the_draft(rf, register, admin_user):
    from django.core.files.base import ContentFile

    from wagtail.documents import get_document_model

    from consultation.demo import minimal_pdf
    from consultation.models import ConsultationDocument

    document = get_document_model()(title="Mapa w szkicu", category="map")
    document.file.save("mapa.pdf", ContentFile(minimal_pdf(["Mapa"])), save=False)
    document.save()
    page = ConsultationPageFactory(parent=register, start_date=day(-1), end_date=day(20))
    page.documents = [ConsultationDocument(document=document)]  # not saved: only in the draft
    request = rf.get(page.url)
    request.user = admin_user
    assert "Mapa w szkicu</a>" in page.make_preview_request(request).content.decode()


def test_districts_topics_and_department_cost_the_same_queries_however_many(client, settings, register):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_ENABLED = False
    department = DepartmentFactory(name="Wydział Ochrony Środowiska")
    one_each = ConsultationPageFactory(
        parent=register,
        start_date=day(-1),
        end_date=day(20),
        districts=[DistrictFactory(name="Łagisza", slug="lagisza")],
        topics=[TopicFactory(name="Sport", slug="sport")],
        department=department,
    )
    two_each = ConsultationPageFactory(
        parent=register,
        start_date=day(-1),
        end_date=day(20),
        districts=[DistrictFactory(name="Ksawera", slug="ksawera"), DistrictFactory(name="Grodziec", slug="grodziec")],
        topics=[TopicFactory(name="Zieleń", slug="zielen"), TopicFactory(name="Budżet", slug="budzet")],
        department=department,
    )

    def queries_for(page):
        client.get(page.url)
        with CaptureQueriesContext(connection) as captured:
            html = client.get(page.url).content.decode()
        return len(captured), html

    one_count, _html = queries_for(one_each)
    two_count, html = queries_for(two_each)
    assert two_count == one_count
    # In their models' order.
    assert html.index(">Grodziec</a>") < html.index(">Ksawera</a>")
    assert html.index(">Budżet</a>") < html.index(">Zieleń</a>")
    assert "<dd>Wydział Ochrony Środowiska</dd>" in html


def test_changed_districts_topics_and_their_names_show_at_once(client, register, ongoing):
    from consultation.models import District

    assert "Całe miasto</a>" in html_of(client, ongoing)
    page = type(ongoing).objects.get(pk=ongoing.pk)
    page.districts = [DistrictFactory(name="Łagisza", slug="lagisza")]
    page.topics = []
    page.save_revision().publish()
    html = html_of(client, page)
    assert 'href="/konsultacje/?obszar=lagisza">Łagisza</a>' in html
    assert "Całe miasto</a>" not in html
    assert "Organizacje pozarządowe</a>" not in html

    District.objects.filter(slug="lagisza").update(name="Łagisza Dolna")  # no signal: a save purges
    District.objects.get(slug="lagisza").save()
    assert ">Łagisza Dolna</a>" in html_of(client, page)


def test_a_preview_shows_the_districts_topics_and_meetings_of_the_draft(rf, register, ongoing, admin_user):
    from consultation.models import Meeting
    from tests.meeting_factories import warsaw

    request = rf.get(ongoing.url)
    request.user = admin_user
    ongoing.make_preview_request(request)
    draft = type(ongoing).objects.get(pk=ongoing.pk)
    draft.districts = [DistrictFactory(name="Syberka", slug="syberka")]
    draft.topics = [TopicFactory(name="Sport", slug="sport")]
    draft.meetings = [
        Meeting(title="Spotkanie w szkicu", start=warsaw(2026, 11, 20, 17), end=warsaw(2026, 11, 20, 19))
    ]
    html = draft.make_preview_request(request).content.decode()
    assert ">Syberka</a>" in html
    assert ">Sport</a>" in html
    assert "Całe miasto</a>" not in html
    assert "Spotkanie w szkicu" in html


def test_a_page_without_documents_or_meetings_shows_neither_section(client, register):
    page = ConsultationPageFactory(parent=register, start_date=day(-1), end_date=day(20))
    html = html_of(client, page)
    assert 'id="documents-heading"' not in html
    assert 'id="meetings-heading"' not in html


def test_the_home_page_links_to_the_register_where_it_is_now(client, register, ongoing):
    assert 'href="/konsultacje/">Wszystkie konsultacje</a>' in client.get("/").content.decode()
    register.slug = "rejestr"
    register.save_revision().publish()
    assert 'href="/rejestr/">Wszystkie konsultacje</a>' in client.get("/").content.decode()


def test_the_department_follows_an_edit_at_once(client, register, ongoing, rf, admin_user):
    from consultation.models import Department

    assert "<dd>Wydział Spraw Społecznych</dd>" in html_of(client, ongoing)
    department = Department.objects.get(name="Wydział Spraw Społecznych")
    department.name = "Wydział Spraw Obywatelskich"
    department.save()
    assert "<dd>Wydział Spraw Obywatelskich</dd>" in html_of(client, ongoing)

    draft = type(ongoing).objects.get(pk=ongoing.pk)
    draft.department = DepartmentFactory(name="Wydział Architektury")
    request = rf.get(ongoing.url)
    request.user = admin_user
    assert "<dd>Wydział Architektury</dd>" in draft.make_preview_request(request).content.decode()
