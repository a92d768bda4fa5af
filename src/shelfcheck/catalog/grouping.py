"""Editions of one work together: group ranked records by their work key, best group first.

The work key (folded main title + first author's surname, see :func:`shelfcheck.catalog.text.work_key`)
is computed at import, so LibGen, Open Library, Anna's Archive and Books3 rows of one book meet
even though no shared work id exists across those sources.
"""

from __future__ import annotations

from shelfcheck.catalog.model import Record, WorkGroup


def group_records(records: list[Record]) -> list[WorkGroup]:
    """Groups in the order of their best-ranked record; records keep their rank inside a group."""
    by_key: dict[str, list[Record]] = {}
    for record in records:
        by_key.setdefault(record.work_key, []).append(record)
    groups = []
    for key, members in by_key.items():
        lead = max(members, key=lambda r: (len(r.authors) > 0, len(r.title), len(r.authors)))  # the fullest description
        groups.append(WorkGroup(work_key=key, title=lead.title, authors=lead.authors, records=members))
    return groups
