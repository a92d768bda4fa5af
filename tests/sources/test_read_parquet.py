"""Parquet: columns, ids, nulls, bad files, and reading in batches rather than whole."""

from __future__ import annotations

import subprocess
import sys

import pyarrow as pa
import pytest

from shelfcheck.errors import InputError
from shelfcheck.sources import ReadOptions, ReadStats, read_documents
from source_samples import make_parquet


def _docs(path, **options):
    return [(d.id, d.text) for d in read_documents([path], ReadOptions(**options))]


def test_ids_strings_ints_and_missing(tmp_path, fixture_books):
    text = (fixture_books / "pg9198_the_complete_angler.txt").read_text(encoding="utf-8")
    path = make_parquet(tmp_path / "a.parquet", {"id": [10, None, 12], "text": [text, "two", "three\r\n"]})
    assert _docs(path) == [("10", text), (f"{path}:2", "two"), ("12", "three\r\n")]
    no_ids = make_parquet(tmp_path / "b.parquet", {"text": ["x", "y"]})
    assert _docs(no_ids) == [(f"{no_ids}:1", "x"), (f"{no_ids}:2", "y")]


def test_custom_columns_and_binary_text(tmp_path):
    path = make_parquet(tmp_path / "c.parquet", {"key": ["a", "b"], "body": pa.array([b"caf\xc3\xa9", b"y"], pa.binary())})
    assert _docs(path, id_field="key", text_field="body") == [("a", "café"), ("b", "y")]


def test_missing_text_column(tmp_path):
    path = make_parquet(tmp_path / "d.parquet", {"id": ["a"], "content": ["x"]})
    with pytest.raises(InputError, match=r"d\.parquet: no column 'text' \(columns: id, content\)"):
        _docs(path)


def test_text_column_of_wrong_type(tmp_path):
    path = make_parquet(tmp_path / "e.parquet", {"text": pa.array([b"ok", b"\xff"], pa.binary())})
    with pytest.raises(InputError, match=r"e\.parquet: column 'text' \(binary\) cannot be read as text"):
        _docs(path)


def test_null_texts_fail_or_skip(tmp_path):
    path = make_parquet(tmp_path / "f.parquet", {"id": ["a", "b", "c", "d"], "text": ["x", None, "z", None]}, row_group_size=2)
    with pytest.raises(InputError, match=r"f\.parquet: row 2: text field 'text' is null"):
        _docs(path)
    stats = ReadStats()
    docs = read_documents([path], ReadOptions(on_error="skip"), stats)
    assert [d.id for d in docs] == ["a", "c"]
    assert stats.skipped == 2 and "row 4" in stats.errors[1]


def test_truncated_parquet(tmp_path):
    path = make_parquet(tmp_path / "g.parquet", {"text": ["x"] * 100})
    path.write_bytes(path.read_bytes()[:-30])
    with pytest.raises(InputError, match=r"g\.parquet: not a readable Parquet file"):
        _docs(path)


_PEAK = """
import sys, pyarrow as pa
from shelfcheck.sources import read_documents
n = sum(1 for _ in read_documents([sys.argv[1]]))
print(n, pa.default_memory_pool().max_memory())
"""


def test_parquet_is_read_in_batches(tmp_path, fixture_books):
    """80 MB of text in 16 row groups: Arrow's peak memory stays well below the text's size."""
    book = (fixture_books / "posa_performance_of_open_source_applications.txt").read_text(encoding="utf-8")
    texts = [f"{i} {book[: 200_000]}" for i in range(400)]
    path = make_parquet(tmp_path / "big.parquet", {"id": list(range(400)), "text": texts}, row_group_size=25)
    total = sum(len(t.encode()) for t in texts)
    out = subprocess.run([sys.executable, "-c", _PEAK, str(path)], capture_output=True, text=True, check=True).stdout.split()
    assert int(out[0]) == 400
    assert int(out[1]) < total / 2, (int(out[1]), total)  # measured: 33 MB for 80 MB
