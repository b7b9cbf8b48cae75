"""Staff exports (remarks inbox, survey answers) that a Polish spreadsheet program opens as data.

Excel in a Polish locale opens a double-clicked CSV file with `;` between cells (the comma is the
decimal separator) and reads it as UTF-8 only when the file starts with a byte-order mark;
without one, "Łagisza" comes out as mojibake. So the CSV has the mark, `;` and empty cells
where there is no value (not Wagtail's "-" or "None"); dates are Warsaw time. XLSX needs none
of this and keeps Wagtail's writer.

Text that looks like a formula is kept as text (OWASP "CSV injection"): the rule,
`neutralise_formula`, is home.spreadsheet's, which the register's files use too.
"""

import csv
import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.contrib.forms.views import SubmissionsListView

from home.spreadsheet import BYTE_ORDER_MARK, neutralise_formula

CSV_DELIMITER = ";"
LOCAL_TIME_FORMAT = "%Y-%m-%d %H:%M"


class _Echo:
    """A file-like object whose write() hands the encoded line back, for streaming a csv writer."""

    def write(self, value):
        return value.encode()


def local_time(value):
    """A datetime as staff read it: Warsaw wall-clock time, to the minute."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime(LOCAL_TIME_FORMAT)


def yes_no(value):
    return _("tak") if value else _("nie")


def joined(values):
    return ", ".join(str(value) for value in values)


def local_naive(value):
    # openpyxl cannot store an aware datetime; Wagtail would store UTC, staff expect Warsaw time.
    return timezone.make_naive(value) if timezone.is_aware(value) else value


class FormulaSafeExportMixin:
    """For Wagtail's SpreadsheetExportMixin views (modeladmin index, form submissions).

    Wagtail already stores such values as text in XLSX cells, but writes them as they are to
    CSV, and writes column headings (survey questions, which editors type) to XLSX as formulas.
    """

    custom_value_preprocess = {
        datetime.datetime: {"csv": local_time, "xlsx": local_naive},
        (datetime.date, datetime.time): {"xlsx": None},
        bool: {"csv": yes_no},
        list: {"csv": joined, "xlsx": joined},
    }

    def preprocess_field_value(self, field, value, export_format):
        if value is None:
            return ""
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return neutralise_formula(value)
        # Spreadsheet cells break lines at LF; a textarea sends CRLF, which openpyxl would keep.
        return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value

    def get_heading(self, queryset, field):
        return neutralise_formula(super().get_heading(queryset, field))

    def stream_csv(self, queryset):
        """Wagtail's CSV rows, in the dialect of a Polish spreadsheet (see the module docstring)."""
        writer = csv.DictWriter(_Echo(), fieldnames=self.list_export, delimiter=CSV_DELIMITER)
        yield BYTE_ORDER_MARK.encode()
        yield writer.writerow({field: self.get_heading(queryset, field) for field in self.list_export})
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response


class SurveySubmissionsListView(FormulaSafeExportMixin, SubmissionsListView):
    """A survey's answers in the admin; SurveyPage imports it when the view is first needed."""
