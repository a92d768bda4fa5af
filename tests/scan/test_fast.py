"""The fast batch kernel agrees with the exact path it filters for."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from shelfcheck.fingerprint import Params, kgram_hashes, winnow
from shelfcheck.index import Index
from shelfcheck.scan.batch import scan_text
from shelfcheck.scan.fast import CANDIDATE, NONE, SLOW, candidate_flags
from shelfcheck.scan.kernel import seeds_utf8
from shelfcheck.text import normalize
from shelfcheck.text.normalize import bmp_tables

SAMPLES = ["", "short", "Æsop’s “ﬁne” ﬃce — Straße, naïve café ＦＵＬＬ", "x" * 100]


def test_fused_seeds_equal_normalize_hash_winnow(fixture_books):
    params = Params()
    texts = [p.read_text(encoding="utf-8")[:60_000] for p in sorted(fixture_books.glob("*.txt"))] + SAMPLES
    single, start, table = bmp_tables()
    for text in texts:
        data = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
        buf, hbuf, pos, n, count, slow = seeds_utf8(
            data, 0, len(data), single, start, table, params.k, params.w,
            np.empty(8, np.uint32), np.empty(8, np.uint32), np.empty(8, np.int64),
        )  # fmt: skip
        assert not slow
        chars = normalize(text).chars
        assert np.array_equal(buf[:n], chars)
        hashes = kgram_hashes(chars, params.k)
        assert np.array_equal(pos[:count], winnow(hashes, params.w))
        assert np.array_equal(hbuf[pos[:count]], hashes[winnow(hashes, params.w)])


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
