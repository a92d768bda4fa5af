"""The one entry point every command uses to read its inputs, and the error policy they share."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

from shelfcheck.errors import InputError
from shelfcheck.sources.document import Document, ReadOptions, ReadStats, describe
from shelfcheck.sources.registry import expand_paths, reader_for

log = logging.getLogger(__name__)

T = TypeVar("T")
OnBad = Callable[[InputError], None]


def each_source(
    paths: Iterable[str | Path],
    options: ReadOptions,
    stats: ReadStats,
    read: Callable[[Path, ReadOptions, OnBad], Iterator[T]],
) -> Iterator[T]:
    """Run ``read`` on every source file in order, applying ``options.on_error`` to what breaks.

    ``"fail"`` re-raises the first :class:`InputError`; ``"skip"`` logs it, counts it in ``stats``
    and goes on (after a bad record with the next record, after a broken file with the next file).
    """

    def on_bad(error: InputError) -> None:
        if options.on_error == "fail":
            raise error
        record_skip(stats, error)

    for path in expand_paths(paths):
        stats.files += 1
        try:
            stats.bytes += path.stat().st_size
            yield from read(path, options, on_bad)
        except InputError as error:
            on_bad(error)
        except OSError as exc:  # unreadable file: permissions, I/O error, vanished mid-run
            on_bad(InputError(str(path), f"cannot read ({exc.strerror or describe(exc)})"))


def record_skip(stats: ReadStats, error: InputError) -> None:
    """What ``"skip"`` does with bad input: log it and count it."""
    log.info("skipped: %s", error)
    stats.record_error(error)


def read_any(path: Path, options: ReadOptions, on_bad: OnBad) -> Iterator[Document]:
    """The documents of one known-type file, by the reader its suffix selects."""
    reader = reader_for(path)
    assert reader is not None  # expand_paths only returns known types
    return reader(path, options, on_bad)


def read_documents(
    paths: Iterable[str | Path],
    options: ReadOptions | None = None,
    stats: ReadStats | None = None,
) -> Iterator[Document]:
    """Yield every document of every source, in a deterministic order (see :func:`each_source`)."""
    options = options or ReadOptions()
    stats = stats if stats is not None else ReadStats()
    for document in each_source(paths, options, stats, read_any):
        stats.documents += 1
        stats.characters += len(document.text)
        yield document
