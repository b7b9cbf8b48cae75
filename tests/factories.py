"""Factories for pages (wagtail-factories) and plain models (factory_boy).

Slugs are written by hand: Django's slugify silently drops Polish letters such as ł.
"""

import datetime
import io

from django.core.files.images import ImageFile

import factory
import wagtail_factories
from PIL import Image

from home.models import NewsIndexPage, NewsPage, PortalImage, StandardPage


def png_bytes(width=64, height=48, colour=(10, 74, 134)):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


class PortalImageFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Obraz {n}")
    description = "Widok rynku w Będzinie"
    file = factory.LazyFunction(lambda: ImageFile(io.BytesIO(png_bytes()), name="test.png"))

    class Meta:
        model = PortalImage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Strona {n}")
    slug = factory.Sequence(lambda n: f"strona-{n}")
    intro = "Krótki wstęp do strony."

    class Meta:
        model = StandardPage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Aktualności"
    slug = "aktualnosci"

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Wiadomość {n}")
    slug = factory.Sequence(lambda n: f"wiadomosc-{n}")
    lead = "Zajawka wiadomości."
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))

    class Meta:
        model = NewsPage


# --- consultation ---------------------------------------------------------------------------
from consultation.models import (  # noqa: E402 - appended section, kept next to its factories
    ConsultationIndexPage,
    ConsultationPage,
    Department,
    District,
    Topic,
)


class TopicFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Temat {n}")
    slug = factory.Sequence(lambda n: f"temat-{n}")

    class Meta:
        model = Topic
        django_get_or_create = ("slug",)


class DistrictFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Dzielnica {n}")
    slug = factory.Sequence(lambda n: f"dzielnica-{n}")

    class Meta:
        model = District
        django_get_or_create = ("slug",)


class DepartmentFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Wydział {n}")

    class Meta:
        model = Department
        django_get_or_create = ("name",)


class ConsultationIndexPageFactory(wagtail_factories.PageFactory):
    title = "Konsultacje"
    slug = "konsultacje"

    class Meta:
        model = ConsultationIndexPage


class ConsultationPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Konsultacja {n}")
    slug = factory.Sequence(lambda n: f"konsultacja-{n}")
    lead = "Krótki opis konsultacji."
    legal_basis = "Zarządzenie nr 1/2026 Prezydenta Miasta Będzina."
    start_date = datetime.date(2026, 11, 1)
    end_date = datetime.date(2026, 11, 30)
    methods = factory.LazyFunction(lambda: ["contact_form", "email"])

    class Meta:
        model = ConsultationPage
        skip_postgeneration_save = True

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if extracted:
            self.topics.set(extracted)
            if create:
                self.save()

    @factory.post_generation
    def districts(self, create, extracted, **kwargs):
        if extracted:
            self.districts.set(extracted)
            if create:
                self.save()
