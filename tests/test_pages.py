from wagtail.models import PageViewRestriction

import pytest

from tests.factories import NewsIndexPageFactory, NewsPageFactory, PortalImageFactory, StandardPageFactory

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


def test_home_page_shows_the_three_newest_news_and_a_new_one_at_once(client, home_page):
    index = NewsIndexPageFactory(parent=home_page)
    for month in range(1, 5):
        NewsPageFactory(parent=index, title=f"Wiadomość z miesiąca {month}", date=f"2026-0{month}-01")
    html = client.get("/").content.decode()
    assert "Wiadomość z miesiąca 4" in html and "Wiadomość z miesiąca 2" in html
    assert "Wiadomość z miesiąca 1" not in html
    assert html.index("Wiadomość z miesiąca 4") < html.index("Wiadomość z miesiąca 3")
    NewsPageFactory(parent=index, title="Wiadomość najnowsza", date="2026-05-01")
    html = client.get("/").content.decode()
    assert "Wiadomość najnowsza" in html and "Wiadomość z miesiąca 2" not in html


def test_news_index_leaves_out_a_restricted_news_item(client, home_page):
    index = NewsIndexPageFactory(parent=home_page)
    NewsPageFactory(parent=index, title="Dla wszystkich")
    private = NewsPageFactory(parent=index, title="Tylko dla zespołu")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="tajne-haslo")
    html = client.get(index.url).content.decode()
    assert "Dla wszystkich" in html
    assert "Tylko dla zespołu" not in html


def test_home_page_shows_the_hero_image_and_shares_it(client, home_page):
    image = PortalImageFactory(description="Rynek w Będzinie")
    home_page.hero_image = home_page.social_image = image
    home_page.save()
    html = client.get("/").content.decode()
    assert 'class="hero__image"' in html and 'alt="Rynek w Będzinie"' in html
    assert '<meta property="og:image:alt" content="Rynek w Będzinie">' in html


def test_news_page_shows_its_image_with_the_credit(client, home_page):
    index = NewsIndexPageFactory(parent=home_page)
    news = NewsPageFactory(parent=index, image=PortalImageFactory(description="Sala obrad", credit="UM Będzin"))
    html = client.get(news.url).content.decode()
    assert 'alt="Sala obrad"' in html
    assert "Fot. UM Będzin" in html
