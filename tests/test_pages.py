import pytest

from tests.factories import NewsIndexPageFactory, NewsPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def test_home_page_renders_in_polish(client, site):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="pl">' in html
    assert "Przejdź do treści" in html
    assert "Trwające konsultacje" in html


def test_standard_page_renders_title_and_intro(client, home_page):
    page = StandardPageFactory(parent=home_page, title="O projekcie", slug="o-projekcie", intro="Wstęp o projekcie.")
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Wstęp o projekcie." in response.content.decode()


def test_news_index_lists_newest_first(client, home_page):
    index = NewsIndexPageFactory(parent=home_page)
    NewsPageFactory(parent=index, title="Starsza", date="2026-01-01")
    NewsPageFactory(parent=index, title="Nowsza", date="2026-03-01")
    html = client.get(index.url).content.decode()
    assert html.index("Nowsza") < html.index("Starsza")
