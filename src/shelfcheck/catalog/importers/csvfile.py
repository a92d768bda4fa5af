"""CSV (or TSV) with a header row: columns are mapped by name, so any column order works.

The same header mapping reads a publisher's list for ``catalog check``. A row's record id is its
own ``id`` column when present, else a hash of its mapped values, so re-importing a file adds
nothing while an edited row becomes a new record.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Iterator

import xxhash

from shelfcheck.catalog.importers.common import Bad, Row, make_row
from shelfcheck.isbn import isbns_in
from shelfcheck.catalog.text import split_authors

# Header names (folded: lower case, letters and digits only) -> field.
HEADER_ALIASES = {
    "title": "title", "booktitle": "title", "name": "title",
    "author": "author", "authors": "author", "creator": "author", "contributor": "author", "contributors": "author", "by": "author",
    "isbn": "isbn", "isbns": "isbn", "isbn13": "isbn", "isbn10": "isbn", "ean": "isbn", "gtin": "isbn", "identifier": "isbn",
    "year": "year", "date": "year", "pubdate": "year", "publicationdate": "year", "publicationyear": "year", "published": "year",
    "publisher": "publisher", "imprint": "publisher",
    "language": "language", "lang": "language",
    "md5": "md5", "id": "id", "recordid": "id",
}
_YEAR = re.compile(r"\b(1[4-9]\d\d|20\d\d)\b")


def header_map(header: list[str]) -> dict[str, list[int]]:
    """field -> column indexes, from a header row."""
    fields: dict[str, list[int]] = {}
    for i, name in enumerate(header):
        key = HEADER_ALIASES.get(re.sub(r"[^a-z0-9]", "", name.lower().lstrip("\ufeff")))
        if key:
            fields.setdefault(key, []).append(i)
    return fields


def dict_rows(stream: io.TextIOBase) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, field -> joined value) for each data row; the dialect is sniffed from the head."""
    head = stream.read(65536)
    rest = stream
    try:
        dialect = csv.Sniffer().sniff(head.split("\n", 1)[0] + "\n", delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(_chain(head, rest), dialect)
    header = next(reader, None)
    if header is None:
        return
    fields = header_map(header)
    if "title" not in fields and "isbn" not in fields:
        raise ValueError(f"header has no title or ISBN column (found: {', '.join(header)})")
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        values = {f: "; ".join(row[i].strip() for i in idx if i < len(row) and row[i].strip()) for f, idx in fields.items()}
        yield reader.line_num, values


def _chain(head: str, rest: io.TextIOBase) -> Iterator[str]:
    yield from io.StringIO(head + rest.readline())
    yield from rest


def read_csv(stream: io.TextIOBase, bad: Bad) -> Iterator[Row]:
    for line, values in dict_rows(stream):
        title, isbns = values.get("title", ""), isbns_in(values.get("isbn", ""))
        if not title and not isbns:
            bad(line, "row has neither a title nor a valid ISBN")
            continue
        year = _YEAR.search(values.get("year", ""))
        record_id = values.get("id") or xxhash.xxh64_hexdigest("\x1f".join(f"{k}={values[k]}" for k in sorted(values)).encode())
        yield make_row(
            "csv", record_id, title, split_authors(values.get("author", "")), year=year.group(1) if year else "",
            publisher=values.get("publisher", ""), language=values.get("language", ""), isbns=isbns, md5=values.get("md5", ""),
        )
