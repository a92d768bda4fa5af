"""The local engine: stream sources as Arrow batches through :func:`scan_batch` on a process pool.

Each worker opens the index by path once (its arrays are memory-mapped, so all workers share one
copy in the page cache) and turns batches into JSON lines. Batches are submitted a few at a time
and their results taken in submission order, so memory stays bounded by the number of batches in
flight and the output is byte-identical whatever the number of workers. Matches grow in
``OUT.part`` with a checkpoint per unit and become ``OUT`` only when the scan is complete
(:mod:`shelfcheck.scan.resume`): a killed scan leaves no half-written output, and can resume.
"""

from __future__ import annotations

import itertools
import os
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Union

import orjson

from shelfcheck.errors import InputError, ShelfcheckError
from shelfcheck.index import Index
from shelfcheck.scan.batch import scan_batch
from shelfcheck.scan.jsonl import CHUNK_BYTES, JsonlChunk, is_plain_jsonl, jsonl_chunks, scan_jsonl_chunk
from shelfcheck.scan.resume import Checkpoint, part_paths, resume_key
from shelfcheck.sources import ReadOptions, ReadStats
from shelfcheck.sources.reader import each_source, record_skip
from shelfcheck.sources.registry import expand_paths

if TYPE_CHECKING:
    import pyarrow as pa

Unit = Union["pa.RecordBatch", JsonlChunk]  # what a worker scans: a batch of documents or a chunk of JSON lines

BATCH_CHARS = 4 << 20  # small enough to keep every worker busy, large enough to amortise IPC


@dataclass(slots=True)
class BatchResult:
    """One scanned batch, ready to write: JSON lines plus what the summary needs."""

    lines: bytes
    documents: int
    pairs: list[tuple[str, int]]  # (work, matched_chars) per match
    read_characters: int | None = None  # a JSON-lines chunk's characters (its documents too were read here, not by read_batches)
    skipped: list[InputError] = field(default_factory=list)  # bad lines a JSON-lines chunk skipped


@dataclass(slots=True)
class ScanSummary:
    documents: int = 0
    characters: int = 0
    bytes: int = 0
    pairs: int = 0
    seconds: float = 0.0
    works: Counter = field(default_factory=Counter)  # work -> documents holding it
    work_chars: Counter = field(default_factory=Counter)  # work -> matched characters
    resumed_units: int = 0  # units an interrupted scan had done (``resume``), not scanned again

    @property
    def mb_per_s(self) -> float:
        return self.bytes / 1e6 / self.seconds if self.seconds else 0.0


def encode_matches(index: Index, unit: Unit) -> BatchResult:
    """:func:`scan_batch` (or :func:`scan_jsonl_chunk`) plus serialisation (sorted keys, so output
    bytes are reproducible)."""
    if isinstance(unit, JsonlChunk):
        scanned = scan_jsonl_chunk(index, unit)
        matches, documents, read_characters, skipped = scanned.matches, scanned.documents, scanned.characters, scanned.skipped
    else:
        matches, documents, read_characters, skipped = scan_batch(index, unit), unit.num_rows, None, []
    lines = b"".join(orjson.dumps(m.to_dict(), option=orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE) for m in matches)
    return BatchResult(lines, documents, [(m.work, m.matched_chars) for m in matches], read_characters, skipped)


_WORKER_INDEX: Index | None = None


def _init_worker(index_path: str) -> None:
    global _WORKER_INDEX
    _WORKER_INDEX = Index.open(index_path)


def _work(unit: Unit) -> BatchResult:
    assert _WORKER_INDEX is not None
    return encode_matches(_WORKER_INDEX, unit)


def scan_batches(
    index_path: str | Path, batches: Iterable[Unit], workers: int = 1, index: Index | None = None
) -> Iterator[BatchResult]:
    """Results of every batch (or chunk), in input order; ``workers > 1`` runs a process pool.

    ``index``, the index at ``index_path`` already open, saves opening it again in this process.
    """
    if workers <= 1:
        index = index or Index.open(index_path)
        for batch in batches:
            yield encode_matches(index, batch)
        return
    from concurrent.futures import ProcessPoolExecutor  # only here: the import costs a one-worker scan 5 ms

    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(str(index_path),)) as pool:
        pending: deque = deque()
        for batch in batches:
            pending.append(pool.submit(_work, batch))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _arrow_batches(paths: list[Path], options: ReadOptions, stats: ReadStats) -> Iterator[pa.RecordBatch]:
    from shelfcheck.sources.batches import read_batches  # pyarrow, imported only when such files come

    return read_batches(paths, options, stats, batch_chars=BATCH_CHARS)


def work_units(sources: list[Path], options: ReadOptions, stats: ReadStats) -> Iterator[Unit]:
    """The sources as units of work, in order: plain JSON-lines files as chunks of raw lines (the
    fast path, :mod:`shelfcheck.scan.jsonl`), runs of other files as Arrow batches."""
    others: list[Path] = []
    for path in expand_paths(sources):
        if not is_plain_jsonl(path):
            others.append(path)
            continue
        if others:
            yield from _arrow_batches(others, options, stats)
            others = []
        yield from each_source([path], options, stats, lambda p, o, _on_bad: jsonl_chunks(p, o))
    if others:
        yield from _arrow_batches(others, options, stats)


def scan_sources(
    sources: list[Path],
    index_path: str | Path,
    out: str | Path,
    options: ReadOptions | None = None,
    workers: int | None = None,
    on_batch: Callable[[BatchResult, ReadStats], None] | None = None,
    index: Index | None = None,
    resume: bool = False,
) -> tuple[ScanSummary, ReadStats]:
    """Scan ``sources`` against the index at ``index_path`` and write JSONL matches to ``out``
    (``index``: that index, when the caller has it open already).

    Matches grow in ``OUT.part`` with a checkpoint after every unit (:mod:`shelfcheck.scan.resume`);
    ``resume`` continues from them when an earlier scan of the same inputs was interrupted. A
    finished scan is renamed to ``out``; bad input (an error) removes the partial files, an
    interruption keeps them.
    """
    index = index or Index.open(index_path)  # fail fast, before any reading, on a bad index
    options = options or ReadOptions()
    workers = workers or os.cpu_count() or 1
    stats = ReadStats()
    summary = ScanSummary()
    files = expand_paths(sources)  # walked once: for the checkpoint's key and for reading
    part, checkpoint_path = part_paths(out)
    state = Checkpoint(resume_key(files, index_path, options, {"jsonl_chunk": CHUNK_BYTES, "batch_chars": BATCH_CHARS}))
    if resume and checkpoint_path.exists():
        state = Checkpoint.load(checkpoint_path, state.key, part)
        summary.resumed_units = state.units
    start = time.perf_counter()
    units = itertools.islice(work_units(files, options, stats), state.units, None)  # done units: read again, not scanned
    part.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(part, "r+b" if state.units else "wb") as handle:
            handle.truncate(state.bytes)
            handle.seek(state.bytes)
            stats.errors.extend(state.chunk_skipped)  # reported by the interrupted run's chunks
            stats.skipped += len(state.chunk_skipped)
            for result in scan_batches(index_path, units, workers, index):
                handle.write(result.lines)
                if result.read_characters is not None:
                    state.chunk_documents += result.documents
                    state.chunk_characters += result.read_characters
                for error in result.skipped:
                    record_skip(stats, error)
                    state.chunk_skipped.append(str(error))
                state.documents += result.documents
                state.pairs += len(result.pairs)
                for work, chars in result.pairs:
                    state.works[work] += 1
                    state.work_chars[work] += chars
                state.units += 1
                handle.flush()
                state.bytes = handle.tell()
                state.save(checkpoint_path)
                if on_batch is not None:
                    on_batch(result, stats)
            handle.flush()
            os.fsync(handle.fileno())
    except ShelfcheckError:  # bad input: resuming would only meet it again
        for path in (part, checkpoint_path):
            path.unlink(missing_ok=True)
        raise
    os.replace(part, out)
    checkpoint_path.unlink(missing_ok=True)
    stats.documents += state.chunk_documents
    stats.characters += state.chunk_characters
    summary.documents, summary.pairs, summary.works, summary.work_chars = state.documents, state.pairs, state.works, state.work_chars
    summary.seconds = time.perf_counter() - start
    summary.bytes = stats.bytes
    summary.characters = stats.characters  # counted by read_batches or the chunks (counting again per batch cost 2 % of the scan)
    return summary, stats
