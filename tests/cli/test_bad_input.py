"""Every bad input through `shelfcheck cmi`: one error line, non-zero exit, no output file left behind.

With ``--on-error skip`` the same inputs are logged, skipped and counted while the good documents
go through; a run killed part-way leaves no output file either.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import orjson
import pytest

from shelfcheck.cli import main
from source_samples import BAD_INPUTS, bad_folder, error_line_matches, jsonl_bytes


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    """Run the command line in-process; returns (exit code, stdout, stderr)."""
    try:
        main(args)
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    captured = capsys.readouterr()
    return code, captured.out, captured.err


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
    assert sorted(os.listdir(out.parent)) == ["OUT.jsonl"]


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
    process = subprocess.Popen(
        [sys.executable, "-m", "shelfcheck", "cmi", str(source), "--out", str(out_dir / "OUT.jsonl")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not any(name.endswith(".tmp") for name in os.listdir(out_dir)):  # the run has started writing
            assert process.poll() is None, "the run ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        time.sleep(0.3)
        assert process.poll() is None, "the run ended before it could be killed"
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=60) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
    assert not (out_dir / "OUT.jsonl").exists()
