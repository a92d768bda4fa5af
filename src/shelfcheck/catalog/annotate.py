"""Attach catalogue records to other commands' findings (`cmi --catalog`, `scan --catalog`).

A finding says *which text*; the catalogue says *which book*: title, authors, edition, the
shadow-library record (source, md5) that carries it. Records are added under a ``"catalog"`` key
(a list, empty when nothing resolves), so readers of the plain output are unaffected.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import orjson

from shelfcheck.atomic import atomic_file
from shelfcheck.catalog.reader import Catalog
from shelfcheck.catalog.resolve import resolve_isbn, resolve_work

_DUMP = orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE


def isbn_resolver(cat: Catalog) -> Callable[[str], list[dict]]:
    """A function from an ISBN-13 to the JSON of the records carrying it (cached per ISBN)."""
    cache: dict[str, list[dict]] = {}

    def records(isbn13: str) -> list[dict]:
        if isbn13 not in cache:
            cache[isbn13] = [record.to_json() for record in resolve_isbn(cat, isbn13)]
        return cache[isbn13]

    return records


def annotate_matches(matches: str | Path, works: list[dict], cat: Catalog) -> int:
    """Rewrite a scan's JSON-lines file with ``"catalog"`` records on every match; returns how many
    matches resolved. A work resolves by its id (when that is an md5 or ISBN), the md5 of its text
    and the ISBNs printed in it (both recorded in the index manifest)."""
    by_id = {work["id"]: work for work in works}
    resolved_work: dict[str, list[dict]] = {}
    path = Path(matches)
    resolved = 0
    with open(path, "rb") as source, atomic_file(path, "wb") as handle:
        for line in source:
            match = orjson.loads(line)
            work_id = match.get("work")
            if work_id is not None:
                if work_id not in resolved_work:
                    work = by_id.get(work_id, {})
                    records = resolve_work(cat, work_id, md5=work.get("md5"), isbns=work.get("isbns", ()))
                    resolved_work[work_id] = [record.to_json() for record in records]
                match["catalog"] = resolved_work[work_id]
                resolved += bool(match["catalog"])
            handle.write(orjson.dumps(match, option=_DUMP))
    return resolved
