"""`shelfcheck index` and `shelfcheck scan` end to end: output format, determinism, bad input, kills."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import orjson
import pytest

from shelfcheck.cli import main
from shelfcheck.text import normalize
from cli_helpers import kill_while_writing, run_cli
from source_samples import BAD_INPUTS, bad_folder, error_line_matches, jsonl_bytes

INDEXED = ["pg972_the_devils_dictionary", "posa_performance_of_open_source_applications"]


@pytest.fixture(scope="module")
def index_dir(fixture_books, tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "fixture_texts.idx"
    try:
        main(["index", *(str(fixture_books / f"{name}.txt") for name in INDEXED), "--out", str(out)])
    except SystemExit as exit_:
        assert not exit_.code
    return out


@pytest.fixture(scope="module")
def corpus(fixture_texts, tmp_path_factory):
    records = []
    for i, name in enumerate(sorted(fixture_texts)):
        text = fixture_texts[name]
        records.append({"id": f"{name}-a", "text": text[40_000:43_000]})
        records.append({"id": f"{name}-b", "text": "Preface.\n" + text[90_000:90_600] + "\nMore." + text[150_000:151_000]})
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    path.write_bytes(jsonl_bytes(records))
    return path


def test_index_help_shows_all_usages(capsys):
    code, out, _ = run_cli(["index", "--help"], capsys)
    assert code == 0
    for usage in ("index SOURCES... --out DIR", "index info DIR", "index merge DIR... --out DIR"):
        assert usage in out


def test_index_info(index_dir, capsys):
    code, out, _ = run_cli(["index", "info", str(index_dir)], capsys)
    assert code == 0
    assert "works" in out and "fingerprints" in out and "bytes" in out and "100 normalised chars" in out


def test_scan_writes_verified_pairs(index_dir, corpus, fixture_texts, tmp_path, capsys):
    out = tmp_path / "matches.jsonl"
    code, stdout, err = run_cli(["scan", str(corpus), "--index", str(index_dir), "--out", str(out), "--workers", "1"], capsys)
    assert code == 0, err
    assert "documents scanned" in stdout and "MB/s" in stdout and "top works" in stdout
    records = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    docs = {r["id"]: r["text"] for r in map(orjson.loads, corpus.read_bytes().splitlines())}
    assert sorted((r["doc"], r["work"]) for r in records) == sorted((f"{n}-{s}", n) for n in INDEXED for s in "ab")
    for record in records:
        assert set(record) == {"doc", "work", "matched_chars", "doc_coverage", "work_coverage", "spans"}
        for span in record["spans"]:
            doc_part = docs[record["doc"]][span["doc_start"] : span["doc_end"]]
            work_part = fixture_texts[record["work"]][span["work_start"] : span["work_end"]]
            assert normalize(doc_part).text() == normalize(work_part).text()
        assert 0 < record["doc_coverage"] <= 1 and 0 < record["work_coverage"] < 0.05
    two = [r for r in records if r["doc"].endswith("-b")]
    assert all(len(r["spans"]) == 2 for r in two)  # two separate passages, two spans
    meta = orjson.loads((tmp_path / "matches.jsonl.meta.json").read_bytes())
    assert meta["shelfcheck_version"] and meta["command"] == "scan" and meta["parameters"]["params"]["k"] == 30 and meta["pairs"] == len(records)


def test_output_is_identical_for_any_worker_count(index_dir, corpus, tmp_path, capsys):
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"w{workers}.jsonl"
        code, _, err = run_cli(["scan", str(corpus), "--index", str(index_dir), "--out", str(out), "--workers", workers], capsys)
        assert code == 0, err
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] and outputs[0]


def test_bad_index_is_one_line(corpus, tmp_path, capsys):
    (tmp_path / "fake.idx").mkdir()
    code, _, err = run_cli(["scan", str(corpus), "--index", str(tmp_path / "fake.idx"), "--out", str(tmp_path / "o.jsonl")], capsys)
    assert code == 2 and "Traceback" not in err
    assert [line for line in err.splitlines() if line.strip()] == [
        f"error: {tmp_path / 'fake.idx'}: not a shelfcheck index (no manifest.json); build one with `shelfcheck index SOURCES --out {tmp_path / 'fake.idx'}`"
    ]
    assert not (tmp_path / "o.jsonl").exists()


@pytest.mark.parametrize("bad", BAD_INPUTS, ids=lambda b: b.name)
def test_bad_input_fails_cleanly(index_dir, tmp_path, capsys, bad):
    sources, out_dir = tmp_path / "in", tmp_path / "out"
    out_dir.mkdir()
    bad_folder(sources, bad)
    code, _, err = run_cli(["scan", str(sources), "--index", str(index_dir), "--out", str(out_dir / "OUT.jsonl")], capsys)
    assert code != 0 and "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and error_line_matches(lines[0], bad, sources), err
    assert os.listdir(out_dir) == []


def test_killed_scan_leaves_no_output(index_dir, fixture_texts, tmp_path):
    text = fixture_texts[INDEXED[0]]
    source = tmp_path / "big.jsonl"
    source.write_bytes(jsonl_bytes([{"id": f"d{i}", "text": text} for i in range(150)]))  # ~55 MB
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    kill_while_writing(
        [sys.executable, "-m", "shelfcheck", "scan", str(source), "--index", str(index_dir), "--out", str(out_dir / "OUT.jsonl"), "--workers", "1"], out_dir
    )
    assert not (out_dir / "OUT.jsonl").exists()


def test_killed_scan_resumes_to_the_same_bytes(index_dir, fixture_texts, tmp_path, capsys):
    """SIGKILL after some units are done; `--resume` goes on from the checkpoint and writes exactly
    what an uninterrupted scan writes, and leaves no partial files."""
    text = fixture_texts[INDEXED[0]]
    source = tmp_path / "big.jsonl"
    source.write_bytes(jsonl_bytes([{"id": f"d{i}", "text": text} for i in range(150)]))  # ~55 MB, 14 units
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    command = [sys.executable, "-m", "shelfcheck", "scan", str(source), "--index", str(index_dir), "--out", str(out_dir / "OUT.jsonl"), "--workers", "1"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    checkpoint = out_dir / "OUT.jsonl.part.json"
    try:
        deadline = time.monotonic() + 120
        while not (checkpoint.exists() and orjson.loads(checkpoint.read_bytes())["units"] >= 2):
            assert process.poll() is None, "the scan ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=60) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
    assert not (out_dir / "OUT.jsonl").exists()
    code, out, _ = run_cli(["scan", str(source), "--index", str(index_dir), "--out", str(out_dir / "OUT.jsonl"), "--workers", "1", "--resume"], capsys)
    assert code == 0 and "resumed after units" in out
    assert sorted(os.listdir(out_dir)) == ["OUT.jsonl", "OUT.jsonl.meta.json"]
    code, _, _ = run_cli(["scan", str(source), "--index", str(index_dir), "--out", str(tmp_path / "whole.jsonl"), "--workers", "1"], capsys)
    assert code == 0 and (out_dir / "OUT.jsonl").read_bytes() == (tmp_path / "whole.jsonl").read_bytes()


def test_resume_refuses_a_checkpoint_of_other_inputs(index_dir, fixture_texts, tmp_path, capsys):
    """A checkpoint left by a scan of other sources is not resumed from: one error line, exit 2."""
    source = tmp_path / "c.jsonl"
    source.write_bytes(jsonl_bytes([{"id": "d", "text": fixture_texts[INDEXED[0]][:20_000]}]))
    out = tmp_path / "o.jsonl"
    (tmp_path / "o.jsonl.part").write_bytes(b"")
    (tmp_path / "o.jsonl.part.json").write_bytes(orjson.dumps({"key": "0" * 64, "units": 1, "bytes": 0}))
    code, _, err = run_cli(["scan", str(source), "--index", str(index_dir), "--out", str(out), "--resume"], capsys)
    assert code == 2 and err.strip().endswith("left by a scan of other sources, index or options; run without --resume to start over")
    assert not out.exists()
    code, _, _ = run_cli(["scan", str(source), "--index", str(index_dir), "--out", str(out)], capsys)  # without --resume: starts over
    assert code == 0 and out.exists() and not (tmp_path / "o.jsonl.part.json").exists()


def test_index_refuses_duplicate_ids_and_empty_sources(tmp_path, capsys):
    source = tmp_path / "dup.jsonl"
    source.write_bytes(jsonl_bytes([{"id": "same", "text": "one text " * 50}, {"id": "same", "text": "another " * 50}]))
    code, _, err = run_cli(["index", str(source), "--out", str(tmp_path / "dup.idx")], capsys)
    assert code == 2 and "duplicate work id 'same'" in err and not (tmp_path / "dup.idx").exists()
    (tmp_path / "empty.jsonl").write_bytes(b"")
    code, _, err = run_cli(["index", str(tmp_path / "empty.jsonl"), "--out", str(tmp_path / "empty.idx")], capsys)
    assert code == 2 and "nothing to index" in err and not (tmp_path / "empty.idx").exists()
