"""EPUB: the visible text of each spine item in reading order (ebooklib + :func:`html_to_text`).

Reading order is the spine's, not the order of files in the zip. Chapters are separated by a blank
line; offsets refer to this extracted text.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Iterator

from shelfcheck.errors import InputError
from shelfcheck.sources.document import Document, ReadOptions, describe
from shelfcheck.sources.html import html_to_text
from shelfcheck.sources.plain import decode_utf8, document_id


def epub_to_text(path: Path) -> str:
    """The text of the spine's documents in reading order, chapters separated by a blank line."""
    import ebooklib
    from ebooklib import epub

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ebooklib warns about its own future defaults
            book = epub.read_epub(str(path), options={"ignore_ncx": True})
    except Exception as exc:  # noqa: BLE001 - ebooklib raises bare Exception, zipfile, KeyError and lxml errors
        raise InputError(str(path), f"unreadable EPUB ({describe(exc)})") from None
    chapters: list[str] = []
    for item_id, _linear in book.spine:
        item = book.get_item_with_id(item_id)
        if item is None or item.get_type() != ebooklib.ITEM_DOCUMENT:
            continue
        # ``content`` is the chapter's bytes as stored; ``get_content()`` would re-serialise them.
        text = html_to_text(decode_utf8(item.content, path, member=item.get_name()))
        if text:
            chapters.append(text)
    return "\n".join(chapters)


def read_epub(path: Path, options: ReadOptions) -> Iterator[Document]:
    """Yield the book as one document."""
    yield Document(document_id(path), epub_to_text(path))
