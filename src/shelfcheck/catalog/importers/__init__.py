"""Catalogue importers, one module per dump format, and :func:`import_files` that drives them.

Each file is detected by content (:mod:`.detect`), streamed through its reader, staged, and
merged in one transaction (:class:`~shelfcheck.catalog.store.FileTransaction`): a file either
lands whole or not at all, and re-importing it adds nothing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from shelfcheck.catalog.importers import annas, books3, csvfile, libgen, onix, openlibrary
from shelfcheck.catalog.importers.common import Reader, open_text
from shelfcheck.catalog.importers.detect import detect
from shelfcheck.catalog.model import ImportReport
from shelfcheck.catalog.store import FileTransaction, open_for_write
from shelfcheck.errors import InputError, ShelfcheckError

READERS: dict[str, Reader] = {
    "mysql_dump": libgen.read_mysql,
    "aarecords_jsonl": annas.read_jsonl,
    "openlibrary_tsv": openlibrary.read_tsv,
    "onix": onix.read_onix,
    "books3_list": books3.read_list,
    "csv": csvfile.read_csv,
}
BATCH = 20000
MAX_REPORTED = 1000  # malformed rows listed in the report (all are counted)


def import_files(
    paths: list[str | os.PathLike],
    db: str | os.PathLike,
    *,
    progress: Callable[[str, int, int], None] | None = None,
) -> ImportReport:
    """Import ``paths`` into the catalogue ``db`` (created if missing); one transaction per file.

    ``progress(file, rows_seen, bytes_read)`` is called after every batch. Malformed rows are
    counted and listed as ``file:line: problem``; a file whose format is not recognised raises
    :class:`InputError` before anything is written.
    """
    files = [Path(p) for p in paths]
    formats: dict[str, str] = {}
    for path in files:
        if not path.is_file():
            raise InputError(str(path), "no such file")
        kind = detect(path)
        if kind is None:
            raise InputError(str(path), f"format not recognised (expected one of: {', '.join(READERS)})")
        formats[str(path)] = kind
    conn = open_for_write(db)
    added = seen = 0
    malformed: list[str] = []
    malformed_count = 0
    try:
        for path in files:
            def bad(line: int, problem: str, _path: Path = path) -> None:
                nonlocal malformed_count
                malformed_count += 1
                if len(malformed) < MAX_REPORTED:
                    malformed.append(f"{_path}:{line}: {problem}")

            transaction = FileTransaction(conn)
            try:
                with open_text(path) as stream:
                    batch: list[tuple] = []
                    for row in READERS[formats[str(path)]](stream, bad):
                        batch.append(row)
                        if len(batch) >= BATCH:
                            seen += len(batch)
                            _stage(transaction, batch)
                            batch = []
                            if progress:
                                progress(str(path), seen, _position(stream))
                    seen += len(batch)
                    _stage(transaction, batch)
                added += transaction.commit()
            except BaseException:
                transaction.rollback()
                raise
            if progress:
                progress(str(path), seen, path.stat().st_size)
    except (ValueError, UnicodeError) as exc:
        raise ShelfcheckError(f"{path}: {exc}") from None
    finally:
        conn.close()
    if malformed_count > len(malformed):
        malformed.append(f"... and {malformed_count - len(malformed)} more malformed rows")
    return ImportReport(rows_added=added, rows_seen=seen, malformed=malformed, formats=formats)


def _stage(transaction: FileTransaction, rows: list[tuple]) -> None:
    links = [(r[0], r[1], isbn) for r in rows if r[7] for isbn in r[7].split()]
    transaction.add(rows, links)


def _position(stream) -> int:
    """Bytes of the underlying (compressed) file read so far, for progress bars."""
    raw = getattr(getattr(stream, "buffer", None), "raw", None) or getattr(stream, "buffer", None)
    try:
        return raw.tell() if raw is not None else 0
    except (OSError, ValueError, AttributeError):
        return 0


__all__ = ["READERS", "detect", "import_files"]
