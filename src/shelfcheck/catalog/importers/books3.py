"""Books3-style file lists: ``…/Bibliotik/<c>/<Title> - <Author>[ - <Publisher> - <Year>].epub.txt``.

Books3 carries no metadata, so title and author come only from the file name, which the
uploaders wrote as ``Title - Author`` (title cut at ~31 characters, ':' written '_') or as
``<Year> <Author> - <Title> - <Subtitle>_<tag>``. URL lists (``books3-epub-urls.txt``) are
percent-decoded first. The path itself is the record id.
"""

from __future__ import annotations

import io
import re
from typing import Iterator
from urllib.parse import unquote

from shelfcheck.catalog.importers.common import Bad, Row, make_row
from shelfcheck.catalog.text import split_authors

_SUFFIX = re.compile(r"(?:\.epub)?(?:\.txt)?$", re.IGNORECASE)
_UPLOADER_TAG = re.compile(r"_R[a-z]{2,5}$")
_LEADING_YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)\s+(.+)$")
_YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)$")


def parse_name(name: str) -> tuple[str, list[str], str, str]:
    """(title, authors, publisher, year) from a Books3 file name."""
    stem = _UPLOADER_TAG.sub("", _SUFFIX.sub("", name, count=1)).strip()
    parts = [p.strip() for p in stem.split(" - ")]
    lead = _LEADING_YEAR.match(parts[0])
    if lead and len(parts) >= 2:
        return " - ".join(parts[1:]), split_authors(lead.group(2)), "", lead.group(1)
    if len(parts) == 1:
        return parts[0], [], "", ""
    year = parts.pop() if len(parts) > 2 and _YEAR.match(parts[-1]) else ""
    publisher = " - ".join(parts[2:]) if len(parts) > 2 else ""
    return parts[0], split_authors(parts[1]), publisher, year


def read_list(stream: io.TextIOBase, bad: Bad) -> Iterator[Row]:
    for number, line in enumerate(stream, 1):
        path = line.strip()
        if not path:
            continue
        decoded = unquote(path) if "%" in path else path
        name = decoded.rsplit("/", 1)[-1]
        if not name:
            bad(number, "path ends in '/': no file name")
            continue
        title, authors, publisher, year = parse_name(name)
        yield make_row("books3", path, title, authors, year=year, publisher=publisher, extra={"path": decoded})
