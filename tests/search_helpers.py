"""Helpers for the search tests: consultations with a given status, and result titles."""

import datetime
import re

from django.utils import timezone

from wagtail.search.backends import get_search_backend

from consultation.models import ConsultationIndexPage, ConsultationPage
from documents.models import PortalDocument

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


def indexed_document(title, text, description=""):
    """A portal document with this text (as if read from its PDF), added to the search index."""
    number = PortalDocument.objects.count() + 1
    (document,) = PortalDocument.objects.bulk_create(
        [
            PortalDocument(
                in_library=True,  # in the publications library: public on its own
                title=title,
                file=f"documents/{number}.pdf",
                file_size=1000,
                file_hash=f"{number:040d}",
                extracted_from_hash=f"{number:040d}",
                description=description,
                extracted_text=text,
            )
        ]
    )
    get_search_backend().add(document)
    return document
