"""PostgreSQL: search_rankvector, a small vector of the start of each index entry's text, kept
by a trigger, for ranking without reading the entries' whole (TOASTed) body vectors.

See search/models.py. SQLite gets nothing (the model is unmanaged): its ranking is FTS5's.
The text search configuration is the search backend's SEARCH_CONFIG when migrating.
"""

from django.conf import settings
from django.db import migrations, models
import django.contrib.postgres.search
import django.db.models.deletion

RANK_TEXT_CHARS = 700  # search.models.RANK_TEXT_CHARS when this was written


def search_config():
    backend = getattr(settings, "WAGTAILSEARCH_BACKENDS", {}).get("default", {})
    return backend.get("SEARCH_CONFIG") or "simple"


def create_table(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    entries = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    config = search_config().replace("'", "''")
    vector = f"to_tsvector('{config}'::regconfig, left(NEW.body_text, {RANK_TEXT_CHARS}))"
    schema_editor.execute(
        f"""
        CREATE TABLE IF NOT EXISTS search_rankvector (
            entry_id integer PRIMARY KEY REFERENCES "{entries}" (id) ON DELETE CASCADE,
            body tsvector NOT NULL
        );
        CREATE OR REPLACE FUNCTION search_rankvector_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO search_rankvector (entry_id, body) VALUES (NEW.id, {vector})
            ON CONFLICT (entry_id) DO UPDATE SET body = EXCLUDED.body;
            RETURN NULL;
        END
        $$;
        DROP TRIGGER IF EXISTS search_rankvector_insert ON "{entries}";
        CREATE TRIGGER search_rankvector_insert AFTER INSERT ON "{entries}"
            FOR EACH ROW EXECUTE FUNCTION search_rankvector_refresh();
        DROP TRIGGER IF EXISTS search_rankvector_update ON "{entries}";
        CREATE TRIGGER search_rankvector_update AFTER UPDATE OF body_text ON "{entries}"
            FOR EACH ROW WHEN (OLD.body_text IS DISTINCT FROM NEW.body_text)
            EXECUTE FUNCTION search_rankvector_refresh();
        INSERT INTO search_rankvector (entry_id, body)
            SELECT id, {vector.replace("NEW.", "")} FROM "{entries}"
            ON CONFLICT (entry_id) DO NOTHING;
        ANALYZE search_rankvector;
        """
    )


def drop_table(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    entries = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    schema_editor.execute(
        f"""
        DROP TRIGGER IF EXISTS search_rankvector_insert ON "{entries}";
        DROP TRIGGER IF EXISTS search_rankvector_update ON "{entries}";
        DROP FUNCTION IF EXISTS search_rankvector_refresh();
        DROP TABLE IF EXISTS search_rankvector;
        """
    )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_index_entry_lookup_index"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [
        migrations.CreateModel(
            name="RankVector",
            fields=[
                (
                    "entry",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="rank_vector",
                        serialize=False,
                        to="wagtailsearch.indexentry",
                    ),
                ),
                ("body", django.contrib.postgres.search.SearchVectorField()),
            ],
            options={"db_table": "search_rankvector", "managed": False},
        ),
        migrations.RunPython(create_table, drop_table),
    ]
