"""Admin: the "Konsultacje" menu group (register listing, taxonomies) and editor warnings."""

from django.contrib import messages
from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.models import PortalSettings

from .models import ConsultationPage, Department, District, Status, Topic
from .recurrence_preview import recurrence_preview, warn_about_meetings_outside

# Other apps add their items (the remarks inbox) to the group with this hook name.
MENU_HOOK = "register_consultation_menu_item"


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Tematy")
    list_display = ["name", "slug"]
    search_fields = ["name"]


class DistrictViewSet(SnippetViewSet):
    model = District
    icon = "site"
    menu_label = _("Dzielnice")
    list_display = ["name", "slug", "is_whole_city"]
    search_fields = ["name"]


class DepartmentViewSet(SnippetViewSet):
    model = Department
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


class ConsultationIndexView(IndexView):
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
        StatusColumn("status_label", label=_("Status")),
        DateColumn("start_date", label=_("Początek"), sort_key="start_date"),
        DateColumn("end_date", label=_("Koniec"), sort_key="end_date"),
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
        messages.warning(
            request,
            _("Konsultacje trwają %(days)s dni, krócej niż zalecane minimum (%(minimum)s dni).")
            % {"days": page.duration_days, "minimum": minimum},
        )


hooks.register("after_create_page", warn_if_short)
hooks.register("after_edit_page", warn_if_short)


hooks.register("after_create_page", warn_about_meetings_outside)
hooks.register("after_edit_page", warn_about_meetings_outside)


@hooks.register("register_admin_urls")
def recurrence_preview_url():
    """The recurrence editor's preview (admin only, as every admin URL)."""
    return [path("recurrence-preview/", recurrence_preview, name="consultation_recurrence_preview")]
