"""Fingerprints of normalised text: winnowed k-gram hashes (seeds) and block hashes (evidence).

:func:`fingerprints` is the one call both the index builder and the scanner make, so a work and a
document are always fingerprinted identically.
"""

from __future__ import annotations

import numpy as np

from shelfcheck.fingerprint.params import Params
from shelfcheck import kernels
from shelfcheck.kernels import block_hashes, kgram_hashes
from shelfcheck.text import Normalized


def excluded_mask(norm: Normalized, regions) -> np.ndarray:
    """Boolean per normalised char: true inside a boilerplate region (original offsets)."""
    if not regions:
        return np.zeros(len(norm), dtype=np.bool_)
    starts = np.array([r.start for r in regions], dtype=np.int64)
    ends = np.array([r.end for r in regions], dtype=np.int64)
    order = np.argsort(starts, kind="stable")
    starts, ends = starts[order], np.maximum.accumulate(ends[order])
    idx = np.searchsorted(starts, norm.origin, side="right") - 1
    return (idx >= 0) & (norm.origin < ends[np.maximum(idx, 0)])


def window_any(mask: np.ndarray, width: int) -> np.ndarray:
    """``out[i]`` = any of ``mask[i:i+width]`` (length ``len(mask) - width + 1``, floored at 0)."""
    m = len(mask) - width + 1
    if m <= 0:
        return np.zeros(0, dtype=np.bool_)
    prefix = np.zeros(len(mask) + 1, dtype=np.int64)
    np.cumsum(mask, out=prefix[1:])
    return (prefix[width:] - prefix[:m]) > 0


def fingerprints(chars: np.ndarray, excluded: np.ndarray, params: Params) -> tuple[np.ndarray, np.ndarray]:
    """Winnowed fingerprints: (32-bit hashes, start positions of their k-grams), none in boilerplate."""
    hashes = kernels.kgram_hashes(chars, params.k)
    positions = kernels.winnow(hashes, params.w)
    if excluded.any():
        positions = positions[~window_any(excluded, params.k)[positions]]
    return hashes[positions], positions


__all__ = ["Params", "block_hashes", "excluded_mask", "fingerprints", "kgram_hashes", "window_any"]
