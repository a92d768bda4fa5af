"""PDF: the text of each page in order (pypdf), pages separated by a form feed."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from shelfcheck.errors import InputError
from shelfcheck.sources.document import Document, ReadOptions
from shelfcheck.sources.plain import document_id


def pdf_to_text(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, OSError) as exc:
        raise InputError(str(path), f"unreadable PDF ({type(exc).__name__}: {exc})") from None
    return "\n\f".join(pages)


def read_pdf(path: Path, options: ReadOptions) -> Iterator[Document]:
    yield Document(document_id(path), pdf_to_text(path))
