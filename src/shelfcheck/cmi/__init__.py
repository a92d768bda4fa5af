"""Copyright-management information (CMI): findings and boilerplate regions.

Interface stub; the detector is being written (issue 2).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Region:
    """A span of boilerplate (Gutenberg header/footer, licence text, copyright page) to exclude."""

    start: int
    end: int
    kind: str


def boilerplate_regions(text: str) -> list[Region]:
    """Sorted, non-overlapping boilerplate regions of ``text`` (code-point offsets)."""
    return []
