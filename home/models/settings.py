from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Orderable

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from home.blocks import SocialLinkBlock

# What the {% image %} tag and an image's default alt text read of an image: its file and the
# file's hash (part of Wagtail's key for a rendition), size and focal point, title and
# description. The rest of the row is for the admin.
SHOWN_IMAGE_FIELDS = (
    "file",
    "file_hash",
    "width",
    "height",
    "focal_point_x",
    "focal_point_y",
    "focal_point_width",
    "focal_point_height",
    "title",
    "description",
)


@register_setting(icon="site")
class PortalSettings(ClusterableModel, BaseSiteSetting):
    """What the header, footer and forms show about the city, and the consultation rules."""

    city_name = models.CharField(max_length=100, default="Będzin", verbose_name=_("Nazwa miasta"))
    portal_name = models.CharField(max_length=150, default="Konsultacje społeczne", verbose_name=_("Nazwa portalu"))
    crest = models.ForeignKey(
        "home.PortalImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Herb miasta"),
    )
    office_name = models.CharField(
        max_length=200, blank=True, default="Urząd Miejski w Będzinie", verbose_name=_("Nazwa urzędu")
    )
    address = models.TextField(blank=True, verbose_name=_("Adres"))
    phone = models.CharField(max_length=50, blank=True, verbose_name=_("Telefon"))
    email = models.EmailField(blank=True, verbose_name=_("E-mail kontaktowy"))
    office_hours = models.TextField(blank=True, verbose_name=_("Godziny pracy urzędu"))
    footer_text = models.TextField(
        blank=True,
        verbose_name=_("Tekst w stopce"),
        help_text=_("Np. informacja o projekcie i jego dofinansowaniu."),
    )
    # A StreamField, not an inline model: the footer on every page reads the links with the
    # settings row instead of a query of their own.
    social_links = StreamField(
        [("link", SocialLinkBlock())],
        blank=True,
        verbose_name=_("Media społecznościowe"),
        help_text=_("Profile miasta w serwisach społecznościowych, w kolejności, w jakiej pokaże je stopka."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Strona polityki prywatności"),
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Strona deklaracji dostępności"),
    )
    data_controller = models.CharField(
        max_length=200,
        blank=True,
        default="Prezydent Miasta Będzina",
        verbose_name=_("Administrator danych osobowych"),
        help_text=_(
            "W mianowniku, np. „Prezydent Miasta Będzina” – ten sam organ, którego zarządzenia podajesz "
            "jako podstawę prawną konsultacji. Formularze pokazują: „Administratorem Twoich danych "
            "osobowych jest …”."
        ),
    )
    privacy_notice = models.TextField(
        blank=True,
        verbose_name=_("Klauzula informacyjna przy formularzach"),
        help_text=_(
            "Krótka informacja o przetwarzaniu danych osobowych, pokazywana przy zgodzie: cel i prawa "
            "mieszkańca. Administratora (pole powyżej) i okres przechowywania (ustawienie anonimizacji) "
            "formularze dopisują same."
        ),
    )
    staff_email = models.EmailField(
        blank=True,
        verbose_name=_("Domyślny e-mail zespołu"),
        help_text=_("Na ten adres trafiają powiadomienia o nowych uwagach i ankietach."),
    )
    min_consultation_days = models.PositiveSmallIntegerField(
        default=21,
        verbose_name=_("Minimalny czas trwania konsultacji (dni)"),
        help_text=_("Krótsze konsultacje dostaną ostrzeżenie w edytorze."),
    )
    report_due_days = models.PositiveSmallIntegerField(
        default=60,
        verbose_name=_("Termin na raport z konsultacji (dni po zakończeniu)"),
    )

    panels = [
        TabbedInterface(
            [
                ObjectList(
                    [
                        MultiFieldPanel(
                            [FieldPanel("city_name"), FieldPanel("portal_name"), FieldPanel("crest")],
                            heading=_("Miasto"),
                        ),
                        MultiFieldPanel(
                            [
                                FieldPanel("office_name"),
                                FieldPanel("address"),
                                FieldPanel("phone"),
                                FieldPanel("email"),
                                FieldPanel("office_hours"),
                            ],
                            heading=_("Dane kontaktowe"),
                        ),
                    ],
                    heading=_("Miasto i kontakt"),
                ),
                ObjectList(
                    [
                        FieldPanel("footer_text"),
                        InlinePanel("funding_logos", label=_("Logotypy dofinansowania")),
                        FieldPanel("social_links"),
                        FieldPanel("privacy_page"),
                        FieldPanel("accessibility_page"),
                    ],
                    heading=_("Stopka"),
                ),
                ObjectList(
                    [
                        FieldPanel("staff_email"),
                        FieldPanel("data_controller"),
                        FieldPanel("privacy_notice"),
                        FieldPanel("min_consultation_days"),
                        FieldPanel("report_due_days"),
                    ],
                    heading=_("Konsultacje i formularze"),
                ),
            ]
        )
    ]

    # Read with the settings in one query (Wagtail's for_request reads them once per request).
    select_related = ["crest", "privacy_page", "accessibility_page"]

    @classmethod
    def base_queryset(cls):
        """With the footer's logos (and their images): every page shows them.

        Every page reads this row, so the joined rows bring only what the shell shows: a linked
        page's address (Page.get_url reads its url_path) and what an {% image %} tag reads of an
        image. A full Page is some 30 columns and the query was most of the shell's time; another
        field of theirs is still there when asked for, at the cost of a query."""
        own = [field.attname for field in cls._meta.concrete_fields]
        crest = [f"crest__{name}" for name in SHOWN_IMAGE_FIELDS]
        logos = FundingLogo.objects.select_related("image").only(
            "settings", "sort_order", "alt_text", "link", "image", *(f"image__{name}" for name in SHOWN_IMAGE_FIELDS)
        )
        return (
            super()
            .base_queryset()
            .only(*own, *crest, "privacy_page__url_path", "accessibility_page__url_path")
            .prefetch_related(Prefetch("funding_logos", queryset=logos))
        )

    @classmethod
    def for_site(cls, site):
        """As Wagtail's, with the renditions of the crest and the logos read in one query."""
        found = super().for_site(site)
        images = [logo.image for logo in found.funding_logos.all()]
        if found.crest is not None:
            images.append(found.crest)
        prefetch_related_objects(images, "renditions")
        return found

    class Meta:
        verbose_name = _("Ustawienia portalu")


class FundingLogo(Orderable):
    """A logo of a funder shown in the footer (EU programmes require them)."""

    settings = ParentalKey(PortalSettings, on_delete=models.CASCADE, related_name="funding_logos")
    image = models.ForeignKey(
        "home.PortalImage", on_delete=models.CASCADE, related_name="+", verbose_name=_("Logotyp")
    )
    alt_text = models.CharField(
        max_length=255,
        verbose_name=_("Tekst alternatywny"),
        help_text=_("Nazwa instytucji lub programu, np. „Unia Europejska – Europejski Fundusz Społeczny”."),
    )
    link = models.URLField(blank=True, verbose_name=_("Odnośnik"))

    panels = [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("link")]

    class Meta(Orderable.Meta):
        verbose_name = _("logotyp")
        verbose_name_plural = _("logotypy")
