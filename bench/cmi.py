"""CMI detection throughput: `shelfcheck cmi` vs a plain regex pass, same text, one process, one core.

Reads the shared books (``../shared/data/books`` or ``--books``), repeats them until the corpus is
at least ``--mb`` MB of UTF-8 text, then times, best of ``--repeat``:

* baseline: one plain case-insensitive regex pass (``isbn…|copyright|©|all rights reserved``),
  the naive "grep for CMI" that finds candidates but checks nothing;
* ours: ``detect_cmi`` on every document (all nine kinds, checksums, values);
* ours end-to-end: ``write_cmi_jsonl`` (what ``shelfcheck cmi`` runs: detection + JSON lines);
* ``boilerplate_regions`` (what index and scan call on every document).

Prints MB/s for each and the ratio. Target (issue 2): ≥ 50 MB/s per core.

    python bench/cmi.py --mb 50
"""

from __future__ import annotations

import argparse
import io
import re
import time
from pathlib import Path

from shelfcheck.cmi import boilerplate_regions, detect_cmi
from shelfcheck.cmi.jsonl import write_cmi_jsonl
from shelfcheck.sources import Document

BASELINE = re.compile(r"(?i)isbn[\s:=-]*[\dx-]{10,17}|copyright|©|all rights reserved")


def best_of(repeat: int, work) -> float:
    times = []
    for _ in range(repeat):
        started = time.process_time()  # CPU time of this process: "per core", whatever else runs
        work()
        times.append(time.process_time() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--books", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared" / "data" / "books")
    parser.add_argument("--mb", type=float, default=50.0, help="corpus size in MB (books repeated)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    books = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(args.books.glob("*.txt"))]
    size = sum(len(t.encode()) for _, t in books)
    copies = max(1, int(args.mb * 1e6 // size) + 1)
    documents = [Document(f"{name}#{i}", text) for i in range(copies) for name, text in books]
    total = size * copies
    print(f"corpus: {len(books)} books x {copies} = {len(documents)} documents, {total / 1e6:.1f} MB UTF-8")

    def baseline():
        for d in documents:
            for _ in BASELINE.finditer(d.text):
                pass

    def ours():
        for d in documents:
            detect_cmi(d.text, d.id)

    def end_to_end():
        write_cmi_jsonl(documents, io.BytesIO(), summary=True)

    def regions():
        for d in documents:
            boilerplate_regions(d.text)

    rows = [("baseline: one plain regex pass", best_of(args.repeat, baseline)),
            ("ours: detect_cmi (all kinds)", best_of(args.repeat, ours)),
            ("ours: shelfcheck cmi --summary path", best_of(args.repeat, end_to_end)),
            ("ours: boilerplate_regions", best_of(args.repeat, regions))]
    for label, seconds in rows:
        print(f"{label:40s} {total / seconds / 1e6:8.1f} MB/s")
    print(f"ratio ours/baseline (detect_cmi): {rows[0][1] / rows[1][1]:.2f}x  (end-to-end: {rows[0][1] / rows[2][1]:.2f}x)")
    print(f"target >= 50 MB/s per core: {'met' if total / rows[2][1] / 1e6 >= 50 else 'NOT met'}")


if __name__ == "__main__":
    main()
