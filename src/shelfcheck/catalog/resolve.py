"""Catalogue look-ups used by other commands (`cmi --catalog`, `scan --catalog`).

Kept here so those commands depend on two small functions, not on the catalogue's tables.
"""

from __future__ import annotations

import re
from typing import Iterable

from shelfcheck.isbn import to_isbn13
from shelfcheck.catalog.model import Record
from shelfcheck.catalog.reader import Catalog

_MD5 = re.compile(r"^[0-9a-fA-F]{32}$")


def resolve_isbn(cat: Catalog, isbn13: str) -> list[Record]:
    """Records carrying this ISBN (an ISBN-10 or hyphenated form works too)."""
    return cat.records_for_isbn(isbn13)


def resolve_work(cat: Catalog, work_id: str, md5: str | None = None, isbns: Iterable[str] = ()) -> list[Record]:
    """Records for a matched work: by its md5, by its ISBNs, and by its id when that is itself an
    md5 or an ISBN (corpus documents are often named so). Deduplicated, md5 hits first."""
    found: dict[int, Record] = {}
    md5s = [m for m in (md5, work_id) if m and _MD5.match(m.strip())]
    for value in md5s:
        for record in cat.records_for_md5(value):
            found.setdefault(record.record_id, record)
    candidates = list(isbns)
    if to_isbn13(work_id or "") is not None:
        candidates.append(work_id)
    for isbn in candidates:
        for record in cat.records_for_isbn(isbn):
            found.setdefault(record.record_id, record)
    return list(found.values())
