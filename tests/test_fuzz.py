"""Generated query strings and form posts against every public URL of the demo portal.

No response may be a server error, and no hostile value may come back unescaped. The number
of generated cases per test is FUZZ_EXAMPLES (default 150; CI runs the default on SQLite and
on PostgreSQL, so 600 generated cases a run).
"""

import os
import re

from django.core.management import call_command

from wagtail.models import Page

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.xss_support import FUZZ_PAYLOADS, html_injections, javascript_urls

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
KNOWN_PARAMS = [
    "q",
    "page",
    "status",
    "temat",
    "obszar",
    "rok",
    "miesiac",
    "dzien",
    "kategoria",
    "typ",
    "konsultacja",
    "jezyk",
]
values = st.one_of(
    st.sampled_from(FUZZ_PAYLOADS),
    st.text(max_size=60),
    st.integers(-(10**12), 10**12).map(str),
    st.sampled_from(
        ["", " ", "%", "*", "-", "NEAR", "AND OR", "' OR 1=1 --", "2026-13", "9999-99", "🙂🏛️", "x" * 3000]
    ),
)
params = st.dictionaries(
    st.one_of(st.sampled_from(KNOWN_PARAMS), st.text(min_size=1, max_size=12)), values, max_size=4
)


@pytest.fixture
def demo_urls(db):
    with open(os.devnull, "w") as devnull:
        call_command("load_demo_data", stdout=devnull)
    urls = sorted({page.url for page in Page.objects.live().public().specific() if page.url})
    urls += [
        "/szukaj/",
        "/konsultacje/rss/",
        "/kalendarz/kalendarz.ics",
        "/sitemap.xml",
        "/robots.txt",
        "/en/",
        "/en/konsultacje/",
        "/en/szukaj/",
    ]
    return urls


def assert_safe(response, sent_values):
    assert response.status_code < 500, response.status_code
    content_type = response.get("Content-Type", "")
    if "html" in content_type or "xml" in content_type:
        body = response.content.decode("utf-8", "replace")
        for value in sent_values:
            for payload in FUZZ_PAYLOADS:
                if payload in value and "<" in payload:
                    assert payload not in body, f"unescaped reflection of {payload!r}"
        assert html_injections(body) == []
        assert javascript_urls(body) == []


def test_every_public_url_survives_generated_query_strings(client, demo_urls):
    @FUZZ
    @given(path=st.sampled_from(demo_urls), query=params)
    def check(path, query):
        response = client.get(path, query)
        assert_safe(response, [str(v) for v in query.values()] + [str(k) for k in query])

    check()


def form_pages():
    from forms.models import ContactPage, SurveyPage

    return [page.url for page in [*ContactPage.objects.live(), *SurveyPage.objects.live()]]


FIELD_NAME = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')


def test_every_form_survives_generated_posts(client, demo_urls):
    pages = form_pages()
    assert pages, "the demo has no forms to fuzz"
    fields = {url: sorted(set(FIELD_NAME.findall(client.get(url).content.decode()))) for url in pages}

    @FUZZ
    @given(url=st.sampled_from(pages), data=st.data())
    def check(url, data):
        names = [name for name in fields[url] if name != "csrfmiddlewaretoken"]
        posted = {name: data.draw(values, label=name) for name in names}
        response = client.post(url, posted)
        assert_safe(response, list(posted.values()))

    check()


# Ids of any size: on SQLite a number above 2**63 - 1 used to reach the database and fail there.
huge_ids = st.one_of(
    st.integers(2**63 - 5, 10**30),
    st.integers(0, 10**6),
    st.sampled_from(["9" * 23, "0" * 30 + "1", "-1", "1e99", "１２３"]),
).map(str)


def test_out_of_range_ids_are_404_or_ignored_never_5xx(client, demo_urls):
    @FUZZ
    @given(number=huge_ids, kind=st.sampled_from(["csv", "json", "kontakt", "document", "post"]))
    def check(number, kind):
        if kind in ("csv", "json"):
            response = client.get(f"/zestawienie-uwag/{number}.{kind}")
            assert response.status_code in (200, 404), response.status_code
        elif kind == "kontakt":
            assert client.get("/kontakt/", {"konsultacja": number}).status_code == 200
        elif kind == "document":
            assert client.get(f"/documents/{number}/plik.pdf").status_code in (200, 404)
        else:
            data = {"consultation": number, "embedded_from": number, "email": "a@example.com", "subject": "x"}
            assert client.post("/kontakt/", {**data, "message": "x", "privacy_consent": "on"}).status_code < 500

    check()


def test_malformed_admin_preview_posts_are_400_never_5xx(admin_client, demo_urls):
    from home.models import HomePage

    home = HomePage.objects.get(depth=2)
    url = f"/admin/pages/{home.pk}/edit/preview/"
    field_names = st.sampled_from(
        ["title", "slug", "body-count", "body-0-type", "body-0-deleted", "body-0-order", "body-0-value", "hero_title"]
    )

    @FUZZ
    @given(data=st.dictionaries(field_names, values, max_size=6))
    def check(data):
        response = admin_client.post(url, data)
        assert response.status_code in (200, 400), response.status_code

    check()
