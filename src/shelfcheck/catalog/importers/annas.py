"""Anna's Archive ``aarecords`` Elasticsearch documents, one JSON object per line.

The useful fields sit in ``_source.file_unified_data`` (title_best, author_best, publisher_best,
year_best, language_codes, identifiers_unified{isbn13, isbn10, md5}); ``_id`` (``md5:<hex>``,
``isbn13:...``, ``ol:...``) is the record's unique id.
"""

from __future__ import annotations

import io
from typing import Iterator

import orjson

from shelfcheck.catalog.importers.common import Bad, Row, make_row
from shelfcheck.isbn import to_isbn13
from shelfcheck.catalog.text import split_authors


def _row(doc: dict) -> Row:
    source = doc.get("_source") or {}
    data = source.get("file_unified_data") or {}
    ids = data.get("identifiers_unified") or {}
    record_id = str(doc.get("_id") or source.get("id") or "")
    if not record_id:
        raise ValueError("no _id")
    md5s = ids.get("md5") or []
    md5 = record_id[4:] if record_id.startswith("md5:") else (md5s[0] if md5s else "")
    isbns = [to_isbn13(str(i)) for i in (ids.get("isbn13") or []) + (ids.get("isbn10") or [])]
    return make_row(
        "annas_archive", record_id, str(data.get("title_best") or ""), split_authors(str(data.get("author_best") or "")),
        year=str(data.get("year_best") or ""), publisher=str(data.get("publisher_best") or ""),
        language=",".join(data.get("language_codes") or []), isbns=[i for i in isbns if i], md5=md5,
        extra={
            "extension": data.get("extension_best"), "filesize": data.get("filesize_best"),
            "edition": data.get("edition_varia_best"), "ol": ids.get("ol") or [],
        },
    )


def read_jsonl(stream: io.TextIOBase, bad: Bad) -> Iterator[Row]:
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            doc = orjson.loads(line)
            if not isinstance(doc, dict):
                raise ValueError("not a JSON object")
            yield _row(doc)
        except (ValueError, TypeError, AttributeError) as exc:
            bad(number, f"bad aarecords document: {exc}")
