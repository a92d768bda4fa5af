"""Readers: every source format becomes a stream of :class:`Document` values (or Arrow batches).

Supported: ``.txt``/``.md`` (one document per file), folders (recursive, sorted), JSON lines
(``.jsonl``, ``.jsonl.gz``, ``.jsonl.zst``, ``.json.gz``), Parquet (record batches), HTML, EPUB
(spine order) and PDF (page order).
"""

from shelfcheck.sources.batches import read_batches
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
