"""Copyright-management information (CMI): findings and boilerplate regions.

:func:`detect_cmi` finds ISBNs, copyright notices, rights statements, printer keys, CIP blocks,
DOIs, licences, Project Gutenberg boilerplate and publisher lines; :func:`summarize_document`
says whether a book-like text carries front matter at all (a stripped book does not);
:func:`boilerplate_regions` returns the spans an index should exclude.
"""

from __future__ import annotations

from shelfcheck.cmi.boilerplate import boilerplate_regions
from shelfcheck.cmi.detect import KINDS, detect_cmi
from shelfcheck.cmi.finding import Finding, Region
from shelfcheck.cmi.summary import summarize_document

__all__ = ["KINDS", "Finding", "Region", "boilerplate_regions", "detect_cmi", "summarize_document"]
