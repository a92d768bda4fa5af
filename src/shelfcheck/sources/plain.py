"""Plain text and Markdown: one document per file, id = file stem, text byte-exact."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from shelfcheck.errors import InputError
from shelfcheck.sources.document import Document, ReadOptions


def decode_utf8(data: bytes, path: Path) -> str:
    """UTF-8 with the BOM dropped; invalid bytes name their byte offset."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"invalid UTF-8 ({exc.reason})", byte=exc.start) from None


def document_id(path: Path) -> str:
    """The id of a one-document file: its name without the type suffixes (``book.txt`` → ``book``)."""
    name = path.name
    for suffix in (".gz", ".zst", ".zstd"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return name.rsplit(".", 1)[0] if "." in name else name


def read_plain(path: Path, options: ReadOptions) -> Iterator[Document]:
    """Yield the file as one document; line endings are kept (``newline=""`` semantics)."""
    yield Document(document_id(path), decode_utf8(path.read_bytes(), path))
