"""Two editions of one book match each other on their shared text, whatever the chapter order."""

from __future__ import annotations

import random
import re

import pytest

from shelfcheck.cmi import boilerplate_regions
from shelfcheck.index import Index
from shelfcheck.text import normalize

CHAPTER = re.compile(r"\n\s*CHAPTER [IVXLC]+\b")


def revised_edition(text: str, seed: int = 11) -> tuple[str, int]:
    """A second edition: chapters reordered, one sentence in ten rewritten, a new preface.

    Returns the text and how many characters of it are unchanged first-edition text."""
    rng = random.Random(seed)
    body_end = min([r.start for r in boilerplate_regions(text) if r.kind == "gutenberg_footer"] or [len(text)])
    starts = [m.start() for m in CHAPTER.finditer(text, 0, body_end)]
    chapters = [text[a:b] for a, b in zip(starts, starts[1:] + [body_end])]
    rng.shuffle(chapters)
    kept = 0
    revised = []
    for chapter in chapters:
        sentences = re.split(r"(?<=[.!?])\s+", chapter)
        for i, sentence in enumerate(sentences):
            if rng.random() < 0.1:
                sentences[i] = " ".join(reversed(sentence.split()))  # rewritten
            else:
                kept += len(sentence)
        revised.append(" ".join(sentences))
    preface = "PREFACE TO THE SECOND EDITION\n\nThis edition has been revised throughout by the editor.\n\n"
    return preface + "\n\n".join(revised), kept


def _check(first: str, second: str, kept: int, tmp_path) -> None:
    index = Index.build([("first", first)], tmp_path / "first.idx")
    (match,) = index.scan([("second", second)])
    assert match.work == "first"
    assert match.matched_chars > 0.6 * kept
    assert match.work_coverage > 0.5
    work_order = [s.work_start for s in match.spans]  # spans follow the second edition's order
    assert work_order != sorted(work_order), "reordered chapters show as out-of-order spans"
    for span in match.spans:
        assert normalize(second[span.doc_start : span.doc_end]).text() == normalize(first[span.work_start : span.work_end]).text()
    back = Index.build([("second", second)], tmp_path / "second.idx")
    (reverse,) = back.scan([("first", first)])
    assert reverse.work == "second" and reverse.matched_chars > 0.6 * kept


def test_two_editions_fixture(fixture_books, tmp_path):
    first = (fixture_books / "pg16595_charles_dickens_and_music.txt").read_text(encoding="utf-8")
    second, kept = revised_edition(first)
    _check(first, second, kept, tmp_path)


@pytest.mark.shared
def test_two_editions_shared(shared_books, tmp_path):
    first = (shared_books / "pg3261_news_from_nowhere.txt").read_text(encoding="utf-8")
    second, kept = revised_edition(first)
    _check(first, second, kept, tmp_path)
