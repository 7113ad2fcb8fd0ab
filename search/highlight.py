"""Mark the words of a query in a name, whatever diacritics either was typed with."""

from __future__ import annotations

from django.utils.html import escape

from registry.text import fold


def highlight(name: str, tokens: list[str]) -> str:
    """HTML: the name escaped, each word that starts with a query word wrapped in <mark>."""
    if not tokens:
        return str(escape(name))
    words = []
    for word in name.split(" "):
        folded = fold(word)
        if folded and any(folded.startswith(token) for token in tokens):
            words.append(f"<mark>{escape(word)}</mark>")
        else:
            words.append(str(escape(word)))
    return " ".join(words)
