from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyBlock

from .mixins import PaginatedChildrenMixin, PortalPage


class HomePage(PortalPage):
    """The portal's front page: a welcome and what is being consulted now."""

    hero_title = models.CharField(max_length=200, verbose_name=_("Tytuł powitania"))
    hero_text = models.TextField(blank=True, verbose_name=_("Tekst powitania"))
    hero_image = models.ForeignKey(
        "home.PortalImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Obraz powitania"),
    )
    hero_link = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Strona, do której prowadzi przycisk"),
    )
    hero_link_text = models.CharField(max_length=80, blank=True, verbose_name=_("Tekst przycisku"))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("Treść pod sekcjami"))

    content_panels = [
        *PortalPage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_link"),
                FieldPanel("hero_link_text"),
            ],
            heading=_("Powitanie"),
        ),
        FieldPanel("body"),
    ]

    search_fields = [*PortalPage.search_fields, index.SearchField("hero_text"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "home.NewsIndexPage",
        "consultation.ConsultationIndexPage",
        "consultation.CalendarPage",
        "consultation.OpenDataPage",
        "documents.PublicationsPage",
        "forms.ContactPage",
        "alerts.AlertsPage",
    ]
    max_count = 1

    image_fields = ("hero_image", "social_image")

    class Meta:
        verbose_name = _("Strona główna")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The pages a visitor may see, for every section: Wagtail's .public() reads the view
        # restrictions in a query of its own each time it is called, so it is called once here.
        public_pages = Page.objects.live().public()
        context["public_pages"] = public_pages
        context["latest_news"] = NewsPage.objects.filter(page_ptr__in=public_pages).order_by("-date", "-pk")[:3]
        return context


class StandardPage(PortalPage):
    """A plain content page: about the project, accessibility statement, privacy policy."""

    intro = models.TextField(blank=True, verbose_name=_("Wstęp"), help_text=_("Jedno lub dwa zdania."))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("Treść"))

    content_panels = [*PortalPage.content_panels, FieldPanel("intro"), FieldPanel("body")]

    search_fields = [*PortalPage.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("Strona tekstowa")


class NewsIndexPage(PaginatedChildrenMixin, PortalPage):
    """The news section (aktualności), newest first."""

    intro = models.TextField(blank=True, verbose_name=_("Wstęp"))

    content_panels = [*PortalPage.content_panels, FieldPanel("intro")]

    search_fields = [*PortalPage.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("Lista aktualności")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = (
            NewsPage.objects.live()
            .child_of(self)
            # This index is being served, so its visitor may see it: a child is as visible as the index exactly
            # when it has no view restriction of its own (the main menu's rule), checked in the
            # same query (public() first reads every restriction in a query of its own).
            .filter(view_restrictions=None)
            .select_related("image")
            .prefetch_related("image__renditions")
            .order_by("-date", "-pk")
        )
        context["news_page"] = self.paginate(request, news)
        return context


class NewsPage(PortalPage):
    """One news item."""

    date = models.DateField(default=timezone.localdate, verbose_name=_("Data publikacji"))
    lead = models.TextField(verbose_name=_("Zajawka"), help_text=_("Krótkie streszczenie na listę aktualności."))
    image = models.ForeignKey(
        "home.PortalImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Obraz"),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("Treść"))

    content_panels = [
        *PortalPage.content_panels,
        FieldPanel("date"),
        FieldPanel("lead"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]

    search_fields = [*PortalPage.search_fields, index.SearchField("lead"), index.SearchField("body")]

    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []

    image_fields = ("image", "social_image")

    class Meta:
        verbose_name = _("Aktualność")
        verbose_name_plural = _("Aktualności")
