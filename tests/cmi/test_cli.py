"""`shelfcheck cmi`: JSON lines out, reproducible, clean errors."""

from __future__ import annotations

import shutil

import orjson
import pytest

from shelfcheck.cli import main


def run(args: list[str]) -> int:
    try:
        main(args)
    except SystemExit as exit:
        return exit.code or 0
    return 0


def test_cli_writes_jsonl_byte_identical(fixture_books, tmp_path, capsys):
    src = tmp_path / "books"
    src.mkdir()
    for name in ("mastering_bitcoin_2e.txt", "pg972_the_devils_dictionary.txt"):
        shutil.copy(fixture_books / name, src / name)
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert run(["cmi", str(src), "--out", str(first), "--summary"]) == 0
    assert run(["cmi", str(src), "--out", str(second), "--summary"]) == 0
    assert first.read_bytes().replace(b"a.jsonl", b"") == second.read_bytes().replace(b"b.jsonl", b"")
    lines = [orjson.loads(line) for line in first.read_bytes().splitlines()]
    records = lines
    meta = orjson.loads((tmp_path / "a.jsonl.meta.json").read_bytes())
    assert meta["command"] == "cmi" and meta["shelfcheck_version"] and meta["parameters"]["summary"] is True
    texts = {p.stem: p.read_text(encoding="utf-8") for p in src.iterdir()}
    findings = [r for r in records if "kind" in r]
    summaries = [r for r in records if "front_matter" in r]
    assert {s["doc"] for s in summaries} == set(texts)
    assert all(s["front_matter"] == "present" for s in summaries)
    for r in findings:
        assert set(r) == {"doc", "kind", "start", "end", "text", "value"}
        assert texts[r["doc"]][r["start"]:r["end"]] == r["text"]
    assert {"isbn", "copyright_notice", "gutenberg"} <= {r["kind"] for r in findings}
    assert "documents" in capsys.readouterr().out


def test_cli_missing_source_is_one_line_error(tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    assert run(["cmi", str(tmp_path / "nope.txt"), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "nope.txt" in err and "Traceback" not in err
    assert not out.exists()


def test_cli_bad_jsonl_skip_and_fail(tmp_path, capsys):
    bad = tmp_path / "docs.jsonl"
    bad.write_text('{"id": "a", "text": "Copyright 2001 A. Person"}\n{not json\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run(["cmi", str(bad), "--out", str(out)]) == 2
    assert not out.exists()
    assert run(["cmi", str(bad), "--out", str(out), "--on-error", "skip"]) == 0
    kinds = [orjson.loads(line).get("kind") for line in out.read_bytes().splitlines()]
    assert "copyright_notice" in kinds


@pytest.mark.parametrize("field", ["--id-field", "--text-field"])
def test_cli_field_options(tmp_path, field):
    src = tmp_path / "docs.jsonl"
    src.write_text('{"key": "k1", "body": "ISBN 0-306-40615-2"}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run(["cmi", str(src), "--out", str(out), "--id-field", "key", "--text-field", "body"]) == 0
    rows = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert rows == [{"doc": "k1", "kind": "isbn", "start": 5, "end": 18, "text": "0-306-40615-2", "value": "9780306406157"}]


def test_cli_summary_flags_a_stripped_book(fixture_books, tmp_path, strip_cmi_lines):
    text = (fixture_books / "posa_performance_of_open_source_applications.txt").read_text(encoding="utf-8")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "original.txt").write_text(text, encoding="utf-8")
    (tmp_path / "src" / "stripped.txt").write_text(strip_cmi_lines(text), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run(["cmi", str(tmp_path / "src"), "--out", str(out), "--summary"]) == 0
    summaries = {r["doc"]: r for r in map(orjson.loads, out.read_bytes().splitlines()) if "front_matter" in r}
    assert summaries["original"]["front_matter"] == "present"
    assert summaries["stripped"]["front_matter"] == "missing" and summaries["stripped"]["book_like"] is True


def test_cli_out_is_a_folder(tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text("ISBN 0-306-40615-2", encoding="utf-8")
    assert run(["cmi", str(src), "--out", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err
