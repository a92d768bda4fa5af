"""Project Gutenberg header and footer: the whole boilerplate around the book text.

Header: from the start of the file through the ``*** START OF THE/THIS PROJECT GUTENBERG EBOOK …``
line. Footer: from the "End of (the) Project Gutenberg …" line that usually precedes it (or the
``*** END OF …`` line itself) to the end of the file, licence included.
"""

from __future__ import annotations

import re
from typing import Iterator

from shelfcheck.cmi.finding import Hit
from shelfcheck.cmi.scan import Haystack, line_end, line_start, strip_span

_START = re.compile(r"\*{3}\s*START OF (?:THE|THIS) PROJECT GUTENBERG", re.IGNORECASE)
_END = re.compile(r"\*{3}\s*END OF (?:THE|THIS) PROJECT GUTENBERG", re.IGNORECASE)
_END_LINE = re.compile(r"End of (?:the )?Project Gutenberg", re.IGNORECASE)


def find_gutenberg(hay: Haystack) -> Iterator[Hit]:
    text = hay.text
    starts, ends = [], []
    for pos in hay.hits(("***",)):
        if _START.match(text, pos):
            starts.append(pos)
        elif _END.match(text, pos):
            ends.append(pos)
    if starts:
        start, end = strip_span(text, 0, line_end(text, starts[0]))
        yield "gutenberg", start, end, "header"
    if ends:
        begin = line_start(text, ends[-1])
        before = _END_LINE.search(text, max(0, begin - 500), begin)
        if before:
            begin = line_start(text, before.start())
        start, end = strip_span(text, begin, len(text))
        yield "gutenberg", start, end, "footer"
