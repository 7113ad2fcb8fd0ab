"""Every beginning of every word stored in `Member.search_vector` (PostgreSQL): "nguyen" is
stored as n, ng, ngu, … nguyen, so that a word typed whole or half is one exact entry of the
full-text index, not a prefix (`nguyen:*`).

A prefix gathers the records of every word it starts, all of them, before the other words are
asked (13 ms for "nguyen van hung osaka" among 100,000 members: 40,000 Nguyễn, 50,000 Văn);
exact entries are intersected rarest first, skipping through the frequent ones (1 ms). The
words are those `to_tsvector('simple', …)` found before (migration 0021); a trigger writes
them on every insert and on every update of `search_text`, whichever way the row is written.

The beginnings stay in the members' table (700 bytes a member on average, against 270 for the
words alone): in a table of their own they kept the rows the counts read narrow, but every
count of many matches then joined the two tables (0.84 s against 0.37 for the 40,000 members
"ngu" finds, bench/search.py). PostgreSQL moves a value out of the row only above 2 kB.

Rewriting every row takes time (38 s for 100,000 members on a 2-core machine): the index is
dropped first and built again after. VACUUM FULL registry_member afterwards gives back the
space of the old rows.
"""

from importlib import import_module

from django.db import migrations

# Back to the words alone: migration 0021's own statements, once this one's trigger and index
# are gone (its CREATE INDEX then builds the index after the UPDATE).
WORDS_ALONE = import_module("registry.migrations.0021_member_search_vector").FORWARD

FUNCTIONS = [
    # The beginnings of the words of a searched text, as one tsvector without positions.
    """
    CREATE OR REPLACE FUNCTION member_search_beginnings(words text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(array_to_tsvector(array_agg(DISTINCT left(word, n))), ''::tsvector)
        FROM unnest(tsvector_to_array(to_tsvector('pg_catalog.simple', coalesce(words, ''))))
            AS word,
            generate_series(1, length(word)) AS n
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION member_search_vector_write() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_vector := member_search_beginnings(NEW.search_text);
        RETURN NEW;
    END
    $$
    """,
]
FORWARD = [
    *FUNCTIONS,
    "DROP TRIGGER IF EXISTS member_search_vector ON registry_member",
    "CREATE TRIGGER member_search_vector BEFORE INSERT OR UPDATE OF search_text"
    " ON registry_member FOR EACH ROW EXECUTE FUNCTION member_search_vector_write()",
    "DROP INDEX IF EXISTS member_search_vector",
    "UPDATE registry_member SET search_vector = member_search_beginnings(search_text)",
    "CREATE INDEX member_search_vector ON registry_member USING gin (search_vector)",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS member_search_vector ON registry_member",
    "DROP INDEX IF EXISTS member_search_vector",
    *WORDS_ALONE,
    "DROP FUNCTION IF EXISTS member_search_vector_write()",
    "DROP FUNCTION IF EXISTS member_search_beginnings(text)",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("registry", "0021_member_search_vector")]

    operations = [migrations.RunPython(forward, backward)]
