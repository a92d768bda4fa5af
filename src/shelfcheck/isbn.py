"""ISBN normalisation, shared by the CMI detector and the catalogue: every ISBN becomes its ISBN-13
without hyphens, so ISBN-10, ISBN-13 and any hyphenation of either meet at one key.

The check-digit arithmetic is written out here rather than calling python-stdnum per value:
stdnum's validate + to_isbn13 costs ~10 µs per ISBN, which alone would cap a LibGen import (two
ISBNs per row) near 50 k rows/s. The tests check this against python-stdnum on many generated
ISBNs. (The CMI detector still asks stdnum for registration groups, which need its range tables.)
"""

from __future__ import annotations

import re
from operator import mul

_CANDIDATE = re.compile(r"(?<![\dXx])(?:97[89][\d -]{10,14}|\d[\d -]{8,11}[\dXx])(?![\dXx])")
_JUNK = re.compile(r"[^\dXx]")
_W10 = tuple(range(10, 1, -1))
_ZERO = ord("0")


def _check13(body12: bytes) -> int:
    # Sums over the ASCII codes (bytes iterate as ints): no int() call per digit.
    total = sum(body12[0::2]) + 3 * sum(body12[1::2]) - 4 * 6 * _ZERO
    return (10 - total % 10) % 10


def _valid13(digits13: bytes) -> bool:
    # Weights 1,3,1,... over all 13 digits sum to 0 mod 10; the ASCII offset (48 * 25) is too.
    return (sum(digits13[0::2]) + 3 * sum(digits13[1::2])) % 10 == 0


def isbn13_of_compact(digits: str) -> str | None:
    """The ISBN-13 of a compact candidate (10 or 13 characters, no separators), or None when it
    is not a valid ISBN-10 or a valid 978/979 ISBN-13."""
    if len(digits) == 13:
        if not digits.isdigit() or not digits.startswith(("978", "979")):
            return None
        return digits if _valid13(digits.encode()) else None
    if len(digits) == 10:
        head, check = digits[:9], digits[9]
        if not head.isdigit():
            return None
        if check in "Xx":
            last = 10
        elif check.isdigit():
            last = int(check)
        else:
            return None
        if (sum(map(mul, head.encode(), _W10)) - 54 * _ZERO + last) % 11:
            return None
        body = "978" + head
        return body + str(_check13(body.encode()))
    return None


def to_isbn13(text: str) -> str | None:
    """The ISBN-13 (digits only) of ``text`` if it is a valid ISBN-10 or ISBN-13, else None."""
    return isbn13_of_compact(_JUNK.sub("", text))


def isbns_in(text: str) -> list[str]:
    """Every valid ISBN in a free-form identifier list ('0-07-136362-9, 9780849312175'), as sorted unique ISBN-13."""
    if not text:
        return []
    if text.replace(",", "").isdigit():  # LibGen's IdentifierWODash: plain digits, comma-separated
        parts = text.split(",")
        found = {d for d in parts if len(d) == 13 and d.startswith(("978", "979")) and _valid13(d.encode())}
        # An ISBN-10 whose 9-digit body is already in a valid ISBN-13 here is that same book.
        bodies = {f[3:12] for f in found if f.startswith("978")}
        found.update(isbn13_of_compact(d) for d in parts if len(d) == 10 and d[:9] not in bodies)
        found.discard(None)
        return sorted(found)  # type: ignore[arg-type]
    found = {isbn13_of_compact(d) for d in {_JUNK.sub("", m) for m in _CANDIDATE.findall(text)}}
    found.discard(None)
    return sorted(found)  # type: ignore[arg-type]
