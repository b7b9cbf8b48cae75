"""SQLite: the full-text index left compact by `update_index` (search.backend installs this).

Entries added one by one (a page published, a document uploaded) each add a small FTS5
segment, which FTS5 merges now and then by itself (automerge). A whole `update_index` writes
thousands of entries at once and leaves several segments, each of which every search has to
read and merge. At the end of a rebuild the index is merged into one segment ('optimize'):
about 0.3 s for 10,000 documents, and searches for common words no longer merge segments.
Search/migrations/0006 keeps the entries from being written to the index twice.
"""

import functools

from django.db import connections


def optimize_full_text_index(alias):
    """Merge the FTS5 index of the search entries on this database into one segment."""
    from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

    fts = SQLiteFTSIndexEntry._meta.db_table
    with connections[alias].cursor() as cursor:
        cursor.execute(f'INSERT INTO "{fts}"("{fts}") VALUES(\'optimize\')')


@functools.cache
def optimizing(rebuilder_class):
    """modelsearch's SQLite rebuilder class (atomic or not), optimising the index when done."""

    class OptimizingRebuilder(rebuilder_class):
        def finish(self):
            # Before modelsearch's finish: the atomic rebuilder's transaction is still open, so
            # a failed rebuild leaves the index as it was. Its title_norm refresh that follows
            # does not write to the full-text index (search/migrations/0006).
            optimize_full_text_index(self.index.write_connection.alias)
            super().finish()

    OptimizingRebuilder.__name__ = f"Optimizing{rebuilder_class.__name__}"
    return OptimizingRebuilder
