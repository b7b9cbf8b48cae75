"""Admin: the "Konsultacje" menu group (register listing, taxonomies) and editor warnings."""

from django.contrib import messages
from django.template.defaultfilters import yesno
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail import hooks
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.models import PortalSettings

from .act_import_views import import_act
from .models import ConsultationPage, Department, District, Status, Topic
from .recurrence_preview import recurrence_preview, warn_about_meetings_outside

# Other apps add their items (the remarks inbox) to the group with this hook name.
MENU_HOOK = "register_consultation_menu_item"


class YesNoColumn(Column):
    """A yes/no field as "tak"/"nie" (a plain column prints "True"/"False")."""

    def __init__(self, model, name, **kwargs):
        label = capfirst(model._meta.get_field(name).verbose_name)
        super().__init__(name, label=label, sort_key=name, **kwargs)

    def get_value(self, instance):
        return yesno(super().get_value(instance))


def counting_paginator(count_label):
    """A listing's footer with the noun in the form its number takes: Wagtail's own footer puts the
    plural name after the count, English-style ("5 tematy"), and Polish has four plural forms
    ("1 temat", "2 tematy", "5 tematów"): count_label is an ngettext call, its Polish forms in the
    project's catalogue (locale/pl)."""

    class CountingPaginator(WagtailPaginator):
        @cached_property
        def items_count_label(self):
            return count_label(self.count) % {"count": self.count}

    return CountingPaginator


class TopicIndexView(SnippetIndexView):
    paginator_class = counting_paginator(lambda count: ngettext("%(count)s temat", "%(count)s tematów", count))


class DistrictIndexView(SnippetIndexView):
    paginator_class = counting_paginator(lambda count: ngettext("%(count)s dzielnica", "%(count)s dzielnic", count))


class DepartmentIndexView(SnippetIndexView):
    paginator_class = counting_paginator(lambda count: ngettext("%(count)s wydział", "%(count)s wydziałów", count))


class TopicViewSet(SnippetViewSet):
    model = Topic
    index_view_class = TopicIndexView
    icon = "tag"
    menu_label = _("Tematy")
    list_display = ["name", "slug"]
    search_fields = ["name"]


class DistrictViewSet(SnippetViewSet):
    model = District
    index_view_class = DistrictIndexView
    icon = "site"
    menu_label = _("Dzielnice")
    list_display = ["name", "slug", YesNoColumn(District, "is_whole_city")]
    search_fields = ["name"]


class DepartmentViewSet(SnippetViewSet):
    model = Department
    index_view_class = DepartmentIndexView
    icon = "group"
    menu_label = _("Wydziały")
    list_display = ["name", "email", "phone"]
    search_fields = ["name"]


class ConsultationSnippetGroup(SnippetViewSetGroup):
    # The taxonomies come in through `items`; other apps' items through the submenu hook.
    items = (TopicViewSet, DistrictViewSet, DepartmentViewSet)
    menu_label = _("Konsultacje")
    menu_name = "konsultacje"
    menu_icon = "clipboard-list"
    menu_order = 150
    submenu_hook = MENU_HOOK


class StatusColumn(Column):
    """The derived status; an overdue report reads "Zakończona, raport po terminie"."""

    cell_template_name = "consultation/admin/status_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["overdue"] = instance.status == Status.OVERDUE
        context["report_due_on"] = (
            instance.report_due_on if instance.status in (Status.CLOSED, Status.OVERDUE) else None
        )
        return context


class CalendarDateColumn(Column):
    """A date as a date ("6 grudnia 2026"). Wagtail's DateColumn reads as time ago ("Przed chwilą"),
    which is wrong for the future dates of a consultation's period."""

    def get_value(self, instance):
        value = super().get_value(instance)
        return date_format(value) if value else ""


class ConsultationIndexView(IndexView):
    paginator_class = counting_paginator(
        lambda count: ngettext("%(count)s konsultacja", "%(count)s konsultacji", count)
    )

    def get_base_queryset(self):
        self.report_due_days = PortalSettings.for_request(self.request).report_due_days
        return super().get_base_queryset().with_status(report_due_days=self.report_due_days)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for page in context["object_list"]:
            # The rule's own annotation gives the status; the due date uses the same setting.
            page.report_due_days = self.report_due_days
        return context


class ConsultationListingViewSet(PageListingViewSet):
    """A flat listing of every consultation with its status, so editors see overdue reports."""

    model = ConsultationPage
    index_view_class = ConsultationIndexView
    icon = "list-ul"
    menu_label = _("Rejestr konsultacji")
    name = "consultation_register"
    add_to_admin_menu = True
    menu_hook = MENU_HOOK
    columns = [
        *PageListingViewSet.columns,
        StatusColumn("status_label", label=_("Status konsultacji")),
        CalendarDateColumn("start_date", label=_("Początek"), sort_key="start_date"),
        CalendarDateColumn("end_date", label=_("Koniec"), sort_key="end_date"),
    ]


register_snippet(ConsultationSnippetGroup)


@hooks.register("register_admin_viewset")
def register_consultation_listing():
    return ConsultationListingViewSet()


def warn_if_short(request, page):
    if not isinstance(page, ConsultationPage) or not (page.start_date and page.end_date):
        return
    minimum = PortalSettings.for_request(request).min_consultation_days
    if page.duration_days < minimum:
        days = ngettext("%(count)s dzień", "%(count)s dni", page.duration_days) % {"count": page.duration_days}
        recommended = ngettext("%(count)s dzień", "%(count)s dni", minimum) % {"count": minimum}
        messages.warning(
            request,
            _("Konsultacje trwają %(days)s, krócej niż zalecane minimum (%(minimum)s).")
            % {"days": days, "minimum": recommended},
        )


hooks.register("after_create_page", warn_if_short)
hooks.register("after_edit_page", warn_if_short)


@hooks.register("register_admin_urls")
def act_import_url():
    return [path("projekt-aktu/<int:page_id>/import/", import_act, name="consultation_act_import")]


@hooks.register("register_page_header_buttons")
def act_import_button(page, user, view_name, next_url=None):
    if page.specific_class is not None and issubclass(page.specific_class, ConsultationPage):
        yield Button(
            _("Importuj projekt aktu (.docx)"),
            reverse("consultation_act_import", args=[page.pk]),
            icon_name="doc-full",
            priority=40,
        )


hooks.register("after_create_page", warn_about_meetings_outside)
hooks.register("after_edit_page", warn_about_meetings_outside)


@hooks.register("register_admin_urls")
def recurrence_preview_url():
    """The recurrence editor's preview (admin only, as every admin URL)."""
    return [path("recurrence-preview/", recurrence_preview, name="consultation_recurrence_preview")]
