"""The catalogue's value types: one :class:`Record` per edition/file row, grouped into works.

Kept free of SQLite so the web layer, the resolvers and the tests share one shape, and so
``to_dict`` is the single place that decides the JSON form of a record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# JSON keys of a record, in the order `--json` prints them (the issue fixes the first nine).
JSON_KEYS = ("title", "authors", "year", "publisher", "language", "isbns", "source", "source_id", "md5", "record_id", "work_key")


@dataclass(frozen=True)
class Record:
    """One catalogue row: an edition or a file as one source describes it."""

    record_id: int
    source: str
    source_id: str
    title: str
    authors: list[str]
    year: str
    publisher: str
    language: str
    isbns: list[str]  # ISBN-13, no hyphens, sorted
    md5: str  # lower-case hex, or ""
    work_key: str
    extra: dict[str, Any] = field(default_factory=dict)  # series, edition, extension, filesize, tdm_reserved...

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {key: getattr(self, key) for key in JSON_KEYS}
        out["extra"] = dict(self.extra)
        return out

    def to_json(self) -> dict[str, Any]:
        """The exact `--json` shape: the issue's nine keys plus record_id and work_key."""
        return {key: getattr(self, key) for key in JSON_KEYS}


@dataclass(frozen=True)
class WorkGroup:
    """Editions/files of one work (same folded main title and first author's surname)."""

    work_key: str
    title: str
    authors: list[str]
    records: list[Record]


@dataclass(frozen=True)
class ImportReport:
    """What an import did: rows added (new), rows seen, malformed rows as ``file:line: problem``."""

    rows_added: int
    rows_seen: int
    malformed: list[str]
    formats: dict[str, str]  # file -> detected format
