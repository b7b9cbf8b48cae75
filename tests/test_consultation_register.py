"""The register at /konsultacje/: filters, counts, order, pagination and bad query strings."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from consultation.models import ConsultationIndexPage
from tests.consultation_clock import TODAY, day, frozen_clock  # noqa: F401 - frozen_clock is autouse
from tests.factories import ConsultationPageFactory, DistrictFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def transport():
    return TopicFactory(name="Transport i drogi", slug="transport-i-drogi")


@pytest.fixture
def greenery():
    return TopicFactory(name="Zieleń i środowisko", slug="zielen-i-srodowisko")


@pytest.fixture
def ksawera():
    return DistrictFactory(name="Ksawera", slug="ksawera")


@pytest.fixture
def syberka():
    return DistrictFactory(name="Syberka", slug="syberka")


@pytest.fixture
def consultations(register, transport, greenery, ksawera, syberka):
    """One consultation in each status, tagged so that every filter picks a known subset."""
    return {
        "ongoing": ConsultationPageFactory(
            parent=register,
            title="Przejścia dla pieszych",
            start_date=day(-5),
            end_date=day(10),
            topics=[transport],
            districts=[ksawera],
        ),
        "planned": ConsultationPageFactory(
            parent=register,
            title="Nasadzenia drzew",
            start_date=day(5),
            end_date=day(40),
            topics=[greenery],
            districts=[syberka],
        ),
        "closed": ConsultationPageFactory(
            parent=register,
            title="Strefa parkowania",
            start_date=datetime.date(2025, 3, 1),
            end_date=datetime.date(2025, 3, 31),
            topics=[transport],
            districts=[syberka],
        ),
    }


def titles(response):
    return [page.title for page in response.context["consultations"]]


def test_register_lists_every_live_consultation(client, consultations):
    response = client.get("/konsultacje/")
    assert response.status_code == 200
    assert sorted(titles(response)) == ["Nasadzenia drzew", "Przejścia dla pieszych", "Strefa parkowania"]
    assert "Znaleziono konsultacji: 3" in response.content.decode()


def test_register_hides_draft_consultations(client, register, consultations):
    ConsultationPageFactory(parent=register, title="Szkic", live=False)
    assert "Szkic" not in titles(client.get("/konsultacje/"))


def test_register_shows_status_badges_as_text(client, consultations):
    html = client.get("/konsultacje/").content.decode()
    assert "Trwa</span>" in html
    assert "Planowana</span>" in html
    assert "Zakończona, raport po terminie</span>" in html


def test_card_shows_dates_days_left_districts_and_topics(client, consultations):
    html = client.get("/konsultacje/").content.decode()
    assert '10 listopada 2026</time> – <time datetime="2026-11-25">25 listopada 2026</time>' in html
    assert "Dni do końca: 11" in html
    assert "Ksawera" in html
    assert "Transport i drogi" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=trwajace", ["Przejścia dla pieszych"]),
        ("status=planowane", ["Nasadzenia drzew"]),
        ("status=zakonczone", ["Strefa parkowania"]),
        ("temat=transport-i-drogi", ["Przejścia dla pieszych", "Strefa parkowania"]),
        ("obszar=syberka", ["Nasadzenia drzew", "Strefa parkowania"]),
        ("rok=2025", ["Strefa parkowania"]),
        ("rok=2026", ["Przejścia dla pieszych", "Nasadzenia drzew"]),
    ],
)
def test_each_filter_alone(client, consultations, query, expected):
    assert titles(client.get(f"/konsultacje/?{query}")) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=zakonczone&temat=transport-i-drogi", ["Strefa parkowania"]),
        ("temat=transport-i-drogi&obszar=syberka", ["Strefa parkowania"]),
        ("obszar=syberka&rok=2026", ["Nasadzenia drzew"]),
        ("status=trwajace&temat=zielen-i-srodowisko", []),
        ("status=planowane&temat=zielen-i-srodowisko&obszar=syberka&rok=2026", ["Nasadzenia drzew"]),
    ],
)
def test_filters_combine(client, consultations, query, expected):
    assert titles(client.get(f"/konsultacje/?{query}")) == expected


def test_counts_per_status_follow_the_other_filters(client, consultations):
    response = client.get("/konsultacje/?temat=transport-i-drogi&status=planowane")
    counts = {link["label"]: link["count"] for link in response.context["status_links"]}
    assert counts == {"Wszystkie": 2, "Trwające": 1, "Planowane": 0, "Zakończone": 1}
    assert 'Zakończone <span class="status-tabs__count">(1)</span>' in response.content.decode()


def test_current_status_link_is_marked_for_screen_readers(client, consultations):
    html = client.get("/konsultacje/?status=planowane").content.decode()
    assert '<a href="?status=planowane" aria-current="page">Planowane' in html


def test_empty_result_says_so_and_offers_to_clear(client, consultations):
    html = client.get("/konsultacje/?status=trwajace&temat=zielen-i-srodowisko").content.decode()
    assert "Żadne konsultacje nie pasują do wybranych filtrów." in html
    assert "Wyczyść filtry" in html


def test_clear_filters_link_only_when_filtering(client, consultations):
    assert "Wyczyść filtry" not in client.get("/konsultacje/").content.decode()


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("status=archiwalne", "Pominięto nieznaną wartość filtra „Status”: „archiwalne”."),
        ("temat=nie-ma-takiego", "Pominięto nieznaną wartość filtra „Temat”: „nie-ma-takiego”."),
        ("obszar=%3Cscript%3E", "Pominięto nieznaną wartość filtra „Dzielnica”: „&lt;script&gt;”."),
        ("rok=dwa-tysiace", "Pominięto nieznaną wartość filtra „Rok”: „dwa-tysiace”."),
        ("rok=1999", "Pominięto nieznaną wartość filtra „Rok”: „1999”."),
    ],
)
def test_bad_filter_values_are_ignored_with_a_visible_note(client, consultations, query, note):
    response = client.get(f"/konsultacje/?{query}")
    assert response.status_code == 200
    assert note in response.content.decode()
    assert len(titles(response)) == 3


def test_bad_value_does_not_drop_the_good_filters(client, consultations):
    response = client.get("/konsultacje/?status=zakonczone&temat=xyz")
    assert titles(response) == ["Strefa parkowania"]


def test_unknown_parameters_and_repeated_values_never_fail(client, consultations):
    response = client.get("/konsultacje/?foo=bar&status=trwajace&status=planowane&page=1&page=x")
    assert response.status_code == 200


@pytest.mark.parametrize("page", ["999", "abc", "-1", "0"])
def test_page_numbers_out_of_range_show_a_real_page(client, consultations, page):
    response = client.get(f"/konsultacje/?page={page}")
    assert response.status_code == 200
    assert len(titles(response)) == 3


def test_default_order_is_ongoing_planned_then_closed(client, register):
    for title, start, end in [
        ("Zamknięta dawno", day(-400), day(-370)),
        ("Planowana później", day(30), day(60)),
        ("Trwa dłużej", day(-10), day(20)),
        ("Zamknięta niedawno", day(-40), day(-10)),
        ("Planowana wcześniej", day(3), day(33)),
        ("Trwa krócej", day(-1), day(2)),
    ]:
        ConsultationPageFactory(parent=register, title=title, start_date=start, end_date=end)
    assert titles(client.get("/konsultacje/")) == [
        "Trwa krócej",
        "Trwa dłużej",
        "Planowana wcześniej",
        "Planowana później",
        "Zamknięta niedawno",
        "Zamknięta dawno",
    ]


def test_closed_overdue_and_published_consultations_are_listed_together_latest_end_first(client, register):
    for title, end, published in [
        ("Raport po terminie", day(-300), None),
        ("Wyniki opublikowane", day(-20), day(-1)),
        ("Czeka na raport", day(-10), None),
        ("Wyniki dawno", day(-200), day(-100)),
    ]:
        ConsultationPageFactory(
            parent=register,
            title=title,
            start_date=end - datetime.timedelta(days=30),
            end_date=end,
            results_published_on=published,
            results_summary="<p>Podsumowanie</p>" if published else "",
        )
    ConsultationPageFactory(parent=register, title="Trwa", start_date=day(-1), end_date=day(1))
    assert titles(client.get("/konsultacje/")) == [
        "Trwa",
        "Czeka na raport",
        "Wyniki opublikowane",
        "Wyniki dawno",
        "Raport po terminie",
    ]


def test_register_paginates_twelve_per_page_keeping_filters(client, register, transport):
    for number in range(14):
        ConsultationPageFactory(parent=register, start_date=day(-1), end_date=day(number), topics=[transport])
    response = client.get("/konsultacje/?temat=transport-i-drogi")
    assert len(titles(response)) == 12
    assert 'href="?temat=transport-i-drogi&amp;page=2"' in response.content.decode()
    assert len(titles(client.get("/konsultacje/?temat=transport-i-drogi&page=2"))) == 2


def test_filter_form_works_without_javascript(client, consultations):
    html = client.get("/konsultacje/").content.decode()
    assert '<form method="get" action="/konsultacje/"' in html
    for name, label in [("status", "Status"), ("temat", "Temat"), ("obszar", "Dzielnica"), ("rok", "Rok")]:
        assert f'<label for="id_{name}">{label}</label>' in html


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_register_query_count_does_not_grow_with_cards(client, register, transport, ksawera):
    def add(count):
        for _ in range(count):
            ConsultationPageFactory(
                parent=register, start_date=day(-1), end_date=day(5), topics=[transport], districts=[ksawera]
            )

    add(3)
    count_queries(client, "/konsultacje/")  # warm the site root cache
    three = count_queries(client, "/konsultacje/")
    add(9)
    count_queries(client, "/konsultacje/")  # saving pages clears the same caches
    twelve = count_queries(client, "/konsultacje/")
    assert three == twelve


def test_only_one_register_may_exist(home_page, register):
    assert not ConsultationIndexPage.can_create_at(home_page)


def test_an_edited_consultation_shows_at_once_in_the_register(client, register):
    consultation = ConsultationPageFactory(parent=register, title="Plan ruchu", start_date=day(-1), end_date=day(5))
    assert "Plan ruchu" in client.get("/konsultacje/").content.decode()
    consultation.title = "Plan ruchu na Syberce"
    consultation.save_revision().publish()
    assert "Plan ruchu na Syberce" in client.get("/konsultacje/").content.decode()


def test_the_filter_form_shows_each_visitors_own_choice(client, register, transport):
    plain = client.get("/konsultacje/").content.decode()
    chosen = client.get("/konsultacje/?temat=" + transport.slug).content.decode()
    again = client.get("/konsultacje/").content.decode()
    selected = f'<option value="{transport.slug}" selected>'
    assert selected in chosen
    assert selected not in plain
    assert selected not in again


def year_options(html):
    select = html.split('name="rok"')[1].split("</select>")[0]
    return [option.split('"')[1] for option in select.split("<option value=")[1:]]


def test_years_offered_are_those_of_live_public_consultations_only(client, register):
    from wagtail.models import PageViewRestriction

    ConsultationPageFactory(parent=register, start_date=datetime.date(2025, 3, 1), end_date=datetime.date(2026, 1, 10))
    ConsultationPageFactory(parent=register, live=False, start_date=datetime.date(2019, 3, 1), end_date=day(-300))
    private = ConsultationPageFactory(
        parent=register, start_date=datetime.date(2028, 3, 1), end_date=datetime.date(2028, 4, 1)
    )
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert year_options(client.get("/konsultacje/").content.decode()) == ["", "2026", "2025"]
    # Filtering by another field reads the years separately: the same ones.
    assert year_options(client.get("/konsultacje/?temat=x").content.decode()) == ["", "2026", "2025"]


@pytest.mark.parametrize("year", ["2019", "2028"])
def test_a_year_only_a_draft_or_private_consultation_has_is_refused_with_a_note(client, register, year):
    from wagtail.models import PageViewRestriction

    ConsultationPageFactory(parent=register, start_date=datetime.date(2025, 3, 1), end_date=datetime.date(2026, 1, 10))
    ConsultationPageFactory(parent=register, live=False, start_date=datetime.date(2019, 3, 1), end_date=day(-300))
    private = ConsultationPageFactory(
        parent=register, start_date=datetime.date(2028, 3, 1), end_date=datetime.date(2028, 4, 1)
    )
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    html = client.get(f"/konsultacje/?rok={year}").content.decode()
    assert f"Pominięto nieznaną wartość filtra „Rok”: „{year}”." in html
