"""CSV and Excel exports that a spreadsheet program opens as data, never as formulas (the rule,
neutralise_formula, is home.spreadsheet's)."""

from wagtail.contrib.forms.views import SubmissionsListView

from home.spreadsheet import neutralise_formula

__all__ = ["FormulaSafeExportMixin", "SurveySubmissionsListView", "neutralise_formula"]


class FormulaSafeExportMixin:
    """For Wagtail's SpreadsheetExportMixin views (modeladmin index, form submissions).

    Wagtail already stores such values as text in XLSX cells, but writes them as they are to
    CSV, and writes column headings (survey questions, which editors type) to XLSX as formulas.
    """

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return neutralise_formula(value) if export_format == self.FORMAT_CSV else value

    def get_heading(self, queryset, field):
        return neutralise_formula(super().get_heading(queryset, field))


class SurveySubmissionsListView(FormulaSafeExportMixin, SubmissionsListView):
    """A survey's answers in the admin; SurveyPage imports it when the view is first needed."""
