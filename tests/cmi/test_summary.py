"""--summary: book-like texts with and without front matter (the stripped case)."""

from __future__ import annotations

from shelfcheck.cmi import detect_cmi, summarize_document


def test_real_book_present_then_stripped_missing(fixture_books, strip_cmi_lines):
    text = (fixture_books / "posa_performance_of_open_source_applications.txt").read_text(encoding="utf-8")
    line = summarize_document(text, detect_cmi(text, "posa"), doc_id="posa")
    assert line["doc"] == "posa" and line["book_like"] is True and line["front_matter"] == "present"
    assert line["counts"]["isbn"] == 1

    stripped = strip_cmi_lines(text)
    assert len(stripped) > 0.95 * len(text)
    line = summarize_document(stripped, detect_cmi(stripped, "posa"), doc_id="posa")
    assert line["book_like"] is True and line["front_matter"] == "missing"
    assert sum(line["counts"].values()) == 0


def test_short_text_is_not_book_like():
    text = "A short note. Copyright 2020 Someone."
    line = summarize_document(text, detect_cmi(text, "n"), doc_id="n")
    assert line["book_like"] is False and line["front_matter"] == "n/a"
