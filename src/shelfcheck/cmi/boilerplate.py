"""Boilerplate regions: what an index of *book text* must leave out.

Three sources, merged into sorted, non-overlapping :class:`Region` values:

* ``gutenberg_header`` / ``gutenberg_footer``: the Project Gutenberg boilerplate (see
  :mod:`shelfcheck.cmi.gutenberg`);
* ``licence``: full licence texts embedded in a book (GPL, the Creative Commons legal code, the MIT
  grant, Apache 2.0), found by their distinctive first and last lines in :data:`LICENCE_TEXTS`;
* ``copyright_page``: the lines that carry copyright notices, rights statements, ISBNs, CIP blocks
  and printer keys, joined with nearby publisher and licence lines. It is kept tight on purpose:
  only whole *short* lines (a notice inside a long paragraph covers just the notice), and lines
  are joined only across small gaps, so body text stays in the index.
"""

from __future__ import annotations

import re

from shelfcheck.cmi.detect import KINDS, detect_in
from shelfcheck.cmi.finding import Finding, Region
from shelfcheck.cmi.scan import Haystack, line_end, line_start, strip_span

# (anchor, first-line pattern around it, last-line pattern, longest plausible text in characters)
LICENCE_TEXTS: tuple[tuple[str, re.Pattern, re.Pattern, int], ...] = (
    ("general public license", re.compile(r"GNU (?:LESSER |LIBRARY |AFFERO )?GENERAL PUBLIC LICENSE\s+Version \d"),
     re.compile(r"Public License instead of\s+this License\.|END OF TERMS AND CONDITIONS"), 60_000),
    ("is not a law firm", re.compile(r"Creative Commons Corporation \(.Creative Commons.\) is not a law firm|CREATIVE COMMONS CORPORATION IS NOT A LAW FIRM"),
     re.compile(r"Creative Commons may be contacted at \S+"), 60_000),
    ("hereby granted, free of charge", re.compile(r"Permission is hereby granted, free of charge"),
     re.compile(r"OTHER DEALINGS IN\s+THE\s+SOFTWARE\.?"), 3_000),
    ("apache license", re.compile(r"Apache License\s+Version 2\.0, January 2004"),
     re.compile(r"END OF TERMS AND CONDITIONS"), 20_000),
)
_LICENCE_HEADINGS = re.compile(r"(?:The )?(?:MIT License(?: \(MIT\))?|Creative Commons Legal Code|Creative Commons [A-Za-z -]+ \d\.\d International|The GNU General Public License)\s*$")

# Kinds that make a copyright page by themselves, and kinds that only join one.
_PAGE_KINDS = {"copyright_notice", "rights_reserved", "isbn", "cip", "printer_key"}
_JOIN_KINDS = {"publisher", "licence", "doi"}
_STARTING_KINDS = {"gutenberg", *_PAGE_KINDS}
_MAX_LINE = 200  # a longer "line" is a paragraph of body text: cover only the finding itself
_MAX_GAP = 1_000  # characters between two copyright-page lines that may be joined
_MAX_GAP_LINES = 12


def _licence_regions(hay: Haystack, findings: list[Finding]) -> list[Region]:
    text = hay.text
    regions: list[Region] = []
    for anchor, first, last, longest in LICENCE_TEXTS:
        covered = -1
        for pos in hay.hits((anchor,)):
            opening = first.search(text, max(0, pos - 60), pos + 120)
            if opening is None or not opening.start() <= pos < opening.end() or opening.start() < covered:
                continue
            closings = list(last.finditer(text, opening.end(), opening.end() + longest))
            if not closings:
                continue
            # the first closing line, except that the GPL's "How to Apply" appendix belongs to it too
            closing = next((c for c in closings if c.group().startswith("Public License instead")), closings[0])
            start = line_start(text, opening.start())
            # take the heading and copyright line just above ("The MIT License (MIT)", "Copyright (c) 2008 …")
            for _ in range(4):
                above = line_start(text, max(0, start - 1))
                line = text[above:start].strip()
                notice = any(f.kind == "copyright_notice" and above <= f.start < start for f in findings)
                if above == start or not (line == "" or notice or _LICENCE_HEADINGS.match(line)):
                    break
                start = above
            regions.append(Region(*strip_span(text, start, line_end(text, closing.end())), "licence"))
            covered = regions[-1].end
    return regions


def _line_span(text: str, finding: Finding) -> tuple[int, int]:
    start, end = line_start(text, finding.start), line_end(text, finding.end)
    if end - start > _MAX_LINE:
        return finding.start, finding.end
    return strip_span(text, start, end)


def _copyright_page_regions(text: str, findings: list[Finding]) -> list[Region]:
    spans = sorted((*_line_span(text, f), f.kind in _PAGE_KINDS) for f in findings if f.kind in _PAGE_KINDS | _JOIN_KINDS)
    groups: list[list] = []
    for start, end, anchor in spans:
        if groups:
            gap = text[groups[-1][1]:start]
            if len(gap) <= _MAX_GAP and sum(1 for line in gap.splitlines() if line.strip()) <= _MAX_GAP_LINES:
                group = groups[-1]
                group[1] = max(group[1], end)
                group[2] = group[2] or anchor
                continue
        groups.append([start, end, anchor])
    return [Region(start, end, "copyright_page") for start, end, anchor in groups if anchor]


def _merge(regions: list[Region]) -> list[Region]:
    """Sort and merge overlapping or touching regions; the earlier region's kind wins."""
    merged: list[Region] = []
    for region in sorted(regions, key=lambda r: (r.start, -r.end)):
        if merged and region.start <= merged[-1].end:
            last = merged[-1]
            if region.end > last.end:
                merged[-1] = Region(last.start, region.end, last.kind)
            continue
        merged.append(region)
    return merged


def boilerplate_regions(text: str, findings: list[Finding] | None = None) -> list[Region]:
    """Sorted, non-overlapping boilerplate regions of ``text`` (code-point offsets).

    ``findings`` (from :func:`~shelfcheck.cmi.detect_cmi` on the same text) saves detecting twice.
    """
    hay = Haystack(text)
    if findings is None:
        # Only Gutenberg boilerplate, licence texts and copyright-page kinds start a region; the
        # other kinds only join one. Most texts hold none of them, and then the joining detectors
        # need not run (a third of the time on body text). Licence texts look only at notices.
        findings = detect_in(hay, kinds=_STARTING_KINDS)
        licences = _licence_regions(hay, findings)
        if not findings and not licences:
            return []
        findings = sorted(findings + detect_in(hay, kinds=set(KINDS) - _STARTING_KINDS), key=lambda f: (f.start, f.kind, f.end))
    else:
        licences = _licence_regions(hay, findings)
    regions = [Region(f.start, f.end, f"gutenberg_{f.value}") for f in findings if f.kind == "gutenberg"]
    outside = [f for f in findings if f.kind != "gutenberg" and not any(r.start <= f.start < r.end for r in regions)]
    regions += licences
    outside = [f for f in outside if not any(r.start <= f.start < r.end for r in licences)]
    regions += _copyright_page_regions(text, outside)
    return _merge(regions)
