"""Accuracy on real books: recall per kind of change, span IoU, false matches, verified spans.

The core run indexes three of the fixture books and uses the other two as negatives; the full run
(``shared``, slow) indexes five of the shared books. Every reported span is re-checked here against
both original texts after normalisation.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from accuracy_corpus import Case, build_cases
from rapidfuzz.fuzz import ratio

from shelfcheck.index import Index
from shelfcheck.scan.match import union_length
from shelfcheck.text import normalize

CLEAN = ("exact", "cmi lines removed", "reflowed + hyphenated", "quotes, ligatures, case")


def _read(folder: Path, stems: list[str]) -> dict[str, str]:
    return {stem: (folder / f"{stem}.txt").read_text(encoding="utf-8") for stem in stems}


def evaluate(index: Index, works: dict[str, str], cases: list[Case]) -> dict[str, dict]:
    rows: dict[str, dict] = defaultdict(lambda: {"n": 0, "found": 0, "false": 0, "unverified": 0, "iou": []})
    for case in cases:
        row = rows[case.kind]
        row["n"] += 1
        matches = list(index.scan([(case.doc_id, case.text)]))
        for match in matches:
            for span in match.spans:
                doc_part = normalize(case.text[span.doc_start : span.doc_end]).text()
                work_part = normalize(works[match.work][span.work_start : span.work_end]).text()
                if ratio(doc_part, work_part) < 90 or len(doc_part) < index.params.noise_floor:
                    row["unverified"] += 1
            if match.work != case.work:
                row["false"] += 1
        hit = [m for m in matches if m.work == case.work]
        if case.work is None or not hit:
            continue
        if any(s.work_start < case.work_end and s.work_end > case.work_start for s in hit[0].spans):
            row["found"] += 1
        if case.doc_end:
            spans = [(s.doc_start, s.doc_end) for s in hit[0].spans]
            inside = [(max(s, case.doc_start), min(e, case.doc_end)) for s, e in spans if s < case.doc_end and e > case.doc_start]
            truth = (case.doc_start, case.doc_end)
            row["iou"].append(union_length(inside) / union_length([*spans, truth]))
    return dict(rows)


def report(rows: dict[str, dict]) -> str:
    lines = [f"{'change':28} {'docs':>5} {'recall':>8} {'IoU':>6} {'false':>6} {'unverified':>10}"]
    for kind, row in rows.items():
        positive = not kind.startswith("negative")
        recall = f"{100 * row['found'] / row['n']:.1f}%" if positive else "-"
        iou = f"{sum(row['iou']) / len(row['iou']):.3f}" if row["iou"] else "-"
        lines.append(f"{kind:28} {row['n']:>5} {recall:>8} {iou:>6} {row['false']:>6} {row['unverified']:>10}")
    return "\n".join(lines)


def check(rows: dict[str, dict]) -> None:
    print("\n" + report(rows))
    for kind in CLEAN:
        assert rows[kind]["found"] == rows[kind]["n"], f"{kind}: recall below 100 %"
    assert rows["OCR noise 0.5%"]["found"] >= 0.95 * rows["OCR noise 0.5%"]["n"]
    assert sum(row["false"] for row in rows.values()) == 0, "false or boilerplate-only matches"
    assert sum(row["unverified"] for row in rows.values()) == 0, "a reported span does not hold shared text"
    ious = rows["embedded 1.5k in 25k"]["iou"]
    assert len(ious) == rows["embedded 1.5k in 25k"]["n"] and min(ious) >= 0.85


def run(folder: Path, indexed: list[str], others: list[str], per_kind: int, tmp: Path) -> dict[str, dict]:
    works = _read(folder, indexed)
    index = Index.build(sorted(works.items()), tmp / "books.idx")
    cases = build_cases(works, _read(folder, others), per_kind)
    return evaluate(index, works, cases)


def test_accuracy_fixture_books(fixture_books, tmp_path):
    indexed = ["pg972_the_devils_dictionary", "posa_performance_of_open_source_applications", "mastering_bitcoin_2e"]
    others = ["pg9198_the_complete_angler", "pg16595_charles_dickens_and_music"]
    check(run(fixture_books, indexed, others, 30, tmp_path))


@pytest.mark.slow
@pytest.mark.shared
def test_accuracy_shared_books(shared_books, tmp_path):
    indexed = ["pg972_the_devils_dictionary", "pg9198_the_complete_angler", "pg6527_debian_gnu_linux_guide", "posa_performance_of_open_source_applications", "mastering_bitcoin_2e"]
    others = ["pg3261_news_from_nowhere", "pg17474_how_to_listen_to_music", "pg16595_charles_dickens_and_music", "pro_git_2e"]
    check(run(shared_books, indexed, others, 100, tmp_path))
