"""Sources as Arrow record batches (string columns ``id`` and ``text``) for vectorised engines.

Batch boundaries are deterministic and independent of the source format and of how files are
split: documents are packed greedily in reading order, and a batch closes when it holds
``batch_rows`` rows or when the next document would push it past ``batch_chars`` code points (a
document longer than that gets a batch of its own). Parquet's native record batches are sliced,
never turned into Python objects; other formats are gathered from their documents.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from shelfcheck.sources.document import Document, ReadOptions, ReadStats
from shelfcheck.sources.parquet import SCHEMA, parquet_batches
from shelfcheck.sources.reader import OnBad, read_any, each_source
from shelfcheck.sources.registry import read_parquet, reader_for

BATCH_ROWS = 4096
BATCH_CHARS = 16 << 20


def _lengths(batch: pa.RecordBatch) -> np.ndarray:
    """Code points per row of the ``text`` column."""
    return pc.utf8_length(batch.column(1)).to_numpy(zero_copy_only=False).astype(np.int64)


def _batch(ids: list[str], texts: list[str]) -> tuple[pa.RecordBatch, np.ndarray]:
    """The batch and its code points per row (known here for free: Arrow would count them again)."""
    batch = pa.RecordBatch.from_arrays([pa.array(ids, pa.string()), pa.array(texts, pa.string())], schema=SCHEMA)
    return batch, np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))


def _gather(documents: Iterator[Document], rows: int, chars: int) -> Iterator[tuple[pa.RecordBatch, np.ndarray]]:
    """Documents as record batches of at most ``rows`` rows and (unless one is longer) ``chars``
    code points, each with its lengths.

    When the source breaks part-way, the documents read before the break still come out (as
    ``read_documents`` would have yielded them) before the error goes on.
    """
    ids: list[str] = []
    texts: list[str] = []
    size = 0
    try:
        for document in documents:
            if ids and (len(ids) == rows or size + len(document.text) > chars):
                yield _batch(ids, texts)
                ids, texts, size = [], [], 0
            ids.append(document.id)
            texts.append(document.text)
            size += len(document.text)
    except Exception:
        if ids:
            yield _batch(ids, texts)
        raise
    if ids:
        yield _batch(ids, texts)


class _Packer:
    """Greedy packing of a stream of batches into output batches by the module's rule."""

    def __init__(self, rows: int, chars: int):
        self.rows, self.chars = rows, chars
        self.pending: list[pa.RecordBatch] = []
        self.pending_rows = 0
        self.pending_chars = 0

    def add(self, batch: pa.RecordBatch, lengths: np.ndarray) -> Iterator[pa.RecordBatch]:
        ends = np.concatenate(([0], np.cumsum(lengths)))  # ends[i] = chars before row i
        pos, n = 0, batch.num_rows
        while pos < n:
            room_rows = self.rows - self.pending_rows
            room_chars = self.chars - self.pending_chars
            fit = int(np.searchsorted(ends, ends[pos] + room_chars, side="right")) - 1 - pos
            take = max(0, min(fit, room_rows, n - pos))
            if take == 0 and not self.pending_rows:
                take = 1  # a document longer than the cap gets a batch of its own
            if take:
                self.pending.append(batch.slice(pos, take))
                self.pending_rows += take
                self.pending_chars += int(ends[pos + take] - ends[pos])
                pos += take
            # Close when the next row cannot fit: it is in this batch and did not, or no row can
            # (full, or over the cap with one long document). Never on a chunk's end alone, so
            # boundaries do not depend on how the input was chunked.
            if pos < n or self.pending_rows == self.rows or self.pending_chars > self.chars:
                yield from self.flush()

    def flush(self) -> Iterator[pa.RecordBatch]:
        if self.pending:
            pieces = self.pending
            yield pieces[0] if len(pieces) == 1 else pa.concat_batches(pieces)
        self.pending, self.pending_rows, self.pending_chars = [], 0, 0


def read_batches(
    paths: Iterable[str | Path],
    options: ReadOptions | None = None,
    stats: ReadStats | None = None,
    *,
    batch_rows: int = BATCH_ROWS,
    batch_chars: int = BATCH_CHARS,
) -> Iterator[pa.RecordBatch]:
    """Yield the documents of ``paths`` (same order, ids, texts and errors as ``read_documents``) as batches."""
    if batch_rows < 1 or batch_chars < 1:
        raise ValueError("batch_rows and batch_chars must be positive")
    options = options or ReadOptions()
    stats = stats if stats is not None else ReadStats()

    def arrow(path: Path, options: ReadOptions, on_bad: OnBad) -> Iterator[tuple[pa.RecordBatch, np.ndarray]]:
        if reader_for(path) is read_parquet:
            return ((batch, _lengths(batch)) for batch in parquet_batches(path, options, on_bad))
        return _gather(read_any(path, options, on_bad), batch_rows, batch_chars)

    packer = _Packer(batch_rows, batch_chars)
    for batch, lengths in each_source(paths, options, stats, arrow):
        stats.documents += batch.num_rows
        stats.characters += int(lengths.sum())
        yield from packer.add(batch, lengths)
    yield from packer.flush()
