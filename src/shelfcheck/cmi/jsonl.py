"""Write CMI findings of a document stream as JSON lines (what ``shelfcheck cmi --out`` produces).

Per document in input order: its findings sorted by (start, kind) and, with ``summary``, one
summary line (the version and parameters go to ``OUT.meta.json``, see
:mod:`shelfcheck.provenance`). Keys are sorted and nothing depends on time, so the same inputs and
parameters give a byte-identical file.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import IO, Callable, Iterable

import orjson

from shelfcheck.cmi.detect import detect_cmi
from shelfcheck.cmi.summary import summarize_document
from shelfcheck.sources import Document

_DUMP = orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE


@dataclass(slots=True)
class CmiTotals:
    """What one run wrote: counted for the CLI's summary table."""

    documents: int = 0
    text_bytes: int = 0
    findings: Counter = field(default_factory=Counter)
    front_matter: Counter = field(default_factory=Counter)


def write_cmi_jsonl(
    documents: Iterable[Document],
    handle: IO[bytes],
    *,
    summary: bool = False,
    isbn_records: Callable[[str], list[dict]] | None = None,
) -> CmiTotals:
    """Detect CMI in every document and write the JSON lines to ``handle`` (binary).

    ``isbn_records`` (e.g. :func:`shelfcheck.catalog.annotate.isbn_resolver`) adds a ``"catalog"``
    list of matching records to every ISBN finding.
    """
    totals = CmiTotals()
    for document in documents:
        findings = detect_cmi(document.text, document.id)
        totals.documents += 1
        totals.text_bytes += len(document.text.encode("utf-8", "surrogatepass"))
        totals.findings.update(f.kind for f in findings)
        lines = [f.to_dict() for f in findings]
        if isbn_records is not None:
            for line in lines:
                if line["kind"] == "isbn":
                    line["catalog"] = isbn_records(line["value"])
        handle.write(b"".join(orjson.dumps(line, option=_DUMP) for line in lines))
        if summary:
            line = summarize_document(document.text, findings, doc_id=document.id)
            totals.front_matter[line["front_matter"]] += 1
            handle.write(orjson.dumps(line, option=_DUMP))
    return totals
