"""`Catalog`: read access to a catalogue file — records by id, ISBN, md5, and search.

One read-only SQLite connection shared behind a lock, so the web server's worker threads can
use one `Catalog` safely while an import writes (WAL mode lets readers see the last commit).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

import orjson

from shelfcheck.isbn import to_isbn13
from shelfcheck.catalog.model import Record
from shelfcheck.catalog.store import AUTHOR_SEPARATOR, open_readonly

_SELECT = "SELECT id, source, source_id, title, authors, year, publisher, language, isbns, md5, work_key, extra FROM records"


def row_to_record(row: tuple) -> Record:
    rid, source, source_id, title, authors, year, publisher, language, isbns, md5, work_key, extra = row
    return Record(
        record_id=rid, source=source, source_id=source_id, title=title,
        authors=authors.split(AUTHOR_SEPARATOR) if authors else [], year=year, publisher=publisher,
        language=language, isbns=isbns.split() if isbns else [], md5=md5, work_key=work_key,
        extra=orjson.loads(extra) if extra and extra != "{}" else {},
    )


class Catalog:
    """An opened catalogue. ``Catalog.open(path)`` raises ShelfcheckError if it is missing or foreign."""

    def __init__(self, path: Path, conn: sqlite3.Connection):
        self.path = path
        self._conn = conn
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: str | os.PathLike) -> "Catalog":
        return cls(Path(path), open_readonly(path))

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> "Catalog":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def query(self, sql: str, params: tuple | list = ()) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def records_where(self, where: str, params: tuple | list = ()) -> list[Record]:
        return [row_to_record(r) for r in self.query(f"{_SELECT} WHERE {where}", params)]

    def records_by_ids(self, ids: list[int]) -> list[Record]:
        """Records for ``ids``, in the order given (unknown ids are dropped)."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        by_id = {r.record_id: r for r in self.records_where(f"id IN ({marks})", ids)}
        return [by_id[i] for i in ids if i in by_id]

    def record(self, record_id: int) -> Record | None:
        found = self.records_where("id = ?", (int(record_id),))
        return found[0] if found else None

    def records_for_isbn(self, isbn: str) -> list[Record]:
        """Records carrying this ISBN (ISBN-10 or -13, any hyphenation)."""
        isbn13 = to_isbn13(isbn)
        if isbn13 is None:
            return []
        ids = [r[0] for r in self.query("SELECT record_id FROM isbns WHERE isbn13 = ? ORDER BY record_id", (isbn13,))]
        return self.records_by_ids(ids)

    def records_for_md5(self, md5: str) -> list[Record]:
        md5 = md5.strip().lower()
        return self.records_where("md5 = ? AND md5 != '' ORDER BY id", (md5,))

    def count(self) -> int:
        return self.query("SELECT count(*) FROM records")[0][0]

    def search(self, query: str, field: str | None = None, limit: int = 20):
        """One search box: ISBN, md5, or words of title/author (see :mod:`shelfcheck.catalog.search`)."""
        from shelfcheck.catalog.search import search

        return search(self, query, field=field, limit=limit)
