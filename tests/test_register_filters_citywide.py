"""District filters that include city-wide consultations, Polish order of the filter options,
and filtered feeds named after their filter."""

import feedparser
import pytest
from icalendar import Calendar

from consultation.models.taxonomy import polish_sort_key
from tests.consultation_clock import day, frozen_clock  # noqa: F401 - frozen_clock is autouse
from tests.factories import ConsultationPageFactory, DistrictFactory, TopicFactory
from tests.meeting_factories import MeetingFactory, warsaw

pytestmark = pytest.mark.django_db


@pytest.fixture
def whole_city():
    return DistrictFactory(name="Całe miasto", slug="cale-miasto", is_whole_city=True)


@pytest.fixture
def grodziec():
    return DistrictFactory(name="Grodziec", slug="grodziec")


@pytest.fixture
def ksawera():
    return DistrictFactory(name="Ksawera", slug="ksawera")


@pytest.fixture
def budget(register, whole_city):
    """The city-wide budget consultation, with a meeting in Grodziec."""
    budget = ConsultationPageFactory(
        parent=register,
        slug="budzet-obywatelski",
        title="Budżet obywatelski",
        start_date=day(-5),
        end_date=day(20),
        districts=[whole_city],
    )
    MeetingFactory(
        page=budget,
        title="Spotkanie w Grodźcu",
        start=warsaw(2026, 11, 20, 17),
        end=warsaw(2026, 11, 20, 19),
        place_name="MDK – filia Grodziec",
    )
    return budget


@pytest.fixture
def square(register, ksawera):
    return ConsultationPageFactory(
        parent=register,
        slug="skwer",
        title="Skwer w Ksawerze",
        start_date=day(-5),
        end_date=day(20),
        districts=[ksawera],
    )


def register_titles(client, query):
    response = client.get(f"/konsultacje/?{query}")
    assert response.status_code == 200
    return sorted(page.title for page in response.context["consultations"])


def ical(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def test_a_city_wide_consultation_shows_under_every_district(client, budget, square, grodziec):
    assert register_titles(client, "obszar=grodziec") == ["Budżet obywatelski"]
    assert register_titles(client, "obszar=ksawera") == ["Budżet obywatelski", "Skwer w Ksawerze"]


def test_the_whole_city_filter_shows_only_city_wide_consultations(client, budget, square):
    assert register_titles(client, "obszar=cale-miasto") == ["Budżet obywatelski"]


def test_a_consultation_in_a_district_and_the_whole_city_is_counted_once(
    client, register, whole_city, grodziec, budget
):
    ConsultationPageFactory(
        parent=register, title="Rewitalizacja", start_date=day(-5), end_date=day(20), districts=[whole_city, grodziec]
    )
    response = client.get("/konsultacje/?obszar=grodziec")
    assert sorted(page.title for page in response.context["consultations"]) == ["Budżet obywatelski", "Rewitalizacja"]
    assert "Znaleziono konsultacji: 2" in response.content.decode()


def test_a_consultation_without_districts_is_not_city_wide(client, register, grodziec):
    ConsultationPageFactory(parent=register, title="Bez dzielnicy", start_date=day(-5), end_date=day(20))
    assert register_titles(client, "obszar=grodziec") == []


def test_the_filtered_calendar_feed_has_the_city_wide_meeting_in_the_district(
    client, calendar_page, budget, square, grodziec
):
    calendar = ical(client, "/kalendarz/kalendarz.ics?obszar=grodziec")
    summaries = sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))
    assert summaries == ["Budżet obywatelski", "Spotkanie w Grodźcu"]


def test_the_filtered_rss_feed_has_the_city_wide_consultation(client, budget, square, grodziec):
    feed = feedparser.parse(client.get("/konsultacje/rss/?obszar=grodziec").content)
    assert [entry.title for entry in feed.entries] == ["Budżet obywatelski"]


def test_the_unfiltered_rss_feed_has_every_consultation(client, budget, square):
    feed = feedparser.parse(client.get("/konsultacje/rss/").content)
    assert sorted(entry.title for entry in feed.entries) == ["Budżet obywatelski", "Skwer w Ksawerze"]


def test_the_filtered_calendar_feed_is_named_after_its_district(client, calendar_page, budget, grodziec):
    calendar = ical(client, "/kalendarz/kalendarz.ics?obszar=grodziec")
    assert str(calendar["X-WR-CALNAME"]).endswith(": Grodziec")


def test_the_filtered_calendar_feed_is_named_after_its_district_and_topic(client, calendar_page, budget, grodziec):
    TopicFactory(name="Zieleń", slug="zielen")
    calendar = ical(client, "/kalendarz/kalendarz.ics?obszar=grodziec&temat=zielen")
    assert str(calendar["X-WR-CALNAME"]).endswith(": Grodziec, Zieleń")


def test_the_whole_calendar_feed_keeps_its_plain_name(client, calendar_page, budget):
    calendar = ical(client, "/kalendarz/kalendarz.ics")
    assert ":" not in str(calendar["X-WR-CALNAME"])


def test_the_filtered_rss_feed_is_named_after_its_district(client, budget, grodziec):
    feed = feedparser.parse(client.get("/konsultacje/rss/?obszar=grodziec").content)
    assert feed.feed.title.endswith(": Grodziec")


def test_the_register_links_to_the_rss_feed_of_its_district_and_topic(client, budget, grodziec):
    TopicFactory(name="Zieleń", slug="zielen")
    html = client.get("/konsultacje/?obszar=grodziec&temat=zielen&status=trwajace").content.decode()
    assert 'href="/konsultacje/rss/?temat=zielen&amp;obszar=grodziec"' in html


def test_districts_are_offered_in_polish_alphabetical_order_after_the_whole_city(client, register, whole_city):
    for name, slug in [("Śródmieście", "srodmiescie"), ("Łagisza", "lagisza"), ("Ksawera", "ksawera"),
                       ("Syberka", "syberka"), ("Zamkowe", "zamkowe"), ("Grodziec", "grodziec"),
                       ("Łazy", "lazy"), ("Ludwików", "ludwikow")]:  # fmt: skip
        DistrictFactory(name=name, slug=slug)
    choices = client.get("/konsultacje/").context["filter"].form.fields["obszar"].choices
    assert [label for _slug, label in choices[1:]] == [
        "Całe miasto", "Grodziec", "Ksawera", "Ludwików", "Łagisza", "Łazy", "Syberka", "Śródmieście", "Zamkowe",
    ]  # fmt: skip


def test_topics_are_offered_in_polish_alphabetical_order(client, register):
    for name, slug in [("Zieleń", "zielen"), ("Środowisko", "srodowisko"), ("Sport", "sport"),
                       ("Ład przestrzenny", "lad"), ("Lokale", "lokale"), ("Żłobki", "zlobki"), ("Źródła", "zrodla")]:  # fmt: skip
        TopicFactory(name=name, slug=slug)
    choices = client.get("/konsultacje/").context["filter"].form.fields["temat"].choices
    assert [label for _slug, label in choices[1:]] == [
        "Lokale", "Ład przestrzenny", "Sport", "Środowisko", "Zieleń", "Źródła", "Żłobki",
    ]  # fmt: skip


def test_a_card_lists_its_districts_in_polish_order(client, register):
    districts = [DistrictFactory(name=name, slug=slug) for name, slug in [("Śródmieście", "srodmiescie"),
                 ("Łagisza", "lagisza"), ("Syberka", "syberka"), ("Zamkowe", "zamkowe")]]  # fmt: skip
    ConsultationPageFactory(parent=register, title="Ulice", start_date=day(-5), end_date=day(20), districts=districts)
    html = client.get("/konsultacje/").content.decode()
    assert "Łagisza, Syberka, Śródmieście, Zamkowe" in html


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["łąka", "lato", "mapa"], ["lato", "łąka", "mapa"]),
        (["Śląsk", "sad", "Tarnów"], ["sad", "Śląsk", "Tarnów"]),
        (["żaba", "źrebię", "zając"], ["zając", "źrebię", "żaba"]),
        (["ćma", "cud", "dom"], ["cud", "ćma", "dom"]),
        (["Ola", "ósemka", "pies"], ["Ola", "ósemka", "pies"]),
        (["Ela", "Émile", "ęsi"], ["Ela", "Émile", "ęsi"]),
        (["Nowa Wieś", "Nowak"], ["Nowa Wieś", "Nowak"]),
    ],
)
def test_the_polish_sort_key_follows_the_polish_alphabet(words, expected):
    assert sorted(words, key=polish_sort_key) == expected
