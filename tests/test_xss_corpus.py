"""Hostile values in every editor-facing text field come out inert on every public page and feed.

tests/xss_site.py fills the portal: settings, snippets, images, documents, each page type and
StreamField block, meetings, surveys, remarks. Each value ends with `#<field>`: the tables
below say which fields each output must show, so the checks prove the value was printed, and
printed escaped (tests/xss_support.py), not merely missing.
"""

import csv
import io
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from django.utils import timezone

import icalendar
import pytest

from home.models import PortalSettings
from tests.xss_site import SEARCH_QUERY, shared_hostile_portal  # noqa: F401 - the module-wide fixture
from tests.xss_support import (
    CRLF_PIECE,
    assert_inert_html,
    formula_cells,
    html_injections,
    one_line_ending,
    payload,
    screen_problems,
)

pytestmark = pytest.mark.django_db

SHELL = [
    "#settings-portal_name",
    "#settings-city_name",
    "#settings-office_name",
    "#settings-address",
    "#settings-office_hours",
    "#settings-footer_text",
    "#settings-phone",
    "#social",
    "#logo-alt",
]
BODY = ["heading", "paragraph-p1", "image-alt", "caption", "quote", "attribution", "cta-title", "cta-text"]
BODY += ["cta-label", "accordion", "question", "answer-p1", "cell-a", "cell-b", "cell-c", "table-caption"]
BODY += ["embed-title", "tr", "documents"]
SURVEY_FORM = ["#survey-singleline", "#survey-singleline-help", "#survey-dropdown-choice1", "#survey-radio-choice2"]
SURVEY_FORM += ["#survey-checkboxes-choice1", "#survey-multiselect-choice2", "#survey-rating", "#survey-low"]
SURVEY_FORM += [
    "#survey-high",
    "#survey-checkbox",
    "#survey-hidden-default",
    "#settings-privacy_notice",
    "#settings-data_controller",
]


def body_tags(prefix):
    return [f"#{prefix}-{name}" for name in BODY]


def consultation_tags(tag):
    tags = [f"#{tag}-{name}" for name in ("title", "lead", "etr", "legal", "participants", "contact", "phone")]
    return tags + [f"#{tag}-doc-title", "#topic", "#district", "#department"]


def public_pages(hostile):
    """(url, fields it must show) for every public page of the hostile portal."""
    month = timezone.localdate().strftime("%Y-%m")
    meeting_day = timezone.localtime(hostile.meetings[0].start).date().isoformat()
    ongoing, finished = hostile.ongoing.url, hostile.finished.url
    meeting = ["#meeting-0-title", "#meeting-0-place", "#meeting-0-address", "#meeting-0-registration"]
    meeting += ["#meeting-0-accessibility", "#meeting-1-title"]
    return [
        (
            "/",
            [*SHELL, "#home-seo", "#hero-title", "#hero-text", "#hero-link", "#ongoing-title"]
            + ["#ongoing-lead", "#news-title", "#news-lead", "#meeting-0-title", "#meeting-0-place"]
            + [*body_tags("home-body"), "#home-body-form", "#figure-alt"],
        ),
        ("/en/", ["#hero-title", "#ongoing-title"]),
        (
            hostile.contact.url,
            ["#contact-title", "#contact-intro-p1", "#settings-privacy_notice", "#settings-data_controller"],
        ),
        (hostile.contact.url + f"?konsultacja={hostile.ongoing.pk}", ["#ongoing-title"]),
        (
            hostile.text_page.url,
            ["#standard-title", "#standard-intro", *body_tags("standard-body"), "#standard-body-form", *SURVEY_FORM],
        ),
        (hostile.news_index.url, ["#news-index-title", "#news-index-intro", "#news-title", "#news-lead"]),
        (hostile.news.url, ["#news-title", "#news-lead", "#figure-credit", *body_tags("news-body")]),
        (hostile.register.url, ["#register-title", "#register-intro", "#ongoing-title", "#ongoing-lead", "#topic"]),
        (hostile.register.url + "?temat=temat-xss&obszar=dzielnica-xss&status=zakonczone", ["#finished-title"]),
        (hostile.register.url + "?temat=<script>alert(1337)</script>&rok='><svg/onload=alert(1337)>", []),
        (
            ongoing,
            ["#crest-alt", *consultation_tags("ongoing"), *body_tags("ongoing-body"), *meeting, "#ongoing-written"],
        ),
        (
            finished,
            [*consultation_tags("finished"), "#finished-summary-p1", "#finished-changes-p1", "#remark-0-text"]
            + ["#remark-1-reasoning"],
        ),
        (hostile.calendar.url, ["#calendar-title", "#calendar-intro", "#ongoing-title", "#meeting-0-title"]),
        (
            hostile.calendar.url + f"?miesiac={month}&temat=temat-xss&obszar=dzielnica-xss",
            ["#ongoing-title", "#meeting-0-place", "#topic", "#district"],
        ),
        (
            hostile.calendar.url + f"?dzien={meeting_day}",
            ["#meeting-0-title", "#meeting-0-place", "#ongoing-title"],
        ),
        (hostile.calendar.url + "?dzien=%22%3E%3Cx-injected%3E&miesiac='%3E%3Csvg/onload=alert(1337)%3E", []),
        (hostile.publications.url, ["#publications-title", "#publications-intro", "#document-title"]),
        (hostile.publications.url + "?kategoria=publikacje", ["#document-description"]),
        (hostile.open_survey.url, ["#survey-title", "#survey-intro-p1", "#ongoing-title", *SURVEY_FORM]),
        (hostile.closed_survey.url, ["#closed-survey-title"]),
        (
            hostile.closed_survey.url + "wyniki/",
            ["#closed-survey-title", "#closed-survey-radio", "#closed-survey-radio-choice1", "#closed-survey-low"]
            + ["#closed-survey-checkboxes-choice2", "#closed-survey-checkbox"],
        ),
        (
            f"/szukaj/?q={SEARCH_QUERY}",
            ["#promotion-title", "#promotion-description", "#document-title", "search-result__excerpt"],
        ),
        ("/szukaj/?q=ssti standard", ["#standard-title", "search-result__excerpt"]),
        (f"/szukaj/?q={SEARCH_QUERY}&typ=dokumenty", ["#document-title"]),
        (f"/en/szukaj/?q={SEARCH_QUERY}&typ=konsultacje", ["#finished-title"]),
    ]


@pytest.fixture
def hostile(hostile_portal, db):
    return hostile_portal


def test_every_public_page_prints_hostile_fields_escaped(client, hostile):
    problems = screen_problems(client, public_pages(hostile))
    assert not problems, "\n".join(problems)


HOSTILE_PATHS = [
    "/%3Cscript%3Ealert(1337)%3C/script%3E/",
    "/konsultacje/%22%3E%3Cimg%20src=x%20onerror=alert(1337)%3E/",
    "/en/kalendarz/'%3E%3Csvg/onload=alert(1337)%3E/",
    "/zestawienie-uwag/%22onmouseover=%22alert(1337).csv",
    "/szukaj/%22%3E%3Cx-injected%3E/",
]


def test_hostile_paths_come_back_inert(client, hostile):
    for path in HOSTILE_PATHS:
        response = client.get(path)
        assert response.status_code == 404, path
        assert html_injections(response.content.decode()) == [], path


def test_editors_see_the_public_pages_with_the_user_bar_inert(admin_client, hostile):
    for page in [hostile.home, hostile.ongoing, hostile.text_page, hostile.open_survey]:
        body = admin_client.get(page.url).content.decode()
        assert "wagtail-userbar" in body
        assert html_injections(body) == [], page.url


def test_search_excerpts_escape_the_text_around_the_marked_words():
    """search.highlight gives plain parts; the search page's template marks and escapes them."""
    from django.template.loader import render_to_string

    from search.highlight import snippet
    from search.polish import query_variants

    parts = snippet(payload(tag="excerpt"), query_variants("alert ssti script"), length=2000)
    html = render_to_string("search/includes/excerpt.html", {"parts": parts})
    assert html.count("<mark>") >= 3
    assert html_injections(html) == []
    assert "<" not in html.replace("<mark>", "").replace("</mark>", "")


def meta_tags(body):
    found = {}

    class Meta(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "meta" and "content" in attrs:
                found[attrs.get("name") or attrs.get("property")] = attrs["content"]

    Meta().feed(body)
    return found


def test_open_graph_and_meta_tags_hold_the_text_as_typed(client, hostile):
    """Each attribute value comes back whole: no part of it escaped into the markup."""
    portal = PortalSettings.for_site(hostile.site)
    for page, share_image in [(hostile.ongoing, portal.crest), (hostile.home, hostile.image)]:
        meta = meta_tags(client.get(page.url).content.decode())
        # The description is cut to 200 characters (home/models/mixins.py), whatever it contains.
        assert meta["description"] == page.meta_description
        assert page.search_description.startswith(meta["description"].removesuffix("…"))
        assert meta["og:description"] == page.meta_description
        assert meta["og:title"] == page.seo_title
        assert meta["og:site_name"] == f"{portal.portal_name} {portal.city_name}"
        assert meta["og:image:alt"] == share_image.description


def test_rss_feed_is_valid_xml_whose_html_fields_are_inert(client, hostile):
    response = client.get(hostile.register.url + "rss/")
    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert {item.findtext("title") for item in items} == {hostile.ongoing.title, hostile.finished.title}
    # Feed readers render <description> as HTML: after XML decoding it must still be text, not
    # markup. Titles and categories are plain text in RSS 2.0 and come back exactly as typed.
    for element in [channel, *items]:
        description = element.findtext("description")
        assert html_injections(description) == [], f"RSS <description>: {description[:120]!r}"
    descriptions = " ".join(item.findtext("description") for item in items)
    assert "#ongoing-lead" in descriptions and "#register-intro" in channel.findtext("description")
    assert {item.findtext("category") for item in items} == {hostile.topic.name}


def calendar_properties(component):
    for sub in component.walk():
        yield from ((sub.name, name) for name in sub)


def test_ical_feeds_keep_line_breaks_inside_their_text_values(client, hostile):
    meeting = hostile.meetings[0]
    urls = [
        hostile.calendar.url + "kalendarz.ics",
        hostile.calendar.url + "kalendarz.ics?temat=temat-xss&obszar=dzielnica-xss",
        hostile.ongoing.url + "kalendarz.ics",
        hostile.ongoing.url + f"spotkanie-{meeting.pk}.ics",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "\n" not in response["Content-Disposition"] and "\r" not in response["Content-Disposition"]
        feed = icalendar.Calendar.from_ical(response.content)
        properties = {name for _component, name in calendar_properties(feed)}
        assert not properties & {"X-INJECTED", "ATTENDEE"}, url
        raw_lines = response.content.decode().replace("\r\n ", "").split("\r\n")
        assert not [line for line in raw_lines if line.startswith(("X-INJECTED", "ATTENDEE", "END:VEVENT#"))]
        events = {str(event["UID"]).split("@")[0]: event for event in feed.walk("VEVENT")}
        event = events[f"spotkanie-{meeting.pk}"]
        # Every text survives whole, its line breaks escaped inside the one property.
        assert str(event["SUMMARY"]) == one_line_ending(meeting.title)
        assert one_line_ending(meeting.place_name) in str(event["LOCATION"])
        description = str(event["DESCRIPTION"])
        assert one_line_ending(meeting.registration_note) in description
        assert one_line_ending(meeting.accessibility_note) in description
        assert one_line_ending(CRLF_PIECE) in description
    period = icalendar.Calendar.from_ical(client.get(urls[2]).content).walk("VEVENT")[0]
    assert str(period["SUMMARY"]) == hostile.ongoing.title
    assert str(period["DESCRIPTION"]) == one_line_ending(hostile.ongoing.lead)


def test_sitemap_is_valid_xml(client, hostile):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in ET.fromstring(response.content).findall("s:url/s:loc", namespace)]
    assert any(location.endswith(hostile.ongoing.url) for location in locations)
    assert all(location.startswith("http") for location in locations)


def test_public_remarks_json_is_json_with_the_texts_as_typed(client, hostile):
    response = client.get(f"/zestawienie-uwag/{hostile.finished.pk}.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    data = json.loads(response.content)
    assert data["consultation"]["title"] == hostile.finished.title
    expected = sorted(remark.text for remark in hostile.remarks)
    assert sorted(row["text"] for row in data["remarks"]) == expected
    assert sorted(row["reasoning"] for row in data["remarks"]) == sorted(r.reasoning for r in hostile.remarks)


def test_public_remarks_csv_neutralises_spreadsheet_formulas(client, hostile):
    response = client.get(f"/zestawienie-uwag/{hostile.finished.pk}.csv")
    assert response.status_code == 200
    assert "\n" not in response["Content-Disposition"]
    # The zestawienie uwag is `;`-separated, with the remark in its third column (forms/views.py).
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert formula_cells(rows) == []
    texts = sorted(row[2].removeprefix("'") for row in rows[1:])
    assert texts == sorted(remark.text for remark in hostile.remarks)


def test_every_hostile_value_reaches_the_page_that_shows_it(client, hostile):
    """A guard for the guard: a payload that is printed raw is found by the checks above."""
    body = client.get(hostile.ongoing.url).content.decode()
    assert html_injections(body) == []
    assert html_injections(body + hostile.ongoing.lead) != []
    assert_inert_html(body)
