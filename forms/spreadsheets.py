"""CSV and Excel exports that a spreadsheet program opens as data, never as formulas.

A resident who writes `=HYPERLINK("https://…?"&A1)` or `+cmd|' /C calc'!A0` as a remark must not
get a formula run on the computer of the staff member who opens the export (OWASP "CSV
injection"). As OWASP recommends, a text cell that starts with =, +, -, @, a tab or a carriage
return gets a leading apostrophe, so spreadsheets show it as text.
"""

from wagtail.contrib.forms.views import SubmissionsListView

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return f"'{value}"
    return value


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
