"""Open Library: the upstream dump (``type \\t key \\t revision \\t last_modified \\t JSON``) and
its MariaDB form (``ol_base``, read through the MySQL dump reader).

Editions become records (title, ISBNs, publishers, publish date, languages). Author names are
not in an edition, only author keys; the dump lists ``/type/author`` lines before editions (it
is sorted by type), so names seen earlier in the same file are remembered and used, falling back
to the edition's ``by_statement``. Works and other types are not records; an edition's work id
is kept in ``extra.ol_work``.
"""

from __future__ import annotations

import io
import re
from typing import Iterator

import orjson

from shelfcheck.catalog.importers.common import Bad, Row, make_row
from shelfcheck.isbn import to_isbn13
from shelfcheck.catalog.text import split_authors

_YEAR = re.compile(r"\b(1[4-9]\d\d|20\d\d)\b")


def _edition(key: str, data: dict, authors: dict[str, str]) -> Row:
    title = str(data.get("title") or "")
    if data.get("subtitle"):
        title = f"{title}: {data['subtitle']}"
    names = [authors[a["key"]] for a in data.get("authors") or [] if isinstance(a, dict) and a.get("key") in authors]
    if not names and data.get("by_statement"):
        names = split_authors(str(data["by_statement"]))
    isbns = [to_isbn13(str(i)) for i in (data.get("isbn_13") or []) + (data.get("isbn_10") or [])]
    year = _YEAR.search(str(data.get("publish_date") or ""))
    languages = [str(l.get("key", "")).rsplit("/", 1)[-1] for l in data.get("languages") or [] if isinstance(l, dict)]
    works = [w.get("key") for w in data.get("works") or [] if isinstance(w, dict)]
    return make_row(
        "openlibrary", key, title, names, year=year.group(1) if year else "",
        publisher=", ".join(str(p) for p in data.get("publishers") or []), language=",".join(languages),
        isbns=[i for i in isbns if i],
        extra={"ol_work": works[0] if works else "", "author_keys": [a.get("key") for a in data.get("authors") or [] if isinstance(a, dict)]},
    )


def _record(kind: str, key: str, json_text: str, authors: dict[str, str]) -> Row | None:
    if kind == "/type/author":
        data = orjson.loads(json_text)
        if data.get("name"):
            authors[key] = str(data["name"])
        return None
    if kind != "/type/edition":
        return None
    return _edition(key, orjson.loads(json_text), authors)


def ol_base_row(key: str, kind: str, json_text: str, authors: dict[str, str]) -> Row | None:
    """One ``ol_base`` row (MariaDB form) as a record, or None for non-edition types."""
    return _record(kind, key, json_text, authors)


def read_tsv(stream: io.TextIOBase, bad: Bad) -> Iterator[Row]:
    authors: dict[str, str] = {}
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        parts = line.rstrip("\r\n").split("\t", 4)
        if len(parts) != 5:
            bad(number, f"expected 5 tab-separated columns, found {len(parts)}")
            continue
        try:
            row = _record(parts[0], parts[1], parts[4], authors)
        except (orjson.JSONDecodeError, TypeError, AttributeError, KeyError) as exc:
            bad(number, f"bad Open Library JSON: {exc}")
            continue
        if row is not None:
            yield row
