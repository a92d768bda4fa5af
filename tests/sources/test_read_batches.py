"""Arrow batches for vectorised engines: same documents as read_documents, deterministic boundaries."""

from __future__ import annotations

import gzip

import pyarrow as pa
import pytest

from shelfcheck.sources import ReadOptions, ReadStats, read_batches, read_documents
from source_samples import BAD_INPUTS, bad_folder, jsonl_bytes, make_parquet


@pytest.fixture(scope="module")
def records(fixture_books) -> list[dict]:
    """Paragraphs of a real book as records, lengths from a few characters to a few thousand."""
    text = (fixture_books / "pg9198_the_complete_angler.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n\n") if p.strip()][:600]
    return [{"id": f"p{i}", "text": p} for i, p in enumerate(paragraphs)]


def _rows(batches) -> list[tuple[str, str]]:
    return [row for b in batches for row in zip(b.column("id").to_pylist(), b.column("text").to_pylist())]


def _sizes(batches) -> list[tuple[int, int]]:
    return [(b.num_rows, sum(len(t) for t in b.column("text").to_pylist())) for b in batches]


def _check_greedy(batches, rows: int, chars: int) -> None:
    """Every batch obeys the caps, and each batch closed only because the next row would not fit."""
    lengths = [[len(t) for t in b.column("text").to_pylist()] for b in batches]
    for i, batch_lengths in enumerate(lengths):
        assert 1 <= len(batch_lengths) <= rows
        assert sum(batch_lengths) <= chars or len(batch_lengths) == 1
        if i + 1 < len(lengths):
            assert len(batch_lengths) == rows or sum(batch_lengths) + lengths[i + 1][0] > chars


def test_mixed_folder_matches_read_documents(tmp_path, records, fixture_books):
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(jsonl_bytes(records[:300]), mtime=0))
    make_parquet(tmp_path / "b.parquet", {"id": [r["id"] for r in records[300:]], "text": [r["text"] for r in records[300:]]}, row_group_size=37)
    (tmp_path / "c.html").write_text("<p>one</p><p>two</p>", encoding="utf-8")
    (tmp_path / "d.txt").write_bytes((fixture_books / "pg972_the_devils_dictionary.txt").read_bytes())
    expected = [(d.id, d.text) for d in read_documents([tmp_path])]
    stats = ReadStats()
    batches = list(read_batches([tmp_path], stats=stats, batch_rows=50, batch_chars=20_000))
    assert _rows(batches) == expected
    assert all(b.schema == pa.schema([("id", pa.string()), ("text", pa.string())]) for b in batches)
    assert stats.documents == len(expected) and stats.files == 4
    assert stats.characters == sum(len(t) for _, t in expected)
    _check_greedy(batches, 50, 20_000)
    assert max(n for n, _ in _sizes(batches)) == 50
    assert _sizes(batches)[-1][1] > 20_000  # the whole book, longer than the cap, alone in its batch


@pytest.mark.parametrize(("rows", "chars"), [(1, 10**9), (7, 10**9), (1000, 3000), (64, 50_000)])
def test_boundaries_do_not_depend_on_format_or_file_layout(tmp_path, records, rows, chars):
    """Including a document longer than the cap that ends one file, with an empty one after it."""
    records = records[:101] + [{"id": "long", "text": "x" * 60_000}, {"id": "empty", "text": ""}] + records[101:]
    ids, texts = [r["id"] for r in records], [r["text"] for r in records]
    (tmp_path / "one.jsonl").write_bytes(jsonl_bytes(records))
    make_parquet(tmp_path / "groups.parquet", {"id": ids, "text": texts}, row_group_size=13)
    split = tmp_path / "split"
    split.mkdir()
    make_parquet(split / "1.parquet", {"id": ids[:102], "text": texts[:102]})
    (split / "2.jsonl").write_bytes(jsonl_bytes(records[102:]))
    layouts = [tmp_path / "one.jsonl", tmp_path / "groups.parquet", split]
    results = [_sizes(read_batches([p], batch_rows=rows, batch_chars=chars)) for p in layouts]
    assert results[0] == results[1] == results[2]
    _check_greedy(list(read_batches([tmp_path / "groups.parquet"], batch_rows=rows, batch_chars=chars)), rows, chars)


@pytest.mark.parametrize("bad", [b for b in BAD_INPUTS if b.name in ("jsonl-broken-line", "jsonl-gz-truncated", "pdf-garbage")], ids=lambda b: b.name)
def test_skip_mode_agrees_with_read_documents(tmp_path, bad):
    folder = tmp_path / "in"
    bad_folder(folder, bad)
    options = ReadOptions(on_error="skip")
    doc_stats, batch_stats = ReadStats(), ReadStats()
    expected = [(d.id, d.text) for d in read_documents([folder], options, doc_stats)]
    assert _rows(read_batches([folder], options, batch_stats, batch_rows=100)) == expected
    assert batch_stats == doc_stats


def test_bad_batch_sizes():
    with pytest.raises(ValueError):
        list(read_batches([], batch_rows=0))
