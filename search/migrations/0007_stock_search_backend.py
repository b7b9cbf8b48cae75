"""Back to Wagtail's database search backend as it ships: drop what the old custom backend added.

Migrations 0001-0006 of this app added, on PostgreSQL, a small rank vector per index entry
(search_rankvector) and a postings table (search_posting) kept by triggers on the index entries,
with their functions and a covering index; on SQLite, a covering index on the index entries and
a narrower full-text trigger. Those migrations are gone; this one removes whatever of theirs a
database still has (each statement is a no-op on a database that never had it) and puts
Wagtail's own SQLite full-text trigger back. Nothing is reversed: the old backend's code is gone.
"""

from django.db import migrations

POSTGRES = """
    DROP TRIGGER IF EXISTS search_rankvector_insert ON "{entries}";
    DROP TRIGGER IF EXISTS search_rankvector_update ON "{entries}";
    DROP TRIGGER IF EXISTS search_rankvector_delete ON "{entries}";
    DROP TRIGGER IF EXISTS search_rankvector_truncate ON "{entries}";
    DROP FUNCTION IF EXISTS search_rankvector_refresh();
    DROP FUNCTION IF EXISTS search_rankvector_forget();
    DROP FUNCTION IF EXISTS search_rankvector_forget_all();
    DROP FUNCTION IF EXISTS search_posting_rows(tsvector, tsvector, tsvector);
    DROP FUNCTION IF EXISTS search_posting_lexemes(tsvector, tsvector, tsvector);
    DROP FUNCTION IF EXISTS search_lexeme_query(text);
    DROP FUNCTION IF EXISTS search_posting_settings();
    DROP TABLE IF EXISTS search_posting;
    DROP TABLE IF EXISTS search_rankvector;
    DROP INDEX IF EXISTS search_indexentry_id_lookup;
"""

SQLITE_FTS_TRIGGER = "update_wagtailsearch_indexentry_fts"


def drop_custom_search(apps, schema_editor):
    connection = schema_editor.connection
    entries = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    if connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES.format(entries=entries))
    elif connection.vendor == "sqlite":
        schema_editor.execute('DROP INDEX IF EXISTS "search_indexentry_id_type_object"')
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = %s", [SQLITE_FTS_TRIGGER])
            has_full_text_index = cursor.fetchone() is not None
        if has_full_text_index:
            # Wagtail's trigger, as wagtailsearch's migration 0006 creates it.
            schema_editor.execute(f'DROP TRIGGER "{SQLITE_FTS_TRIGGER}"')
            schema_editor.execute(
                f'CREATE TRIGGER "{SQLITE_FTS_TRIGGER}" AFTER UPDATE ON "{entries}" BEGIN UPDATE "{entries}_fts" '
                "SET title=NEW.title, body=NEW.body, autocomplete=NEW.autocomplete WHERE rowid=NEW.id; END"
            )


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(drop_custom_search, migrations.RunPython.noop)]
