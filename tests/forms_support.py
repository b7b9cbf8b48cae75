"""Builders and fixtures shared by the forms app's tests (surveys, contact form, remarks)."""

import datetime
import time

from django.core.cache import cache

import factory
import pytest

from consultation.models import ConsultationIndexPage, ConsultationPage
from consultation.models.status import warsaw_today
from forms.models import Channel, ContactPage, Position, Remark, SurveyField, SurveyPage, SurveySubmission
from forms.spam import start_token
from home.models import HomePage, PortalSettings

# One question of every type a survey can have: (label, type, choices, required).
EVERY_FIELD_TYPE = [
    ("Imię", "singleline", "", False),
    ("Twoja opinia", "multiline", "", False),
    ("E-mail do odpowiedzi", "email", "", False),
    ("Ile masz lat", "number", "", False),
    ("Strona organizacji", "url", "", False),
    ("Mieszkam w Będzinie", "checkbox", "", False),
    ("Czym dojeżdżasz", "checkboxes", "Autobus\nRower\nSamochód", False),
    ("Dzielnica", "dropdown", "Śródmieście\nKsawera\nGrodziec", False),
    ("Co jest ważne", "multiselect", "Zieleń\nParkingi\nŁawki", False),
    ("Wybierz wariant", "radio", "Wariant A\nWariant B", True),
    ("Data wizyty", "date", "", False),
    ("Termin spotkania", "datetime", "", False),
    ("Źródło", "hidden", "", False),
    ("Ocena projektu", "rating", "", False),
]


@pytest.fixture
def clear_cache():
    """The rate limit lives in the cache; every test starts with a clean one."""
    cache.clear()
    yield
    cache.clear()


def day(offset):
    return warsaw_today() + datetime.timedelta(days=offset)


def register_page(home_page=None):
    home_page = home_page or HomePage.objects.get(depth=2)
    existing = ConsultationIndexPage.objects.child_of(home_page).first()
    if existing:
        return existing
    register = ConsultationIndexPage(title="Konsultacje", slug="konsultacje")
    home_page.add_child(instance=register)
    return register


class ConsultationBuilder:
    counter = 0

    @classmethod
    def build(cls, start=-5, end=10, published=None, **fields):
        cls.counter += 1
        page = ConsultationPage(
            title=fields.pop("title", f"Konsultacje testowe {cls.counter}"),
            slug=fields.pop("slug", f"konsultacje-testowe-{cls.counter}"),
            lead="Krótki opis konsultacji.",
            legal_basis="Zarządzenie nr 1/2026 Prezydenta Miasta Będzina.",
            start_date=day(start),
            end_date=day(end),
            methods=["survey", "contact_form"],
            results_summary="<p>Podsumowanie wyników.</p>" if published is not None else "",
            results_published_on=day(published) if published is not None else None,
            **fields,
        )
        register_page().add_child(instance=page)
        return page


def consultation(**kwargs):
    """An ongoing consultation unless start/end/published say otherwise (offsets in days from today)."""
    return ConsultationBuilder.build(**kwargs)


def survey(parent, fields=EVERY_FIELD_TYPE, slug="ankieta", **page_fields):
    page = SurveyPage(title=page_fields.pop("title", "Ankieta"), slug=slug, **page_fields)
    parent.add_child(instance=page)
    for order, (label, field_type, choices, required) in enumerate(fields):
        SurveyField.objects.create(
            page=page, sort_order=order, label=label, field_type=field_type, choices=choices, required=required
        )
    return SurveyPage.objects.get(pk=page.pk)


def contact_page(home_page=None, **fields):
    home_page = home_page or HomePage.objects.get(depth=2)
    page = ContactPage(title="Kontakt", slug="kontakt", **fields)
    home_page.add_child(instance=page)
    return page


def staff_email(site, address="zespol@bedzin.pl"):
    portal = PortalSettings.for_site(site)
    portal.staff_email = address
    portal.privacy_notice = "Administratorem danych jest Prezydent Miasta Będzina."
    portal.save()
    return address


def honest(data):
    """Form data as a person sends it: consent ticked, form shown a minute ago, honeypot empty."""
    return {"privacy_consent": "on", "form_started": start_token(at=time.time() - 60), **data}


def answer(page, **answers):
    return SurveySubmission.objects.create(page=page, form_data=answers)


class RemarkFactory(factory.django.DjangoModelFactory):
    channel = Channel.ONLINE_FORM
    author_name = "Jan Kowalski"
    author_email = "jan@example.com"
    subject = "Ławki przy rzece"
    text = factory.Sequence(lambda n: f"Uwaga numer {n}: proszę o więcej ławek.")
    position = Position.ACCEPTED
    reasoning = "Dodamy ławki w projekcie."

    class Meta:
        model = Remark
