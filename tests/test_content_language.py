"""Under /en/ the interface is English and the content Polish: the content says so (lang="pl")
and the page says once, in the interface's language, that its content is in Polish."""

import re

import lxml.html
import pytest

from home.models import PortalSettings
from tests.factories import ConsultationPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db

NOTICE = re.compile(r'<p class="notice content-language-notice" lang="(\w+)">')


@pytest.fixture
def about(home_page):
    return StandardPageFactory(parent=home_page, slug="o-projekcie", title="O projekcie")


@pytest.fixture
def consultation(register):
    return ConsultationPageFactory(parent=register, slug="budzet-2027", title="Budżet 2027")


def html(client, url):
    return client.get(url).content.decode()


def test_an_english_page_keeps_english_as_its_language(client, site, about):
    assert '<html lang="en">' in html(client, "/en/o-projekcie/")


def test_the_content_of_an_english_page_is_marked_polish(client, site, about):
    assert '<main id="main-content" tabindex="-1" lang="pl">' in html(client, "/en/o-projekcie/")


def test_the_header_and_footer_stay_outside_the_polish_part(client, site, about):
    page = html(client, "/en/o-projekcie/")
    main_start, main_end = page.index("<main"), page.index("</main>")
    assert page.index("Skip to content") < main_start
    assert page.index("<footer") > main_end


def test_an_english_page_says_once_in_english_that_its_content_is_polish(client, site, about):
    notices = NOTICE.findall(html(client, "/en/o-projekcie/"))
    assert notices == ["en"]


def test_the_notice_is_at_the_top_of_the_content(client, site, about):
    page = html(client, "/en/o-projekcie/")
    main = page[page.index("<main") : page.index("</main>")]
    assert main.index("content-language-notice") < main.index("O projekcie")


def test_a_polish_page_has_no_notice_and_no_second_language(client, site, about):
    page = html(client, "/o-projekcie/")
    assert '<html lang="pl">' in page
    assert '<main id="main-content" tabindex="-1">' in page
    assert not NOTICE.search(page)


def test_breadcrumb_titles_on_an_english_page_are_marked_polish(client, site, consultation):
    page = html(client, "/en/konsultacje/budzet-2027/")
    assert 'aria-current="page" lang="pl">Budżet 2027</a>' in page
    assert '<span lang="pl">Konsultacje</span>' in page


def test_an_english_error_page_is_all_english(client, site):
    page = html(client, "/en/nie-ma-takiej-strony/")
    assert '<main id="main-content" tabindex="-1">' in page
    assert not NOTICE.search(page)


def test_english_search_results_mark_their_polish_titles(client, site, consultation):
    page = client.get("/en/szukaj/", {"q": "Budżet"}).content.decode()
    assert re.search(r'<h3 class="search-result__title" lang="pl"><a href="[^"]*budzet-2027/"', page)
    assert '<main id="main-content" tabindex="-1">' in page


def test_the_registers_controls_stay_english_inside_the_polish_content(client, site, consultation):
    page = html(client, "/en/konsultacje/")
    assert '<section class="register-filters" lang="en"' in page
    assert '<nav class="status-tabs" lang="en"' in page
    assert '<h2 id="results-heading" class="register__results" lang="en">' in page


def test_the_polish_register_has_no_language_marks(client, site, consultation):
    page = html(client, "/konsultacje/")
    assert '<section class="register-filters" aria-labelledby' in page
    assert ' lang="en"' not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_menu_titles_on_an_english_page_are_marked_polish(client, site, home_page):
    StandardPageFactory(parent=home_page, slug="o-nas", title="O nas", show_in_menus=True)
    english, polish = html(client, "/en/o-nas/"), html(client, "/o-nas/")
    assert 'aria-current="page" lang="pl">O nas</a>' in english
    assert 'aria-current="page">O nas</a>' in polish


@pytest.fixture
def english_admin(admin_in_language):
    return admin_in_language("en")


def test_content_defaults_stay_polish_for_an_editor_using_the_english_admin(english_admin, register):
    """Pages exist only in Polish: a prefilled text is content and must not follow the admin's
    language (it was then published in English on the Polish site)."""
    import re

    from tests.test_consultation_admin import add_url

    html = english_admin.get(add_url(register)).content.decode()
    participants = re.search(r'<textarea name="participants"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    assert "Mieszkańcy Będzina, organizacje pozarządowe i wszystkie zainteresowane osoby." in participants


def test_the_alerts_page_help_text_reads_in_correct_polish(admin_client, home_page):
    from django.urls import reverse

    from alerts.models import AlertsPage

    page = AlertsPage(title="Powiadomienia e-mail", slug="powiadomienia")
    home_page.add_child(instance=page)
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    assert "tę samą stronę widzi każdy" in html


# On an English page the interface is English and the editors' Polish content is marked
# lang="pl" (main, breadcrumbs, menu titles; tests/test_content_language.py). The footer's text
# from the site settings (office hours, the project note under "Project") and the portal's name
# in the header are Polish too but sit unmarked inside the English chrome, so a screen reader
# reads them with an English voice (WCAG 3.1.2, language of parts).
def test_the_site_settings_polish_text_in_header_and_footer_is_marked_polish_on_an_english_page(
    client, site, home_page
):
    StandardPageFactory(parent=home_page, slug="o-projekcie", title="O projekcie")
    portal = PortalSettings.for_site(site)
    portal.office_hours = "poniedziałek 8:00–17:00\npiątek 7:30–14:00"
    portal.footer_text = "Portal powstał w ramach projektu „Partycypacyjny Będzin”."
    portal.save()
    document = lxml.html.fromstring(client.get("/en/o-projekcie/").content)
    for place, text in (
        ("header", "Konsultacje społeczne"),
        ("footer", "poniedziałek 8:00"),
        ("footer", "Portal powstał"),
    ):
        (element,) = document.xpath(f"//{place}//*[text()[contains(., '{text}')]]")
        language = element.xpath("ancestor-or-self::*[@lang][1]/@lang")
        assert language == ["pl"], (text, language)
