"""The fast batch kernel agrees with the exact path it filters for."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from shelfcheck.fingerprint import Params, kgram_hashes
from shelfcheck.kernels import winnow
from shelfcheck.index import Index
from shelfcheck.scan.batch import scan_batch, scan_text
from shelfcheck.scan.fast import CANDIDATE, NONE, SLOW, candidate_flags
from shelfcheck.scan.kernel import prefix_kgram_hashes, seeds_utf8, winnowed
from shelfcheck.text import normalize
from shelfcheck.text.normalize import bmp_tables

SAMPLES = ["", "short", "Æsop’s “ﬁne” ﬃce — Straße, naïve café ＦＵＬＬ", "x" * 100]


def test_fused_seeds_equal_normalize_hash_winnow(fixture_books, tmp_path):
    """The fused kernel's text, hashes and seeds equal normalize → kgram_hashes → winnow ∩ index."""
    params = Params()
    books = [p.read_text(encoding="utf-8") for p in sorted(fixture_books.glob("*.txt"))]
    index = Index.build([("a", books[0]), ("b", books[1])], tmp_path / "i.idx")
    fp_hash = np.asarray(index.arrays["fp_hash"])
    # parts of the indexed books (seeds) and of others (none), plus short and odd texts
    texts = [book[100_000:160_000] for book in books] + [book[:200] for book in books] + SAMPLES
    single, start, table = bmp_tables()
    seeded = []
    for text in texts:
        data = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
        buf, hbuf, cand, n, seeds, slow = seeds_utf8(
            data, 0, len(data), single, start, table, params.k, params.w, index.screen, index.screen_range,
            fp_hash, index.bucket, index.bucket_shift, np.empty(8, np.uint32), np.empty(8, np.uint32), np.empty(8, np.int64),
        )  # fmt: skip
        assert not slow
        chars = normalize(text).chars
        assert np.array_equal(buf[:n], chars)
        hashes = kgram_hashes(chars, params.k)
        assert np.array_equal(hbuf[: hashes.size], hashes)
        kept = winnow(hashes, params.w)
        assert np.array_equal(seeds, kept[np.isin(hashes[kept], fp_hash)])
        seeded.append(seeds.size)
    assert min(seeded[:2]) > 100 and max(seeded[2:]) < 5  # passages of indexed books seed; others hardly


def test_prefix_hashes_equal_rolling_hashes_at_every_length(fixture_books):
    """One chain (short texts), two chains (odd and even lengths, k-grams straddling the split):
    always the rolling hash's values."""
    k = Params().k
    chars = normalize(sorted(fixture_books.glob("*.txt"))[0].read_text(encoding="utf-8")[:20_000]).chars
    for n in [*range(k, 6 * k + 3), 1_001, 4_096, 9_999]:
        hbuf = np.zeros(n, dtype=np.uint32)
        prefix_kgram_hashes(chars[:n], n, k, np.empty(n, dtype=np.uint64), hbuf)
        assert np.array_equal(hbuf[: n - k + 1], kgram_hashes(chars[:n], k)), n


def test_local_winnowing_decision_equals_winnow():
    """``winnowed`` (one position, decided from its neighbours) agrees with ``winnow`` everywhere,
    including ties (few distinct hash values) and texts shorter than one window."""
    rng = np.random.default_rng(0)
    for m, values, w in [(5_000, 2**32, 71), (3_000, 7, 71), (50, 2**32, 71), (40, 3, 71), (1, 5, 71), (500, 4, 1), (500, 2**32, 2)]:
        hashes = rng.integers(0, values, size=m, dtype=np.uint64).astype(np.uint32)
        expected = np.zeros(m, dtype=bool)
        expected[winnow(hashes, w)] = True
        got = np.array([winnowed(hashes, m, w, p) for p in range(m)])
        assert np.array_equal(got, expected), (m, values, w)


def test_flags_cover_every_exact_match(fixture_books, tmp_path):
    books = {p.stem: p.read_text(encoding="utf-8") for p in sorted(fixture_books.glob("*.txt"))}
    names = sorted(books)
    index = Index.build([(n, books[n]) for n in names[:2]], tmp_path / "i.idx")
    docs = [(f"{n}-{i}", books[n][i * 20_000 : i * 20_000 + 5_000]) for n in names for i in range(1, 12)]
    docs.append(("astral", "𝐀 " + books[names[0]][30_000:31_000]))
    flags = candidate_flags(index, pa.array([t for _, t in docs]), 64)
    for (doc_id, text), flag in zip(docs, flags):
        exact = scan_text(index, doc_id, text)
        if exact:
            assert flag in (CANDIDATE, SLOW), doc_id
        if doc_id == "astral":
            assert flag == SLOW and exact
    assert (flags == NONE).sum() > len(docs) / 2


def test_batch_equals_exact_path_per_document(fixture_books, tmp_path):
    """``scan_batch`` (fast kernel, its spans reused where a document has no boilerplate) gives
    exactly what the exact path gives document by document — with Gutenberg headers and licences
    (regions excluded) and without (spans reused), and for an astral document (slow path)."""
    books = {p.stem: p.read_text(encoding="utf-8") for p in sorted(fixture_books.glob("*.txt"))}
    names = sorted(books)
    index = Index.build([(n, books[n]) for n in names[:3]], tmp_path / "i.idx")
    docs = []
    for n in names:
        book = books[n]
        docs += [book[:12_000], book[40_000:46_000], book[-15_000:], "noise " * 50 + book[70_000:72_000]]
    docs.append("𝐀 " + books[names[0]][30_000:33_000])
    # an indexed passage inside a Gutenberg header: found by the kernel, excluded by the exact path
    docs.append(books[names[1]][50_000:53_000] + "\n*** START OF THE PROJECT GUTENBERG EBOOK X ***\n" + books[names[1]][60_000:62_000])
    batch = pa.RecordBatch.from_arrays([pa.array([f"d{i}" for i in range(len(docs))]), pa.array(docs)], names=["id", "text"])
    expected = [m for i, text in enumerate(docs) for m in scan_text(index, f"d{i}", text)]
    got = scan_batch(index, batch)
    assert [m.to_dict() for m in got] == [m.to_dict() for m in expected]
    assert len({m.doc for m in got}) >= 9  # most passages of the indexed books match
    header = [m for m in got if m.doc == f"d{len(docs) - 1}"]
    assert header and all(s.doc_start > 3_000 for m in header for s in m.spans)  # only after the header
