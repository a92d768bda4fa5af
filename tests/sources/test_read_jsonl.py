"""JSON lines, plain and compressed: fields, ids, bad lines, truncation and streaming."""

from __future__ import annotations

import gzip
import io
import tracemalloc

import pytest

from shelfcheck.errors import InputError
from shelfcheck.sources import ReadOptions, ReadStats, read_documents
from shelfcheck.sources.compressed import CheckedZstdReader
from source_samples import jsonl_bytes, many_records, zstd_frames


def _texts(path, **options):
    return [(d.id, d.text) for d in read_documents([path], ReadOptions(**options))]


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz", ".json.gz", ".jsonl.zst"])
def test_formats_read_the_same(tmp_path, suffix, fixture_books):
    text = (fixture_books / "pg972_the_devils_dictionary.txt").read_text(encoding="utf-8")
    records = [{"id": "devil", "text": text}, {"id": 7, "text": "seven\r\n"}, {"text": "no id"}]
    data = jsonl_bytes(records)
    path = tmp_path / f"corpus{suffix}"
    compress = {".gz": lambda d: gzip.compress(d, mtime=0), ".zst": lambda d: zstd_frames([d])}
    path.write_bytes(compress.get(path.suffix, lambda d: d)(data))
    assert _texts(path) == [("devil", text), ("7", "seven\r\n"), (f"{path}:3", "no id")]


def test_custom_fields_blank_lines_bom_and_crlf(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"key": "a", "body": "x"}\r\n\r\n\n{"key": "b", "body": "y", "text": 1}\r\n')
    assert _texts(path, id_field="key", text_field="body") == [("a", "x"), ("b", "y")]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (b'{"id": "x", "text": null}', "record has no text field 'text'"),
        (b'{"id": "x", "text": 12}', "record has a int in text field 'text'"),
        (b'{"id": "x", "text": ["a"]}', "record has a list in text field 'text'"),
        (b'["not", "an", "object"]', "JSON line is not an object"),
        (b'{"id": "x", "text": "caf\xc3"}', "invalid UTF-8 at byte 24 of the line"),
        (b'{"id": "x" "text": "y"}', "broken JSON"),
    ],
)
def test_bad_lines_name_file_and_line(tmp_path, line, problem):
    path = tmp_path / "d.jsonl"
    path.write_bytes(b'{"id": "ok", "text": "fine"}\n\n' + line + b"\n")
    with pytest.raises(InputError) as caught:
        _texts(path)
    assert str(caught.value).startswith(f"{path}:3: {problem}")
    stats = ReadStats()
    assert [d.id for d in read_documents([path], ReadOptions(on_error="skip"), stats)] == ["ok"]
    assert stats.skipped == 1


def test_multi_frame_zstd_reads_whole(tmp_path):
    records = many_records(500)
    data = jsonl_bytes(records)
    path = tmp_path / "m.jsonl.zst"
    path.write_bytes(zstd_frames([data[:1000], data[1000:20000], data[20000:]]))
    assert [d.id for d in read_documents([path])] == [r["id"] for r in records]


def test_zstd_reader_frame_ends_at_every_chunk_boundary():
    """Frame ends falling exactly on a read boundary (and everywhere else) read cleanly."""
    parts = [b"alpha " * 50, b"beta " * 70, b"", b"gamma " * 30]
    data = zstd_frames(parts)
    for read_size in (1, 7, 64, len(zstd_frames(parts[:1])), len(data)):
        with io.BufferedReader(CheckedZstdReader(io.BytesIO(data), read_size=read_size)) as stream:
            assert stream.read() == b"".join(parts)


@pytest.mark.parametrize("cut", [1, 5, 20, -20, -1])
def test_zstd_reader_raises_on_every_cut(cut):
    data = zstd_frames([b"alpha " * 50, b"beta " * 70])
    with io.BufferedReader(CheckedZstdReader(io.BytesIO(data[:cut]), read_size=16)) as stream:
        with pytest.raises(EOFError, match="zstd stream ends inside a frame"):
            stream.read()


def test_empty_compressed_files_hold_no_documents(tmp_path):
    (tmp_path / "e.jsonl.zst").write_bytes(b"")
    (tmp_path / "e.jsonl.gz").write_bytes(b"")
    (tmp_path / "e.jsonl").write_bytes(b"")
    assert list(read_documents([tmp_path])) == []


def test_documents_stream_before_a_late_error(tmp_path):
    """The reader is lazy: documents come out before the broken tail of the file is reached."""
    data = gzip.compress(jsonl_bytes(many_records(20000)), mtime=0)
    path = tmp_path / "late.jsonl.gz"
    path.write_bytes(data[: len(data) * 9 // 10])
    documents = read_documents([path])
    assert next(documents).id == "r0"
    with pytest.raises(InputError, match=r"late\.jsonl\.gz:\d+: truncated or corrupt gzip data"):
        list(documents)


@pytest.fixture(scope="module")
def big_jsonl(fixture_books) -> bytes:
    """~10 MB of JSON lines made of real book lines."""
    lines = [line for book in sorted(fixture_books.glob("*.txt")) for line in book.read_text(encoding="utf-8").splitlines()]
    return jsonl_bytes([{"id": f"r{i}", "text": lines[i % len(lines)] + " " + lines[(i * 7) % len(lines)]} for i in range(100_000)])


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz", ".jsonl.zst"])
def test_jsonl_memory_stays_flat(tmp_path, suffix, big_jsonl):
    """Reading 10 MB of JSON lines never holds more than 2 MB of Python memory (the file is streamed)."""
    assert len(big_jsonl) > 10e6
    compress = {".gz": lambda d: gzip.compress(d, compresslevel=1, mtime=0),
                ".zst": lambda d: zstd_frames([d[i:i + 8_000_000] for i in range(0, len(d), 8_000_000)])}
    path = tmp_path / f"big{suffix}"
    path.write_bytes(compress.get(path.suffix, lambda d: d)(big_jsonl))
    tracemalloc.start()
    try:
        count = sum(1 for _ in read_documents([path]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 100_000
    print(f"{suffix}: peak {peak / 1e6:.2f} MB")
    assert peak < 2e6, peak
