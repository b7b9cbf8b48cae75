"""PostgreSQL: a small vector per index entry, for ranking only (search/migrations/0002).

modelsearch ranks a match with ts_rank over the entry's whole body vector: a long PDF's is
several kilobytes, stored out of line (TOAST), so a word in 7,000 documents read and
decompressed 7,000 of them just to order the results. `RankVector.body` is the vector of the
start of the entry's text (its first RANK_TEXT_CHARS characters: tags, description, the
normalised title and the beginning of the extracted text), small enough to stay in the row.
Matching still uses the full vectors and their GIN indexes, so a word deep in a PDF still
finds the document; only the order weighs the beginning of a long text more than its end.

A trigger on the index entry table keeps it current wherever modelsearch writes an entry
(signals, update_index, add_bulk); deleting an entry, or emptying the entries' table, deletes
its vector (triggers too: a foreign key would stop Django's `flush` from emptying the entries,
see search/migrations/0003). The table exists only on PostgreSQL; the model is unmanaged so
Django never creates it elsewhere.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models

# About 100 words: a vector this size stays inline (pg_column_size about 1 kB, under the ~2 kB at
# which PostgreSQL moves a value out of the row).
RANK_TEXT_CHARS = 700


class RankVector(models.Model):
    entry = models.OneToOneField(
        "wagtailsearch.IndexEntry",
        primary_key=True,
        on_delete=models.DO_NOTHING,  # the database's triggers delete it (see the migrations)
        db_constraint=False,
        related_name="rank_vector",
    )
    body = SearchVectorField()

    class Meta:
        managed = False
        db_table = "search_rankvector"

    def __str__(self):
        return f"rank vector of index entry {self.entry_id}"
