"""EPUB: the text of each spine item in reading order, via ebooklib."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Iterator

from shelfcheck.errors import InputError
from shelfcheck.sources.document import Document, ReadOptions
from shelfcheck.sources.html import html_to_text
from shelfcheck.sources.plain import document_id


def epub_to_text(path: Path) -> str:
    """Concatenate spine documents (reading order), each extracted as HTML, separated by a blank line."""
    import ebooklib
    from ebooklib import epub

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = epub.read_epub(str(path), options={"ignore_ncx": True})
    except Exception as exc:  # ebooklib raises bare Exceptions, zipfile and lxml errors
        raise InputError(str(path), f"unreadable EPUB ({type(exc).__name__}: {exc})") from None
    chapters: list[str] = []
    for item_id, _linear in book.spine:
        item = book.get_item_with_id(item_id)
        if item is None or item.get_type() != ebooklib.ITEM_DOCUMENT:
            continue
        chapters.append(html_to_text(item.get_content().decode("utf-8", errors="replace")))
    return "\n".join(chapters)


def read_epub(path: Path, options: ReadOptions) -> Iterator[Document]:
    yield Document(document_id(path), epub_to_text(path))
