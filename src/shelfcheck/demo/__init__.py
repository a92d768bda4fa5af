"""The demo: the main job end to end on public-domain texts that ship inside the package.

It indexes three books (``data/works``), scans a small web-like corpus (``data/corpus.jsonl``) in
which their passages were reflowed, re-quoted, re-cased, OCR-noised, embedded in other text or
stripped of front matter, and runs the CMI detector over the same corpus. Everything is written
to one output folder so a new user can open the files the commands produce.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import orjson

from shelfcheck.atomic import atomic_file
from shelfcheck.cmi.jsonl import CmiTotals, write_cmi_jsonl
from shelfcheck.index import Index
from shelfcheck.provenance import write_meta
from shelfcheck.scan.engine import ScanSummary, scan_sources
from shelfcheck.sources import Document, ReadOptions, read_documents

DATA = Path(__file__).parent / "data"
WORKS = DATA / "works"
CORPUS = DATA / "corpus.jsonl"


@dataclass(slots=True)
class DemoResult:
    """Where the demo wrote its outputs and what it found."""

    index: Path
    matches: Path
    cmi: Path
    scan: ScanSummary
    cmi_totals: CmiTotals


def run_demo(out: str | Path, workers: int = 1) -> DemoResult:
    """Index the demo works, scan the demo corpus, detect CMI; outputs go under ``out``."""
    out = Path(out)
    index_dir, matches, cmi_out = out / "index", out / "matches.jsonl", out / "cmi.jsonl"
    Index.build(read_documents([WORKS]), index_dir)
    summary, _stats = scan_sources([CORPUS], index_dir, matches, ReadOptions(), workers=workers)
    with atomic_file(cmi_out, "wb") as handle:
        totals = write_cmi_jsonl(read_documents([CORPUS]), handle, summary=True)
    write_meta(cmi_out, "cmi", {"sources": [CORPUS.name], "summary": True})
    write_meta(matches, "scan", {"sources": [CORPUS.name], "index": "index", "params": Index.open(index_dir).params.to_dict()})
    return DemoResult(index_dir, matches, cmi_out, summary, totals)


def corpus_documents() -> dict[str, Document]:
    """The demo corpus by id (to show evidence passages next to the matches)."""
    return {doc.id: doc for doc in read_documents([CORPUS])}


def work_documents() -> dict[str, Document]:
    """The demo works by id."""
    return {doc.id: doc for doc in read_documents([WORKS])}


def read_jsonl(path: Path) -> list[dict]:
    """The records of a JSON-lines output file."""
    return [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]
