"""LibGen MySQL dumps: the ``updated`` (non-fiction) and ``fiction`` tables, mapped by column name.

Which table a dump holds is decided by its columns (Anna's Archive renames the tables, e.g.
``libgenrs_updated``), so ``IdentifierWODash``/``VolumeInfo`` means non-fiction and a ``Locator``
table without them means fiction. Open Library's MariaDB form (``ol_base``) comes through the
same dump reader and is mapped in :mod:`.openlibrary`.
"""

from __future__ import annotations

import io
import mmap
import os
from operator import itemgetter
from typing import Callable, Iterator

from shelfcheck.catalog.importers.common import Bad, Row, compressed, make_row
from shelfcheck.catalog.importers.mysql import Span, read_dump, split_dump, unquote
from shelfcheck.catalog.importers.openlibrary import ol_base_row
from shelfcheck.isbn import isbns_in
from shelfcheck.catalog.text import split_authors

UPDATED_COLUMNS = (
    "ID Title VolumeInfo Series Periodical Author Year Edition Publisher City Pages PagesInFile Language Topic "
    "Library Issue Identifier ISSN ASIN UDC LBC DDC LCC Doi Googlebookid OpenLibraryID Commentary DPI Color "
    "Cleaned Orientation Paginated Scanned Bookmarked Searchable Filesize Extension MD5 Generic Visible Locator "
    "Local TimeAdded TimeLastModified Coverurl Tags IdentifierWODash"
).split()
FICTION_COLUMNS = (
    "ID MD5 Title Author Series Edition Language Year Publisher Pages Identifier GooglebookID ASIN Coverurl "
    "Extension Filesize Library Issue Locator Commentary Generic Visible TimeAdded TimeLastModified"
).split()
OL_BASE_COLUMNS = ["type", "ol_key", "revision", "last_modified", "json"]
DEFAULT_COLUMNS = {
    "updated": UPDATED_COLUMNS, "libgenrs_updated": UPDATED_COLUMNS,
    "fiction": FICTION_COLUMNS, "libgenrs_fiction": FICTION_COLUMNS,
    "ol_base": OL_BASE_COLUMNS,
}


_FIELDS = ("id", "title", "author", "year", "publisher", "language", "md5", "series", "edition", "extension", "filesize", "volumeinfo", "identifier", "identifierwodash")
_OL_FIELDS = ("type", "ol_key", "json")
_QUOTES = ("'", '"')


def _pick(table: str, columns: list[str]) -> list[int] | None:
    """Column indexes the mapper for this table reads (see _FIELDS/_OL_FIELDS), None to skip it."""
    kind = table_kind(columns)
    at = {name.lower(): i for i, name in enumerate(columns)}
    if kind == "openlibrary_mariadb":
        return [at[n] for n in _OL_FIELDS]
    if kind:
        return [at[n] for n in _FIELDS if n in at]
    return None


def _libgen_row(source: str, present: list[str]) -> Callable[[tuple[str, ...]], Row]:
    # Columns a table lacks (fiction has no VolumeInfo) read the "" appended after the values.
    get = itemgetter(*[present.index(n) if n in present else len(present) for n in _FIELDS])

    def row(raw: tuple[str, ...]) -> Row:
        # Plain quoted values (no escapes) are sliced inline: unquote() per value costs a call each.
        values = [t[1:-1] if t[:1] in _QUOTES and "\\" not in t else unquote(t) for t in raw]
        values.append("")
        id_, title, author, year, publisher, language, md5, series, edition, extension, filesize, volume, identifier, wodash = get(values)
        return make_row(
            source, id_, title, split_authors(author), year, publisher, language,
            # IdentifierWODash is LibGen's digits-only copy of Identifier: read one, not both.
            isbns_in(wodash or identifier), md5,
            {"edition": edition, "extension": extension, "filesize": int(filesize) if filesize.isdigit() else 0, "series": series, "volume": volume},
        )

    return row


def table_kind(columns: list[str]) -> str | None:
    names = {c.lower() for c in columns}
    if {"ol_key", "json"} <= names:
        return "openlibrary_mariadb"
    if "md5" in names and "title" in names and ("identifierwodash" in names or "volumeinfo" in names):
        return "libgen_nonfiction"
    if "md5" in names and "title" in names and "locator" in names:
        return "libgen_fiction"
    return None


def read_mysql(stream: io.TextIOBase, bad: Bad) -> Iterator[Row]:
    """Rows of every LibGen (or ol_base) table in a MySQL dump; other tables are reported once."""
    mappers: dict[int, Callable[[tuple[str, ...]], Row | None]] = {}
    ol_authors: dict[str, str] = {}
    for target, matches, line_of in read_dump(stream, bad, DEFAULT_COLUMNS, _pick):
        mapper = mappers.get(id(target))
        if mapper is None:
            kind = table_kind(target.columns)
            if kind == "openlibrary_mariadb":
                mapper = lambda v: ol_base_row(unquote(v[1]), unquote(v[0]), unquote(v[2]), ol_authors)  # noqa: E731
            else:
                names = {c.lower() for c in target.columns}
                mapper = _libgen_row(kind, [n for n in _FIELDS if n in names])
            mappers[id(target)] = mapper
        groups = target.groups
        for m in matches:
            try:
                row = mapper(m.group(*groups))
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                bad(line_of(m), f"bad row in `{target.table}`: {exc}")
                continue
            if row is not None:
                yield row


def mysql_spans(path: str | os.PathLike, size: int) -> list[Span] | None:
    """Spans of ``size`` bytes that separate processes may parse at once, or None where the dump
    must be read in one pass: compressed, a single span, or holding Open Library rows (their
    author names come from rows earlier in the file)."""
    if compressed(path):
        return None
    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        if mm.find(b"ol_key") >= 0 or mm.find(b"ol_base") >= 0:
            return None
    spans = split_dump(path, size)
    return spans if len(spans) > 1 else None
