"""What every visitor gets: shell, navigation, errors, sitemap, robots, languages, meta tags."""

import xml.etree.ElementTree as ET

from django.core.exceptions import PermissionDenied
from django.test import Client
from django.views.defaults import permission_denied

import pytest

from forms.models import Remark
from home.models import FundingLogo, PortalSettings
from tests.factories import NewsIndexPageFactory, NewsPageFactory, PortalImageFactory, StandardPageFactory
from tests.forms_support import contact_page, honest

pytestmark = pytest.mark.django_db


def test_unknown_url_gives_the_polish_404_page(client, site):
    response = client.get("/nie-ma-takiej-strony/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Nie znaleziono strony" in html
    assert 'id="main-content"' in html


def test_server_error_page_is_polish_and_standalone():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Przepraszamy, wystąpił błąd" in html
    assert '<html lang="pl">' in html


def test_main_navigation_lists_menu_pages_and_marks_the_current_one(client, home_page):
    about = StandardPageFactory(parent=home_page, title="O projekcie", slug="o-projekcie", show_in_menus=True)
    StandardPageFactory(parent=home_page, title="Ukryta", slug="ukryta", show_in_menus=False)
    html = client.get(about.url).content.decode()
    nav = html[html.index('aria-label="Menu główne"') : html.index("</nav>", html.index('aria-label="Menu główne"'))]
    assert "O projekcie" in nav
    assert "Ukryta" not in nav
    assert 'href="/o-projekcie/" aria-current="page"' in nav


def test_breadcrumbs_show_the_path_to_a_nested_page(client, home_page):
    parent = StandardPageFactory(parent=home_page, title="O projekcie", slug="o-projekcie")
    child = StandardPageFactory(parent=parent, title="Szkolenia", slug="szkolenia")
    html = client.get(child.url).content.decode()
    crumbs = html[html.index('aria-label="Jesteś tutaj"') :]
    assert crumbs.index("Start") < crumbs.index("O projekcie") < crumbs.index("Szkolenia")


def test_footer_shows_contact_details_and_funding_logos_from_site_settings(client, site):
    settings = PortalSettings.for_site(site)
    settings.address = "ul. 11 Listopada 20\n42-500 Będzin"
    settings.phone = "32 267 60 00"
    settings.save()
    FundingLogo.objects.create(settings=settings, image=PortalImageFactory(), alt_text="Unia Europejska", sort_order=0)
    html = client.get("/").content.decode()
    assert "ul. 11 Listopada 20<br>42-500 Będzin" in html
    assert 'href="tel:322676000"' in html
    assert 'alt="Unia Europejska"' in html


def test_footer_lists_the_social_links_from_site_settings_in_their_order(client, site):
    settings = PortalSettings.for_site(site)
    settings.social_links = [
        ("link", {"name": "Facebook", "url": "https://www.facebook.com/MiastoBedzin"}),
        ("link", {"name": "YouTube", "url": "https://www.youtube.com/@bedzin"}),
    ]
    settings.save()
    html = client.get("/").content.decode()
    facebook = html.index('<a href="https://www.facebook.com/MiastoBedzin" rel="noopener">Facebook</a>')
    assert facebook < html.index('<a href="https://www.youtube.com/@bedzin" rel="noopener">YouTube</a>')


def test_footer_links_accessibility_statement_and_privacy_policy(client, site, home_page):
    statement = StandardPageFactory(parent=home_page, title="Deklaracja dostępności", slug="deklaracja-dostepnosci")
    privacy = StandardPageFactory(parent=home_page, title="Polityka prywatności", slug="polityka-prywatnosci")
    settings = PortalSettings.for_site(site)
    settings.accessibility_page = statement
    settings.privacy_page = privacy
    settings.save()
    html = client.get("/").content.decode()
    assert '<a href="/deklaracja-dostepnosci/">Deklaracja dostępności</a>' in html
    assert '<a href="/polityka-prywatnosci/">Polityka prywatności</a>' in html


def test_english_interface_lives_under_en_and_links_back(client, home_page):
    about = StandardPageFactory(parent=home_page, title="O projekcie", slug="o-projekcie", show_in_menus=True)
    response = client.get("/en/o-projekcie/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html
    assert 'href="/o-projekcie/" lang="pl" hreflang="pl"' in html
    assert about.title in html


def test_polish_is_the_default_even_for_an_english_browser(client, site):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="pl">' in html
    assert 'href="/en/" lang="en" hreflang="en"' in html


def test_sitemap_lists_live_pages_only(client, home_page):
    live = StandardPageFactory(parent=home_page, slug="o-projekcie")
    draft = StandardPageFactory(parent=home_page, slug="szkic", live=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = {
        node.text for node in ET.fromstring(response.content).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    }
    assert any(loc.endswith(live.url) for loc in locations)
    assert not any(loc.endswith(f"/{draft.slug}/") for loc in locations)


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_pages_carry_canonical_and_open_graph_tags(client, home_page):
    news_index = NewsIndexPageFactory(parent=home_page)
    item = NewsPageFactory(parent=news_index, title="Nowy portal", slug="nowy-portal", lead="Portal ma nowy wygląd.")
    html = client.get(item.url).content.decode()
    assert '<link rel="canonical" href="http://testserver/aktualnosci/nowy-portal/">' in html
    assert '<meta property="og:title" content="Nowy portal">' in html
    assert '<meta property="og:description" content="Portal ma nowy wygląd.">' in html
    assert '<meta name="description" content="Portal ma nowy wygląd.">' in html


@pytest.mark.parametrize("page_param", ["abc", "-1", "0", "999", "1.5", "%00"])
def test_bad_page_number_on_news_index_never_fails(client, home_page, page_param):
    index = NewsIndexPageFactory(parent=home_page)
    for n in range(12):
        NewsPageFactory(parent=index, title=f"Wiadomość {n}")
    response = client.get(index.url, {"page": page_param})
    assert response.status_code == 200
    assert "Wiadomość" in response.content.decode()


def test_news_index_paginates_ten_per_page(client, home_page):
    index = NewsIndexPageFactory(parent=home_page)
    for n in range(12):
        NewsPageFactory(parent=index, title=f"Wiadomość numer {n:02d}")
    first = client.get(index.url).content.decode()
    second = client.get(index.url, {"page": 2}).content.decode()
    assert first.count("Wiadomość numer") == 10
    assert second.count("Wiadomość numer") == 2
    assert 'rel="next"' in first


def test_site_settings_are_read_once_per_request_and_fresh_after_a_change(client, site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/")  # the first request creates the settings row
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert len([query for query in queries if 'FROM "home_portalsettings"' in query["sql"]]) == 1
    settings = PortalSettings.for_site(site)
    settings.phone = "32 111 22 33"
    settings.save()
    assert "32 111 22 33" in client.get("/").content.decode()


def test_an_unsaved_edit_of_the_settings_is_not_seen_by_other_requests(site):
    edited = PortalSettings.for_site(site)
    edited.portal_name = "Zmieniona, niezapisana nazwa"
    assert PortalSettings.for_site(site).portal_name != "Zmieniona, niezapisana nazwa"


def test_meta_description_is_plain_text_from_a_rich_text_intro(client, home_page):
    from forms.models import ContactPage

    contact = ContactPage(title="Kontakt", slug="kontakt", intro="<p>Napisz do nas &amp; zadzwoń.</p>")
    home_page.add_child(instance=contact)
    html = client.get(contact.url).content.decode()
    assert '<meta name="description" content="Napisz do nas &amp; zadzwoń.">' in html
    assert '<meta property="og:type" content="website">' in html


def test_a_preview_shows_its_draft_meta_and_never_leaves_it_for_visitors(client, rf, home_page, admin_user):
    from tests.factories import StandardPageFactory

    page = StandardPageFactory(
        parent=home_page, title="O projekcie", slug="o-projekcie", search_description="Opis opublikowany."
    )
    assert "Opis opublikowany." in client.get(page.url).content.decode()
    page.search_description = "Szkic opisu."
    original = rf.get(page.url)
    original.user = admin_user
    assert "Szkic opisu." in page.make_preview_request(original).content.decode()
    html = client.get(page.url).content.decode()
    assert "Opis opublikowany." in html
    assert "Szkic opisu." not in html


def test_breadcrumbs_follow_a_renamed_parent(client, home_page):
    from tests.factories import StandardPageFactory

    parent = StandardPageFactory(parent=home_page, title="Dla mieszkańców", slug="dla-mieszkancow")
    child = StandardPageFactory(parent=parent, title="Jak wziąć udział", slug="jak")
    assert "Dla mieszkańców" in client.get(child.url).content.decode()
    parent.title = "Dla mieszkanek i mieszkańców"
    parent.save_revision().publish()
    assert "Dla mieszkanek i mieszkańców" in client.get(child.url).content.decode()


# A resident whose browser sent no CSRF cookie (cookies blocked, or cleared while the form was
# open) got Django's bare English 403 page with a line for developers ("… DEBUG=True").
def test_a_form_sent_without_the_csrf_cookie_gets_the_portals_polish_error_page(site):
    contact_page()
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/kontakt/", honest({"email": "jan@example.com", "subject": "Ławki", "message": "Ławki."}))
    assert response.status_code == 403
    html = response.content.decode()
    assert "DEBUG" not in html
    assert '<html lang="pl"' in html
    assert 'id="main-content"' in html  # the portal's layout, with its header, menu and search
    assert "Nie udało się wysłać formularza" in html
    assert 'href="/kontakt/">Wróć do formularza</a>' in html
    assert Remark.objects.count() == 0


def test_a_form_sent_without_the_csrf_cookie_from_the_english_site_gets_the_english_interface(site):
    contact_page()
    response = Client(enforce_csrf_checks=True).post("/en/kontakt/", {"email": "jan@example.com"})
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert 'href="/en/kontakt/"' in html


def test_a_forbidden_page_is_the_portals_polish_page(rf, site):
    request = rf.get("/zakazane/")
    response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    html = response.content.decode()
    assert "Brak dostępu" in html and 'id="main-content"' in html and '<html lang="pl"' in html


def test_a_bad_request_page_is_polish_and_standalone():
    from django.template.loader import render_to_string

    html = render_to_string("400.html")
    assert "Nieprawidłowe żądanie" in html
    assert '<html lang="pl">' in html
