"""The register's filter lists are written out in its template (Django's widget templates cost
three renders per option): they must be the markup Django's Select widget gives the same fields."""

import re
from html.parser import HTMLParser

from django.http import QueryDict

import pytest

from consultation.filters import RegisterFilter
from consultation.models import ConsultationPage
from tests.consultation_clock import day, frozen_clock  # noqa: F401 - frozen_clock is autouse
from tests.factories import ConsultationPageFactory, DistrictFactory, TopicFactory

pytestmark = pytest.mark.django_db


class Elements(HTMLParser):
    """Tags with their attributes (in any order) and text, whitespace between tags dropped."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, sorted(attrs)))

    def handle_endtag(self, tag):
        self.found.append(("/" + tag,))

    def handle_data(self, data):
        if data.strip():
            self.found.append(("text", data.strip()))


def selects(html):
    return re.findall(r"<select.*?</select>", html, flags=re.DOTALL)


@pytest.mark.parametrize(
    "query",
    ["", "status=zakonczone&temat=transport-i-drogi&rok=2026", "obszar=ksawera", "temat=nieznany&rok=1800&status=x"],
)
def test_filter_lists_are_the_markup_of_djangos_select_widget(client, register, query):
    transport = TopicFactory(name="Transport i drogi", slug="transport-i-drogi")
    ksawera = DistrictFactory(name="Ksawera", slug="ksawera")
    ConsultationPageFactory(
        parent=register, start_date=day(-400), end_date=day(5), topics=[transport], districts=[ksawera]
    )
    html = client.get(f"/konsultacje/?{query}").content.decode()
    expected = RegisterFilter(QueryDict(query), ConsultationPage.objects.live().with_status())
    rendered = selects(html)
    assert len(rendered) == len(expected.form.fields)
    for written, field in zip(rendered, expected.form, strict=True):
        assert Elements(written).found == Elements(str(field)).found
