"""ISBN findings: checksum-valid ISBN-13 and ISBN-10, reported as ISBN-13.

What counts (the issue's rule, and why):

* **13 digits starting 978/979** with a valid check digit are accepted without a label: they are
  the EAN "Bookland" numbers printed on every book's copyright page and barcode, and a random
  13-digit number passes the prefix *and* the checksum with probability 1/500.
* **10 digits** (ISBN-10) only with ISBN context: an ``ISBN``/``isbn=`` label right before, or
  the printed hyphenation shape ``group-publisher-item-check`` whose registration group is a
  real one. Bare 10-digit numbers are everywhere (Unix timestamps, nonces, phone numbers) and a
  tenth of them pass the mod-11 checksum.
* Never part of something longer: no letter, digit or ``_`` may touch the number, no digit may
  sit before a ``.``/``,`` in front of it (a decimal fraction) or continue it after ``.``/``,``/
  ``-`` (card numbers, tracking numbers, phone numbers written in groups).

Checksums and ISBN-10 → ISBN-13 conversion come from :mod:`shelfcheck.isbn` (shared with the
catalogue); registration groups from python-stdnum's range tables.
"""

from __future__ import annotations

import re
from typing import Iterator

from shelfcheck.cmi.scan import Haystack
from shelfcheck.isbn import isbn13_of_compact

_SEP = "[-\u2010\u2011 ]"
_ISBN13 = re.compile(rf"97[89](?:{_SEP}?\d){{10}}")
_ISBN10 = re.compile(rf"\d(?:{_SEP}?\d){{8}}{_SEP}?[\dXx]")
_LABEL = re.compile(r"(?:ISBN|isbn|Isbn)(?:-?1[03])?(?:\s*[:#=]\s*|\s+)")
_HYPHENATED10 = re.compile(r"(\d{1,5})-(\d{1,7})-(\d{1,7})-([\dXx])")
_HYPHEN_TAIL = re.compile(r"-\d{1,7}-[\dXx](?![\dXx])")
_SEPARATORS = "-\u2010\u2011 "
_BOOKLAND = re.compile(rb"97[89]")


def _touches_outside(text: str, start: int, end: int, *, spaced_ok: bool) -> bool:
    """True when the number at ``[start, end)`` is really part of a longer token."""
    before = text[start - 1] if start > 0 else ""
    before2 = text[start - 2] if start > 1 else ""
    if before.isalnum() or before == "_":
        return True
    if before == "." or (before in ",/" and before2.isdigit()):  # .978… is a decimal fraction
        return True
    if before and before in _SEPARATORS and before2.isdigit() and not spaced_ok:
        return True
    after = text[end] if end < len(text) else ""
    after2 = text[end + 1] if end + 1 < len(text) else ""
    if after.isalnum() or after == "_":
        return True
    if after in ".,-\u2010\u2011/" and after2.isdigit():
        return True
    return after == " " and after2.isdigit() and not spaced_ok


def _stdnum_isbn():
    """python-stdnum's ISBN module (for registration groups), imported on first use: it costs every
    command ~15 ms at start-up (it imports ssl), and most texts hold no hyphenated ISBN-10."""
    from stdnum import isbn

    return isbn




def _compact(number: str) -> str:
    return re.sub(r"[-\u2010\u2011 ]", "", number).upper()


def find_isbns(hay: Haystack) -> Iterator[tuple[int, int, str]]:
    """Yield ``(start, end, isbn13)`` for every ISBN in the text, in no particular order."""
    text = hay.text
    seen: set[int] = set()

    def emit(start: int, end: int, spaced_ok: bool):
        if start in seen or _touches_outside(text, start, end, spaced_ok=spaced_ok):
            return None
        value = isbn13_of_compact(_compact(text[start:end]))
        if value is not None:
            seen.add(start)
            return start, end, value
        return None

    # 1. labelled numbers (ISBN 0-306-40615-2, ISBN-13: 978..., ?isbn=978...): 13 or 10 digits
    for pos in hay.hits(("isbn",)):
        if pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] == "_"):
            continue
        label = _LABEL.match(text, pos)
        if label is None:
            continue
        for shape in (_ISBN13, _ISBN10):
            number = shape.match(text, label.end())
            if number and (found := emit(number.start(), number.end(), True)):
                yield found
                break
    # 2. bare 978/979 numbers (EAN book numbers), which need no label
    for pos in hay.hits((_BOOKLAND,)):
        number = _ISBN13.match(text, pos)
        if number and (found := emit(pos, number.end(), False)):
            yield found
    # 3. bare ISBN-10 in the printed hyphenation shape, with a real registration group
    for tail in _HYPHEN_TAIL.finditer(text):
        window = max(0, tail.start() - 14)
        for number in _HYPHENATED10.finditer(text, window, tail.end()):
            if number.end() != tail.end() or sum(len(g) for g in number.groups()) != 10:
                continue
            compact = _compact(number.group())
            if isbn13_of_compact(compact) is None:
                continue
            group = _stdnum_isbn().split(compact)[1]  # "" when no registration group matches
            if group == number.group(1) and (found := emit(number.start(), number.end(), False)):
                yield found
            break
