"""SQLite: a small covering index for reading an index entry's type and object id by its id.

Every FTS match is joined to its index entry to learn what it is. Looked up in the table, each
entry's row carries its whole indexed text (title, body, autocomplete), so 7,000 matches read
7,000 scattered pages; this index holds only the three numbers, a few dozen pages in all.
search.sqlite_ranking names it in the join (SQLite would otherwise always take the table's own key).
PostgreSQL needs nothing: there the match is joined through the searched objects.
"""

from django.db import migrations

INDEX_NAME = "search_indexentry_id_type_object"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{INDEX_NAME}" ON "{table}" ("id", "content_type_id", "object_id")'
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX_NAME}"')


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create_index, drop_index)]
