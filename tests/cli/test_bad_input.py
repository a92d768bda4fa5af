"""Every bad input through `shelfcheck cmi`: one error line, non-zero exit, no output file left behind.

With ``--on-error skip`` the same inputs are logged, skipped and counted while the good documents
go through; a run killed part-way leaves no output file either.
"""

from __future__ import annotations

import os
import sys

import orjson
import pytest

from cli_helpers import kill_while_writing, run_cli
from source_samples import BAD_INPUTS, bad_folder, error_line_matches, jsonl_bytes


@pytest.mark.parametrize("bad", BAD_INPUTS, ids=lambda b: b.name)
def test_bad_input_fails_cleanly(tmp_path, capsys, bad):
    sources, out_dir = tmp_path / "in", tmp_path / "out"
    out_dir.mkdir()
    bad_folder(sources, bad)
    code, _, err = run_cli(["cmi", str(sources), "--out", str(out_dir / "OUT.jsonl")], capsys)
    assert code != 0
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ") and error_line_matches(lines[0], bad, sources), lines[0]
    assert os.listdir(out_dir) == []  # neither OUT.jsonl nor a temporary file


@pytest.mark.parametrize("bad", BAD_INPUTS, ids=lambda b: b.name)
def test_bad_input_skipped_and_counted(tmp_path, capsys, bad):
    sources, out = tmp_path / "in", tmp_path / "out" / "OUT.jsonl"
    bad_folder(sources, bad)
    code, stdout, err = run_cli(["cmi", str(sources), "--out", str(out), "--summary", "--on-error", "skip"], capsys)
    assert code == 0, err
    assert "Traceback" not in err
    assert any(line.startswith("skipped: ") and error_line_matches(line, bad, sources) for line in err.splitlines()), err
    assert any("skipped" in line and line.rstrip(" │").endswith(" 1") for line in stdout.splitlines()), stdout
    records = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    summarised = [r["doc"] for r in records if "front_matter" in r]
    assert "good" in summarised
    if bad.good_records:
        assert len(summarised) == 1 + bad.good_records
    assert sorted(os.listdir(out.parent)) == ["OUT.jsonl", "OUT.jsonl.meta.json"]


def test_missing_source_path(tmp_path, capsys):
    code, _, err = run_cli(["cmi", str(tmp_path / "nope"), "--out", str(tmp_path / "OUT.jsonl")], capsys)
    assert code != 0 and "Traceback" not in err
    assert [line for line in err.splitlines() if line.strip()] == [f"error: {tmp_path / 'nope'}: no such file or folder"]
    assert not (tmp_path / "OUT.jsonl").exists()


def test_killed_run_leaves_no_output(tmp_path, fixture_books):
    """SIGKILL part-way through a large input: OUT.jsonl never appears (only the temp file stays)."""
    text = (fixture_books / "pg972_the_devils_dictionary.txt").read_text(encoding="utf-8")
    source = tmp_path / "big.jsonl"
    source.write_bytes(jsonl_bytes([{"id": f"d{i}", "text": text} for i in range(120)]))  # ~45 MB
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    kill_while_writing([sys.executable, "-m", "shelfcheck", "cmi", str(source), "--out", str(out_dir / "OUT.jsonl")], out_dir)
    assert not (out_dir / "OUT.jsonl").exists()
