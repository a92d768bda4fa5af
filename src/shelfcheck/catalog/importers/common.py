"""What every importer shares: opening (possibly compressed) files as text, and building a row.

An importer is a function ``read(stream, bad) -> Iterator[row]``: ``stream`` is a text stream,
``bad(line, problem)`` records a malformed row (counted and reported, never fatal), and each row
is the tuple :func:`make_row` builds, in :data:`shelfcheck.catalog.store.RECORD_COLUMNS` order.
"""

from __future__ import annotations

import gzip
import io
import os
from typing import Any, Callable, Iterable, Iterator

import orjson
import zstandard

from shelfcheck.catalog.store import AUTHOR_SEPARATOR
from shelfcheck.catalog.text import work_key

Bad = Callable[[int, str], None]
Row = tuple
Reader = Callable[[io.TextIOBase, Bad], Iterator[Row]]

_GZIP = b"\x1f\x8b"
_ZSTD = b"\x28\xb5\x2f\xfd"


def compressed(path: str | os.PathLike) -> bool:
    """Whether the file starts with a gzip or zstd magic number."""
    with open(path, "rb") as f:
        return f.read(4).startswith((_GZIP, _ZSTD))


def open_binary(path: str | os.PathLike) -> io.BufferedIOBase:
    """The file's bytes, decompressed when it starts with a gzip or zstd magic number."""
    raw = open(path, "rb")
    magic = raw.peek(4)[:4] if hasattr(raw, "peek") else b""
    if magic.startswith(_GZIP):
        return gzip.GzipFile(fileobj=raw)  # type: ignore[return-value]
    if magic.startswith(_ZSTD):
        return io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(raw, closefd=True))
    return raw


def open_text(path: str | os.PathLike) -> io.TextIOWrapper:
    """UTF-8 text (undecodable bytes replaced: dumps declare ``SET NAMES binary``), newlines kept."""
    return io.TextIOWrapper(open_binary(path), encoding="utf-8", errors="replace", newline="")


def make_row(
    source: str,
    source_id: str,
    title: str,
    authors: list[str],
    year: str = "",
    publisher: str = "",
    language: str = "",
    isbns: Iterable[str] = (),
    md5: str = "",
    extra: dict[str, Any] | None = None,
) -> Row:
    title = " ".join(title.split())
    # Empty values ("", None, 0, [], {}) are all falsy, and only they are: a falsy test is cheaper.
    extra = {k: v for k, v in extra.items() if v} if extra else None
    return (
        source, str(source_id), title, AUTHOR_SEPARATOR.join(authors), year.strip(), publisher.strip(),
        language.strip(), " ".join(sorted(set(isbns))) if isbns else "", md5.strip().lower(), work_key(title, authors),
        orjson.dumps(extra, option=orjson.OPT_SORT_KEYS).decode() if extra else "{}",
    )
