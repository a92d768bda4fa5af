"""The one entry point every command uses to read its inputs."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from shelfcheck.errors import InputError
from shelfcheck.sources.document import Document, ReadOptions, ReadStats
from shelfcheck.sources.registry import expand_paths, reader_for


def read_documents(
    paths: Iterable[str | Path],
    options: ReadOptions | None = None,
    stats: ReadStats | None = None,
) -> Iterator[Document]:
    """Yield every document of every source, in a deterministic order.

    With ``on_error="fail"`` the first bad input raises :class:`InputError`; with ``"skip"`` the bad
    record (or, for a broken file, the rest of that file) is counted in ``stats`` and skipped.
    """
    options = options or ReadOptions()
    stats = stats if stats is not None else ReadStats()

    def on_bad(error: InputError) -> None:
        if options.on_error == "fail":
            raise error
        stats.record_error(error)

    for path in expand_paths(list(paths)):
        reader = reader_for(path)
        assert reader is not None  # expand_paths only yields known types
        stats.files += 1
        try:
            stats.bytes += path.stat().st_size
            for document in reader(path, options, on_bad):
                stats.documents += 1
                stats.characters += len(document.text)
                yield document
        except InputError as error:
            on_bad(error)
