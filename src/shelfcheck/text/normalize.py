"""Normalisation that makes typography irrelevant, with a map back to the original offsets.

Two texts that differ only in typography (case, accents, ligatures, curly quotes, dashes,
punctuation, whitespace, reflowed or hyphen-broken lines) normalise to the same sequence. The
rule per code point is: Unicode NFKD (compatibility decomposition: "ﬁ"→"fi", "²"→"2",
full-width forms→ASCII), then case folding ("ß"→"ss", "É"→"é"), then keep only letters and digits
(combining marks, punctuation, symbols, whitespace and controls are dropped). NFKD-then-drop-marks
is NFKC with accents removed, so "é" and "e" (as OCR often confuses them) normalise alike. Because
hyphens and line breaks are dropped, "infor-\\nmation" and "information" are the same.

Why hand-written: ``unicodedata.normalize`` works on whole strings and loses the offset map, and
per-character Python is far too slow for corpora. Instead the rule is applied once per code point
of the Basic Multilingual Plane into a lookup table (CSR: start offsets + expansion chars, built
lazily and cached), and a numba kernel (:mod:`shelfcheck.text.fold_kernel`) runs over the UTF-32 code points, writing each kept
character together with the original code-point offset it came from. Code points beyond the BMP
(rare: emoji, mathematical alphanumerics) get a small per-text table built from their unique values.
"""

from __future__ import annotations

import hashlib
import marshal
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from shelfcheck import kernels
from shelfcheck.atomic import atomic_file

_BMP = 0x10000


@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalised text: ``chars[i]`` came from original code point ``origin[i]``.

    The original passage behind normalised ``[i, j)`` is ``text[origin[i] : origin[j - 1] + 1]``.
    """

    chars: np.ndarray  # uint32 code points of the normalised text
    origin: np.ndarray  # int64 original code-point offset of each normalised char

    def __len__(self) -> int:
        return int(self.chars.shape[0])

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` offsets of the normalised span ``[start, end)`` (tight)."""
        return int(self.origin[start]), int(self.origin[end - 1]) + 1

    def text(self) -> str:
        """The normalised text as a string (for tests and debugging)."""
        return self.chars.astype("<u4").tobytes().decode("utf-32-le")


def fold(char: str) -> str:
    """The normalisation rule for one code point (the slow reference the tables are built from)."""
    decomposed = unicodedata.normalize("NFKD", char).casefold()
    decomposed = unicodedata.normalize("NFKD", decomposed)  # casefold can re-compose ("ẞ"→"ss" is fine; "İ"→"i̇")
    return "".join(c for c in decomposed if unicodedata.category(c)[0] in "LN")


def _table(codepoints) -> tuple[np.ndarray, np.ndarray]:
    """CSR expansion table: the folded form of ``codepoints[i]`` is ``chars[start[i]:start[i+1]]``."""
    pieces = [fold(chr(cp)) if not 0xD800 <= cp < 0xE000 else "" for cp in codepoints]
    lengths = np.fromiter((len(p) for p in pieces), dtype=np.int64, count=len(pieces))
    start = np.zeros(len(pieces) + 1, dtype=np.int64)
    np.cumsum(lengths, out=start[1:])
    chars = np.frombuffer("".join(pieces).encode("utf-32-le"), dtype=np.uint32).copy()
    return start, chars


def _cache_file() -> Path:
    """Where the BMP table is kept between runs: beside numba's caches, keyed by the Unicode
    version and by the code of :func:`fold`, so a new Python or an edited rule rebuilds it."""
    rule = hashlib.sha256(marshal.dumps(fold.__code__)).hexdigest()[:12]
    return Path(__file__).parent / "__pycache__" / f"bmp-fold-{unicodedata.unidata_version}-{rule}.npy"


@lru_cache(maxsize=1)
def _bmp_table() -> tuple[np.ndarray, np.ndarray]:
    """The CSR table for the whole BMP. Building it calls :func:`fold` 65,536 times (about 0.1 s,
    a large part of a short scan's start-up), so it is cached on disk; an unreadable or unwritable
    cache just means building it."""
    cache = _cache_file()
    try:  # one plain .npy, the starts then the chars (a .npz costs 10 ms more to open: zipfile)
        stored = np.load(cache, allow_pickle=False)
        if stored.dtype == np.uint32 and stored.shape[0] > _BMP and int(stored[_BMP]) == stored.shape[0] - _BMP - 1:
            return stored[: _BMP + 1].astype(np.int64), stored[_BMP + 1 :]
    except (OSError, ValueError):
        pass
    start, chars = _table(range(_BMP))
    try:
        with atomic_file(cache, "wb") as handle:
            np.save(handle, np.concatenate((start.astype(np.uint32), chars)), allow_pickle=False)
    except OSError:
        pass
    return start, chars


_MULTI = np.uint32(0xFFFFFFFF)


@lru_cache(maxsize=1)
def _bmp_single() -> np.ndarray:
    """Per BMP code point: its one folded char, 0 if dropped, ``_MULTI`` if it expands to several."""
    start, chars = _bmp_table()
    lengths = np.diff(start)
    single = np.zeros(_BMP, dtype=np.uint32)
    single[lengths == 1] = chars[start[:-1][lengths == 1]]
    single[lengths > 1] = _MULTI
    return single


def bmp_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The BMP folding tables (single-char map, CSR starts, CSR chars) for kernels that fold themselves."""
    start, table = _bmp_table()
    return _bmp_single(), start, table


def codepoints(text: str) -> np.ndarray:
    """The text's code points as a uint32 array (index = code-point offset)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def normalize(text: str) -> Normalized:
    """Normalise ``text`` (see the module docstring) and keep the map back to original offsets."""
    cps = codepoints(text)
    start, table = _bmp_table()
    if cps.size and int(cps.max()) >= _BMP:
        keys = np.unique(cps[cps >= _BMP])
        astral_start, astral_chars = _table(keys.tolist())
    else:
        keys = np.zeros(0, dtype=np.uint32)
        astral_start, astral_chars = np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.uint32)
    chars, origin = kernels.normalize_codepoints(cps, _bmp_single(), start, table, keys, astral_start, astral_chars)
    return Normalized(chars, origin)
