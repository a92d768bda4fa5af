"""Catalogue importers, one module per dump format, and :func:`import_files` that drives them.

Each file is detected by content (:mod:`.detect`), streamed through its reader and written in
one transaction (:class:`~shelfcheck.catalog.store.FileTransaction`): a file either
lands whole or not at all, and re-importing it adds nothing.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import signal
from pathlib import Path
from typing import Callable, Iterator

from shelfcheck.catalog.importers import annas, books3, csvfile, libgen, onix, openlibrary
from shelfcheck.catalog.importers.common import Reader, open_text
from shelfcheck.catalog.importers.mysql import read_span
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
CHILD_MIN_BYTES = 32 << 20  # files this big are parsed in a child process (below, the start-up is not worth it)
SPAN_BYTES = 16 << 20  # an uncompressed LibGen dump is cut into spans this big, parsed by WORKERS processes at once
WORKERS = max(2, min(os.cpu_count() or 1, 4))  # 2 even on 2 cores: a worker idles while its parsed span waits for the writer
BYTES_PER_ROW = 250  # bytes per row, guessed low (LibGen dumps hold ~320), so a file's row estimate errs high
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
            kind = formats[str(path)]
            batches = _batches(kind, path)
            if path.stat().st_size >= CHILD_MIN_BYTES:
                spans = libgen.mysql_spans(path, SPAN_BYTES) if kind == "mysql_dump" else None
                batches = _batches_in_workers(path, spans) if spans else _batches_in_child(kind, path)
            transaction = FileTransaction(conn, expected_rows=path.stat().st_size // BYTES_PER_ROW)
            try:
                for rows, bad_rows, position in batches:
                    transaction.add(rows)
                    seen += len(rows)
                    for line, problem in bad_rows:
                        malformed_count += 1
                        if len(malformed) < MAX_REPORTED:
                            malformed.append(f"{path}:{line}: {problem}")
                    if progress:
                        progress(str(path), seen, position)
                added += transaction.commit()
            except BaseException:
                transaction.rollback()
                raise
            finally:
                batches.close()
    except (ValueError, UnicodeError) as exc:
        raise ShelfcheckError(f"{path}: {exc}") from None
    finally:
        conn.close()
    if malformed_count > len(malformed):
        malformed.append(f"... and {malformed_count - len(malformed)} more malformed rows")
    return ImportReport(rows_added=added, rows_seen=seen, malformed=malformed, formats=formats)


Batch = tuple[list[tuple], list[tuple[int, str]], int]  # rows, malformed (line, problem), bytes read


def _batches(kind: str, path: Path) -> Iterator[Batch]:
    """Run the format's reader here, in batches of BATCH rows."""
    bad_rows: list[tuple[int, str]] = []
    with open_text(path) as stream:
        rows: list[tuple] = []
        for row in READERS[kind](stream, lambda line, problem: bad_rows.append((line, problem))):
            rows.append(row)
            if len(rows) >= BATCH:
                yield rows, bad_rows[:], _position(stream)
                rows = []
                bad_rows.clear()
        yield rows, bad_rows[:], path.stat().st_size


def _produce(kind: str, path: str, sender, receiver) -> None:
    """Child-process body: parse the file and send its batches down the pipe."""
    # Close the inherited read end: then, if the parent dies, the next send fails and this exits.
    receiver.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it rolls back and ends this process
    try:
        for batch in _batches(kind, Path(path)):
            sender.send(("batch", *batch))
        sender.send(("done",))
    except Exception as exc:  # noqa: BLE001 - reported to the parent as one line, not a traceback here
        with contextlib.suppress(Exception):
            sender.send(("error", _message(exc)))


def _message(exc: Exception) -> str:
    """A reader process's error as the one line the parent reports."""
    return str(exc) if isinstance(exc, (ValueError, ShelfcheckError)) else f"{type(exc).__name__}: {exc}"


def _batches_in_child(kind: str, path: Path) -> Iterator[Batch]:
    """The same batches, parsed in a child process while this one writes SQLite.

    Parsing (~20 µs/row of Python) and writing (~10 µs/row, mostly in SQLite) then overlap on two
    cores. If this process is killed, the child's next send hits a closed pipe and it exits.
    """
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_produce, args=(kind, str(path), sender, receiver), daemon=True)
    process.start()
    sender.close()
    try:
        while True:
            try:
                message = receiver.recv()
            except EOFError:
                raise ShelfcheckError(f"{path}: the reader process stopped unexpectedly") from None
            if message[0] == "batch":
                yield message[1], message[2], message[3]
            elif message[0] == "error":
                raise ShelfcheckError(f"{path}: {message[1]}")
            else:
                return
    finally:
        receiver.close()
        if process.is_alive():
            process.terminate()
        process.join()


def _parse_spans(path: str, spans: list, mine: range, sender, pipes: list) -> None:
    """Worker-process body: parse the spans numbered ``mine``, each sent as one message.

    A whole span is parsed before it is sent, so a worker runs a span ahead while the writer
    reads the other workers' spans (a pipe only buffers 64 KiB).
    """
    for receiver, other in pipes:  # only this worker's send end stays open: see _batches_in_child
        receiver.close()
        if other is not sender:
            other.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # as in _produce
    try:
        for k in mine:
            stream, header_lines, lines = read_span(path, spans[k])
            bad_rows: list[tuple[int, str]] = []
            rows = list(libgen.read_mysql(stream, lambda line, problem: bad_rows.append((line - header_lines, problem))))
            sender.send(("span", rows, bad_rows, lines, spans[k].end))
    except Exception as exc:  # noqa: BLE001 - reported to the parent as one line, not a traceback here
        with contextlib.suppress(Exception):
            sender.send(("error", _message(exc)))


def _batches_in_workers(path: Path, spans: list) -> Iterator[Batch]:
    """The batches of a big uncompressed MySQL dump, its spans parsed by WORKERS processes at once.

    Span k is parsed by worker k % WORKERS and read back in span order, so rows reach SQLite in
    file order (the same ids as a one-process import) and malformed rows get file line numbers.
    """
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    workers = min(WORKERS, len(spans))
    pipes = [ctx.Pipe(duplex=False) for _ in range(workers)]
    processes = [
        ctx.Process(target=_parse_spans, args=(str(path), spans, range(w, len(spans), workers), pipes[w][1], pipes), daemon=True)
        for w in range(workers)
    ]
    for process in processes:
        process.start()
    for _, sender in pipes:
        sender.close()
    try:
        lines_before = 0
        for k in range(len(spans)):
            try:
                message = pipes[k % workers][0].recv()
            except EOFError:
                raise ShelfcheckError(f"{path}: a reader process stopped unexpectedly") from None
            if message[0] == "error":
                raise ShelfcheckError(f"{path}: {message[1]}")
            _, rows, bad_rows, lines, position = message
            bad_rows = [(line + lines_before, problem) for line, problem in bad_rows]
            for i in range(0, max(len(rows), 1), BATCH):
                yield rows[i:i + BATCH], bad_rows if i == 0 else [], position
            lines_before += lines
    finally:
        for receiver, _ in pipes:
            receiver.close()
        for process in processes:
            if process.is_alive():
                process.terminate()
            process.join()


def _position(stream) -> int:
    """Bytes of the underlying (compressed) file read so far, for progress bars."""
    buffer = getattr(stream, "buffer", None)
    raw = getattr(buffer, "fileobj", None) or getattr(buffer, "raw", None) or buffer  # gzip keeps the file as .fileobj
    try:
        return raw.tell() if raw is not None else 0
    except (OSError, ValueError, AttributeError):
        return 0


__all__ = ["READERS", "detect", "import_files"]
