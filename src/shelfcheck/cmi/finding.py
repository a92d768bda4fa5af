"""The two values the CMI detector hands on: a finding (one piece of CMI) and a boilerplate region."""

from __future__ import annotations

from dataclasses import dataclass

# What a finder yields before it becomes a Finding: (kind, start, end, value).
Hit = tuple[str, int, int, "str | None"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of copyright-management information found in a document.

    ``text == document_text[start:end]`` (code-point offsets); ``value`` is the normalised
    reading of it (ISBN-13 digits, year range, SPDX id, ...) or ``None`` where a kind has none.
    """

    doc: str
    kind: str
    start: int
    end: int
    text: str
    value: str | None = None

    def to_dict(self) -> dict:
        return {"doc": self.doc, "kind": self.kind, "start": self.start, "end": self.end, "text": self.text, "value": self.value}


@dataclass(frozen=True, slots=True)
class Region:
    """A span of boilerplate (Gutenberg header/footer, licence text, copyright page) to exclude."""

    start: int
    end: int
    kind: str
