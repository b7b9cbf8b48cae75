"""Helpers for the search tests: consultations with a given status, and result titles."""

import datetime
import re

from django.utils import timezone

from consultation.models import ConsultationIndexPage, ConsultationPage

RESULT_TITLE = re.compile(r'class="search-result__title"><a href="[^"]*"[^>]*>([^<]*)</a>')


def result_titles(response):
    import html

    return [html.unescape(title) for title in RESULT_TITLE.findall(response.content.decode())]


def register(home_page):
    index = ConsultationIndexPage(title="Konsultacje", slug="konsultacje")
    home_page.add_child(instance=index)
    return index


def consultation(index, title, slug, status="ongoing", lead="Krótki opis konsultacji.", **fields):
    today = timezone.localdate()
    start, end = {
        "planned": (today + datetime.timedelta(days=10), today + datetime.timedelta(days=40)),
        "ongoing": (today - datetime.timedelta(days=5), today + datetime.timedelta(days=20)),
        "closed": (today - datetime.timedelta(days=40), today - datetime.timedelta(days=10)),
    }[status]
    page = ConsultationPage(
        title=title,
        slug=slug,
        lead=lead,
        legal_basis="Zarządzenie nr 1/2026 Burmistrza Miasta Będzina.",
        start_date=start,
        end_date=end,
        methods=["contact_form"],
        **fields,
    )
    index.add_child(instance=page)
    return page
