"""The compiled hot loops, behind one set of functions: compiled ahead of time when the install
built them, by numba's JIT otherwise.

Why both: numba compiles (or loads from its cache) at run time, and importing numba plus loading
the scan's kernels costs about 0.6 s in every process — more than scanning 100 MB. ``pip install``
therefore compiles the same numba functions ahead of time (:mod:`shelfcheck.kernels.build`, numba's
pycc) into ``_compiled``, which loads in milliseconds without numba. The JIT runs the same code
when that module is missing (no C compiler at install time), was built from other sources (an
edited kernel in an editable install: rebuild with ``pip install -e .``) or ``SHELFCHECK_JIT=1``
is set. Both give identical results (tests/kernels).

Every call converts its arguments to exactly the types of :data:`~shelfcheck.kernels.exports.EXPORTS`
(a no-op when they already are): a compiled module checks nothing and would misread others.
"""

from __future__ import annotations

import importlib
import os
import warnings
from functools import lru_cache
from typing import Callable

import numpy as np

from shelfcheck.kernels.exports import EXPORTS, source_digest

_DTYPES = {"u1": np.uint8, "u4": np.uint32, "u8": np.uint64, "i8": np.int64}


@lru_cache(maxsize=1)
def _loaded() -> tuple[str, dict[str, Callable]]:
    """("compiled" or "jit", the callable behind each export)."""
    if os.environ.get("SHELFCHECK_JIT", "") in ("", "0"):
        try:
            from shelfcheck.kernels import _compiled  # type: ignore[attr-defined]
        except ImportError:
            _compiled = None
        if _compiled is not None:
            if _compiled.source_digest() == source_digest():
                return "compiled", {name: getattr(_compiled, name) for name in EXPORTS}
            warnings.warn(
                "shelfcheck: the compiled kernels were built from other sources; using numba's JIT "
                "(run `pip install -e .` again to rebuild them)",
                RuntimeWarning,
                stacklevel=3,
            )
    return "jit", {name: getattr(importlib.import_module(module), function) for name, (module, function, _, _) in EXPORTS.items()}


def backend() -> str:
    """Which kernels run in this process: ``"compiled"`` (ahead of time) or ``"jit"`` (numba)."""
    return _loaded()[0]


def _call(name: str, args: tuple):
    converted = []
    for kind, value in zip(EXPORTS[name][3], args, strict=True):
        dtype = _DTYPES[kind[:2]]
        converted.append(np.ascontiguousarray(value, dtype=dtype) if kind.endswith("]") else dtype(value) if kind == "u4" else int(value))
    return _loaded()[1][name](*converted)


def _by_position_type(name: str, fp_pos: np.ndarray) -> str:
    return f"{name}_{'u8' if fp_pos.dtype.itemsize == 8 else 'u4'}"


def normalize_codepoints(cps, single, start, table, astral_keys, astral_start, astral_chars) -> tuple[np.ndarray, np.ndarray]:
    """See :func:`shelfcheck.text.fold_kernel.normalize_codepoints`."""
    return _call("normalize_codepoints", (cps, single, start, table, astral_keys, astral_start, astral_chars))


def kgram_hashes(chars, k: int) -> np.ndarray:
    """See :func:`shelfcheck.fingerprint.hashing.kgram_hashes`."""
    return _call("kgram_hashes", (chars, k))


def block_hashes(chars, block: int) -> np.ndarray:
    """See :func:`shelfcheck.fingerprint.hashing.block_hashes`."""
    return _call("block_hashes", (chars, block))


def winnow(hashes, w: int) -> np.ndarray:
    """See :func:`shelfcheck.fingerprint.winnow.winnow`."""
    return _call("winnow", (hashes, w))


def find_spans(*args) -> np.ndarray:
    """See :func:`shelfcheck.scan.kernel.find_spans` (same arguments)."""
    return _call(_by_position_type("find_spans", args[5]), args)


def candidate_spans(*args) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """See :func:`shelfcheck.scan.kernel.candidate_flags_kernel` (same arguments)."""
    return _call(_by_position_type("candidate_spans", args[11]), args)


def jsonl_candidates(*args) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """See :func:`shelfcheck.scan.kernel.jsonl_candidates` (same arguments)."""
    return _call(_by_position_type("jsonl_candidates", args[12]), args)


__all__ = ["backend", "block_hashes", "candidate_spans", "find_spans", "jsonl_candidates", "kgram_hashes", "normalize_codepoints", "winnow"]
