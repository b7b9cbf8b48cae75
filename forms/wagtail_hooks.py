"""Admin: the remarks inbox (wagtail-modeladmin), inside the "Konsultacje" menu group.

The consultation app's SnippetViewSetGroup "Konsultacje" collects submenu items through the hook
named below, so the inbox joins that one group instead of adding a second "Konsultacje" menu.
Should that group ever be missing, the inbox falls back to its own top-level menu item.
"""

from django.contrib import messages
from django.contrib.admin.utils import lookup_field
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.models import Page

from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import CreateView, IndexView

from home.spreadsheet import FormulaSafeExportMixin

from .inbox_units import RemarkAdminForm, UnitFilter, bulk_position
from .models import Remark, SurveySubmission

# The consultation app's group menu hook (consultation/wagtail_hooks.py: MENU_HOOK).
CONSULTATION_MENU_HOOK = "register_consultation_menu_item"
CONSULTATION_MENU_NAME = "konsultacje"


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class RemarkButtonHelper(ButtonHelper):
    def add_button(self, *args, **kwargs):
        # "Dodaj uwaga" would be ungrammatical: Polish needs the accusative.
        button = super().add_button(*args, **kwargs)
        button["label"] = _("Dodaj uwagę")
        button["title"] = _("Dodaj uwagę, która wpłynęła pismem, e-mailem lub na spotkaniu")
        return button


class RemarkCreateView(CreateView):
    # modeladmin's heading is "New" with the model's name beside it: "Nowy Uwaga" in Polish.
    page_title = _("Nowa uwaga")

    def get_page_subtitle(self):
        return ""

    def get_meta_title(self):
        return self.page_title


class RemarkIndexView(FormulaSafeExportMixin, IndexView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Filtered to one unit: offer one position for all its remarks.
        unit = self.request.GET.get(UnitFilter.parameter_name, "")
        if unit.isdigit():
            context["bulk_position_url"] = reverse("forms_bulk_position", args=[int(unit)])
        return context

    @property
    def export_headings(self):
        # The column labels as written (modeladmin would title-case them: "Imię I Nazwisko").
        headings = {"pk": "ID"}
        for name in self.list_export:
            attribute = getattr(self.model_admin, name, None)
            if attribute is not None and hasattr(attribute, "short_description"):
                headings[name] = str(attribute.short_description)
            elif name != "pk":
                headings[name] = str(Remark._meta.get_field(name).verbose_name)
        return headings

    def to_row_dict(self, item):
        # modeladmin writes its "-" for every empty value; an export leaves the cell empty.
        return {field: lookup_field(field, item, self.model_admin)[2] for field in self.list_export}


class RemarkAdmin(ModelAdmin):
    model = Remark
    menu_label = _("Uwagi mieszkańców")
    menu_icon = "mail"
    menu_order = 10
    add_to_admin_menu = False
    index_view_class = RemarkIndexView
    create_view_class = RemarkCreateView
    index_template_name = "forms/admin/remark_index.html"
    button_helper_class = RemarkButtonHelper
    list_display = (
        "received_local",
        "consultation",
        "section_column",
        "summary",
        "unit_text",
        "channel_label",
        "status_label",
        "position_label",
    )
    list_filter = ("consultation", UnitFilter, "status", "channel", "position")
    list_select_related = ("consultation", "unit")
    search_fields = (
        "subject",
        "text",
        "section",
        "proposed_wording",
        "author_name",
        "author_email",
        "author_organisation",
        "reasoning",
    )
    ordering = ("-received_at", "-pk")
    list_export = (
        "pk",
        "received_local",
        "consultation_title",
        "channel_label",
        "author_name",
        "author_email",
        "author_organisation",
        "subject",
        "text",
        "section_label",
        "section_text",
        "proposed_wording",
        "justification",
        "status_label",
        "position_label",
        "reasoning",
    )
    export_filename = "uwagi"
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("consultation"),
                    FieldPanel(
                        "unit",
                        help_text=_(
                            "Część projektu aktu, której dotyczy uwaga (także uwagi z pism, e-maili i spotkań). "
                            "Po zapisaniu uwaga zachowa oznaczenie i treść tej części z tej chwili."
                        ),
                    ),
                    FieldRowPanel([FieldPanel("channel"), FieldPanel("received_at")]),
                    FieldRowPanel([FieldPanel("author_name"), FieldPanel("author_email")]),
                    FieldPanel("author_organisation"),
                    FieldPanel("subject"),
                    FieldPanel("text"),
                    FieldPanel("proposed_wording"),
                    FieldPanel("justification"),
                ],
                heading=_("Uwaga"),
            ),
            MultiFieldPanel(
                [FieldPanel("status"), FieldPanel("position"), FieldPanel("reasoning")],
                heading=_("Rozpatrzenie"),
            ),
        ],
        base_form_class=RemarkAdminForm,
    )

    # Export and list callables: labels instead of stored codes, Warsaw time instead of UTC.
    def received_local(self, obj):
        return _local(obj.received_at)

    received_local.short_description = _("Data wpływu")

    def consultation_title(self, obj):
        return obj.consultation.title if obj.consultation else ""

    consultation_title.short_description = pgettext_lazy("the consultation a remark is about", "Konsultacje")

    def channel_label(self, obj):
        return str(obj.get_channel_display())

    channel_label.short_description = _("Forma zgłoszenia")

    def status_label(self, obj):
        return str(obj.get_status_display())

    status_label.short_description = _("Status")

    def position_label(self, obj):
        return str(obj.get_position_display()) if obj.position else ""

    position_label.short_description = _("Stanowisko miasta")

    def section_label(self, obj):
        return str(obj.section_display)

    section_label.short_description = _("Część dokumentu")

    def section_column(self, obj):
        return str(obj.section_display) if obj.consultation_id else ""

    section_column.short_description = _("Część dokumentu")
    section_column.admin_order_field = "unit__sort_order"

    def unit_text(self, obj):
        """The part's text beside the remark: as it is now, or as the resident saw it if removed."""
        text = obj.unit.text if obj.unit else obj.section_text
        return text if len(text) <= 160 else f"{text[:159]}…"

    unit_text.short_description = _("Treść części projektu")

    def summary(self, obj):
        text = f"{obj.subject}: {obj.text}" if obj.subject else obj.text
        return text if len(text) <= 120 else f"{text[:119]}…"

    summary.short_description = _("Temat lub treść")


remark_admin = RemarkAdmin()
remark_admin.register_with_wagtail()


@hooks.register("register_admin_urls")
def bulk_position_url():
    return [path("uwagi/stanowisko/<int:unit_id>/", bulk_position, name="forms_bulk_position")]


@hooks.register(CONSULTATION_MENU_HOOK)
def register_inbox_in_consultation_group():
    return remark_admin.get_menu_item()


@hooks.register("construct_main_menu")
def add_inbox_when_group_is_missing(request, menu_items):
    if not any(getattr(item, "name", None) == CONSULTATION_MENU_NAME for item in menu_items):
        item = remark_admin.get_menu_item()
        if item.is_shown(request):
            menu_items.append(item)


@hooks.register("before_delete_page")
def warn_what_deleting_takes_with_it(request, page):
    """The delete confirmation says what happens to the residents' words under the page: remarks on
    a deleted consultation stay in the inbox without it ("pytanie ogólne": on_delete SET_NULL),
    answers to a deleted survey go with it (Wagtail's submissions cascade)."""
    if request.method != "GET":
        return
    pages = Page.objects.descendant_of(page, inclusive=True).values("pk")
    remarks = Remark.objects.filter(consultation_id__in=pages).count()
    answers = SurveySubmission.objects.filter(page_id__in=pages).count()
    if remarks:
        messages.warning(
            request,
            _(
                "Liczba uwag do usuwanych konsultacji: %(count)s. Zostaną w skrzynce uwag, ale bez "
                "konsultacji: będą opisane jako „pytanie ogólne”."
            )
            % {"count": remarks},
        )
    if answers:
        messages.warning(
            request,
            _(
                "Liczba odpowiedzi na usuwane ankiety: %(count)s. Zostaną usunięte razem z ankietami "
                "i nie da się ich odzyskać."
            )
            % {"count": answers},
        )
