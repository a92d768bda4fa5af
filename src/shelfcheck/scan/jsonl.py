"""The JSON-lines fast path: scan plain ``.jsonl`` files from their bytes, decoding almost no line.

Decoding every line into Python objects costs about as much as the whole scan does. Instead a file
is cut into chunks of whole lines and each chunk goes through one kernel
(:func:`~shelfcheck.scan.kernel.jsonl_candidates`) that validates every line in place, folds its
text field straight from the bytes and screens it as :mod:`shelfcheck.scan.fast` screens Arrow
batches. Only lines with a candidate span, and lines the kernel leaves to the exact path (bad
input, escaped keys, characters beyond the BMP, …), are decoded — by
:func:`~shelfcheck.sources.jsonl.decode_line`, as every reader decodes them, so ids, errors and
skips are those of ``read_documents`` — and scanned exactly by :func:`~shelfcheck.scan.batch.scan_text`.
The matches equal :func:`~shelfcheck.scan.batch.scan_batch` over the same documents (tested).

Compressed JSON lines take the Arrow path: where a broken stream stops must match the line reader
exactly, which reading in chunks would not.
"""

from __future__ import annotations

import mmap
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import numpy as np

from shelfcheck import kernels
from shelfcheck.errors import InputError
from shelfcheck.scan.batch import MAX_HITS, scan_text
from shelfcheck.scan.match import Match
from shelfcheck.sources.document import ReadOptions
from shelfcheck.sources.jsonl import decode_line
from shelfcheck.text.normalize import bmp_tables

if TYPE_CHECKING:
    from shelfcheck.index import Index

CHUNK_BYTES = 4 << 20
_CANDIDATE, _SLOW = 1, 2  # LINE_CANDIDATE and LINE_SLOW of shelfcheck.scan.kernel (importing it would import numba)


def is_plain_jsonl(path: Path) -> bool:
    """Whether ``path`` takes this fast path (an uncompressed ``.jsonl`` file)."""
    return path.name.endswith(".jsonl")


@dataclass(frozen=True, slots=True)
class JsonlChunk:
    """Whole lines of one JSON-lines file, by byte range: a unit of work small enough to send to a
    worker, which maps the file itself (so chunks cost no copy and no pickling of their bytes)."""

    path: str
    start: int  # byte offsets of the chunk in the file: it starts at a line's start and ends after a newline or at the file's end
    end: int
    first_line: int  # the 1-based number of the chunk's first line in its file
    options: ReadOptions
    line_ends: np.ndarray  # where each line ends in the chunk (past its newline): found once, where the chunk is cut


@dataclass(slots=True)
class ChunkScan:
    """What scanning a chunk found: matches in line order, what it read, and the bad lines skipped."""

    matches: list[Match] = field(default_factory=list)
    documents: int = 0
    characters: int = 0
    skipped: list[InputError] = field(default_factory=list)


def _map(handle, start: int, end: int) -> tuple[mmap.mmap, int]:
    """Bytes ``[start, end)`` of an open file memory-mapped (no copy; the pages leave the process's
    memory with the map, where mapping the whole file would make memory grow with the file), and
    where ``start`` lies in the map."""
    offset = start - start % mmap.ALLOCATIONGRANULARITY
    flags = mmap.MAP_SHARED | getattr(mmap, "MAP_POPULATE", 0)  # Linux: map the pages in one call, not one fault each
    return mmap.mmap(handle.fileno(), end - offset, flags=flags, prot=mmap.PROT_READ, offset=offset), start - offset


def _window(handle, start: int, end: int) -> np.ndarray:
    mapped, at = _map(handle, start, end)
    return np.frombuffer(mapped, dtype=np.uint8, count=end - start, offset=at)


def line_ends(data: np.ndarray) -> np.ndarray:
    """Where each line of ``data`` ends (past its newline; the last at the end of ``data`` when it
    has none). Searched in slices: one comparison over a whole chunk makes a temporary as large as
    the chunk, whose page faults cost more than the search (measured)."""
    step = 1 << 18
    ends = np.concatenate([np.zeros(0, dtype=np.int64)] + [np.flatnonzero(data[at : at + step] == 0x0A) + (at + 1) for at in range(0, data.size, step)])
    if data.size and (ends.size == 0 or ends[-1] != data.size):
        ends = np.append(ends, data.size)
    return ends


def jsonl_chunks(path: Path, options: ReadOptions, chunk_bytes: int = CHUNK_BYTES) -> Iterator[JsonlChunk]:
    """``path`` in chunks of about ``chunk_bytes``, each ending after a newline (or at the file's end)."""
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        start, line, want = 0, 1, chunk_bytes
        while start < size:
            end = min(size, start + want)
            mapped, at = _map(handle, start, end)
            if end < size:
                cut = mapped.rfind(b"\n", at)
                if cut < 0:  # a line longer than the chunk: widen it
                    want *= 2
                    continue
                end = start + cut - at + 1
            ends = line_ends(np.frombuffer(mapped, dtype=np.uint8, count=end - start, offset=at))
            yield JsonlChunk(str(path), start, end, line, options, ends)
            line += ends.size
            start, want = end, chunk_bytes


def scan_jsonl_chunk(index: Index, chunk: JsonlChunk) -> ChunkScan:
    """Matches of every document of ``chunk`` against the index, in line order."""
    p, a = index.params, index.arrays
    single, start, table = bmp_tables()
    with open(chunk.path, "rb") as handle:
        data = _window(handle, chunk.start, chunk.end)
    key = np.frombuffer(chunk.options.text_field.encode("utf-8"), dtype=np.uint8)
    ends = chunk.line_ends
    status, chars, rows, row_line = kernels.jsonl_candidates(
        data, ends, key, single, start, table, p.k, p.w, p.noise_floor, index.screen, index.screen_range, a["fp_hash"], a["fp_pos"], index.bucket, index.bucket_shift,
        a["work_norm"], a["work_row"], a["block_hash"], p.block, p.min_blocks, p.max_gap, p.max_shift, MAX_HITS,
    )  # fmt: skip
    plain = status <= _CANDIDATE
    result = ChunkScan(documents=int(plain.sum()), characters=int(chars[plain].sum()))
    bounds = np.searchsorted(row_line, np.arange(len(status) + 1))  # rows of line i: bounds[i]:bounds[i + 1]
    for i in np.flatnonzero((status == _CANDIDATE) | (status == _SLOW)).tolist():
        lo = int(ends[i - 1]) if i else 0
        try:
            document = decode_line(chunk.path, chunk.first_line + i, data[lo : int(ends[i])].tobytes(), chunk.options)
        except InputError as error:
            if chunk.options.on_error == "fail":
                raise
            result.skipped.append(error)
            continue
        if document is None:
            continue
        unexcluded = origins = None
        if status[i] == _SLOW:
            result.documents += 1
            result.characters += len(document.text)
        else:
            unexcluded, origins = rows[bounds[i] : bounds[i + 1], :6], rows[bounds[i] : bounds[i + 1], 6:]
        result.matches.extend(scan_text(index, document.id, document.text, unexcluded, origins))
    return result
