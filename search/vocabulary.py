"""The registry's vocabulary, and the words a mistyped word may have meant.

A word typed that no record holds ("pahm", "nagm") is compared with the words the registry does
hold, by Damerau–Levenshtein distance (a swap of two letters is one edit) under Elasticsearch's
AUTO rule (`registry.text.allowed_edits`), as Elasticsearch's fuzzy query compares it with its
terms: the database engine then matches the words found, so both engines take a typo for the
same words. Trigram similarity, which PostgreSQL's index answers, scores a swap in a short word
far too low (0.2–0.4) to find it.

The vocabulary (`SearchWord`) gains the words of a record as it is saved (`remember`) and is
rebuilt every night from the records in the registry (`refresh`), so that the words of people
who have left go with them. On PostgreSQL, fuzzystrmatch's Levenshtein distance (a swap counts
two there) narrows the vocabulary in SQL before the exact distance is taken in Python.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Func, IntegerField, Value
from django.db.models.functions import Length

from registry.models import Member
from registry.text import allowed_edits, edit_distance, split_words
from search.database.sql import postgres
from search.models import SearchWord

# Like Elasticsearch's fuzzy `max_expansions`: at most this many words for one mistyped word,
# the closest first.
MAX_EXPANSIONS = 50
CHUNK = 2000
LONGEST = SearchWord._meta.get_field("word").max_length or 100


class LevenshteinAtMost(Func):
    """fuzzystrmatch's `levenshtein_less_equal(word, typed, most)`: the distance, or more than
    `most` once it is sure to exceed it (cheap on words far apart)."""

    function = "levenshtein_less_equal"
    output_field = IntegerField()


# The words found for a mistyped word, kept a minute in this process (a search asks up to three
# times: to match, to rank, to mark); forgotten at once when this process adds words.
MEMO_SECONDS = 60
_memo: dict[tuple[str, int], dict[str, int]] = {}


def similar_words(token: str) -> dict[str, int]:
    """The vocabulary's words within the allowed edits of `token`, each with its distance."""
    key = (token, int(time.monotonic() // MEMO_SECONDS))
    if key not in _memo:
        if len(_memo) > 1000:
            _memo.clear()
        _memo[key] = closest_words(token)
    return dict(_memo[key])


def closest_words(token: str) -> dict[str, int]:
    """`similar_words`, asked of the database."""
    most = allowed_edits(token)
    if not most:
        return {}
    candidates = SearchWord.objects.alias(length=Length("word")).filter(
        length__gte=len(token) - most, length__lte=len(token) + most
    )
    if postgres():
        # A swap is two Levenshtein edits: one more than allowed narrows without losing it.
        candidates = candidates.alias(
            distance=LevenshteinAtMost(F("word"), Value(token), Value(most + 1))
        ).filter(distance__lte=most + 1)
    found = {}
    for word in candidates.values_list("word", flat=True).iterator(chunk_size=CHUNK):
        distance = edit_distance(token, word, most)
        if distance <= most and word != token:
            found[word] = distance
    closest = sorted(found, key=lambda word: (found[word], word))[:MAX_EXPANSIONS]
    return {word: found[word] for word in closest}


def kept_words(texts: Iterable[str]) -> set[str]:
    """The words of these searched texts the vocabulary keeps (not longer than its column)."""
    return {word for text in texts for word in split_words(text) if len(word) <= LONGEST}


def remember_text(texts: Iterable[str]) -> None:
    """Add the words of these searched texts to the vocabulary."""
    new = kept_words(texts)
    _memo.clear()
    SearchWord.objects.bulk_create(
        [SearchWord(word=word) for word in sorted(new)], ignore_conflicts=True, batch_size=CHUNK
    )


def remember(pks: list[int]) -> None:
    """Add the words of these members' records to the vocabulary."""
    pks = list(pks)
    for start in range(0, len(pks), CHUNK):
        chunk = pks[start : start + CHUNK]
        remember_text(Member.objects.filter(pk__in=chunk).values_list("search_text", flat=True))


def refresh() -> int:
    """Rebuild the vocabulary from the records in the registry; the number of words."""
    current: set[str] = set()
    texts = Member.objects.in_registry().values_list("pk", "search_text").order_by("pk")
    last = 0
    while chunk := list(texts.filter(pk__gt=last)[:CHUNK]):
        last = chunk[-1][0]
        current |= kept_words(text for _pk, text in chunk)
    _memo.clear()
    with transaction.atomic():
        stale = sorted(set(SearchWord.objects.values_list("word", flat=True)) - current)
        for start in range(0, len(stale), CHUNK):
            SearchWord.objects.filter(word__in=stale[start : start + CHUNK]).delete()
        remember_text([" ".join(sorted(current))])
    return len(current)
