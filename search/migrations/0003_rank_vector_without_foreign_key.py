"""PostgreSQL: search_rankvector follows its index entries by triggers, not by a foreign key.

A foreign key to wagtailsearch_indexentry made `TRUNCATE wagtailsearch_indexentry` fail (Django's
`flush`, which empties the tables it manages, cannot name this unmanaged table), so the vectors
now go with their entries through two triggers: a deleted entry deletes its vector, and emptying
the entries' table empties this one. An entry id used again gets its vector rewritten by the
insert trigger of 0002.
"""

from django.db import migrations


def use_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    entries = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    schema_editor.execute(
        f"""
        ALTER TABLE search_rankvector DROP CONSTRAINT IF EXISTS search_rankvector_entry_id_fkey;
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
        DROP TRIGGER IF EXISTS search_rankvector_delete ON "{entries}";
        CREATE TRIGGER search_rankvector_delete AFTER DELETE ON "{entries}"
            FOR EACH ROW EXECUTE FUNCTION search_rankvector_forget();
        DROP TRIGGER IF EXISTS search_rankvector_truncate ON "{entries}";
        CREATE TRIGGER search_rankvector_truncate AFTER TRUNCATE ON "{entries}"
            FOR EACH STATEMENT EXECUTE FUNCTION search_rankvector_forget_all();
        """
    )


def use_foreign_key(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    entries = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    schema_editor.execute(
        f"""
        DROP TRIGGER IF EXISTS search_rankvector_delete ON "{entries}";
        DROP TRIGGER IF EXISTS search_rankvector_truncate ON "{entries}";
        DROP FUNCTION IF EXISTS search_rankvector_forget();
        DROP FUNCTION IF EXISTS search_rankvector_forget_all();
        DELETE FROM search_rankvector WHERE entry_id NOT IN (SELECT id FROM "{entries}");
        ALTER TABLE search_rankvector ADD CONSTRAINT search_rankvector_entry_id_fkey
            FOREIGN KEY (entry_id) REFERENCES "{entries}" (id) ON DELETE CASCADE;
        """
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0002_rank_vector")]

    operations = [migrations.RunPython(use_triggers, use_foreign_key)]
