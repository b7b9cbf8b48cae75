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
