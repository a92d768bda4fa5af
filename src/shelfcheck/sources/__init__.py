"""Readers: every source format becomes a stream of :class:`Document` values (or Arrow batches).

Supported: ``.txt``/``.md`` (one document per file), folders (recursive, sorted), JSON lines
(``.jsonl``, ``.jsonl.gz``, ``.jsonl.zst``, ``.json.gz``), Parquet (record batches), HTML, EPUB
(spine order) and PDF (page order).
"""

from typing import Any

from shelfcheck.sources.document import Document, OnError, ReadOptions, ReadStats
from shelfcheck.sources.reader import read_documents
from shelfcheck.sources.registry import READERS, expand_paths, reader_for

__all__ = [
    "Document",
    "OnError",
    "ReadOptions",
    "ReadStats",
    "read_documents",
    "read_batches",
    "READERS",
    "expand_paths",
    "reader_for",
]


def __getattr__(name: str) -> Any:
    if name == "read_batches":  # Arrow batches: imported on first use, so reading documents needs no pyarrow
        from shelfcheck.sources.batches import read_batches

        return read_batches
    raise AttributeError(f"module 'shelfcheck.sources' has no attribute {name!r}")
