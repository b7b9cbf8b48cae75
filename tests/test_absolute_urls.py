"""Absolute links on the host the site is served on, hreflang between Polish and English, and
the English pages in the sitemap."""

import io
import xml.etree.ElementTree as ET
from pathlib import Path

from wagtail.models import Site

import feedparser
import pytest
from icalendar import Calendar

from home import demo as home_demo
from tests.factories import ConsultationPageFactory, StandardPageFactory
from tests.meeting_factories import MeetingFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
SERVED = {"HTTP_HOST": "127.0.0.1:8000"}
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def consultation(register):
    return ConsultationPageFactory(parent=register, slug="budzet-2027", title="Budżet 2027")


@pytest.fixture
def about(home_page):
    return StandardPageFactory(parent=home_page, slug="o-projekcie", title="O projekcie")


def test_the_canonical_and_open_graph_urls_are_on_the_host_served(client, site, consultation):
    html = client.get("/konsultacje/budzet-2027/", **SERVED).content.decode()
    assert '<link rel="canonical" href="http://127.0.0.1:8000/konsultacje/budzet-2027/">' in html
    assert '<meta property="og:url" content="http://127.0.0.1:8000/konsultacje/budzet-2027/">' in html
    assert "localhost" not in html


def test_the_canonical_of_an_english_page_is_its_english_address(client, site, about):
    html = client.get("/en/o-projekcie/", **SERVED).content.decode()
    assert '<link rel="canonical" href="http://127.0.0.1:8000/en/o-projekcie/">' in html


def test_a_page_names_its_polish_english_and_default_versions(client, site, about):
    html = client.get("/o-projekcie/", **SERVED).content.decode()
    assert '<link rel="alternate" hreflang="pl" href="http://127.0.0.1:8000/o-projekcie/">' in html
    assert '<link rel="alternate" hreflang="en" href="http://127.0.0.1:8000/en/o-projekcie/">' in html
    assert '<link rel="alternate" hreflang="x-default" href="http://127.0.0.1:8000/o-projekcie/">' in html


def test_an_english_page_names_the_same_versions(client, site, about):
    html = client.get("/en/o-projekcie/", **SERVED).content.decode()
    assert '<link rel="alternate" hreflang="pl" href="http://127.0.0.1:8000/o-projekcie/">' in html
    assert '<link rel="alternate" hreflang="en" href="http://127.0.0.1:8000/en/o-projekcie/">' in html
    assert '<link rel="alternate" hreflang="x-default" href="http://127.0.0.1:8000/o-projekcie/">' in html


def test_the_search_page_names_its_versions_too(client, site):
    html = client.get("/en/szukaj/", {"q": "budżet"}, **SERVED).content.decode()
    assert '<link rel="alternate" hreflang="pl" href="http://127.0.0.1:8000/szukaj/">' in html
    assert '<link rel="canonical" href="http://127.0.0.1:8000/en/szukaj/">' in html


def test_rss_links_are_on_the_host_served(client, site, consultation):
    feed = feedparser.parse(client.get("/konsultacje/rss/", **SERVED).content)
    assert feed.feed.link == "http://127.0.0.1:8000/konsultacje/"
    assert [entry.link for entry in feed.entries] == ["http://127.0.0.1:8000/konsultacje/budzet-2027/"]


def test_ical_links_are_on_the_host_served(client, site, consultation):
    meeting = MeetingFactory(page=consultation, title="Spotkanie")
    response = client.get("/konsultacje/budzet-2027/kalendarz.ics", **SERVED)
    urls = {str(event["URL"]) for event in Calendar.from_ical(response.content).walk("VEVENT")}
    assert urls == {
        "http://127.0.0.1:8000/konsultacje/budzet-2027/",
        f"http://127.0.0.1:8000/konsultacje/budzet-2027/#spotkanie-{meeting.pk}",
    }


def sitemap_urls(client):
    response = client.get("/sitemap.xml", **SERVED)
    assert response.status_code == 200
    return {
        url.find(f"{SITEMAP}loc").text: {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
        for url in ET.fromstring(response.content).iter(f"{SITEMAP}url")
    }


def test_the_sitemap_is_on_the_host_served_and_lists_the_english_pages(client, site, about):
    urls = sitemap_urls(client)
    assert "http://127.0.0.1:8000/o-projekcie/" in urls
    assert "http://127.0.0.1:8000/en/o-projekcie/" in urls
    assert not any("localhost" in url for url in urls)


def test_each_sitemap_entry_names_its_language_versions(client, site, about):
    alternates = sitemap_urls(client)["http://127.0.0.1:8000/en/o-projekcie/"]
    assert alternates == {
        "pl": "http://127.0.0.1:8000/o-projekcie/",
        "en": "http://127.0.0.1:8000/en/o-projekcie/",
        "x-default": "http://127.0.0.1:8000/o-projekcie/",
    }


def test_the_sitemap_query_count_does_not_grow_with_pages(client, site, home_page, django_assert_max_num_queries):
    for number in range(40):
        StandardPageFactory(parent=home_page, slug=f"strona-{number}")
    with django_assert_max_num_queries(12):
        response = client.get("/sitemap.xml", **SERVED)
    assert response.content.count(b"<loc>") == 2 * 41


def test_the_demo_site_is_where_make_run_serves_it(home_page):
    home_demo.load(io.StringIO())
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == "http://127.0.0.1:8000"
    assert "runserver 127.0.0.1:8000" in (ROOT / "Makefile").read_text()
