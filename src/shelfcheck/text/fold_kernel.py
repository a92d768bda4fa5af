"""The normalisation loop over code points, compiled (see :mod:`shelfcheck.text.normalize` for the rule).

Apart from :mod:`~shelfcheck.text.normalize` because it is compiled ahead of time with the other
kernels (:mod:`shelfcheck.kernels`): importing this module imports numba, the normaliser must not.
"""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True, nogil=True)
def normalize_codepoints(cps, single, start, table, astral_keys, astral_start, astral_chars):
    """Fold code points ``cps`` with the BMP tables (``single``; CSR ``start``/``table``) and the
    text's own astral table; returns (normalised chars, original offset of each)."""
    n = cps.shape[0]
    total = 0
    simple = True
    for i in range(n):
        cp = cps[i]
        if cp < 0x10000:
            m = single[cp]
            if m == 0xFFFFFFFF:
                total += start[cp + 1] - start[cp]
                simple = False
            elif m != 0:
                total += 1
        else:
            simple = False
            j = np.searchsorted(astral_keys, cp)
            total += astral_start[j + 1] - astral_start[j]
    out = np.empty(total, dtype=np.uint32)
    origin = np.empty(total, dtype=np.int64)
    o = 0
    if simple:
        for i in range(n):
            m = single[cps[i]]
            if m != 0:
                out[o] = m
                origin[o] = i
                o += 1
        return out, origin
    for i in range(n):
        cp = cps[i]
        if cp < 0x10000:
            m = single[cp]
            if m == 0:
                continue
            if m != 0xFFFFFFFF:
                out[o] = m
                origin[o] = i
                o += 1
                continue
            lo, hi = start[cp], start[cp + 1]
            chars = table
        else:
            j = np.searchsorted(astral_keys, cp)
            lo, hi = astral_start[j], astral_start[j + 1]
            chars = astral_chars
        for t in range(lo, hi):
            out[o] = chars[t]
            origin[o] = i
            o += 1
    return out, origin
