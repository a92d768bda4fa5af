"""Claim: scanning is within a small factor of merely reading and JSON-decoding the corpus.

Builds a ~100 MB JSONL corpus (passages of the shared books mixed into filler text made of random
words), indexes the books, then in one run times

  (a) reading + JSON-decoding the corpus (orjson, line by line) — the floor any scanner pays;
  (b) ``shelfcheck scan --workers 1`` on the same file (a subprocess, so its peak RSS is its own),
      and (b') the same scan called in-process, without interpreter start-up;

and prints MB/s for both, the ratio (b)/(a), the index size in bytes per indexed character, and
the scan's peak memory at two corpus sizes (it must not grow with the corpus).

    python bench/scan.py [--mb 100] [--books ../shared/data/books] [--work /tmp/shelfcheck-bench]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import orjson

REPO = Path(__file__).resolve().parents[1]


def build_corpus(books: list[Path], path: Path, megabytes: float, seed: int = 0) -> int:
    """Write the corpus: 1 document in 20 holds a book passage, the rest is filler. Returns bytes."""
    rng = random.Random(seed)
    texts = [b.read_text(encoding="utf-8") for b in books]
    vocabulary = sorted({w for t in texts for w in t.split() if w.isalpha()})
    target = int(megabytes * 1e6)
    written = 0
    with open(path, "wb") as handle:
        i = 0
        while written < target:
            words = rng.choices(vocabulary, k=rng.randrange(500, 3000))
            text = " ".join(words)
            if i % 20 == 0:
                book = texts[i // 20 % len(texts)]
                start = rng.randrange(0, len(book) - 5000)
                cut = rng.randrange(0, len(text))
                text = text[:cut] + "\n\n" + book[start : start + rng.randrange(400, 5000)] + "\n\n" + text[cut:]
            line = orjson.dumps({"id": f"doc{i:07d}", "text": text}) + b"\n"
            handle.write(line)
            written += len(line)
            i += 1
    return written


def time_decode(path: Path) -> float:
    start = time.perf_counter()
    with open(path, "rb") as handle:
        for line in handle:
            orjson.loads(line)
    return time.perf_counter() - start


def time_scan(corpus: Path, index: Path, out: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (bytes) of ``shelfcheck scan --workers 1`` in a fresh process."""
    command = [sys.executable, "-m", "shelfcheck", "scan", str(corpus), "--index", str(index), "--out", str(out), "--workers", "1"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=100.0)
    parser.add_argument("--books", type=Path, default=REPO.parent / "shared" / "data" / "books")
    parser.add_argument("--work", type=Path, default=Path("/tmp/shelfcheck-bench"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    books = sorted(args.books.glob("*.txt"))
    corpus, small = args.work / "corpus.jsonl", args.work / "corpus-small.jsonl"
    size = build_corpus(books, corpus, args.mb)
    small_size = build_corpus(books, small, args.mb / 4, seed=1)
    index = args.work / "books.idx"
    subprocess.run([sys.executable, "-m", "shelfcheck", "index", *map(str, books), "--out", str(index)], check=True, stdout=subprocess.DEVNULL)
    from shelfcheck.index import Index

    info = Index.open(index).info()
    # warm the page cache and numba's on-disk cache so both timings read from memory
    time_decode(corpus)
    time_scan(small, index, args.work / "warm.jsonl")
    decode = time_decode(corpus)
    scan_small, rss_small = time_scan(small, index, args.work / "small.jsonl")
    scan, rss = time_scan(corpus, index, args.work / "matches.jsonl")
    from shelfcheck.scan.engine import scan_sources

    scan_sources([small], index, args.work / "warm.jsonl", workers=1)  # compile/load kernels in this process
    started = time.perf_counter()
    scan_sources([corpus], index, args.work / "inprocess.jsonl", workers=1)
    inprocess = time.perf_counter() - started
    pairs = sum(1 for _ in open(args.work / "matches.jsonl", "rb"))
    mb = size / 1e6
    print(f"corpus: {mb:.1f} MB ({small_size / 1e6:.1f} MB small), index: {len(books)} books, {info['chars']:,} chars, {pairs} pairs found")
    print(f"(a) read + JSON-decode      : {decode:7.2f} s  {mb / decode:8.1f} MB/s")
    print(f"(b) shelfcheck scan -w 1    : {scan:7.2f} s  {mb / scan:8.1f} MB/s (whole process, incl. start-up)")
    print(f"(b') the same, in-process   : {inprocess:7.2f} s  {mb / inprocess:8.1f} MB/s (no interpreter start-up)")
    print(f"ratio (b)/(a)               : {scan / decode:7.2f}   (target <= 2, must not exceed 5); (b')/(a): {inprocess / decode:.2f}")
    print(f"index size                  : {info['size_bytes']:,} bytes = {info['bytes_per_char']:.3f} bytes/char (target <= 0.1, must not exceed 0.5)")
    print(f"peak RSS of scan            : {rss_small / 2**20:.0f} MiB at {small_size / 1e6:.0f} MB, {rss / 2**20:.0f} MiB at {mb:.0f} MB")
    print(f"cores used                  : 1 (of {os.cpu_count()})")


if __name__ == "__main__":
    main()
