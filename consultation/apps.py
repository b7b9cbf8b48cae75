from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "consultation"
    verbose_name = _("Konsultacje")

    def ready(self):
        # The admin edits every recurrence (only meetings have one) with the portal's own editor.
        # Its revisions are compared as the rule reads, not as the stored RRULE text.
        from wagtail.admin.compare import register_comparison_class
        from wagtail.admin.forms.models import register_form_field_override

        from recurrence.fields import RecurrenceField

        from .comparisons import MethodsComparison, RecurrenceComparison
        from .models.pages import MethodsField
        from .recurrence_editor import RecurrenceEditor, RecurrenceEditorField

        register_form_field_override(
            RecurrenceField, override={"form_class": RecurrenceEditorField, "widget": RecurrenceEditor}
        )
        register_comparison_class(RecurrenceField, comparison_class=RecurrenceComparison)
        register_comparison_class(MethodsField, comparison_class=MethodsComparison, exact_class=True)
