"""Text helpers for Vietnamese names. Pure functions, no Django.

Names arrive composed (NFC) from most keyboards and decomposed (NFD) from some, notably macOS
and iOS; storing one form keeps "Nguyễn" equal to "Nguyễn". Searching needs the opposite: a
folded form without tone marks, so that "nguyen van an" finds "Nguyễn Văn An". What people type
into a search box is cleaned once, the same way for the public site search and the staff search
(`clean_typed`).
"""

from __future__ import annotations

import re
import unicodedata


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


# The longest search text kept (the public site search and the staff registry search).
MAX_TYPED_LENGTH = 200


def clean_typed(raw: str) -> str:
    """Search text as the person meant it, safe to show back and to search with: composed (NFC,
    as macOS and iOS may send it decomposed), single spaces, at most `MAX_TYPED_LENGTH`
    characters, and no invisible characters (control, format, unassigned: NUL breaks
    PostgreSQL, bidi overrides garble the page). Each invisible character separates words, as
    `fold` makes control characters spaces; anything else is only ever passed on as data,
    never as query syntax."""
    text = "".join(
        " " if unicodedata.category(ch).startswith("C") else ch
        for ch in (raw or "")[: 4 * MAX_TYPED_LENGTH]
    )
    return " ".join(nfc(text).split())[:MAX_TYPED_LENGTH].strip()


class _Folded(dict[int, str]):
    """Each character's folded form, worked out the first time it is met (`str.translate`
    asks this table for every character): its canonical decomposition without combining marks
    ("ễ" → "e"), a control character as a space, đ as d. Folding character by character is
    folding the whole text: decomposition only reorders the marks it drops."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if unicodedata.category(ch) == "Cc":
            folded = " "
        else:
            decomposed = unicodedata.normalize("NFD", ch)
            folded = "".join(c for c in decomposed if not unicodedata.combining(c))
            folded = folded.replace("đ", "d").replace("Đ", "D")
        self[code] = folded
        return folded


_FOLDED = _Folded()


def fold(text: str) -> str:
    """Lower case, no diacritics, đ → d, single spaces: the form search compares.

    `đ` is a letter of its own, not `d` with a mark, so Unicode decomposition leaves it alone.
    Control characters become spaces (PostgreSQL refuses NUL in text, and none belongs in a name).
    """
    if not text:
        return ""
    if not (text.isascii() and text.isprintable()):
        text = text.translate(_FOLDED)
    return " ".join(text.lower().split())


# --- Comparing names word by word ----------------------------------------------------------------

# A run of letters and digits: what `str.isalnum` holds (Python's \w is exactly that and "_").
WORD = re.compile(r"[^\W_]+")


def split_words(text: str) -> list[str]:
    """The runs of letters and digits of `text`: the search words of folded text, as queries,
    records and place names are split (anything else, Lucene syntax included, separates)."""
    return WORD.findall(text)


# The five tone marks, as Unicode combining characters (the other marks, breve, circumflex and
# horn, make letters of their own: ă, â, ê, ô, ơ, ư).
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Where two conventions place the tone mark: "hòa" or "hoà", "thúy" or "thuý", "khỏe" or "khoẻ",
# when the syllable ends with the pair. Both are the same name to a Vietnamese reader.
TWO_PLACES = frozenset(("oa", "oe", "uy"))


def tone_normalised(text: str) -> str:
    """`text` composed (NFC), each syllable's tone mark where one convention puts it: on the
    first vowel of a final oa, oe or uy ("Hoà" → "Hòa", "Thuý" → "Thúy"), as most names are
    written. "Thùy" stays "Thùy", a different name from "Thúy"; "quý" keeps its mark on the y
    (the u belongs to the qu), and "hoàn", "tuyết" (a letter after the pair) have one place only.
    """
    return " ".join(_syllable(word) for word in nfc(text).split(" "))


def _syllable(word: str) -> str:
    letters: list[list[str]] = []  # each letter as [base, its other marks…]
    tone = ""
    tone_at = -1
    for ch in unicodedata.normalize("NFD", word):
        if ch in TONE_MARKS and letters:
            tone, tone_at = ch, len(letters) - 1
        elif unicodedata.combining(ch) and letters:
            letters[-1].append(ch)
        else:
            letters.append([ch])
    if not tone:
        return word
    bases = "".join(letter[0] for letter in letters).lower()
    pair = bases[-2:]
    plain_pair = len(letters) >= 2 and all(len(letter) == 1 for letter in letters[-2:])
    if (
        pair in TWO_PLACES
        and plain_pair
        and tone_at == len(letters) - 1
        and not bases[:-2].endswith("q")
    ):
        tone_at = len(letters) - 2
    letters[tone_at].append(tone)
    return unicodedata.normalize("NFC", "".join("".join(letter) for letter in letters))


def as_typed_words(text: str) -> list[str]:
    """The words of `text` as typed, for comparing marks: lower case, tone placement normalised,
    split where `fold` splits them into search words (anything but letters and digits)."""
    cleaned = "".join(ch if ch.isalnum() or unicodedata.combining(ch) else " " for ch in nfc(text))
    return [tone_normalised(word).lower() for word in cleaned.split()]


def has_marks(word: str) -> bool:
    """Whether a word was typed with diacritics (đ included)."""
    return fold(word) != word.lower()


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau–Levenshtein distance (optimal string alignment: a swap of two neighbours is one
    edit, as in Elasticsearch's fuzzy queries), or `limit + 1` once it is sure to exceed it."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            cost = x != y
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return min(previous[-1], limit + 1)


def allowed_edits(word: str) -> int:
    """How many edits a mistyped word may be from the word meant: Elasticsearch's AUTO
    fuzziness (none up to two letters, one up to five, two beyond)."""
    return 0 if len(word) <= 2 else 1 if len(word) <= 5 else 2
