"""The main menu: the menu pages, the current page and its section marked, in each language."""

import pytest

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def main_nav(client, url, label="Menu główne"):
    html = client.get(url).content.decode()
    start = html.index(f'aria-label="{label}"')
    return html[start : html.index("</nav>", start)]


@pytest.fixture
def about(home_page):
    return StandardPageFactory(parent=home_page, title="O projekcie", slug="o-projekcie", show_in_menus=True)


@pytest.fixture
def contact(home_page):
    return StandardPageFactory(parent=home_page, title="Kontakt", slug="kontakt", show_in_menus=True)


def test_each_page_marks_its_own_place_in_the_menu(client, home_page, about, contact):
    nested = StandardPageFactory(parent=about, title="Zespół", slug="zespol")
    assert 'href="/o-projekcie/" aria-current="page"' in main_nav(client, "/o-projekcie/")
    nav = main_nav(client, "/kontakt/")
    assert 'href="/kontakt/" aria-current="page"' in nav
    assert 'href="/o-projekcie/">' in nav
    assert 'href="/o-projekcie/" aria-current="true"' in main_nav(client, nested.url)
    home = main_nav(client, "/")
    assert '<a href="/" aria-current="page">' in home
    assert "aria-current" not in home.split('<a href="/" aria-current="page">')[1]


def test_the_menu_follows_an_edit_at_once(client, about, contact):
    assert ">O projekcie</a>" in main_nav(client, "/kontakt/")
    about.title = "O nas"
    about.save_revision().publish()
    nav = main_nav(client, "/kontakt/")
    assert ">O nas</a>" in nav
    assert ">O projekcie</a>" not in nav


def test_the_english_menu_links_the_english_pages(client, about, contact):
    from django.utils import translation

    assert 'href="/o-projekcie/"' in main_nav(client, "/kontakt/")
    with translation.override("pl"):  # the request's language would stay active after it
        english = main_nav(client, "/en/kontakt/", label="Main menu")
    assert 'href="/en/o-projekcie/"' in english
    assert 'href="/en/kontakt/" aria-current="page"' in english
