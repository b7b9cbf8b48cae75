"""The "Otwarte dane" page: the datasets, their fields, licence and update frequency, with the
DCAT-AP catalogue of them (consultation/catalogue.py) beside it at katalog.rdf and katalog.ttl."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from home.models import PortalPage

from ..catalogue import datasets

INTRO_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class Licence(models.TextChoices):
    CC_BY = "https://creativecommons.org/licenses/by/4.0/", _("CC BY 4.0: uznanie autorstwa")
    CC0 = "https://creativecommons.org/publicdomain/zero/1.0/", _("CC0 1.0: domena publiczna")


class OpenDataPage(PortalPage):
    """The open data page: editors write its introduction and choose the licence; the datasets
    and their fields are described by the portal itself."""

    intro = RichTextField(
        blank=True,
        features=INTRO_FEATURES,
        verbose_name=_("Wstęp"),
        help_text=_("Komu i do czego służą dane, jak je cytować, kogo pytać. Opisy zbiorów portal dodaje sam."),
    )
    licence = models.CharField(
        max_length=100,
        choices=Licence.choices,
        default=Licence.CC_BY,
        verbose_name=_("Licencja danych"),
        help_text=_("Na jakich warunkach wolno ponownie wykorzystywać dane. Podajemy ją w katalogu dla dane.gov.pl."),
    )
    contact_email = models.EmailField(
        blank=True,
        verbose_name=_("E-mail w sprawie danych"),
        help_text=_("Zostaw puste, by podać e-mail kontaktowy z ustawień portalu."),
    )

    content_panels = [
        *PortalPage.content_panels,
        FieldPanel("intro"),
        FieldPanel("licence"),
        FieldPanel("contact_email"),
    ]

    search_fields = [*PortalPage.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("Otwarte dane")

    @property
    def licence_label(self):
        return self.get_licence_display()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["datasets"] = datasets(request)
        url = self.get_url(request)
        context["catalogue_urls"] = {"rdf": f"{url}katalog.rdf", "ttl": f"{url}katalog.ttl"}
        return context
