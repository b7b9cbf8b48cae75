"""SQLite: the full-text index is written again only when an entry's text changes.

Wagtail's trigger copies an index entry to its FTS5 row after any UPDATE of the entry. But
modelsearch updates every new entry once more right after inserting it, to set its title_norm
(and every entry on `update_index`), so each entry was written to the full-text index twice.
FTS5 keeps the first copy as a deleted entry until its segments are merged: an index built by
`update_index` was twice its size, and every search read past the deleted copies. The trigger
now fires only when one of the text columns the FTS row holds (title, body, autocomplete)
is set to something else, as search/migrations/0005's triggers do on PostgreSQL, so the FTS row
is never out of date, and `update_index` of unchanged objects writes nothing to it either. The
index is then merged into one segment (FTS5 'optimize'), dropping the deleted copies already
there.
PostgreSQL needs nothing: its entries carry their own vectors.
"""

from django.db import migrations

TRIGGER = "update_wagtailsearch_indexentry_fts"


TEXT_CHANGED = (
    " OF title, body, autocomplete",
    " WHEN OLD.title IS NOT NEW.title OR OLD.body IS NOT NEW.body OR OLD.autocomplete IS NOT NEW.autocomplete",
)


def _statements(apps, schema_editor, condition):
    """`condition`: (columns, WHEN clause) that the update must meet, or empty ones for any update."""
    columns, when = condition
    table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = %s", [TRIGGER])
        if cursor.fetchone() is None:  # SQLite without FTS5: Wagtail made no full-text index
            return []
    fts = f"{table}_fts"
    return [
        f'DROP TRIGGER "{TRIGGER}"',
        f'CREATE TRIGGER "{TRIGGER}" AFTER UPDATE{columns} ON "{table}"{when} BEGIN '
        f'UPDATE "{fts}" SET title=NEW.title, body=NEW.body, autocomplete=NEW.autocomplete WHERE rowid=NEW.id; END',
        f"INSERT INTO \"{fts}\"(\"{fts}\") VALUES('optimize')",
    ]


def text_updates_only(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in _statements(apps, schema_editor, TEXT_CHANGED):
            schema_editor.execute(statement)


def every_update(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in _statements(apps, schema_editor, ("", "")):
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_postings_by_object")]

    operations = [migrations.RunPython(text_updates_only, every_update)]
