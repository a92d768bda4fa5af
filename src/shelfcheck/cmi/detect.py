"""``detect_cmi``: every kind of copyright-management information in one text."""

from __future__ import annotations

from typing import Collection

from shelfcheck.cmi.finding import Finding
from shelfcheck.cmi.gutenberg import find_gutenberg
from shelfcheck.cmi.isbn import find_isbns
from shelfcheck.cmi.licences import find_dois, find_licences
from shelfcheck.cmi.notices import find_cip_blocks, find_copyright_notices, find_printer_keys, find_publisher_lines, find_rights_reserved
from shelfcheck.cmi.scan import Haystack

KINDS = ("isbn", "copyright_notice", "rights_reserved", "printer_key", "cip", "doi", "licence", "gutenberg", "publisher")

_FINDERS = (  # (the kind it finds, finder), in detection order
    ("copyright_notice", find_copyright_notices),
    ("rights_reserved", find_rights_reserved),
    ("printer_key", find_printer_keys),
    ("cip", find_cip_blocks),
    ("doi", find_dois),
    ("licence", find_licences),
    ("gutenberg", find_gutenberg),
    ("publisher", find_publisher_lines),
)


def detect_cmi(text: str, doc_id: str = "") -> list[Finding]:
    """All CMI findings in ``text``, sorted by (start, kind); offsets are code points into ``text``."""
    return detect_in(Haystack(text), doc_id)


def detect_in(hay: Haystack, doc_id: str = "", kinds: Collection[str] = KINDS) -> list[Finding]:
    """:func:`detect_cmi` on a prepared :class:`Haystack` (so a caller that scans more reuses it),
    running only the detectors of ``kinds``."""
    text = hay.text
    hits = [("isbn", start, end, value) for start, end, value in find_isbns(hay)] if "isbn" in kinds else []
    for kind, finder in _FINDERS:
        if kind in kinds:
            hits.extend(finder(hay))
    hits.sort(key=lambda h: (h[1], h[0], h[2]))
    return [Finding(doc_id, kind, start, end, text[start:end], value) for kind, start, end, value in hits]
