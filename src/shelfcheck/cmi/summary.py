"""Per-document summary: is it book-like, and does it still carry its front matter?

A *book-like* text is long and has chapter structure. Such a text with no CMI at all (no notice,
ISBN, licence, Gutenberg header, publisher line ...) has had its front matter stripped, the case
shelfcheck exists to catch: ``front_matter = "missing"``.
"""

from __future__ import annotations

import re

from shelfcheck.cmi.detect import KINDS
from shelfcheck.cmi.finding import Finding

BOOK_MIN_CHARS = 20_000  # shorter texts are articles or pages, whatever their headings
BOOK_ALWAYS_CHARS = 200_000  # long enough to be a book even without recognisable headings
MIN_HEADINGS = 3
_HEADING = re.compile(
    r"^[ \t_*#=]*(?:(?:CHAPTER|Chapter|BOOK|Book|PART|Part|SECTION|Section)[ \t.]+(?:[IVXLC]+|\d+|[A-Z][a-z]+|[A-Z]+)\b"
    r"|(?:PREFACE|Preface|INTRODUCTION|Introduction|CONTENTS|Contents|Table of Contents|INDEX|Index|EPILOGUE|Epilogue|APPENDIX|Appendix)[ \t.]*$)",
    re.MULTILINE,
)


def is_book_like(text: str) -> bool:
    if len(text) < BOOK_MIN_CHARS:
        return False
    if len(text) >= BOOK_ALWAYS_CHARS:
        return True
    headings = 0
    for _ in _HEADING.finditer(text):
        headings += 1
        if headings >= MIN_HEADINGS:
            return True
    return False


def summarize_document(text: str, findings: list[Finding], doc_id: str | None = None) -> dict:
    """``{"doc", "book_like", "front_matter": "present"|"missing"|"n/a", "counts": {kind: n}}``."""
    counts = {kind: 0 for kind in KINDS}
    for finding in findings:
        counts[finding.kind] += 1
    book_like = is_book_like(text)
    if doc_id is None:
        doc_id = findings[0].doc if findings else ""
    front_matter = "n/a" if not book_like else ("present" if findings else "missing")
    return {"doc": doc_id, "book_like": book_like, "front_matter": front_matter, "counts": counts}
