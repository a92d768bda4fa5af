"""Text folding shared by the importers (work keys) and the search (query tokens).

The query side must split and fold words exactly like SQLite FTS5's ``unicode61
remove_diacritics 2`` tokenizer does on the indexed side, or a word with a diacritic or an
apostrophe would never meet its indexed form. unicode61 keeps letters and numbers and
separates on everything else; NFKD + dropping combining marks is what remove_diacritics does.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TOKEN = re.compile(r"[^\W_]+")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Where a main title ends and a subtitle or edition note begins ("_ " is ":" in file names).
_SUBTITLE = re.compile(r"\s*(?::|;|\(|\[|_\s| - | — | – |\.\s)")
_AUTHOR_SEPARATORS = re.compile(r";|\s&\s")
_NOT_SURNAME = frozenset({"ed", "eds", "edt", "editor", "editors", "jr", "sr", "ii", "iii", "et", "al", "etal", "trans", "red", "ред", "and"})


def fold(text: str) -> str:
    """Lower-case, diacritics removed: 'René' -> 'rene'."""
    if text.isascii():
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()


def tokens(text: str) -> list[str]:
    """Folded words, split as FTS5 unicode61 splits them."""
    return _TOKEN.findall(fold(text))


@lru_cache(maxsize=65536)  # dumps repeat the same author strings many times
def surname(author: str) -> str:
    """Folded family name of one author: 'Lane, Elinor' and 'Elinor Lane' both give 'lane'."""
    if "," in author:
        words = tokens(author.split(",", 1)[0])
        return words[-1] if words else ""
    words = [w for w in tokens(author) if len(w) > 1 and w not in _NOT_SURNAME]
    return words[-1] if words else ""


def work_key(title: str, authors: list[str]) -> str:
    """Key that puts editions of one work together: folded main title + first author's surname."""
    main = _SUBTITLE.split(title, 1)[0] if title else ""
    lowered = main.lower()
    if main.isascii() and lowered.replace(" ", "").isalnum():  # the common case, without the regex: same words
        key_title = " ".join(lowered.split())
    else:
        key_title = " ".join(tokens(main)) or " ".join(tokens(title))
    return f"{key_title}|{surname(authors[0]) if authors else ''}"


def split_authors(text: str) -> list[str]:
    """Split a source's author string into names.

    ';' and '&' always separate. A comma separates only when every part has several words
    ('Andreas M. Antonopoulos, Gavin Wood'), since 'Lane, Elinor' is one inverted name.
    """
    text = text.strip().lstrip("\ufeff")
    if not text:
        return []
    if "," not in text and ";" not in text and "&" not in text:
        return [text]
    parts = [p.strip() for p in _AUTHOR_SEPARATORS.split(text) if p.strip()]
    out: list[str] = []
    for part in parts:
        pieces = [p.strip() for p in part.split(",") if p.strip()]
        if len(pieces) > 1 and all(" " in p for p in pieces):
            out.extend(pieces)
        else:
            out.append(part)
    return out
