"""The best match comes first, for a query of one word or of several (search/backend.py)."""

from wagtail.search.backends import get_search_backend

import pytest

from documents.models import PortalDocument
from tests.search_helpers import result_titles

pytestmark = pytest.mark.django_db

FILLER = " ".join(f"slowo{number}" for number in range(120))


@pytest.fixture
def reports():
    """30 long reports that mention each word once, 200 about something else, and one document
    about the civic budget."""
    texts = [(f"Raport {number}", f"{FILLER} budżet {FILLER} obywatelski {FILLER}") for number in range(30)]
    texts += [(f"Inny raport {number}", f"{FILLER} park {FILLER}") for number in range(200)]
    texts.append(("Budżet obywatelski 2027", "Budżet obywatelski: zasady budżetu obywatelskiego."))
    documents = PortalDocument.objects.bulk_create(
        PortalDocument(
            in_library=True,  # in the publications library: public on its own
            title=title,
            file=f"documents/{number}.pdf",
            file_size=1000,
            file_hash=f"{number:040d}",
            extracted_from_hash=f"{number:040d}",
            extracted_text=text,
        )
        for number, (title, text) in enumerate(texts)
    )
    get_search_backend().add_bulk(PortalDocument, documents)


@pytest.mark.parametrize("query", ["obywatelski", "budżet obywatelski", "budzetu obywatelskiego"])
def test_the_document_about_the_words_comes_first(client, reports, query):
    assert result_titles(client.get("/szukaj/", {"q": query}))[0] == "Budżet obywatelski 2027"
