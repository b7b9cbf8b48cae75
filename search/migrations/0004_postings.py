"""PostgreSQL: search_posting, one row per (lexeme, index entry), kept by the index entries'
triggers, so that a search counts and ranks its matches without reading any entry's vectors.

See search/postgres_ranking.py. The rows of an entry are written by the same trigger function
that writes its small rank vector (search/migrations/0002, replaced here), and go with the entry
on DELETE and TRUNCATE (search/migrations/0003's functions, replaced here). A covering index on
the entries (id -> content type, object id, title norm) lets the search join a posting's entry
to its object without reading the entries' wide rows.

The ranking weights (modelsearch's, from the models' boosts) and the text search configuration
are written into the functions when migrating; search_posting_settings() returns them, and the
search uses the postings only while they are still the ones in use (search.postgres_ranking).
SQLite gets nothing (the model is unmanaged).
"""

from django.conf import settings
from django.db import migrations

RANK_TEXT_CHARS = 700  # search.models.RANK_TEXT_CHARS when 0002 was written
LOOKUP_INDEX = "search_indexentry_id_lookup"


def search_config():
    backend = getattr(settings, "WAGTAILSEARCH_BACKENDS", {}).get("default", {})
    return backend.get("SEARCH_CONFIG") or "simple"


def sql_weights():
    from modelsearch.backends.database.postgres.weights import get_sql_weights

    return get_sql_weights()


def literal(text):
    return "'" + text.replace("'", "''") + "'"


def create_postings(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    entries = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    config = literal(search_config())
    weights = literal(sql_weights())
    settings_text = literal(f"{search_config()}|{sql_weights()}")
    small = f"to_tsvector({config}::regconfig, left(NEW.body_text, {RANK_TEXT_CHARS}))"
    schema_editor.execute(
        f"""
        CREATE TABLE IF NOT EXISTS search_posting (
            lexeme text NOT NULL,
            entry_id integer NOT NULL,
            flags smallint NOT NULL,
            title_rank real NOT NULL,
            body_rank real NOT NULL,
            PRIMARY KEY (lexeme, entry_id) INCLUDE (flags, title_rank, body_rank)
        );
        CREATE INDEX IF NOT EXISTS search_posting_entry ON search_posting (entry_id);
        CREATE INDEX IF NOT EXISTS "{LOOKUP_INDEX}" ON "{entries}" (id)
            INCLUDE (content_type_id, object_id, title_norm);

        CREATE OR REPLACE FUNCTION search_posting_settings() RETURNS text
            LANGUAGE sql IMMUTABLE AS $$ SELECT {settings_text}::text $$;

        -- A lexeme as a tsquery of that one lexeme (no parsing, no configuration).
        CREATE OR REPLACE FUNCTION search_lexeme_query(lexeme text) RETURNS tsquery
            LANGUAGE sql IMMUTABLE STRICT AS $$
            SELECT ('''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || '''')::tsquery
        $$;

        -- The postings of one entry: every lexeme of its title (flag 1) and body (flag 2), with
        -- what it adds to ts_rank over the title and over the small vector (OR queries add up
        -- their lexemes' shares); lexemes only in the small vector (a word cut at its end) get
        -- flag 0: ranked as before, matching nothing.
        CREATE OR REPLACE FUNCTION search_posting_rows(title tsvector, body tsvector, small tsvector)
            RETURNS TABLE (lexeme text, flags smallint, title_rank real, body_rank real)
            LANGUAGE sql STABLE AS $$
            SELECT w.lexeme, bit_or(w.flag)::smallint,
                   coalesce(max(ts_rank({weights}::float4[], title, search_lexeme_query(w.lexeme)))
                       FILTER (WHERE w.flag = 1), 0)::real,
                   coalesce(max(ts_rank({weights}::float4[], small, search_lexeme_query(w.lexeme)))
                       FILTER (WHERE w.in_small), 0)::real
            FROM (
                SELECT t.lexeme, 1 AS flag, false AS in_small FROM unnest(title) t
                UNION ALL
                SELECT coalesce(b.lexeme, s.lexeme), CASE WHEN b.lexeme IS NULL THEN 0 ELSE 2 END,
                       s.lexeme IS NOT NULL
                FROM (SELECT u.lexeme FROM unnest(body) u) b
                FULL JOIN (SELECT u.lexeme FROM unnest(small) u) s ON s.lexeme = b.lexeme
            ) w
            GROUP BY w.lexeme
        $$;

        CREATE OR REPLACE FUNCTION search_rankvector_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            small tsvector := {small};
        BEGIN
            INSERT INTO search_rankvector (entry_id, body) VALUES (NEW.id, small)
            ON CONFLICT (entry_id) DO UPDATE SET body = EXCLUDED.body;
            DELETE FROM search_posting WHERE entry_id = NEW.id;
            INSERT INTO search_posting (lexeme, entry_id, flags, title_rank, body_rank)
                SELECT p.lexeme, NEW.id, p.flags, p.title_rank, p.body_rank
                FROM search_posting_rows(NEW.title, NEW.body, small) p;
            RETURN NULL;
        END
        $$;
        DROP TRIGGER IF EXISTS search_rankvector_update ON "{entries}";
        CREATE TRIGGER search_rankvector_update AFTER UPDATE OF title, body, body_text ON "{entries}"
            FOR EACH ROW WHEN (
                OLD.body_text IS DISTINCT FROM NEW.body_text
                OR OLD.title IS DISTINCT FROM NEW.title
                OR OLD.body IS DISTINCT FROM NEW.body
            )
            EXECUTE FUNCTION search_rankvector_refresh();

        CREATE OR REPLACE FUNCTION search_rankvector_forget() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            DELETE FROM search_rankvector WHERE entry_id = OLD.id;
            DELETE FROM search_posting WHERE entry_id = OLD.id;
            RETURN NULL;
        END
        $$;
        CREATE OR REPLACE FUNCTION search_rankvector_forget_all() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            TRUNCATE search_rankvector, search_posting;
            RETURN NULL;
        END
        $$;

        TRUNCATE search_posting;
        INSERT INTO search_posting (lexeme, entry_id, flags, title_rank, body_rank)
            SELECT p.lexeme, e.id, p.flags, p.title_rank, p.body_rank
            FROM "{entries}" e
            LEFT JOIN search_rankvector r ON r.entry_id = e.id
            CROSS JOIN LATERAL search_posting_rows(
                e.title, e.body,
                coalesce(r.body, {small.replace("NEW.", "e.")})
            ) p;
        ANALYZE search_posting;
        """
    )


def drop_postings(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    entries = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    config = literal(search_config())
    vector = f"to_tsvector({config}::regconfig, left(NEW.body_text, {RANK_TEXT_CHARS}))"
    schema_editor.execute(
        f"""
        CREATE OR REPLACE FUNCTION search_rankvector_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO search_rankvector (entry_id, body) VALUES (NEW.id, {vector})
            ON CONFLICT (entry_id) DO UPDATE SET body = EXCLUDED.body;
            RETURN NULL;
        END
        $$;
        DROP TRIGGER IF EXISTS search_rankvector_update ON "{entries}";
        CREATE TRIGGER search_rankvector_update AFTER UPDATE OF body_text ON "{entries}"
            FOR EACH ROW WHEN (OLD.body_text IS DISTINCT FROM NEW.body_text)
            EXECUTE FUNCTION search_rankvector_refresh();
        CREATE OR REPLACE FUNCTION search_rankvector_forget() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            DELETE FROM search_rankvector WHERE entry_id = OLD.id;
            RETURN NULL;
        END
        $$;
        CREATE OR REPLACE FUNCTION search_rankvector_forget_all() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            TRUNCATE search_rankvector;
            RETURN NULL;
        END
        $$;
        DROP FUNCTION IF EXISTS search_posting_rows(tsvector, tsvector, tsvector);
        DROP FUNCTION IF EXISTS search_lexeme_query(text);
        DROP FUNCTION IF EXISTS search_posting_settings();
        DROP INDEX IF EXISTS "{LOOKUP_INDEX}";
        DROP TABLE IF EXISTS search_posting;
        """
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0003_rank_vector_without_foreign_key")]

    operations = [
        migrations.RunPython(create_postings, drop_postings),
    ]
