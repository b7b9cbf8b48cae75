"""Limits shared by the models and the public forms."""

# Long enough for a detailed remark on a draft act; longer texts are attachments, sent by post or e-mail.
MAX_TEXT_LENGTH = 10_000

# The largest id a database row can have (a signed 64-bit integer, on SQLite and PostgreSQL).
MAX_ID = 2**63 - 1


def page_id(value):
    """The id in a query string or hidden field, or None for anything that cannot be one
    (text, a sign, a number too large for the database, which SQLite would fail on)."""
    value = str(value or "").strip()
    if not value.isascii() or not value.isdigit() or int(value) > MAX_ID:
        return None
    return int(value)
