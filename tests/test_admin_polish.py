"""An editor working in Polish sees the admin in correct Polish: no English left over, no phrase
with the wrong grammatical gender ("Nowy Uwaga", "ten strona"), dates of consultations as dates.

Each main admin screen is rendered for a superuser whose admin language is Polish, and only the
text a person sees or hears (text, plus title, aria-label, placeholder, alt) is checked: scripts,
styles, templates and icons are skipped, so class names and JS identifiers do not count.
"""

import datetime
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import ngettext, override

from wagtail.models import Collection, Task, Workflow
from wagtail.users.models import UserProfile

import polib
import pytest

from consultation.models import CalendarPage
from documents.models import PublicationsPage
from forms.models import ContactPage
from tests.document_factories import PortalDocumentFactory
from tests.factories import (
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
    DepartmentFactory,
    DistrictFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    PortalImageFactory,
    StandardPageFactory,
    TopicFactory,
)
from tests.forms_support import RemarkFactory, answer, survey
from tests.meeting_factories import MeetingFactory

pytestmark = pytest.mark.django_db

CATALOGUE_DIR = Path(settings.BASE_DIR) / "locale/pl/LC_MESSAGES"

# English an editor must not meet, as whole words (the findings and their neighbours). The
# groups keep Wagtail's names ("Moderators", "Editors"): Wagtail's migrations find them by name.
ENGLISH = [
    "Autosave",
    "Schedule to publish",
    "Scheduling",
    "Collapse all",
    "Expand all",
    "of",
    "Moderators approval",
    "Submit to",
    "Saved",
    "Checks",
    "Readability",
    "Toggle",
    "Breadcrumb",
    "Go to the first error",
    "Usage count",
    "Drop down",
    "Landing page",
    "Correct the validation errors",
    "To be created by",
    "This data explained",
    "Is commenting action",
    "Locked by",
    "Search terms",
    "Grid layout",
    "List layout",
    "True",
    "False",
    "Root",
    "Superscript",
    "Subscript",
]
ENGLISH_PATTERN = re.compile(r"\b(?:" + "|".join(re.escape(word) for word in ENGLISH) + r")\b")

# Phrases seen in the admin before, each wrong in Polish.
KNOWN_WRONG = ["Nowy Uwaga", "Dodaj Konsultacja", "ten strona", "Nowy: Konsultacja", "Edytuj ten uwaga"]

# Masculine words Wagtail's Polish puts before a model's name.
MASCULINE_BEFORE_NAME = r"\b(?:[Tt]en|[Nn]owy:?|[Pp]rywatny|[Uu]tworzony|[Zz]ostał|[Uu]sunięty)\s+"


def non_masculine_model_names():
    """The names of the admin's models that are feminine or neuter (uwaga, strona, spotkanie…)."""
    names = set()
    for model in apps.get_models():
        if model._meta.app_label in {"home", "consultation", "documents", "forms", "wagtailcore"}:
            for name in (model._meta.verbose_name, model._meta.verbose_name_plural):
                name = str(name).lower()
                # By the head noun: "dokument konsultacji" is masculine, "strona tekstowa" is not;
                # plurals (-i, -y) never follow "ten".
                if name.split()[0].endswith(("a", "ść", "ź", "e", "o", "i", "y")):
                    names.add(name)
    return names


class VisibleText(HTMLParser):
    """The text of a page as a person meets it, one string per text node or accessible attribute."""

    HIDDEN = {"script", "style", "template", "svg"}
    SPOKEN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}

    def __init__(self):
        super().__init__()
        self.depth_hidden = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.depth_hidden += 1
        elif not self.depth_hidden:
            self.parts.extend(value for name, value in attrs if name in self.SPOKEN_ATTRIBUTES and value)

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.depth_hidden:
            self.depth_hidden -= 1

    def handle_data(self, data):
        if not self.depth_hidden and data.strip():
            self.parts.append(" ".join(data.split()))


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    return parser.parts


@pytest.fixture
def polish_editor(admin_in_language):
    return admin_in_language("pl")


@pytest.fixture
def content(home_page, site):
    """One of every page type and of every snippet, with a consultation that starts in the future."""
    register = ConsultationIndexPageFactory(parent=home_page)
    today = timezone.localdate()
    consultation = ConsultationPageFactory(
        parent=register,
        title="Nowy park na Syberce",
        start_date=today + datetime.timedelta(days=40),
        end_date=today + datetime.timedelta(days=80),
    )
    MeetingFactory(page=consultation)
    questionnaire = survey(consultation, title="Ankieta o parku")
    answer(questionnaire, ocena_projektu="5")
    news_index = NewsIndexPageFactory(parent=home_page)
    calendar = CalendarPage(title="Kalendarz", slug="kalendarz")
    home_page.add_child(instance=calendar)
    publications = PublicationsPage(title="Publikacje", slug="publikacje")
    home_page.add_child(instance=publications)
    contact = ContactPage(title="Kontakt", slug="kontakt")
    home_page.add_child(instance=contact)
    pages = {
        "home": home_page,
        "standard": StandardPageFactory(parent=home_page),
        "news_index": news_index,
        "news": NewsPageFactory(parent=news_index),
        "register": register,
        "consultation": consultation,
        "survey": questionnaire,
        "calendar": calendar,
        "publications": publications,
        "contact": contact,
    }
    return {
        **pages,
        "site": site,
        "topic": TopicFactory(),
        "district": DistrictFactory(),
        "department": DepartmentFactory(),
        "remark": RemarkFactory(consultation=consultation),
        "document": PortalDocumentFactory(),
        "image": PortalImageFactory(),
        "workflow": Workflow.objects.first(),
        "task": Task.objects.first(),
    }


PAGES = [
    "home",
    "standard",
    "news_index",
    "news",
    "register",
    "consultation",
    "survey",
    "calendar",
    "publications",
    "contact",
]
SNIPPETS = ["topic", "district", "department"]

# Each screen's address, filled in from the content fixture ("{consultation.pk}").
SCREENS = {
    "dashboard": "/admin/",
    "explorer, root": "/admin/pages/",
    "explorer, home page": "/admin/pages/{home.pk}/",
    "explorer, consultations": "/admin/pages/{register.pk}/",
    "consultation register listing": "/admin/consultation_register/",
    "page history": "/admin/pages/{consultation.pk}/history/",
    **{f"edit, {name}": f"/admin/pages/{{{name}.pk}}/edit/" for name in PAGES},
    "add, standard page": "/admin/pages/add/home/standardpage/{home.pk}/",
    "add, news": "/admin/pages/add/home/newspage/{news_index.pk}/",
    "add, consultation": "/admin/pages/add/consultation/consultationpage/{register.pk}/",
    "add, survey": "/admin/pages/add/forms/surveypage/{consultation.pk}/",
    "remarks inbox": "/admin/forms/remark/",
    "remark, add": "/admin/forms/remark/create/",
    "remark, edit": "/admin/forms/remark/edit/{remark.pk}/",
    **{f"snippets, {name}": f"/admin/snippets/consultation/{name}/" for name in SNIPPETS},
    **{f"snippets, {name}, add": f"/admin/snippets/consultation/{name}/add/" for name in SNIPPETS},
    **{f"snippets, {name}, edit": f"/admin/snippets/consultation/{name}/edit/{{{name}.pk}}/" for name in SNIPPETS},
    "documents": "/admin/documents/",
    "document, edit": "/admin/documents/edit/{document.pk}/",
    "documents, upload": "/admin/documents/multiple/add/",
    "images": "/admin/images/",
    "image, edit": "/admin/images/{image.pk}/",
    "images, upload": "/admin/images/multiple/add/",
    "forms": "/admin/forms/",
    "form submissions": "/admin/forms/submissions/{survey.pk}/",
    "site settings": "/admin/settings/home/portalsettings/{site.pk}/",
    "workflows": "/admin/workflows/list/",
    "workflow, edit": "/admin/workflows/edit/{workflow.pk}/",
    "workflow tasks": "/admin/workflows/tasks/index/",
    "workflow task, edit": "/admin/workflows/tasks/edit/{task.pk}/",
    "report, locked pages": "/admin/reports/locked/",
    "report, workflows": "/admin/reports/workflow/",
    "report, workflow tasks": "/admin/reports/workflow_tasks/",
    "report, site history": "/admin/reports/site-history/",
    "report, unreadable documents": "/admin/reports/unreadable-documents/",
    "collections": "/admin/collections/",
    "redirects": "/admin/redirects/",
    "account": "/admin/account/",
}


def rendered_text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return visible_text(response.content.decode())


def wrong_polish(parts):
    """English left over, and phrases with a masculine word before a feminine or neuter name."""
    text = " ".join(parts)  # a heading's title and subtitle are two nodes: "Nowy" "Uwaga"
    names = "|".join(re.escape(name) for name in sorted(non_masculine_model_names(), key=len, reverse=True))
    wrong_gender = re.compile(MASCULINE_BEFORE_NAME + r"(?:" + names + r")\b", re.IGNORECASE)
    return (
        [part for part in parts if ENGLISH_PATTERN.search(part)]
        + [phrase for phrase in KNOWN_WRONG if phrase in text]
        + wrong_gender.findall(text)
    )


@pytest.mark.parametrize("screen", SCREENS)
def test_admin_screen_reads_in_correct_polish(polish_editor, content, screen):
    assert wrong_polish(rendered_text(polish_editor, SCREENS[screen].format(**content))) == []


def test_the_check_catches_the_phrases_editors_reported():
    found = wrong_polish(["Nowy", "Uwaga", "Każdy może edytować ten strona", "Autosave is paused", "1-11 of 11"])
    assert {"Nowy Uwaga", "ten strona", "Autosave is paused", "1-11 of 11"} <= set(found)


def test_consultation_register_shows_future_start_and_end_as_dates(polish_editor, content):
    consultation = content["consultation"]
    text = " | ".join(rendered_text(polish_editor, "/admin/consultation_register/"))
    with override("pl"):
        start, end = date_format(consultation.start_date), date_format(consultation.end_date)
    assert start in text and end in text
    assert "Przed chwilą" not in text


def test_new_remark_form_is_headed_nowa_uwaga(polish_editor):
    text = rendered_text(polish_editor, "/admin/forms/remark/create/")
    assert text[0] == "Nowa uwaga - Wagtail"
    assert "Nowa uwaga" in text


def test_the_default_workflow_and_its_task_have_polish_names(db):
    assert list(Workflow.objects.values_list("name", flat=True)) == ["Moderatorzy"]
    assert list(Task.objects.values_list("name", flat=True)) == ["Akceptacja moderatora"]


def test_page_editor_offers_to_send_the_page_for_approval_in_polish(polish_editor, content):
    text = rendered_text(polish_editor, f"/admin/pages/{content['standard'].pk}/edit/")
    assert "Wyślij do akceptacji: Moderatorzy" in text


def test_admin_scripts_speak_polish(polish_editor):
    response = polish_editor.get("/admin/jsi18n/")
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.S).group(1))
    assert catalogue["Collapse all"] == "Zwiń wszystkie"
    assert catalogue["Autosave in progress…"] == "Trwa autozapis…"
    assert catalogue["Changes have been autosaved."] == "Zmiany zapisano automatycznie."


def test_english_admin_keeps_wagtails_english(client, django_user_model, content):
    user = django_user_model.objects.create_superuser("editor", "editor@bedzin.pl", "a-test-password-1")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    text = " ".join(rendered_text(client, f"/admin/pages/{content['standard'].pk}/edit/"))
    assert "Autosave is paused" in text
    assert "Anyone can edit this page" in text


@pytest.mark.parametrize("name", ["django", "djangojs"])
def test_project_catalogue_is_compiled_from_its_po_file(name):
    po_path = CATALOGUE_DIR / f"{name}.po"
    source = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.pofile(str(po_path))}
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.mofile(str(po_path.with_suffix(".mo")))
    }
    assert {key: value for key, value in compiled.items() if key[1]} == source


@pytest.mark.parametrize("name", ["django", "djangojs"])
def test_project_catalogue_keeps_every_placeholder_of_the_english(name):
    placeholder = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")
    for entry in polib.pofile(str(CATALOGUE_DIR / f"{name}.po")):
        if not entry.msgid_plural:
            assert set(placeholder.findall(entry.msgstr)) == set(placeholder.findall(entry.msgid)), entry.msgid
            continue
        # Polish form 0 is for exactly one, like the English singular (which may spell the number
        # out: "one subpage"); the other forms are for the numbers the English plural covers.
        for form, translation in entry.msgstr_plural.items():
            english = entry.msgid if form == 0 else entry.msgid_plural
            assert set(placeholder.findall(translation)) <= set(placeholder.findall(entry.msgid_plural)), entry.msgid
            assert set(placeholder.findall(translation)) >= set(placeholder.findall(english)), entry.msgid


def test_project_catalogue_only_translates_strings_wagtail_or_the_project_uses():
    """After a Wagtail upgrade, a string Wagtail no longer has shows up here, to be dropped; the
    project's own entries (plural forms of its counts) must still be in its code."""
    site_packages = Path(apps.get_app_config("wagtailcore").path).parent
    used = set()
    for po_path in [*site_packages.glob("wagtail/**/locale/en/LC_MESSAGES/django*.po")] + [
        *site_packages.glob("wagtail_modeladmin/locale/en/LC_MESSAGES/django.po")
    ]:
        used |= {entry.msgid for entry in polib.pofile(str(po_path))}
    ours = {
        entry.msgid for name in ("django", "djangojs") for entry in polib.pofile(str(CATALOGUE_DIR / f"{name}.po"))
    }
    code = " ".join(
        path.read_text()
        for app in ("portal", "home", "consultation", "documents", "forms", "alerts", "search")
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py")
        if "migrations" not in path.parts
    )
    assert {msgid for msgid in ours - used if f'"{msgid}"' not in code} == set()


def test_project_counts_take_the_polish_plural_forms():
    with override("pl"):
        assert [ngettext("%(count)s temat", "%(count)s tematów", n) % {"count": n} for n in (1, 3, 5, 12, 22)] == [
            "1 temat",
            "3 tematy",
            "5 tematów",
            "12 tematów",
            "22 tematy",
        ]


def test_dashboard_reads_in_correct_polish_for_screen_readers(admin_client, home_page):
    """What a blind editor hears first: the search box was labelled "Wyszukiwania fraza" (for
    "Wyszukiwana fraza") and the site summary "Streszczenie strony" (a page's abstract)."""
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'for="id_q"' in html
    assert "Wyszukiwania fraza" not in html
    assert "Streszczenie strony" not in html


def listing_footer(html):
    return " ".join(re.search(r'<div class="pagination__end">(.*?)</div>', html, re.S).group(1).split())


def test_topic_listing_counts_its_topics_with_the_polish_plural(admin_client):
    """Wagtail's listing footer put the count before the plural name, English-style: "5 tematy"
    (Polish: "5 tematów"); likewise "9 dzielnice", "18 dokumenty", "7 obrazy", "11 strony"."""
    for name in ["Kultura", "Sport", "Edukacja", "Zdrowie", "Transport"]:
        TopicFactory(name=name)
    html = admin_client.get(reverse("wagtailsnippets_consultation_topic:list")).content.decode()
    assert listing_footer(html) == "5 tematów"


def test_consultation_register_listing_counts_consultations_with_the_polish_plural(admin_client, register):
    """The "Rejestr konsultacji" listing's footer read "5 Konsultacje" (Polish: "5 konsultacji")."""
    for _number in range(5):
        ConsultationPageFactory(parent=register)
    html = admin_client.get(reverse("consultation_register:index")).content.decode()
    assert listing_footer(html) == "5 konsultacji"


def main_text(html):
    main = re.search(r"<main.*?</main>", html, re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def test_delete_confirmation_reads_in_correct_polish(admin_client, register):
    """Wagtail's Polish glued two words: "Alternatywnie możesz odpublikowaćstronę"."""
    page = ConsultationPageFactory(parent=register)
    text = main_text(admin_client.get(reverse("wagtailadmin_pages:delete", args=(page.pk,))).content.decode())
    assert "Alternatywnie możesz" in text
    assert "odpublikowaćstronę" not in text


def test_document_form_reads_in_correct_polish(admin_client):
    """The document form offered the collection "Root" (Wagtail's English name for the top
    collection, also shown as the page tree's first breadcrumb) and its tags help said
    "znakiem cudzysłowia" (Polish: "cudzysłowu")."""
    Collection.get_first_root_node().add_child(name="Publikacje")
    document = PortalDocumentFactory()
    html = admin_client.get(reverse("wagtaildocs:edit", args=(document.pk,))).content.decode()
    collections = re.search(r'<select name="collection"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert "Root" not in collections
    assert "cudzysłowia" not in html


def test_the_keyboard_shortcuts_dialog_reads_in_polish(admin_client, register):
    page = ConsultationPageFactory(parent=register)
    html = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "Indeks górny" in html and "Indeks dolny" in html
    assert "Superscript" not in html and "Subscript" not in html
