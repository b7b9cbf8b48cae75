"""A draft act of 300 units costs the consultation page the same queries as one of ten, with
every cache empty: the units one query, the public counts one, the report its rows in one."""

import re

from django.conf import settings
from django.core.cache import caches
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

import pytest

from consultation.models import ActUnit
from forms.models import Channel, Position, Remark
from home.models import PortalSettings
from tests.forms_support import clear_cache, consultation  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]


@pytest.fixture(autouse=True)
def portal_settings(site):
    return PortalSettings.for_site(site)


def big_act(page, size):
    """Chapters of paragraphs of sections of points, `size` units in all."""
    labels = []
    paragraph = 0
    while len(labels) < size:
        labels.append(f"Rozdział {len(labels) // 25 + 1}")
        for _ in range(4):
            paragraph += 1
            labels += [f"§ {paragraph}", f"§ {paragraph} ust. 1", f"§ {paragraph} ust. 2"]
            labels += [f"§ {paragraph} ust. 2 pkt {point}" for point in range(1, 4)]
    units = [
        ActUnit(page=page, sort_order=order, label=label, text=f"Treść części {label}.")
        for order, label in enumerate(labels[:size])
    ]
    return ActUnit.objects.bulk_create(units)


def with_remarks(page, units, position=""):
    Remark.objects.bulk_create(
        Remark(
            consultation=page,
            unit=unit,
            section=unit.label,
            section_text=unit.text,
            channel=[Channel.ONLINE_FORM, Channel.LETTER][number % 2],
            text=f"Uwaga {number}.",
            proposed_wording=f"Nowe brzmienie {number}." if number % 3 == 0 else "",
            position=position,
            reasoning="Uzasadnienie." if position else "",
        )
        for number, unit in enumerate(units)
    )


def queries_for(client, url):
    assert client.get(url).status_code == 200
    for alias in settings.CACHES:
        caches[alias].clear()
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, list(captured.captured_queries)


def show(captured):
    return "\n".join(
        f"{n}: {re.sub(r'^SELECT .*? FROM', 'SELECT … FROM', query['sql'])[:300]}" for n, query in enumerate(captured)
    )


def test_an_open_act_of_300_units_costs_what_one_of_10_does(client, site):
    small, large = consultation(slug="maly-projekt"), consultation(slug="duzy-projekt")
    for page, size in ((small, 10), (large, 300)):
        page.act_counts_public = True
        page.save_revision().publish()
        with_remarks(page, big_act(page, size)[::2])
    _response, few = queries_for(client, small.url)
    response, many = queries_for(client, large.url)
    assert len(many) == len(few), show(many)
    html = response.content.decode()
    assert html.count('class="act-unit act-unit--depth-') == 300
    assert html.count("data-act-remark=") == 300


def test_an_act_costs_the_page_two_queries_its_units_and_their_counts(client, site):
    bare = consultation(slug="bez-projektu")
    with_act = consultation(slug="z-projektem")
    with_act.act_counts_public = True
    with_act.save_revision().publish()
    with_remarks(with_act, big_act(with_act, 300))
    _response, without = queries_for(client, bare.url)
    _response, captured = queries_for(client, with_act.url)
    # Both pages read the units (none for the bare one); the act adds the counts.
    assert len(captured) - len(without) <= 1, show(captured)


def test_a_published_report_of_300_remarks_costs_what_one_of_10_does(client, site):
    small = consultation(slug="maly-raport", start=-40, end=-10, published=-2)
    large = consultation(slug="duzy-raport", start=-40, end=-10, published=-2)
    for page, size in ((small, 10), (large, 300)):
        with_remarks(page, big_act(page, size), position=Position.ACCEPTED)
    _response, few = queries_for(client, small.url)
    response, many = queries_for(client, large.url)
    assert len(many) == len(few), show(many)
    assert response.content.decode().count("Obecne brzmienie:") == 100
