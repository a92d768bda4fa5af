"""Claim: the readers stream sources at close to the speed of a bare decode loop.

Builds ~50 MB of JSON lines from the real books (plain, gzip, zstd) and the same as Parquet, then
times (best of 3), in one process: a bare loop (decompress + ``orjson.loads`` per line; ``iter_batches`` +
``to_pylist`` for Parquet) against ``read_documents`` (checks, ids, error handling) and, for
Parquet, ``read_batches`` (Arrow slices, no Python strings). Prints MB/s of text and the ratio.

    python bench/sources_read.py [--mb 50]
"""

from __future__ import annotations

import argparse
import gzip
import io
import tempfile
import time
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import zstandard

from shelfcheck.sources import read_batches, read_documents

BOOKS = Path(__file__).resolve().parents[1] / "tests" / "data" / "books"


def corpus(megabytes: float) -> list[dict]:
    lines = [ln for book in sorted(BOOKS.glob("*.txt")) for ln in book.read_text(encoding="utf-8").splitlines() if ln.strip()]
    records, size, i = [], 0, 0
    while size < megabytes * 1e6:
        text = " ".join(lines[(i * 13 + k) % len(lines)] for k in range(20))
        records.append({"id": f"d{i}", "text": text})
        size += len(text)
        i += 1
    return records


def bare_jsonl(path: Path) -> int:
    opener = {".gz": lambda p: gzip.open(p, "rb"),
              ".zst": lambda p: io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(open(p, "rb"), read_across_frames=True))}
    with opener.get(path.suffix, lambda p: open(p, "rb"))(path) as stream:
        return sum(len(orjson.loads(line)["text"]) for line in stream)


def bare_parquet(path: Path) -> int:
    return sum(len(t) for b in pq.ParquetFile(path).iter_batches(columns=["id", "text"]) for t in b.column("text").to_pylist())


def timed(function, path: Path, repeats: int = 3) -> float:
    """Best of ``repeats`` wall times (the machine is shared; the best run is the least disturbed)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        function(path)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50)
    args = parser.parse_args()
    records = corpus(args.mb)
    data = b"".join(orjson.dumps(r) + b"\n" for r in records)
    with tempfile.TemporaryDirectory() as folder:
        files = {
            ".jsonl": data,
            ".jsonl.gz": gzip.compress(data, compresslevel=6, mtime=0),
            ".jsonl.zst": zstandard.ZstdCompressor().compress(data),
        }
        paths = []
        for suffix, payload in files.items():
            paths.append(Path(folder, f"corpus{suffix}"))
            paths[-1].write_bytes(payload)
        parquet = Path(folder, "corpus.parquet")
        pq.write_table(pa.table({"id": [r["id"] for r in records], "text": [r["text"] for r in records]}), parquet)
        print(f"{'source':<20}{'bare MB/s':>12}{'ours MB/s':>12}{'ours/bare':>11}")
        ours = lambda p: sum(len(d.text) for d in read_documents([p]))  # noqa: E731
        rows = [(p.name, bare_jsonl, ours, p) for p in paths] + [("corpus.parquet", bare_parquet, ours, parquet)]
        rows.append(("parquet read_batches", bare_parquet, lambda p: sum(b.num_rows for b in read_batches([p])), parquet))
        for name, bare, mine, path in rows:
            bare_s, ours_s = timed(bare, path), timed(mine, path)
            mb = len(data) / 1e6
            print(f"{name:<20}{mb / bare_s:>12.0f}{mb / ours_s:>12.0f}{bare_s / ours_s:>11.2f}")
        print(f"({len(records)} documents, {len(data) / 1e6:.0f} MB of JSON lines)")


if __name__ == "__main__":
    main()
