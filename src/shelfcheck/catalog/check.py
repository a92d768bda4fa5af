"""Bulk check of a publisher's list: for each row (ISBNs and/or title + author), the catalogue
records that match it.

A row's ISBNs are looked up exactly; title/author rows go through the same search as the
search box, restricted to titles, and a hit must also match an author's surname (when the row
names one) so "Pro Git" by Chacon does not report another book of the same title.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from rapidfuzz import fuzz

from shelfcheck.catalog.importers.common import open_text
from shelfcheck.catalog.importers.csvfile import dict_rows
from shelfcheck.isbn import isbns_in
from shelfcheck.catalog.model import Record
from shelfcheck.catalog.reader import Catalog
from shelfcheck.catalog.text import fold, split_authors, surname
from shelfcheck.errors import InputError

TITLE_MATCH = 85.0  # rapidfuzz token_set_ratio between the listed and the catalogued title


@dataclass(frozen=True)
class CheckRow:
    line: int
    title: str
    author: str
    isbns: list[str]
    matched_by: str  # "isbn", "title+author", "title", or "" when nothing matched
    records: list[Record]

    def to_json(self) -> dict[str, Any]:
        return {
            "line": self.line, "title": self.title, "author": self.author, "isbns": self.isbns,
            "matched_by": self.matched_by, "records": [r.to_json() for r in self.records],
        }


def _by_title(cat: Catalog, title: str, author: str, limit: int) -> tuple[str, list[Record]]:
    surnames = {surname(a) for a in split_authors(author)} - {""}
    found = []
    for record in cat.search(title, field="title", limit=limit * 4).records:
        if fuzz.token_set_ratio(fold(title), fold(record.title)) < TITLE_MATCH:
            continue
        if surnames and not surnames & {surname(a) for a in record.authors}:
            continue
        found.append(record)
    return ("title+author" if surnames else "title") if found else "", found[:limit]


def check_rows(cat: Catalog, path: str | os.PathLike, limit: int = 20) -> Iterator[CheckRow]:
    """Check every row of a CSV/TSV list with a header (title, author, isbn...; see csvfile.HEADER_ALIASES)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "no such file")
    with open_text(path) as stream:
        try:
            for line, values in dict_rows(stream):
                title, author = values.get("title", ""), values.get("author", "")
                isbns = isbns_in(values.get("isbn", ""))
                records: list[Record] = []
                seen: set[int] = set()
                for isbn in isbns:
                    for record in cat.records_for_isbn(isbn):
                        if record.record_id not in seen:
                            seen.add(record.record_id)
                            records.append(record)
                matched_by = "isbn" if records else ""
                if not records and title:
                    matched_by, records = _by_title(cat, title, author, limit)
                yield CheckRow(line, title, author, isbns, matched_by, records[:limit])
        except ValueError as exc:
            raise InputError(str(path), str(exc)) from None
