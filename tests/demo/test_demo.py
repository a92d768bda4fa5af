"""The demo shipped in the package finds what it was built to show, and nothing else."""

from __future__ import annotations

import pytest

from shelfcheck.cli import main
from shelfcheck.demo import corpus_documents, read_jsonl, run_demo, work_documents

EXPECTED = {
    "web-0001": "devils_dictionary",  # reflowed passage embedded in another book
    "web-0002": "complete_angler",  # curly quotes, dashes, upper case
    "web-0003": "news_from_nowhere",  # 0.5 % OCR-like noise
    "web-0006": "complete_angler",  # with a reprint's front matter
    "web-0007": "news_from_nowhere",  # the opening, verbatim
}


def test_demo_finds_each_altered_passage_and_nothing_else(tmp_path):
    result = run_demo(tmp_path / "demo")
    matches = [m for m in read_jsonl(result.matches) if "work" in m]
    assert {m["doc"]: m["work"] for m in matches} == EXPECTED
    # web-0004 (another book) and web-0005 (Gutenberg licence + another book) match nothing.
    docs, works = corpus_documents(), work_documents()
    for match in matches:
        for span in match["spans"]:
            doc_text = docs[match["doc"]].text[span["doc_start"] : span["doc_end"]]
            work_text = works[match["work"]].text[span["work_start"] : span["work_end"]]
            assert len(doc_text) >= 50 and len(work_text) >= 50


def test_demo_cmi_finds_the_reprint_front_matter(tmp_path):
    result = run_demo(tmp_path / "demo")
    findings = [f for f in read_jsonl(result.cmi) if "kind" in f]
    isbns = {(f["doc"], f["value"]) for f in findings if f["kind"] == "isbn"}
    assert isbns == {("web-0006", "9780306406157")}
    notices = [f for f in findings if f["kind"] == "copyright_notice"]
    assert [(f["doc"], f["value"]) for f in notices] == [("web-0006", "2024")]


def test_demo_command_prints_tables(tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["demo", "--out", str(tmp_path / "demo")])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "Books found in the demo corpus" in out and "devils_dictionary" in out
    assert (tmp_path / "demo" / "matches.jsonl").is_file()
