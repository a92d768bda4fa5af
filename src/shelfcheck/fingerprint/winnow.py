"""Robust winnowing (Schleimer, Wilkerson & Aiken, SIGMOD 2003 — the MOSS scheme).

From the k-gram hashes keep, in every window of ``w`` consecutive hashes, the minimum (the
rightmost one on ties; a position is recorded once). Guarantee: if two texts share a substring of
at least ``T = w + k - 1`` characters, that substring holds a whole window of identical hashes in
both texts, and both keep that window's minimum — so they share at least one fingerprint. Because
the chosen minimum of such a window lies inside the shared substring, dropping fingerprints that
fall in boilerplate *after* winnowing keeps the guarantee for every shared span outside it.
Density is about ``2 / (w + 1)`` of positions.

Why hand-written: no maintained library winnows numpy arrays; this is the O(n) monotone-deque
version of the paper's
algorithm (keep the current minimum; rescan the window only when it slides out, which random
hashes make rare, so the common step is one comparison) in numba.
"""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True, nogil=True)
def winnow(hashes, w):
    """Positions (ascending) of the fingerprints winnowing keeps from ``hashes``."""
    n = hashes.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if n < w:
        w = n
    out = np.empty(2 * n // (w + 1) + 16, dtype=np.int64)
    count = 0
    best = 0
    for i in range(n):
        start = i - w + 1
        if best < start:  # the minimum slid out of the window: rescan it
            best = start
            for j in range(start + 1, i + 1):
                if hashes[j] <= hashes[best]:
                    best = j
        elif hashes[i] <= hashes[best]:
            best = i
        elif i != w - 1:
            continue
        if i >= w - 1 and (count == 0 or out[count - 1] != best):
            if count == out.shape[0]:
                grown = np.empty(2 * count, dtype=np.int64)
                grown[:count] = out
                out = grown
            out[count] = best
            count += 1
    return out[:count]
