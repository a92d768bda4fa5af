"""Which reader handles which file, decided by the file name's suffixes."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable, Iterator

from shelfcheck.errors import InputError
from shelfcheck.sources.document import Document, ReadOptions
from shelfcheck.sources.epub import read_epub
from shelfcheck.sources.html import read_html
from shelfcheck.sources.jsonl import read_jsonl
from shelfcheck.sources.pdf import read_pdf
from shelfcheck.sources.plain import read_plain

Reader = Callable[[Path, ReadOptions, Callable[[InputError], None]], Iterator[Document]]


def read_parquet(path: Path, options: ReadOptions, on_bad: Callable[[InputError], None]) -> Iterator[Document]:
    """Parquet's reader, imported on first use: pyarrow costs a command that reads no Parquet ~0.05 s."""
    from shelfcheck.sources.parquet import read_parquet as read

    return read(path, options, on_bad)


def _whole_file(reader) -> Reader:
    """Adapt a one-document reader (which has no per-record errors) to the common signature."""
    return lambda path, options, on_bad: reader(path, options)


# Longest suffix first, so ".jsonl.gz" wins over ".gz".
READERS: dict[str, Reader] = {
    ".jsonl.gz": read_jsonl,
    ".jsonl.zst": read_jsonl,
    ".jsonl.zstd": read_jsonl,
    ".json.gz": read_jsonl,
    ".json.zst": read_jsonl,
    ".jsonl": read_jsonl,
    ".parquet": read_parquet,
    ".txt": _whole_file(read_plain),
    ".md": _whole_file(read_plain),
    ".html": _whole_file(read_html),
    ".htm": _whole_file(read_html),
    ".xhtml": _whole_file(read_html),
    ".epub": _whole_file(read_epub),
    ".pdf": _whole_file(read_pdf),
}


def reader_for(path: Path) -> Reader | None:
    """The reader for ``path``, or ``None`` when its type is unknown."""
    name = path.name.lower()
    for suffix, reader in READERS.items():
        if name.endswith(suffix):
            return reader
    return None


def _walk(folder: Path) -> list[Path]:
    """Known-type files under ``folder``, hidden files and folders skipped, sorted by path parts.

    ``os.walk`` (not ``rglob``) so hidden folders such as ``.git`` are pruned, not walked, and
    symlinked folders are not followed (no cycles).
    """
    found: list[Path] = []
    for top, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(top, name) for name in files if not name.startswith(".") and reader_for(Path(name)))
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Each argument in order: a file as given (its type must be known), a folder walked recursively.

    Eager, so a mistyped path fails before any document is read.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(_walk(path))
        elif path.is_file():
            if reader_for(path) is None:
                raise InputError(str(path), f"unknown file type (known: {', '.join(sorted(READERS))})")
            found.append(path)
        elif path.exists():
            raise InputError(str(path), "not a regular file or folder")
        else:
            raise InputError(str(path), "no such file or folder")
    return found
