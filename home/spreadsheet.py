"""CSV that a spreadsheet program opens as data, never as formulas, with Polish letters intact.

A resident who writes `=HYPERLINK("https://…?"&A1)` or `+cmd|' /C calc'!A0` in a remark or a
title must not get a formula run on the computer of whoever opens the file (OWASP "CSV
injection"). As OWASP recommends, a text cell that starts with =, +, -, @, a tab or a carriage
return gets a leading apostrophe, so spreadsheets show it as text.
"""

import csv

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
    writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
    writer.writerow([spreadsheet_cell(cell) for cell in header])
    writer.writerows([spreadsheet_cell(cell) for cell in row] for row in rows)
