"""The matching kernel: seeds → chains along diagonals → spans verified block by block.

For one document (normalised, fingerprinted) against the index arrays:

1. **Seeds.** Each document fingerprint is looked up by binary search in the sorted index hashes;
   every hit is a (work, work position, document position) triple, i.e. a point on a diagonal.
2. **Chaining.** Hits are taken in (work, document position) order. A hit already inside a span
   found for that work is skipped, so a long shared passage costs one extension, not one per hit.
3. **Verification.** From a seed the span is grown block by block, left and right, over the work's
   aligned blocks of ``B`` normalised characters: the document's ``B`` characters at the same
   diagonal are hashed and compared with the block hash the index stored. A mismatching block is
   retried at diagonal shifts of ±1..±``max_shift`` (an OCR insertion or deletion moves the
   diagonal); up to ``max_gap`` consecutive unverifiable blocks (OCR substitutions) are bridged.
   Reported spans are the runs of *consecutive* verified blocks at least ``min_blocks`` long, so
   every character of a span lies in a verified block (an OCR error splits a span in two rather
   than being bridged: bridging would let two unrelated blocks of repetitive text, such as a
   table of URLs, pass as one span).

Seeds are never evidence: a span exists only where whole blocks of the document hash equal to the
work's (32-bit block hashes: a random block passes with probability 2**-32 per shift tried, and a
span needs ``min_blocks`` of them in a row on one diagonal).
"""

from __future__ import annotations

import numba
import numpy as np

from shelfcheck.fingerprint.hashing import block_hash


@numba.njit(cache=True, inline="always")
def _clean(excl_prefix, start, length):
    return excl_prefix[start + length] - excl_prefix[start] == 0


@numba.njit(cache=True, inline="always")
def _verify_block(doc, excl_prefix, expected, start, block, max_shift):
    """Shift (0, +1, -1, +2, …) at which doc block ``start`` hashes to ``expected``, or a sentinel."""
    n = doc.shape[0]
    if expected == 0:
        return 1 << 30
    for t in range(2 * max_shift + 1):
        s = (t + 1) // 2 if t % 2 == 1 else -(t // 2)
        q = start + s
        if q >= 0 and q + block <= n and _clean(excl_prefix, q, block):
            if block_hash(doc, q, block) == expected:
                return s
    return 1 << 30


@numba.njit(cache=True, nogil=True)
def find_spans(doc, excl_prefix, doc_hash, doc_pos, fp_hash, fp_pos, work_norm, work_row, block_hashes, block, min_blocks, max_gap, max_shift, max_hits):
    """All verified spans of ``doc`` against the index.

    Returns an int64 array with one row per span:
    (work, first block, last block + 1, doc start, doc end, blocks) — block numbers are
    the work's own, doc offsets are normalised positions.
    """
    # 1. seeds
    hits_w = np.empty(64, dtype=np.int64)
    hits_wp = np.empty(64, dtype=np.int64)
    hits_dp = np.empty(64, dtype=np.int64)
    nh = 0
    for f in range(doc_hash.shape[0]):
        h = doc_hash[f]
        lo = np.searchsorted(fp_hash, h)
        hi = lo
        while hi < fp_hash.shape[0] and fp_hash[hi] == h and hi - lo < max_hits:
            hi += 1
        for j in range(lo, hi):
            g = np.int64(fp_pos[j])
            w = np.searchsorted(work_norm, g, side="right") - 1
            if nh == hits_w.shape[0]:
                hits_w = np.concatenate((hits_w, np.empty(nh, dtype=np.int64)))
                hits_wp = np.concatenate((hits_wp, np.empty(nh, dtype=np.int64)))
                hits_dp = np.concatenate((hits_dp, np.empty(nh, dtype=np.int64)))
            hits_w[nh] = w
            hits_wp[nh] = g - work_norm[w]
            hits_dp[nh] = doc_pos[f]
            nh += 1
    spans = np.empty((max(nh, 1), 6), dtype=np.int64)
    run_i = np.empty(64, dtype=np.int64)
    run_d = np.empty(64, dtype=np.int64)
    ns = 0
    if nh == 0:
        return spans[:0]
    # 2. chain in (work, doc position) order
    order = np.argsort(hits_w[:nh] * (doc.shape[0] + 1) + hits_dp[:nh], kind="mergesort")
    first_of_work = 0
    current = -1
    for o in order:
        w, wp, dp = hits_w[o], hits_wp[o], hits_dp[o]
        if w != current:
            current = w
            first_of_work = ns
        covered = False
        for s in range(first_of_work, ns):
            if spans[s, 3] <= dp < spans[s, 4] and spans[s, 1] * block <= wp < spans[s, 2] * block:
                covered = True
                break
        if covered:
            continue
        # 3. verify outward from the seed's block, then report runs of consecutive verified blocks
        base = work_row[w]
        nb = work_row[w + 1] - base - 1
        i0 = wp // block
        nv = 0
        for direction in (1, -1):
            d, gap, i = dp - wp, 0, i0 if direction == 1 else i0 - 1
            if direction == -1:
                left_from = nv
            while 0 <= i < nb and gap <= max_gap:
                s = _verify_block(doc, excl_prefix, block_hashes[base + i], i * block + d, block, max_shift)
                if s != 1 << 30:
                    d += s
                    if nv == run_i.shape[0]:
                        run_i = np.concatenate((run_i, np.empty(nv, dtype=np.int64)))
                        run_d = np.concatenate((run_d, np.empty(nv, dtype=np.int64)))
                    run_i[nv] = i
                    run_d[nv] = d
                    nv += 1
                    gap = 0
                else:
                    gap += 1
                i += direction
        # blocks in work order: the left walk reversed, then the right walk
        run_i[:nv] = np.concatenate((run_i[left_from:nv][::-1], run_i[:left_from]))
        run_d[:nv] = np.concatenate((run_d[left_from:nv][::-1], run_d[:left_from]))
        a = 0
        while a < nv:
            b = a + 1
            while b < nv and run_i[b] == run_i[b - 1] + 1:
                b += 1
            if b - a >= min_blocks:
                if ns == spans.shape[0]:
                    spans = np.concatenate((spans, np.empty_like(spans)))
                spans[ns, 0] = w
                spans[ns, 1] = run_i[a]
                spans[ns, 2] = run_i[b - 1] + 1
                spans[ns, 3] = run_i[a] * block + run_d[a]
                spans[ns, 4] = (run_i[b - 1] + 1) * block + run_d[b - 1]
                spans[ns, 5] = b - a
                ns += 1
            a = b
    return spans[:ns]
