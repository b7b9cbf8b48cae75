"""PostgreSQL: search_posting keyed by the entry's object (content type, integer object id), not
by the entry's id, so a search joins its matches to the searched objects by their integer key,
without going through the index entries (whose object id is text).

Rows: (lexeme, content type, object id) -> flags and the lexeme's ts_rank shares, as in 0004.
No second index: the rows of an entry are found again (on UPDATE and DELETE) through the
primary key from the entry's old lexemes, which the trigger computes from the entry's old
title, body and text exactly as it did when it wrote them; this spares the ~50 MB index on
entry ids, and indexing its upkeep. An entry whose object id is not an integer gets no rows
(the search then goes the vectors' way for such models, see search.postgres_ranking). The entries'
title_norm (rewritten for every entry by update_index) stays in the entries: the search reads
it only for the few matches with a title share. 0004's covering index on the entries' ids goes.
SQLite gets nothing.
"""

import importlib

from django.db import migrations

postings_0004 = importlib.import_module("search.migrations.0004_postings")
RANK_TEXT_CHARS = postings_0004.RANK_TEXT_CHARS
INTEGER_KEY = "'^[0-9]{1,18}$'"


def create_postings(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    entries = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    config = postings_0004.literal(postings_0004.search_config())

    def small(row):
        return f"to_tsvector({config}::regconfig, left({row}.body_text, {RANK_TEXT_CHARS}))"

    schema_editor.execute(
        f"""
        DROP TABLE IF EXISTS search_posting;
        DROP INDEX IF EXISTS "{postings_0004.LOOKUP_INDEX}";
        CREATE TABLE search_posting (
            lexeme text NOT NULL,
            content_type_id integer NOT NULL,
            object_id bigint NOT NULL,
            flags smallint NOT NULL,
            title_rank real NOT NULL,
            body_rank real NOT NULL,
            PRIMARY KEY (lexeme, content_type_id, object_id) INCLUDE (flags, title_rank, body_rank)
        );

        -- Every lexeme an entry's postings hold (search_posting_rows' lexemes).
        CREATE OR REPLACE FUNCTION search_posting_lexemes(title tsvector, body tsvector, small tsvector)
            RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
            SELECT tsvector_to_array(coalesce(title, '') || coalesce(body, '') || coalesce(small, ''))
        $$;

        CREATE OR REPLACE FUNCTION search_rankvector_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            small tsvector := {small("NEW")};
        BEGIN
            INSERT INTO search_rankvector (entry_id, body) VALUES (NEW.id, small)
            ON CONFLICT (entry_id) DO UPDATE SET body = EXCLUDED.body;
            IF TG_OP = 'UPDATE' AND OLD.object_id ~ {INTEGER_KEY} THEN
                DELETE FROM search_posting
                WHERE content_type_id = OLD.content_type_id AND object_id = OLD.object_id::bigint
                    AND lexeme = ANY(search_posting_lexemes(OLD.title, OLD.body, {small("OLD")}));
            END IF;
            IF NEW.object_id ~ {INTEGER_KEY} THEN
                INSERT INTO search_posting (lexeme, content_type_id, object_id, flags, title_rank, body_rank)
                    SELECT p.lexeme, NEW.content_type_id, NEW.object_id::bigint, p.flags, p.title_rank, p.body_rank
                    FROM search_posting_rows(NEW.title, NEW.body, small) p
                ON CONFLICT (lexeme, content_type_id, object_id) DO UPDATE
                    SET flags = EXCLUDED.flags, title_rank = EXCLUDED.title_rank, body_rank = EXCLUDED.body_rank;
            END IF;
            RETURN NULL;
        END
        $$;
        DROP TRIGGER IF EXISTS search_rankvector_update ON "{entries}";
        CREATE TRIGGER search_rankvector_update
            AFTER UPDATE OF title, body, body_text, content_type_id, object_id ON "{entries}"
            FOR EACH ROW WHEN (
                OLD.body_text IS DISTINCT FROM NEW.body_text
                OR OLD.title IS DISTINCT FROM NEW.title
                OR OLD.body IS DISTINCT FROM NEW.body
                OR OLD.content_type_id IS DISTINCT FROM NEW.content_type_id
                OR OLD.object_id IS DISTINCT FROM NEW.object_id
            )
            EXECUTE FUNCTION search_rankvector_refresh();

        CREATE OR REPLACE FUNCTION search_rankvector_forget() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            DELETE FROM search_rankvector WHERE entry_id = OLD.id;
            IF OLD.object_id ~ {INTEGER_KEY} THEN
                DELETE FROM search_posting
                WHERE content_type_id = OLD.content_type_id AND object_id = OLD.object_id::bigint
                    AND lexeme = ANY(search_posting_lexemes(OLD.title, OLD.body, {small("OLD")}));
            END IF;
            RETURN NULL;
        END
        $$;

        INSERT INTO search_posting (lexeme, content_type_id, object_id, flags, title_rank, body_rank)
            SELECT p.lexeme, e.content_type_id, e.object_id::bigint, p.flags, p.title_rank, p.body_rank
            FROM "{entries}" e
            CROSS JOIN LATERAL search_posting_rows(e.title, e.body, {small("e")}) p
            WHERE e.object_id ~ {INTEGER_KEY};
        ANALYZE search_posting;
        """
    )


def entry_postings(apps, schema_editor):
    """Back to 0004's table (rows by entry id), written again from the entries."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "DROP TABLE IF EXISTS search_posting; DROP FUNCTION IF EXISTS search_posting_lexemes(tsvector, tsvector, tsvector);"
    )
    postings_0004.create_postings(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_postings")]

    operations = [
        migrations.RunPython(create_postings, entry_postings),
    ]
