"""PDF: the text of each page in order (pypdf), pages separated by a form feed line.

pypdf logs its repair attempts ("EOF marker not found", ...) as warnings; those are muted while
reading so the user sees one clear error line or nothing, never parser chatter.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import Iterator

from shelfcheck.errors import InputError
from shelfcheck.sources.document import Document, ReadOptions, describe
from shelfcheck.sources.plain import document_id

PAGE_BREAK = "\f\n"


@contextlib.contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def pdf_to_text(path: Path) -> str:
    """Every page's text in page order; each page ends with a newline, pages are joined by a form feed."""
    from pypdf import PdfReader

    pages: list[str] = []
    try:
        with _quiet("pypdf"):
            for page in PdfReader(str(path)).pages:
                text = page.extract_text() or ""
                pages.append(text if text.endswith("\n") or not text else text + "\n")
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types (PdfReadError, ValueError, KeyError, zlib.error, ...) on damaged files
        raise InputError(str(path), f"unreadable PDF ({describe(exc)})") from None
    return PAGE_BREAK.join(pages)


def read_pdf(path: Path, options: ReadOptions) -> Iterator[Document]:
    """Yield the whole PDF as one document."""
    yield Document(document_id(path), pdf_to_text(path))
