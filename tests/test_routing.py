"""Finding the page a URL leads to (Wagtail's routing): a change is seen at once."""

import pytest

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def nested(home_page):
    parent = StandardPageFactory(parent=home_page, title="Dla mieszkańców", slug="dla-mieszkancow")
    return StandardPageFactory(parent=parent, title="Jak wziąć udział", slug="jak", intro="Trzy kroki.")


def test_a_renamed_page_on_the_way_is_followed_at_once(client, site, nested):
    assert client.get("/dla-mieszkancow/jak/").status_code == 200
    parent = nested.get_parent().specific
    parent.slug = "mieszkancy"
    parent.save_revision().publish()
    assert client.get("/mieszkancy/jak/").status_code == 200
    assert client.get("/dla-mieszkancow/jak/").status_code in (301, 404)  # Wagtail may redirect


def test_a_published_home_page_is_shown_at_once(client, site, home_page):
    client.get("/")
    home_page.hero_title = "Nowe hasło na stronie głównej"
    home_page.save_revision().publish()
    assert "Nowe hasło na stronie głównej" in client.get("/").content.decode()


def test_a_new_root_page_for_the_site_is_served_at_once(client, site, home_page, nested):
    assert client.get("/dla-mieszkancow/jak/").status_code == 200
    site.root_page = nested.get_parent()
    site.save()
    # The former child is now at the root of the site.
    assert "Trzy kroki." in client.get("/jak/").content.decode()


def test_a_preview_of_the_home_page_shows_its_draft_hero(client, rf, home_page, admin_user):
    public = client.get("/").content.decode()
    home_page.hero_title = "Szkic hasła"
    original = rf.get("/")
    original.user = admin_user
    assert "Szkic hasła" in home_page.make_preview_request(original).content.decode()
    html = client.get("/").content.decode()
    assert "Szkic hasła" not in html
    assert home_page.specific_class.objects.get(pk=home_page.pk).hero_title in html
    assert html == public
