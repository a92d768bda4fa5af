"""Pick a file's format from its first 64 KiB (decompressed), never from its name.

Dumps get renamed, gzipped and split; the content is what tells a MySQL dump from a JSON-lines
export. Order matters: the most specific signatures are tried first.
"""

from __future__ import annotations

import os
import re

from shelfcheck.catalog.importers.common import open_binary

SNIFF_BYTES = 1 << 16

FORMATS = ("mysql_dump", "aarecords_jsonl", "openlibrary_tsv", "onix", "books3_list", "csv")

_MYSQL = re.compile(rb"^\s*(?:CREATE\s+TABLE|INSERT\s+(?:IGNORE\s+)?INTO)\s", re.IGNORECASE | re.MULTILINE)
_OL_LINE = re.compile(rb"^/type/[a-z_]+\t/[a-z_]+/[^\t]+\t\d+\t", re.MULTILINE)
_BOOKS3 = re.compile(rb"(?:Bibliotik/|\.epub(?:\.txt)?\s*$)", re.MULTILINE)


def detect(path: str | os.PathLike) -> str | None:
    """One of :data:`FORMATS`, or None when the content matches none of them."""
    with open_binary(path) as handle:
        head = handle.read(SNIFF_BYTES)
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if not text:
        return None
    if text.startswith(b"{") and (b'"_source"' in text[:20000] or b'"_index"' in text[:20000]):
        return "aarecords_jsonl"
    if text.startswith(b"<") and (b"<ONIXMessage" in text or b"<ONIXmessage" in text):
        return "onix"
    if _OL_LINE.search(text[:20000]):
        return "openlibrary_tsv"
    if _MYSQL.search(head):
        return "mysql_dump"
    first_lines = text.split(b"\n", 5)[:5]
    if first_lines and sum(bool(_BOOKS3.search(line)) for line in first_lines) >= max(1, len(first_lines) - 1):
        return "books3_list"
    header = first_lines[0].decode("utf-8", "replace").lower() if first_lines else ""
    if re.search(r"\b(title|isbn|author)", header) and re.search(r"[,;\t|]", header):
        return "csv"
    return None
