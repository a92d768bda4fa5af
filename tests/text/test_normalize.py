"""Normalisation makes typography irrelevant and keeps exact offsets back to the original."""

from __future__ import annotations

import numpy as np
import pytest

from shelfcheck.text import normalize


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The “quoted” word—said", 'THE "quoted" word -- said'),
        ("ﬁnal ﬂight oﬃce", "final flight office"),
        ("infor-\nmation retrieval", "information\n  retrieval"),
        ("Café naïve résumé", "cafe naive resume"),
        ("Straße", "STRASSE"),
        ("ＦＵＬＬ width ２０２４", "full WIDTH 2024"),
        ("one\ttwo\r\nthree", "one two three"),
    ],
)
def test_typography_is_irrelevant(a, b):
    assert normalize(a).text() == normalize(b).text()


def test_offsets_map_back_to_the_original(fixture_books):
    text = (fixture_books / "pg972_the_devils_dictionary.txt").read_text(encoding="utf-8")
    norm = normalize(text)
    assert len(norm) > 0.6 * len(text)
    assert np.all(np.diff(norm.origin) >= 0)
    for start in range(0, len(norm) - 200, 9973):
        first, end = norm.original_span(start, start + 200)
        assert normalize(text[first:end]).text() == norm.text()[start : start + 200]


def test_astral_and_emoji():
    norm = normalize("a😀𝐁c")  # the emoji is dropped, the mathematical bold B folds to b
    assert norm.text() == "abc"
    assert norm.origin.tolist() == [0, 2, 3]


def test_empty():
    assert len(normalize("")) == 0
    assert len(normalize(" ,.;—\n")) == 0
