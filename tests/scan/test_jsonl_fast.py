"""The JSON-lines fast path (:mod:`shelfcheck.scan.jsonl`) is the line reader, only faster.

The kernel (:func:`~shelfcheck.scan.kernel.json_line`) may accept a line only when orjson decodes it
to an object whose text field is that string, folded exactly as :func:`~shelfcheck.text.normalize`
folds it; everything else goes to the exact path. End to end, scanning a plain ``.jsonl`` file must
give the same matches, counts, ids, errors and skips as the Arrow path (``read_batches`` →
``scan_batch``), whatever the chunking and the number of workers.
"""

from __future__ import annotations

import functools
import gzip
import json
import re

import numpy as np
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shelfcheck.errors import InputError
from shelfcheck.index import Index
from shelfcheck.scan import engine, kernel
from shelfcheck.scan.batch import MAX_HITS, scan_batch
from shelfcheck.scan.engine import scan_sources
from shelfcheck.scan.jsonl import jsonl_chunks, scan_jsonl_chunk
from shelfcheck.scan.kernel import LINE_BLANK, LINE_CANDIDATE, LINE_NONE, LINE_SLOW, json_line
from shelfcheck.sources import ReadOptions, ReadStats, read_batches, read_documents
from shelfcheck.text import normalize
from shelfcheck.text.normalize import bmp_tables

KEY = np.frombuffer(b"text", dtype=np.uint8)


def _json_line(line: bytes) -> tuple[int, np.ndarray, int]:
    """(status, folded chars, code points) of ``line`` as the kernel reads it (as
    :func:`~shelfcheck.scan.kernel.jsonl_candidates` calls it)."""
    single, start, table = bmp_tables()
    data = np.frombuffer(line, dtype=np.uint8)
    buf = np.empty(len(line) + 64, dtype=np.uint32)
    status, n, cps, _ = json_line(data, 0, len(line), KEY, kernel.json_byte_table(single), single, start, table, buf)
    return int(status), buf[:n].copy(), int(cps)


def _orjson(line: bytes):
    try:
        return True, orjson.loads(line)
    except orjson.JSONDecodeError:
        return False, None


# ---------------------------------------------------------------------------------------------
# 1. the kernel against orjson + normalize, on generated and mutated lines
# ---------------------------------------------------------------------------------------------

SPECIAL = [
    "ﬁ", "ﬃ", "’", "‘", "“", "”", "—", "é", "\u0301", "ß", "Ａ", "İ", "ΐ", "ǅ", "Æ", "\u00ad", "\u200b",
    "\ufeff", "\u2028", "\x00", "\x01", "\x1f", "\x7f", "\x85", "\\", '"', "/", "\n", "\r", "\t", "\b", "\f",
    "😀", "𝐀", "\U0010ffff", "ﷺ", "\uffff", "\ud7ff", "\ue000", " ", "\u3000",
]  # fmt: skip
TEXT = st.text(
    alphabet=st.one_of(st.sampled_from(SPECIAL), st.characters(codec="utf-8"), st.sampled_from("abcdefghij klmnop ,.")),
    max_size=40,
)
BMP_TEXT = st.text(alphabet=st.one_of(st.sampled_from([c for c in SPECIAL if ord(c[0]) < 0x10000]), st.characters(max_codepoint=0xFFFF, codec="utf-8")), max_size=40)  # fmt: skip
SAFE_KEY = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_ABC0123456789", min_size=1, max_size=6).filter(lambda k: k != "text")
SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**64 - 1),
    st.integers(min_value=-(10**40), max_value=10**40),  # beyond 64 bits: json.dumps only
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0.0, -0.0, 1e-5, 1.5e300, 2.5e-300, 1e16, 1e99, 1e100, 123456.789, -1e-99]),
    TEXT,
)
NESTED_KEY = st.one_of(st.sampled_from(["text", "id", "te\\xt", "é"]), TEXT)
VALUE = st.recursive(
    SCALAR,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(NESTED_KEY, inner, max_size=4)),
    max_leaves=12,
)
NON_STRING_TEXT = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False), st.lists(TEXT, max_size=2), st.dictionaries(SAFE_KEY, TEXT, max_size=2))  # fmt: skip
SEPARATORS = [(",", ":"), (", ", ": "), (" ,\t", " :\r\n "), ("\n,", ":\t")]
SPACE = st.text(alphabet=" \t\r\n", max_size=3)


def _has_astral(value) -> bool:
    if isinstance(value, str):
        return any(ord(c) > 0xFFFF for c in value)
    if isinstance(value, list):
        return any(_has_astral(v) for v in value)
    if isinstance(value, dict):
        return any(_has_astral(k) or _has_astral(v) for k, v in value.items())
    return False


def _plain_numbers(value) -> bool:
    """No number the kernel leaves to orjson on purpose (an exponent of 3 digits, an int over 64 bits)."""
    if isinstance(value, float):
        return value == 0 or 1e-99 <= abs(value) < 1e99
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return True
    if isinstance(value, int):
        return len(str(value)) < 60
    if isinstance(value, list):
        return all(_plain_numbers(v) for v in value)
    return all(_plain_numbers(v) for v in value.values())


@st.composite
def records(draw):
    """A record (dict) with a text field among other fields, and whether its text is a string."""
    fields = draw(st.dictionaries(SAFE_KEY, VALUE, max_size=4))
    if draw(st.integers(0, 9)) == 0:
        text = draw(NON_STRING_TEXT)
    else:
        text = draw(st.one_of(TEXT, BMP_TEXT))
    items = list(fields.items())
    items.insert(draw(st.integers(0, len(items))), ("text", text))
    return dict(items)


def _serialise(record: dict, how: int, sep: tuple[str, str]) -> bytes | None:
    if how == 0:
        try:
            return orjson.dumps(record)
        except TypeError:  # an int beyond 64 bits
            return None
    return json.dumps(record, ensure_ascii=how == 1, separators=sep).encode("utf-8")


TEXT_VALUE = re.compile(rb'"text"(\s*):(\s*)"')
MUTATIONS = [
    "flip", "truncate", "dup_key", "escaped_key", "array", "garbage", "bad_utf8", "lone_surrogate", "big_number",
    "bad_number", "bad_space", "deep", "nan",
]  # fmt: skip
GARBAGE = [b"x", b",", b"}", b"]", b" 1", b"\x00", b'"', b"{}", b"\xc3"]
BAD_UTF8 = [b"\x80", b"\xc0\xaf", b"\xc1\xbf", b"\xf5\x80\x80\x80", b"\xff", b"\xed\xa0\x80", b"\xe0\x80\x80", b"\xf0\x9f", b"\xe2\x82", b"\xc3"]  # fmt: skip
BAD_NUMBERS = [b"01", b"-", b"1.", b".5", b"+1", b"1e", b"1e+", b"-01", b"1e400", b"-1e999", b"1" * 400, b"0x10", b"1_0", b"tru", b"nul", b"True", b"Infinity", b"NaN", b"-Infinity"]  # fmt: skip


def _mutate(line: bytes, kind: str, draw) -> bytes:
    if kind == "flip":
        pos = draw(st.integers(0, max(len(line) - 1, 0)))
        return line[:pos] + bytes([draw(st.integers(0, 255))]) + line[pos + 1 :]
    if kind == "truncate":
        return line[: draw(st.integers(0, max(len(line) - 1, 0)))]
    if kind == "dup_key":  # orjson keeps the last value: the kernel must never take the first
        return line.replace(b"{", b'{"text":"duplicate first",', 1)
    if kind == "escaped_key":
        return line.replace(b'"text"', draw(st.sampled_from([b'"te\\u0078t"', b'"\\u0074ext"', b'"tex\\u0074"'])), 1)
    if kind == "array":
        return b"[" + line + b"]"
    if kind == "garbage":
        return line + draw(st.sampled_from(GARBAGE))
    if kind == "bad_utf8":
        pos = draw(st.integers(0, len(line)))
        return line[:pos] + draw(st.sampled_from(BAD_UTF8)) + line[pos:]
    if kind == "lone_surrogate":
        escape = draw(st.sampled_from([rb"\ud800", rb"\udfff", rb"\ud83d", rb"\ude00x", rb"\ud83d\u0041", rb"\uDC00", rb"\u12", rb"\uzzzz"]))  # fmt: skip
        return TEXT_VALUE.sub(lambda m: m.group(0) + escape, line, count=1)
    if kind == "big_number":
        return line.replace(b"{", b'{"big":1e400,', 1)
    if kind == "bad_number":
        return line.replace(b"{", b'{"n":' + draw(st.sampled_from(BAD_NUMBERS)) + b",", 1)
    if kind == "bad_space":
        return line.replace(b":", draw(st.sampled_from([b":\x0b", b":\x0c", b"\xc2\xa0:", b":\x1c"])), 1)
    if kind == "deep":
        depth = draw(st.integers(30, 90))
        return line.replace(b"{", b'{"deep":' + b"[" * depth + b"]" * depth + b",", 1)
    assert kind == "nan"
    return line.replace(b"{", b'{"nan":' + draw(st.sampled_from([b"NaN", b"Infinity", b"-Infinity"])) + b",", 1)


@st.composite
def json_lines(draw):
    """(line, clean): ``clean`` lines must be taken by the fast path."""
    record = draw(records())
    how = draw(st.integers(0, 2))  # orjson, json ensure_ascii=True, json ensure_ascii=False
    sep = draw(st.sampled_from(SEPARATORS))
    line = _serialise(record, how, sep)
    if line is None:
        how, line = 2, _serialise(record, 2, sep)
    if draw(st.booleans()):
        line = draw(SPACE).encode() + line + draw(SPACE).encode()
    mutations = draw(st.lists(st.sampled_from(MUTATIONS), max_size=2)) if draw(st.integers(0, 2)) == 0 else []
    for kind in mutations:
        line = _mutate(line, kind, draw)
    clean = not mutations and isinstance(record["text"], str) and not _has_astral(record) and _plain_numbers(record)
    return line, clean


def _check_line(line: bytes, clean: bool = False) -> None:
    status, folded, cps = _json_line(line)
    assert status in (LINE_NONE, LINE_SLOW, LINE_BLANK), status
    assert (status == LINE_BLANK) == line.isspace(), (line, status)
    ok, record = _orjson(line)
    if status == LINE_NONE:
        assert ok, f"kernel accepted a line orjson rejects: {line!r}"
        assert isinstance(record, dict), line
        text = record.get("text")
        assert isinstance(text, str), line
        assert np.array_equal(folded, normalize(text).chars), (line, text)
        assert cps == len(text), (line, cps, len(text))
    if clean:
        assert status == LINE_NONE, f"fast path refused a plain line: {line!r}"


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(json_lines())
def test_json_line_accepts_only_what_orjson_decodes_to_that_text(case):
    """Soundness: LINE_NONE only for an object orjson decodes, whose text field is a str, folded to
    exactly ``normalize(text).chars`` with ``len(text)`` code points; LINE_BLANK exactly for
    ``bytes.isspace`` lines. Usefulness: ordinary lines (no astral character, no mutation, no
    number the kernel leaves to orjson) must be accepted, or the fast path never runs."""
    line, clean = case
    _check_line(line, clean)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=40).map(lambda b: b'{"text":"' + b))
def test_json_line_on_random_bytes_after_a_text_key(line):
    """Arbitrary bytes where the text value starts (bad UTF-8, controls, escapes, cut-off
    strings): the kernel accepts only what orjson decodes to the same folded text."""
    _check_line(line)
    _check_line(line + b'"}')


@pytest.mark.parametrize(
    "line",
    [
        b'{"text":"a","text":"b"}',
        b'{"text":"abc","te\\u0078t":"zzz"}',
        b'{"te\\u0078t":"zzz","text":"abc"}',
        b'{"text":"caf\\u00e9 \\ud83d\\ude00"}',
        b'{"text":"\\ud800"}',
        b'{"text":"x","n":1e400}',
        b'{"text":"x","n":-1e400}',
        b'{"text":"x","n":' + b"9" * 400 + b"}",
        b'{"text":"x"} x',
        b'{"text":"x"}}',
        b'["text","x"]',
        b'{"text":"x",}',
        b'{"text":"x" "id":1}',
        b'{"text":"a\tb"}',
        b'{"text":"caf\xc3"}',
        b'{"text":"\xed\xa0\x80"}',
        b'{"text":"\xc0\xaf"}',
        b'{"text":5}',
        b'{"text":null}',
        b'{"id":"x"}',
        b'\xef\xbb\xbf{"text":"x"}',
        b'{"text":"x","n":NaN}',
        b'{"text":"x","n":01}',
        b'{"text":"x"',
        b'{"text":"x\\"}',
        b"",
        b"\x1c\n",
    ],
)
def test_json_line_refuses_lines_orjson_reads_otherwise(line):
    """Lines where orjson fails or reads a different text (duplicate or escaped keys, surrogates,
    overflowing numbers, trailing bytes, bad UTF-8, a BOM) are never accepted."""
    status, _, _ = _json_line(line)
    assert status == LINE_SLOW, (line, status)


@pytest.mark.parametrize(
    ("line", "text"),
    [
        (b'{"text":"plain"}', "plain"),
        (b' {"id": 7, "meta": {"text": 1, "x": [1.5e-7, -0, true, null]}, "text" : "Caf\\u00e9 \\"\xef\xac\x81ne\\"\\n\\\\"}\r\n', 'Café "ﬁne"\n\\'),
        (b'{"text":"\xe2\x80\x9cquoted\xe2\x80\x9d \\t tab \\/ \\b\\f\\r"}', "“quoted” \t tab / \b\f\r"),
        (b'{"a":[[[{"text":5}]]],"text":"x","n":-12.5E+99}\n', "x"),
    ],
)
def test_json_line_accepts_ordinary_lines(line, text):
    """Typical lines, with escapes, nested text keys and spacing, are taken and folded right."""
    status, folded, cps = _json_line(line)
    assert status == LINE_NONE, line
    assert np.array_equal(folded, normalize(text).chars)
    assert cps == len(text)


@pytest.mark.parametrize("line", [b"\n", b" \t\r\n", b"\x0b\x0c\n", b"   "])
def test_json_line_blank(line):
    assert _json_line(line)[0] == LINE_BLANK


# ---------------------------------------------------------------------------------------------
# 2-4. end to end against the Arrow path
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def index_path(fixture_texts, tmp_path_factory):
    path = tmp_path_factory.mktemp("jsonl_fast") / "i.idx"
    Index.build([("angler", fixture_texts["pg9198_the_complete_angler"]), ("devil", fixture_texts["pg972_the_devils_dictionary"])], path)
    return path


def _corpus(fixture_texts) -> tuple[list[bytes], dict[str, int]]:
    """Lines of a mixed corpus, and the line numbers of the id-less passages."""
    angler, devil = fixture_texts["pg9198_the_complete_angler"], fixture_texts["pg972_the_devils_dictionary"]
    filler = fixture_texts["posa_performance_of_open_source_applications"]
    lines: list[bytes] = []
    no_id: dict[str, int] = {}

    def add(line: bytes) -> None:
        lines.append(line if line.endswith(b"\n") else line + b"\n")

    add(b"\xef\xbb\xbf" + orjson.dumps({"id": "bom", "text": angler[20_000:23_000]}))
    for i in range(12):
        add(orjson.dumps({"id": f"angler-{i}", "text": angler[30_000 + i * 9_000 : 33_000 + i * 9_000]}))
        add(orjson.dumps({"id": f"filler-{i}", "text": filler[i * 7_000 : i * 7_000 + 2_500]}))
        add(json.dumps({"id": f"devil-ascii-{i}", "text": devil[40_000 + i * 11_000 : 42_500 + i * 11_000]}, ensure_ascii=True).encode())
        add(json.dumps({"text": "“" + devil[200_000 + i * 9_000 : 202_000 + i * 9_000] + "” ﬁ", "id": f"devil-{i}"}, ensure_ascii=False, separators=(" , ", " : ")).encode())  # fmt: skip
    add(b"")
    add(b"   \t")
    add(orjson.dumps({"id": "emoji", "text": "😀 " + angler[120_000:123_000]}))  # astral: the slow path
    add(orjson.dumps({"id": "crlf", "text": devil[150_000:153_000]}) + b"\r\n")
    add(orjson.dumps({"id": "nested", "meta": {"text": 1, "tags": ["a", {"text": None}], "score": -1.5e-7, "n": 10**18}, "text": angler[140_000:143_000]}))  # fmt: skip
    add(orjson.dumps({"id": 12345, "text": devil[160_000:163_000]}))
    no_id["angler"] = len(lines) + 1
    add(orjson.dumps({"text": angler[160_000:163_000], "source": "none"}))
    add(b'{"id": "dup", "text": ' + orjson.dumps(filler[50_000:52_000]) + b', "text": ' + orjson.dumps(devil[170_000:173_000]) + b"}")
    add(b'{"id": "escaped-key", "te\\u0078t": ' + orjson.dumps(angler[180_000:183_000]) + b"}")
    add(orjson.dumps({"id": "short", "text": "too short"}))
    add(orjson.dumps({"id": "empty", "text": ""}))
    add(b"\n")
    no_id["devil"] = len(lines) + 1
    add(orjson.dumps({"text": devil[180_000:183_000]}))
    add(orjson.dumps({"id": "last-no-newline", "text": angler[190_000:193_000]}).rstrip(b"\n"))
    lines[-1] = lines[-1].rstrip(b"\n")
    return lines, no_id


def _chunk_data(chunk) -> bytes:
    """The bytes of the file's range a chunk names."""
    with open(chunk.path, "rb") as handle:
        handle.seek(chunk.start)
        return handle.read(chunk.end - chunk.start)


def _encode(matches) -> bytes:
    return b"".join(orjson.dumps(m.to_dict(), option=orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE) for m in matches)


def _arrow_scan(index_path, path, options: ReadOptions) -> tuple[bytes, ReadStats]:
    """The reference: the line reader's documents, batched by Arrow and scanned by ``scan_batch``."""
    index = Index.open(index_path)
    stats = ReadStats()
    out = b"".join(_encode(scan_batch(index, batch)) for batch in read_batches([path], options, stats, batch_chars=50_000))
    return out, stats


@pytest.fixture(scope="module")
def corpus(fixture_texts, tmp_path_factory):
    lines, no_id = _corpus(fixture_texts)
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    path.write_bytes(b"".join(lines))
    return path, no_id


def test_fast_path_equals_arrow_path(index_path, corpus, tmp_path):
    """Same output bytes, documents, characters as ``read_batches`` → ``scan_batch``; the corpus
    exercises the fast path (plain lines) and the exact one (emoji, duplicate and escaped keys, a BOM)."""
    path, no_id = corpus
    expected, ref_stats = _arrow_scan(index_path, path, ReadOptions())
    out = tmp_path / "out.jsonl"
    summary, stats = scan_sources([path], index_path, out, ReadOptions(), workers=1)
    got = out.read_bytes()
    assert got == expected
    assert (stats.documents, stats.characters, stats.skipped) == (ref_stats.documents, ref_stats.characters, 0)
    assert summary.characters == ref_stats.characters
    docs = {orjson.loads(line)["doc"] for line in got.splitlines()}
    # the corpus must really hold matches of every kind, or the comparison proves little
    for doc in ["bom", "angler-3", "devil-ascii-2", "devil-5", "emoji", "crlf", "nested", "12345", "dup", "escaped-key", "last-no-newline"]:  # fmt: skip
        assert doc in docs, doc
    assert f"{path}:{no_id['angler']}" in docs and f"{path}:{no_id['devil']}" in docs
    assert not any(d.startswith("filler") for d in docs)
    # and the same documents compressed (the Arrow path inside scan_sources)
    gz = tmp_path / "corpus.jsonl.gz"
    gz.write_bytes(gzip.compress(path.read_bytes(), mtime=0))
    gz_summary, gz_stats = scan_sources([gz], index_path, tmp_path / "gz.jsonl", ReadOptions(), workers=1)
    gz_out = (tmp_path / "gz.jsonl").read_bytes().replace(orjson.dumps(str(gz))[1:-1] + b":", orjson.dumps(str(path))[1:-1] + b":")  # fmt: skip
    assert gz_out == got
    assert (gz_stats.documents, gz_stats.characters) == (stats.documents, stats.characters)
    assert gz_summary.pairs == summary.pairs


def test_kernel_statuses_on_corpus(index_path, corpus):
    """The corpus goes mostly through the fast path: plain lines are NONE or CANDIDATE, only the
    lines meant for the exact path are SLOW, blank lines BLANK."""
    from shelfcheck import kernels

    path, _ = corpus
    chunk = _chunk_data(next(jsonl_chunks(path, ReadOptions(), chunk_bytes=1 << 30)))
    assert chunk == path.read_bytes()
    index = Index.open(index_path)
    p, a = index.params, index.arrays
    single, start, table = bmp_tables()
    data = np.frombuffer(chunk, np.uint8)
    ends = np.flatnonzero(data == 0x0A) + 1
    if data[-1] != 0x0A:
        ends = np.append(ends, data.size)
    status = kernels.jsonl_candidates(
        data, ends, KEY, single, start, table, p.k, p.w, p.noise_floor, index.screen, index.screen_range, a["fp_hash"], a["fp_pos"], index.bucket, index.bucket_shift,
        a["work_norm"], a["work_row"], a["block_hash"], p.block, p.min_blocks, p.max_gap, p.max_shift, MAX_HITS,
    )[0]  # fmt: skip
    lines = chunk.splitlines(keepends=True)
    assert len(status) == len(lines)
    slow = [orjson.loads(line.removeprefix(b"\xef\xbb\xbf")).get("id") for line, s in zip(lines, status) if s == LINE_SLOW]
    assert slow == ["bom", "emoji", "dup", "escaped-key"]
    assert sum(s == LINE_BLANK for s in status) == 3
    assert sum(s == LINE_CANDIDATE for s in status) >= 30


@pytest.mark.parametrize("chunk_bytes", [1, 7, 100, 4_000, 1 << 30])
def test_small_chunks_give_the_same_matches(index_path, corpus, chunk_bytes):
    """Chunks cut anywhere (down to one byte read at a time) hold whole lines, number them right
    (ids ``FILE:LINE`` of id-less records) and scan to the same matches in the same order."""
    path, no_id = corpus
    expected, ref_stats = _arrow_scan(index_path, path, ReadOptions())
    index = Index.open(index_path)
    chunks = list(jsonl_chunks(path, ReadOptions(), chunk_bytes=chunk_bytes))
    data = [_chunk_data(c) for c in chunks]
    assert b"".join(data) == path.read_bytes()
    assert all(d.endswith(b"\n") for d in data[:-1])
    line = 1
    for c, d in zip(chunks, data):
        assert c.first_line == line
        line += d.count(b"\n")
    scans = [scan_jsonl_chunk(index, c) for c in chunks]
    assert _encode(m for s in scans for m in s.matches) == expected
    assert sum(s.documents for s in scans) == ref_stats.documents
    assert sum(s.characters for s in scans) == ref_stats.characters
    docs = [m.doc for s in scans for m in s.matches]
    assert f"{path}:{no_id['angler']}" in docs and f"{path}:{no_id['devil']}" in docs


BAD_LINES = [
    b'{"id": "b1", "text": "broken" "x"}',
    b'{"id": "b2", "text": 12}',
    b'["not", "an", "object"]',
    b'{"id": "b4", "text": "caf\xc3"}',
    b'{"id": "b5", "text": "\\ud800"}',
    b'{"id": "b6", "text": "x", "n": 1e400}',
    b'{"id": "b7"}',
    b'{"id": "b8", "text": "x"} trailing',
    b'{"id": "b9", "text": "x"',
]


def _bad_corpus(fixture_texts, path):
    good, _ = _corpus(fixture_texts)
    good[-1] += b"\n"
    lines = good[:9] + BAD_LINES[:1] + good[9:30] + BAD_LINES[1:5] + good[30:] + BAD_LINES[5:]
    path.write_bytes(b"".join(line if line.endswith(b"\n") else line + b"\n" for line in lines))
    return path


@pytest.mark.parametrize("chunk_bytes", [150, 1 << 22])
def test_bad_line_fails_like_the_line_reader(index_path, fixture_texts, tmp_path, monkeypatch, chunk_bytes):
    """``on_error="fail"``: the scan stops at the first bad line with the line reader's message
    (FILE:LINE and the problem), and writes no output."""
    monkeypatch.setattr(engine, "jsonl_chunks", functools.partial(jsonl_chunks, chunk_bytes=chunk_bytes))
    path = _bad_corpus(fixture_texts, tmp_path / "bad.jsonl")
    with pytest.raises(InputError) as reference:
        list(read_documents([path]))
    assert str(reference.value).startswith(f"{path}:10: broken JSON")
    out = tmp_path / "out.jsonl"
    with pytest.raises(InputError) as caught:
        scan_sources([path], index_path, out, ReadOptions(on_error="fail"), workers=1)
    assert str(caught.value) == str(reference.value)
    assert not out.exists()


@pytest.mark.parametrize("chunk_bytes", [150, 1 << 22])
def test_bad_lines_skipped_like_the_line_reader(index_path, fixture_texts, tmp_path, monkeypatch, chunk_bytes):
    """``on_error="skip"``: every bad line is skipped with the line reader's message, in order, and
    the good documents give the Arrow path's matches and counts."""
    monkeypatch.setattr(engine, "jsonl_chunks", functools.partial(jsonl_chunks, chunk_bytes=chunk_bytes))
    path = _bad_corpus(fixture_texts, tmp_path / "bad.jsonl")
    options = ReadOptions(on_error="skip")
    expected, ref_stats = _arrow_scan(index_path, path, options)
    assert ref_stats.skipped == len(BAD_LINES)
    out = tmp_path / "out.jsonl"
    _, stats = scan_sources([path], index_path, out, options, workers=1)
    assert stats.skipped == ref_stats.skipped
    assert stats.errors == ref_stats.errors
    assert (stats.documents, stats.characters) == (ref_stats.documents, ref_stats.characters)
    assert out.read_bytes() == expected
    assert expected.count(b"\n") >= 30


def test_two_workers_write_the_same_bytes(index_path, corpus, tmp_path, monkeypatch):
    """A process pool over many chunks (and a plain file beside a compressed one) writes exactly
    what one worker writes, with the same counts."""
    monkeypatch.setattr(engine, "jsonl_chunks", functools.partial(jsonl_chunks, chunk_bytes=20_000))
    path, _ = corpus
    gz = tmp_path / "corpus.jsonl.gz"
    gz.write_bytes(gzip.compress(path.read_bytes(), mtime=0))
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    s1, r1 = scan_sources([path, gz, path], index_path, one, ReadOptions(), workers=1)
    s2, r2 = scan_sources([path, gz, path], index_path, two, ReadOptions(), workers=2)
    assert one.read_bytes() == two.read_bytes()
    assert one.read_bytes().count(b"\n") >= 90
    assert (r1.documents, r1.characters, r1.skipped) == (r2.documents, r2.characters, r2.skipped)
    assert (s1.documents, s1.pairs, s1.works) == (s2.documents, s2.pairs, s2.works)


def test_two_workers_skip_bad_lines_like_one(index_path, fixture_texts, tmp_path, monkeypatch):
    """Bad lines skipped in worker processes come back (the errors cross the process boundary) and
    are counted exactly as with one worker."""
    monkeypatch.setattr(engine, "jsonl_chunks", functools.partial(jsonl_chunks, chunk_bytes=2_000))
    bad = _bad_corpus(fixture_texts, tmp_path / "bad.jsonl")
    options = ReadOptions(on_error="skip")
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    _, r1 = scan_sources([bad], index_path, one, options, workers=1)
    _, r2 = scan_sources([bad], index_path, two, options, workers=2)
    assert one.read_bytes() == two.read_bytes()
    assert r1.skipped == len(BAD_LINES)
    assert (r1.documents, r1.characters, r1.skipped, r1.errors) == (r2.documents, r2.characters, r2.skipped, r2.errors)


def test_two_workers_fail_on_a_bad_line_like_one(index_path, fixture_texts, tmp_path, monkeypatch):
    """``on_error="fail"`` in a worker process raises the same InputError (FILE:LINE: problem) as
    one worker does, not a broken process pool."""
    monkeypatch.setattr(engine, "jsonl_chunks", functools.partial(jsonl_chunks, chunk_bytes=2_000))
    bad = _bad_corpus(fixture_texts, tmp_path / "bad.jsonl")
    with pytest.raises(InputError) as reference:
        list(read_documents([bad]))
    with pytest.raises(InputError) as caught:
        scan_sources([bad], index_path, tmp_path / "two.jsonl", ReadOptions(on_error="fail"), workers=2)
    assert str(caught.value) == str(reference.value)


def test_line_ends_across_search_slices():
    """Line ends are found in slices of 256 KiB: newlines on and around slice edges, a last line
    without newline and empty input give exactly the ends a plain search gives."""
    from shelfcheck.scan.jsonl import line_ends

    step = 1 << 18
    text = bytearray(b"x" * (3 * step + 5))
    for at in (0, step - 1, step, step + 1, 2 * step, 3 * step + 2):
        text[at] = 0x0A
    for data in (bytes(text), bytes(text) + b"\n", b"", b"no newline", b"\n"):
        array = np.frombuffer(data, dtype=np.uint8)
        expected = [i + 1 for i, byte in enumerate(data) if byte == 0x0A]
        if data and not data.endswith(b"\n"):
            expected.append(len(data))
        assert line_ends(array).tolist() == expected


def test_driver_reads_the_kernels_status_codes():
    """The driver keeps its own copy of two status codes (importing the kernel would import numba)."""
    from shelfcheck.scan import jsonl

    assert (jsonl._CANDIDATE, jsonl._SLOW) == (LINE_CANDIDATE, LINE_SLOW)
