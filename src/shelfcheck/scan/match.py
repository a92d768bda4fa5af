"""What a scan reports: one :class:`Match` per (document, work) pair, with its verified spans."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """A verified shared passage: ``doc_text[doc_start:doc_end]`` ≈ ``work_text[work_start:work_end]``.

    Offsets are code-point offsets into the original texts.
    """

    doc_start: int
    doc_end: int
    work_start: int
    work_end: int

    def to_dict(self) -> dict:
        return {"doc_start": self.doc_start, "doc_end": self.doc_end, "work_start": self.work_start, "work_end": self.work_end}


@dataclass(frozen=True, slots=True)
class Match:
    """A document holding passages of an indexed work.

    ``matched_chars`` counts the document's code points covered by the spans; the coverages are
    the covered fractions of the document and of the work.
    """

    doc: str
    work: str
    matched_chars: int
    doc_coverage: float
    work_coverage: float
    spans: tuple[Span, ...]

    def to_dict(self) -> dict:
        return {
            "doc": self.doc,
            "work": self.work,
            "matched_chars": self.matched_chars,
            "doc_coverage": self.doc_coverage,
            "work_coverage": self.work_coverage,
            "spans": [span.to_dict() for span in self.spans],
        }


def union_length(intervals: list[tuple[int, int]]) -> int:
    """Total length covered by half-open intervals (overlaps counted once)."""
    total, reach = 0, None
    for start, end in sorted(intervals):
        if reach is None or start >= reach:
            total += end - start
            reach = end
        elif end > reach:
            total += end - reach
            reach = end
    return total
