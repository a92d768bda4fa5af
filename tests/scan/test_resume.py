"""An interrupted scan resumes to exactly what an uninterrupted one writes and counts.

Units (JSON-lines chunks and Arrow batches) are deterministic, so a resumed scan skips the units
its checkpoint records, truncates ``OUT.part`` to the recorded size and goes on. Checked here on
a corpus that mixes both kinds of unit and bad lines skipped on both paths, interrupted part-way
(``KeyboardInterrupt`` from the progress callback, as Ctrl-C would).
"""

from __future__ import annotations

import functools
import gzip

import orjson
import pytest

from shelfcheck.index import Index
from shelfcheck.scan import engine
from shelfcheck.scan.engine import scan_sources
from shelfcheck.sources import ReadOptions


@pytest.fixture()
def corpus(fixture_texts, tmp_path, monkeypatch):
    """Two plain JSON-lines files cut into many small chunks and a gzipped one (Arrow batches),
    holding passages of an indexed book, filler and bad lines; and the index."""
    angler, devil = fixture_texts["pg9198_the_complete_angler"], fixture_texts["pg972_the_devils_dictionary"]
    index = tmp_path / "i.idx"
    Index.build([("angler", angler)], index)
    lines = []
    for i in range(60):
        text = devil[i * 3000 : i * 3000 + 2500]
        if i % 4 == 0:
            text += " " + angler[20_000 + i * 1500 : 21_400 + i * 1500]
        lines.append(orjson.dumps({"id": f"d{i}", "text": text}))
        if i % 13 == 5:
            lines.append(b'{"id": "broken", "text": ')  # a bad line, skipped
    plain = tmp_path / "a.jsonl"
    plain.write_bytes(b"\n".join(lines) + b"\n")
    other = tmp_path / "b.jsonl"
    other.write_bytes(b"\n".join(reversed(lines)) + b"\n")
    packed = tmp_path / "c.jsonl.gz"
    packed.write_bytes(gzip.compress(b"\n".join(lines[:30]) + b"\n"))
    monkeypatch.setattr(engine, "jsonl_chunks", functools.partial(engine.jsonl_chunks, chunk_bytes=20_000))
    return [plain, packed, other], index


def _interrupt_after(units: int):
    seen = []

    def on_batch(_result, _stats):
        seen.append(1)
        if len(seen) == units:
            raise KeyboardInterrupt

    return on_batch


@pytest.mark.parametrize("done", [1, 5, 11])
def test_resumed_scan_equals_uninterrupted(corpus, tmp_path, done):
    sources, index = corpus
    options = ReadOptions(on_error="skip")
    whole, whole_stats = scan_sources(sources, index, tmp_path / "whole.jsonl", options, workers=1)
    assert whole_stats.skipped > 0 and whole.pairs > 5  # both kinds of record really occur

    out = tmp_path / "out.jsonl"
    with pytest.raises(KeyboardInterrupt):
        scan_sources(sources, index, out, options, workers=1, on_batch=_interrupt_after(done))
    assert not out.exists() and (tmp_path / "out.jsonl.part").exists()
    assert orjson.loads((tmp_path / "out.jsonl.part.json").read_bytes())["units"] == done
    with open(tmp_path / "out.jsonl.part", "ab") as part:  # a kill while the next unit was being written
        part.write(b'{"doc": "half-writ' * 100_000)

    summary, stats = scan_sources(sources, index, out, options, workers=1, resume=True)
    assert summary.resumed_units == done
    assert out.read_bytes() == (tmp_path / "whole.jsonl").read_bytes()
    assert (summary.documents, summary.pairs, summary.works, summary.work_chars) == (whole.documents, whole.pairs, whole.works, whole.work_chars)
    assert (stats.documents, stats.characters, stats.skipped, sorted(stats.errors)) == (
        whole_stats.documents, whole_stats.characters, whole_stats.skipped, sorted(whole_stats.errors),
    )  # fmt: skip
    assert not (tmp_path / "out.jsonl.part").exists() and not (tmp_path / "out.jsonl.part.json").exists()


def test_resume_without_a_checkpoint_scans_from_the_start(corpus, tmp_path):
    sources, index = corpus
    summary, _ = scan_sources(sources, index, tmp_path / "o.jsonl", ReadOptions(on_error="skip"), workers=1, resume=True)
    assert summary.resumed_units == 0 and summary.pairs > 5


def test_changed_source_is_not_resumed(corpus, tmp_path):
    """A source that changed after the interruption (size or time) makes the checkpoint foreign."""
    from shelfcheck.errors import ShelfcheckError

    sources, index = corpus
    options = ReadOptions(on_error="skip")
    out = tmp_path / "o.jsonl"
    with pytest.raises(KeyboardInterrupt):
        scan_sources(sources, index, out, options, workers=1, on_batch=_interrupt_after(2))
    with open(sources[0], "ab") as handle:
        handle.write(orjson.dumps({"id": "new", "text": "a new line"}) + b"\n")
    with pytest.raises(ShelfcheckError, match="left by a scan of other sources"):
        scan_sources(sources, index, out, options, workers=1, resume=True)
