"""The text-only blind baseline on real book text."""

from __future__ import annotations

import numpy as np

from shelfcheck.probe.blind import blind_baseline_auc
from shelfcheck.probe.verdict import MIN_PASSAGES, SHIFT_AUC

PASSAGE_CHARS = 600


def passages(text: str, count: int, seed: int = 0) -> list[str]:
    """``count`` random, non-adjacent ~600-character passages from the middle three fifths of a book."""
    body = text[len(text) // 5 : len(text) * 4 // 5]
    chunks = [body[i : i + PASSAGE_CHARS] for i in range(0, len(body) - PASSAGE_CHARS, 2 * PASSAGE_CHARS)]
    order = np.random.default_rng(seed).permutation(len(chunks))[:count]
    return [chunks[i] for i in sorted(order)]


def read(books, name: str) -> str:
    return (books / name).read_text(encoding="utf-8")


def test_random_halves_of_one_book_are_indistinguishable(fixture_books):
    """Same distribution: AUC centred on 0.5. With 60 passages a side one draw still reaches 0.6
    now and then (sd about 0.07), so the test looks at five random halvings per book."""
    aucs = []
    for name in ("pg9198_the_complete_angler.txt", "posa_performance_of_open_source_applications.txt"):
        sample = passages(read(fixture_books, name), 120)
        for seed in range(5):
            order = np.random.default_rng(seed).permutation(len(sample))
            aucs.append(blind_baseline_auc([sample[i] for i in order[:60]], [sample[i] for i in order[60:]], seed=seed))
    print(f"same-book random halves, 60 passages a side: AUC {np.round(aucs, 3).tolist()}")
    assert np.mean(aucs) < 0.55
    assert np.mean(np.array(aucs) >= SHIFT_AUC) <= 0.2


def test_nineteenth_century_prose_versus_modern_tech_is_a_shift(fixture_books):
    old = passages(read(fixture_books, "pg16595_charles_dickens_and_music.txt"), 60)
    new = passages(read(fixture_books, "posa_performance_of_open_source_applications.txt"), 60)
    assert blind_baseline_auc(old, new) >= 0.9


def test_two_periods_of_prose_are_a_shift(fixture_books):
    """Walton (1653) versus Bierce (1911): both literary English, still told apart by the text alone."""
    walton = passages(read(fixture_books, "pg9198_the_complete_angler.txt"), 60)
    bierce = passages(read(fixture_books, "pg972_the_devils_dictionary.txt"), 60)
    assert blind_baseline_auc(walton, bierce) >= SHIFT_AUC


def test_deterministic_and_none_when_too_few(fixture_books):
    text = read(fixture_books, "pg972_the_devils_dictionary.txt")
    a, b = passages(text, 30, seed=2), passages(text, 30, seed=3)
    assert blind_baseline_auc(a, b, seed=5) == blind_baseline_auc(list(a), list(b), seed=5)
    assert blind_baseline_auc(a[: MIN_PASSAGES - 1], b) is None
