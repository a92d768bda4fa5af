"""Winnowing: the rightmost-minimum rule, and the guarantee T = w + k - 1 on real text."""

from __future__ import annotations

import random

import numpy as np

from shelfcheck.fingerprint import Params, fingerprints, kgram_hashes
from shelfcheck.kernels import winnow
from shelfcheck.text import normalize


def _reference(hashes: list[int], w: int) -> list[int]:
    if not hashes:
        return []
    w = min(w, len(hashes))
    chosen: list[int] = []
    for i in range(len(hashes) - w + 1):
        window = hashes[i : i + w]
        best = i + max(j for j, h in enumerate(window) if h == min(window))
        if not chosen or chosen[-1] != best:
            chosen.append(best)
    return chosen


def test_winnow_matches_the_definition():
    rng = random.Random(3)
    for _ in range(300):
        w = rng.randrange(1, 25)
        hashes = [rng.randrange(10) for _ in range(rng.randrange(0, 300))]
        assert winnow(np.array(hashes, dtype=np.uint32), w).tolist() == _reference(hashes, w)


def test_every_shared_span_of_T_chars_shares_a_fingerprint(fixture_books):
    """Copy a T-char span of a book into unrelated text: a fingerprint of the span survives."""
    params = Params()
    book = normalize((fixture_books / "pg9198_the_complete_angler.txt").read_text(encoding="utf-8")).chars
    other = normalize((fixture_books / "mastering_bitcoin_2e.txt").read_text(encoding="utf-8")).chars
    book_hashes = set(fingerprints(book, np.zeros(len(book), bool), params)[0].tolist())
    rng = random.Random(5)
    for _ in range(200):
        start = rng.randrange(len(book) - params.threshold)
        cut = rng.randrange(1000, len(other) - 1000)
        doc = np.concatenate([other[cut - 1000 : cut], book[start : start + params.threshold], other[cut : cut + 1000]])
        doc_hashes = set(fingerprints(doc, np.zeros(len(doc), bool), params)[0].tolist())
        assert doc_hashes & book_hashes


def test_kgram_hashes_are_position_independent():
    chars = normalize("the quick brown fox jumps over the lazy dog " * 10).chars
    hashes = kgram_hashes(chars, 30)
    period = len(normalize("the quick brown fox jumps over the lazy dog ").chars)
    assert np.array_equal(hashes[:period], hashes[period : 2 * period])


def test_density_is_about_two_over_w_plus_one(fixture_books):
    chars = normalize((fixture_books / "posa_performance_of_open_source_applications.txt").read_text(encoding="utf-8")).chars
    params = Params()
    hashes, _ = fingerprints(chars, np.zeros(len(chars), bool), params)
    assert abs(len(hashes) / len(chars) - 2 / (params.w + 1)) < 0.004
