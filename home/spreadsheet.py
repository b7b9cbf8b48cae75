"""CSV that a spreadsheet program opens as data, never as formulas, with Polish letters intact.

Excel in a Polish locale opens a double-clicked CSV file with `;` between cells (the comma is the
decimal separator) and reads it as UTF-8 only when the file starts with a byte-order mark;
without one, "Łagisza" comes out as mojibake. So every CSV the portal writes has the mark, `;`
and empty cells where there is no value; staff exports show dates in Warsaw time. XLSX needs
none of this.

A resident who writes `=HYPERLINK("https://…?"&A1)` or `+cmd|' /C calc'!A0` in a remark or a
title must not get a formula run on the computer of whoever opens the file (OWASP "CSV
injection"). As OWASP recommends, a text cell that starts with =, +, -, @, a tab or a carriage
return gets a leading apostrophe, so spreadsheets show it as text.
"""

import csv
import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A byte-order mark, so spreadsheet programs read the file as UTF-8 (Polish letters).
BYTE_ORDER_MARK = "\ufeff"


def neutralise_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return f"'{value}"
    return value


def spreadsheet_cell(value):
    """A cell's text: empty for None, formulas neutralised, anything else as it prints."""
    if value is None:
        return ""
    return neutralise_formula(value if isinstance(value, str) else str(value))


def write_spreadsheet_csv(stream, header, rows):
    """Write `header` and `rows` (sequences of cells) as the CSV a Polish spreadsheet app opens
    by a double click: UTF-8 with a byte-order mark, `;` between cells (the comma is the Polish
    decimal separator), empty cells empty, text that looks like a formula kept as text."""
    stream.write(BYTE_ORDER_MARK)
    writer = csv.writer(stream, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow([spreadsheet_cell(cell) for cell in header])
    writer.writerows([spreadsheet_cell(cell) for cell in row] for row in rows)


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
