"""Plain text and Markdown: one document per file, id = file stem, text byte-exact.

The text is the file decoded as UTF-8 with the BOM dropped and line endings unchanged (what
``open(path, encoding="utf-8-sig", newline="")`` gives), so offsets map back to the file exactly.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Iterator

from shelfcheck.errors import InputError
from shelfcheck.sources.document import Document, ReadOptions


def decode_utf8(data: bytes, path: Path, member: str | None = None) -> str:
    """UTF-8 with the BOM dropped; invalid bytes raise an error naming their byte offset and line.

    ``member`` names the part of a container (an EPUB chapter) the bytes came from.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # utf-8-sig reports offsets after the BOM; report them in the file's own bytes.
        start = exc.start + (len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0)
        line = data.count(b"\n", 0, start) + 1
        if member:  # offsets inside a container's member say nothing about the container file
            raise InputError(str(path), f"{member}: invalid UTF-8 on line {line}, byte {start} ({exc.reason})") from None
        raise InputError(str(path), f"invalid UTF-8 on line {line} ({exc.reason})", byte=start) from None


def document_id(path: Path) -> str:
    """The id of a one-document file: its name without the type suffix (``my.book.txt`` → ``my.book``)."""
    return path.stem


def read_plain(path: Path, options: ReadOptions) -> Iterator[Document]:
    """Yield the file as one document; line endings are kept (``newline=""`` semantics)."""
    yield Document(document_id(path), decode_utf8(path.read_bytes(), path))
