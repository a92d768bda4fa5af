"""The two kernel back-ends: the ahead-of-time module is used when it is current, and it computes
exactly what numba's JIT computes, on real book text.

``shelfcheck.kernels._compiled`` is built by ``pip install`` and checks no argument types, so the
tests also pin down that the wrappers convert what callers pass, that a module built from other
sources is refused, and that a scan with the compiled kernels never pays for importing numba.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import subprocess
import sys

import numpy as np
import pyarrow as pa
import pytest

from shelfcheck import kernels
from shelfcheck.fingerprint import Params, fingerprints
from shelfcheck.index import Index
from shelfcheck.kernels import exports
from shelfcheck.kernels.exports import EXPORTS
from shelfcheck.scan.batch import MAX_HITS
from shelfcheck.text import normalize
from shelfcheck.text.normalize import _table, bmp_tables, codepoints

CI = os.environ.get("CI", "").lower() == "true"
DTYPES = {"u1": np.uint8, "u4": np.uint32, "u8": np.uint64, "i8": np.int64}


@pytest.fixture(scope="module")
def compiled():
    """The ahead-of-time module. Without one the install had no C compiler: skipped locally,
    failed under CI, whose install must build it."""
    if importlib.util.find_spec("shelfcheck.kernels._compiled") is None:
        message = "shelfcheck.kernels._compiled was not built (no C compiler at install?); `pip install -e .` builds it"
        if CI:
            pytest.fail(message)
        pytest.skip(message)
    return importlib.import_module("shelfcheck.kernels._compiled")


@pytest.fixture
def fresh_backend(monkeypatch):
    """Choose the back-end anew, as a new process would without SHELFCHECK_JIT, and forget that
    choice afterwards so later tests choose again under the real environment."""
    monkeypatch.delenv("SHELFCHECK_JIT", raising=False)
    kernels._loaded.cache_clear()
    yield
    kernels._loaded.cache_clear()


@pytest.fixture(scope="module")
def books(fixture_books) -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(fixture_books.glob("*.txt"))]


@pytest.fixture(scope="module")
def index(books, tmp_path_factory) -> Index:
    """Two indexed books (books[1] and books[2]); the others are not indexed."""
    return Index.build([("b1", books[1]), ("b2", books[2])], tmp_path_factory.mktemp("kernels") / "i.idx")


def typed(name: str, args: tuple) -> tuple:
    """``args`` as exactly the types ``EXPORTS`` declares for ``name``: what the compiled module
    must be given, since it reads whatever it gets as those types."""
    out = []
    for kind, value in zip(EXPORTS[name][3], args, strict=True):
        dtype = DTYPES[kind[:2]]
        out.append(np.ascontiguousarray(value, dtype=dtype) if kind.endswith("]") else dtype(value) if kind == "u4" else int(value))
    return tuple(out)


def assert_same(got, expected) -> None:
    """Equal results: the same arrays (values, shapes and dtypes), in the same tuple structure."""
    if isinstance(expected, tuple):
        assert isinstance(got, tuple) and len(got) == len(expected)
        for g, e in zip(got, expected):
            assert_same(g, e)
        return
    assert got.dtype == expected.dtype and got.shape == expected.shape
    assert np.array_equal(got, expected)


def find_spans_args(index: Index, text: str, excluded_range: tuple[int, int] | None = None) -> tuple:
    """``find_spans`` arguments for ``text`` as the exact scan builds them (scan/batch.py),
    optionally with a boilerplate stretch of normalised characters excluded."""
    params, a = index.params, index.arrays
    norm = normalize(text)
    excluded = np.zeros(len(norm), dtype=np.bool_)
    prefix = np.zeros(0, dtype=np.int64)
    if excluded_range is not None:
        excluded[slice(*excluded_range)] = True
        prefix = np.zeros(len(norm) + 1, dtype=np.int64)
        np.cumsum(excluded, out=prefix[1:])
    doc_hash, doc_pos = fingerprints(norm.chars, excluded, params)
    return (
        norm.chars, prefix, doc_hash, doc_pos, a["fp_hash"], a["fp_pos"], index.bucket, index.bucket_shift, a["work_norm"], a["work_row"], a["block_hash"],
        params.block, params.min_blocks, params.max_gap, params.max_shift, MAX_HITS,
    )  # fmt: skip


def screen_args(index: Index, head: tuple, fp_pos: np.ndarray) -> tuple:
    """The arguments of the batch screens, ``candidate_spans`` (``head``: an Arrow column's UTF-8
    buffer and offsets, as scan/fast.py passes them) and ``jsonl_candidates`` (``head``: a chunk's
    bytes and the text field's name, as scan/jsonl.py passes them)."""
    single, start, table = bmp_tables()
    p, a = index.params, index.arrays
    return (
        *head, single, start, table, p.k, p.w, p.noise_floor, index.screen, index.screen_range, a["fp_hash"], fp_pos, index.bucket, index.bucket_shift,
        a["work_norm"], a["work_row"], a["block_hash"], p.block, p.min_blocks, p.max_gap, p.max_shift, MAX_HITS,
    )  # fmt: skip


@pytest.fixture(scope="module")
def cases(books, index) -> dict[str, list[tuple]]:
    """Real inputs for every export, already of the declared types. Each is checked to reach the
    kernel's interesting paths (spans found, every candidate flag), else equal results prove little."""
    params = Params()
    plain = books[3][20_000:40_000]  # no ligature, no astral: the normaliser's simple loop
    odd = "Æsop’s “ﬁne” ﬃce — Straße, naïve café ＦＵＬＬ " + plain[:5_000]  # BMP expansions
    emoji = "📚 𝐀𝐁 " + odd + " 🎉"  # astral code points: the per-text table
    single, start, table = bmp_tables()
    normalize_cases = []
    for text in (plain, odd, emoji):
        cps = codepoints(text)
        keys = np.unique(cps[cps >= 0x10000])
        astral_start, astral_chars = _table(keys.tolist())
        normalize_cases.append(typed("normalize_codepoints", (cps, single, start, table, keys, astral_start, astral_chars)))
    assert normalize_cases[2][4].size == 4  # the emoji text really has an astral table: 📚 𝐀 𝐁 🎉

    chars = [normalize(books[0][:200_000]).chars, normalize(plain).chars, normalize(odd[:40]).chars]
    hash_cases = [typed("kgram_hashes", (c, params.k)) for c in chars]
    block_cases = [typed("block_hashes", (c, params.block)) for c in chars]
    winnow_cases = [typed("winnow", (kernels.kgram_hashes(c, params.k), params.w)) for c in chars]

    passage = books[1][50_000:70_000]
    ocr = passage[:6_000] + "q" + passage[6_000:12_000] + passage[12_001:]  # an insertion and a deletion
    documents = [
        (passage, None),
        (ocr + books[3][:3_000], None),
        (books[2][100_000:110_000], (2_000, 3_000)),
        (books[4][:20_000], None),  # not indexed
    ]
    find = [find_spans_args(index, text, excluded) for text, excluded in documents]
    assert all(kernels.find_spans(*args).shape[0] for args in find[:3])
    fp_pos = index.arrays["fp_pos"]
    assert fp_pos.dtype == np.uint32  # a small index: u4 as stored, u8 by casting

    texts = [books[1][i : i + 4_000] for i in range(20_000, 120_000, 25_000)]
    texts += [books[2][60_000:64_000], books[3][60_000:64_000], "", "short", "𝐀 " + books[1][30_000:31_000]]
    column = pa.array(texts)
    arrow = (np.frombuffer(column.buffers()[2], dtype=np.uint8), np.frombuffer(column.buffers()[1], dtype=np.int32))
    assert set(kernels.candidate_spans(*screen_args(index, arrow, fp_pos))[0].tolist()) == {0, 1, 2}  # none, candidate, slow
    lines = [json.dumps({"id": str(i), "text": text}, ensure_ascii=False) for i, text in enumerate(texts)]
    lines += ["", '{"id": "broken", "text": "unterminated', json.dumps({"id": "escaped", "text": "caf\u00e9 " + texts[0]})]
    chunk_bytes = np.frombuffer("\n".join(lines).encode("utf-8") + b"\n", dtype=np.uint8)
    chunk = (chunk_bytes, np.flatnonzero(chunk_bytes == 0x0A) + 1, np.frombuffer(b"text", dtype=np.uint8))
    assert set(kernels.jsonl_candidates(*screen_args(index, chunk, fp_pos))[0].tolist()) == {0, 1, 2, 3}  # and blank
    return {
        "normalize_codepoints": normalize_cases,
        "kgram_hashes": hash_cases,
        "block_hashes": block_cases,
        "winnow": winnow_cases,
        **{
            f"find_spans_{pos}": [typed(f"find_spans_{pos}", args[:5] + (np.asarray(fp_pos, dtype), *args[6:])) for args in find]
            for pos, dtype in (("u4", np.uint32), ("u8", np.uint64))
        },
        **{
            f"{name}_{pos}": [typed(f"{name}_{pos}", screen_args(index, head, np.asarray(fp_pos, dtype)))]
            for name, head in (("candidate_spans", arrow), ("jsonl_candidates", chunk))
            for pos, dtype in (("u4", np.uint32), ("u8", np.uint64))
        },
    }


def test_ci_uses_the_compiled_kernels(compiled, fresh_backend):
    """An install that built the module uses it (CI's must: its install builds it); a module
    present but not chosen means it was built from other sources."""
    assert kernels.backend() == "compiled", "the compiled kernels are stale: rebuild them with `pip install -e .`"
    functions = kernels._loaded()[1]
    assert all(functions[name] is getattr(compiled, name) for name in EXPORTS)


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_compiled_equals_jit(name, compiled, cases):
    """For every export, the compiled function returns exactly what the JIT function returns for
    the same, correctly typed arguments."""
    module, function = EXPORTS[name][:2]
    jit = getattr(importlib.import_module(module), function)
    for args in cases[name]:
        assert_same(getattr(compiled, name)(*args), jit(*args))


def test_find_spans_u4_and_u8_agree(cases, compiled):
    """The two position widths are two builds of one kernel: the same spans either way."""
    for narrow, wide in zip(cases["find_spans_u4"], cases["find_spans_u8"]):
        assert_same(compiled.find_spans_u8(*wide), compiled.find_spans_u4(*narrow))


def test_stale_compiled_module_is_refused(compiled, fresh_backend, monkeypatch):
    """A module built from other kernel sources must never run: the JIT runs the current code,
    with a warning that says how to rebuild."""
    monkeypatch.setattr(kernels, "source_digest", lambda: exports.source_digest() ^ 1)
    with pytest.warns(RuntimeWarning, match=r"pip install -e \."):
        assert kernels.backend() == "jit"
    module, function = EXPORTS["winnow"][:2]
    assert kernels._loaded()[1]["winnow"] is getattr(importlib.import_module(module), function)


def test_wrappers_convert_dtypes_and_strided_views(books, index):
    """The compiled module would read an int64 array or a strided view as contiguous uint32, so
    the wrappers convert: any such argument gives the result of its uint32 contiguous copy."""
    params = Params()
    chars = normalize(books[1][:30_000]).chars
    doubled = np.repeat(chars, 2)
    doubled[1::2] = 0x41  # the view skips these: read as contiguous, the k-grams would differ
    strided = doubled[::2]
    assert np.array_equal(strided, chars) and not strided.flags.c_contiguous
    expected = kernels.kgram_hashes(chars, params.k)
    assert not np.array_equal(kernels.kgram_hashes(doubled[: chars.size], params.k), expected)
    assert_same(kernels.kgram_hashes(strided, params.k), expected)
    assert_same(kernels.kgram_hashes(chars.astype(np.int64), params.k), expected)
    assert_same(kernels.block_hashes(strided, params.block), kernels.block_hashes(chars, params.block))

    kept = kernels.winnow(expected, params.w)
    assert kept.size > 100
    assert_same(kernels.winnow(expected.astype(np.int64), np.int32(params.w)), kept)
    assert_same(kernels.winnow(expected.tolist(), params.w), kept)

    args = find_spans_args(index, books[1][50_000:70_000])
    spans = kernels.find_spans(*args)
    assert spans.shape[0]
    wide = args[:3] + (args[3].astype(np.int32), args[4], args[5].astype(np.int64)) + args[6:]
    assert_same(kernels.find_spans(*wide), spans)


def run_python(code: str, cwd, **env: str) -> dict:
    """Run ``code`` in a fresh interpreter (its own back-end choice); it prints one JSON object."""
    environment = {key: value for key, value in os.environ.items() if key != "SHELFCHECK_JIT"} | env
    result = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_shelfcheck_jit_forces_the_jit(tmp_path):
    """SHELFCHECK_JIT=1 runs numba's JIT even where the compiled module exists, with equal results."""
    code = (
        "import json; from shelfcheck import kernels; from shelfcheck.text import normalize\n"
        "print(json.dumps({'backend': kernels.backend(), 'text': normalize('Straße ﬁne 📚 Café').text()}))"
    )
    assert run_python(code, tmp_path, SHELFCHECK_JIT="1") == {"backend": "jit", "text": "strassefinecafe"}


def test_cli_scan_does_not_import_numba(compiled, books, index, tmp_path):
    """The point of the compiled module: a scan through the command line never imports numba
    (about 0.6 s per process), yet finds the indexed passage."""
    (tmp_path / "doc.txt").write_text(books[1][50_000:60_000], encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code = (
        "import json, sys\n"
        "from shelfcheck import kernels\n"
        "from shelfcheck.cli import main\n"
        f"try:\n    main(['scan', 'doc.txt', '--index', {str(index.path)!r}, '--out', 'out.jsonl', '--workers', '1'])\n"
        "except SystemExit as exit_:\n    assert not exit_.code, exit_.code\n"
        "print(json.dumps({'backend': kernels.backend(), 'numba': sorted(m for m in sys.modules if m.split('.')[0] == 'numba')}))"
    )
    assert run_python(code, tmp_path) == {"backend": "compiled", "numba": []}
    matches = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [m["work"] for m in matches] == ["b1"] and matches[0]["matched_chars"] > 9_000
