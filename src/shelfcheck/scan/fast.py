"""The fast path: which documents of an Arrow batch hold any candidate span at all.

Almost every document of a training corpus matches nothing, so the whole batch first goes through
one numba kernel that reads the Arrow string column's UTF-8 buffer in place (no Python string per
document), normalises with the same tables as :func:`shelfcheck.text.normalize`, fingerprints,
looks the seeds up and verifies spans (:func:`~shelfcheck.scan.kernel.find_spans`) — without
boilerplate exclusion. Exclusion only removes seeds and blocks, so a document with no span here has
none on the exact path; only flagged documents (a few) are rescanned exactly by
:func:`~shelfcheck.scan.batch.scan_text`, which also computes the original offsets.
"""

from __future__ import annotations

import numba
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from shelfcheck.fingerprint.hashing import kgram_hashes
from shelfcheck.fingerprint.winnow import winnow
from shelfcheck.scan.kernel import find_spans
from shelfcheck.text.normalize import bmp_tables

NONE, CANDIDATE, SLOW = 0, 1, 2


@numba.njit(cache=True, nogil=True)
def _normalize_utf8(data, lo, hi, single, start, table, buf):
    """Normalise UTF-8 ``data[lo:hi]`` into ``buf`` (grown if needed); flag code points beyond the BMP."""
    if buf.shape[0] < hi - lo + 64:
        buf = np.empty(2 * (hi - lo) + 64, dtype=np.uint32)
    n = 0
    i = lo
    while i < hi:
        b0 = np.int64(data[i])
        if b0 < 0x80:
            cp = b0
            i += 1
        elif b0 < 0xE0:
            cp = ((b0 & 0x1F) << 6) | (np.int64(data[i + 1]) & 0x3F)
            i += 2
        elif b0 < 0xF0:
            cp = ((b0 & 0x0F) << 12) | ((np.int64(data[i + 1]) & 0x3F) << 6) | (np.int64(data[i + 2]) & 0x3F)
            i += 3
        else:
            return buf, n, True
        m = single[cp]
        if m == 0:
            continue
        if m != 0xFFFFFFFF:
            buf[n] = m
            n += 1
            continue
        # a multi-character expansion ("ﬃ" → "ffi"): the only case that can outgrow the bytes read
        extra = start[cp + 1] - start[cp]
        if n + extra + (hi - i) > buf.shape[0]:
            grown = np.empty(2 * (n + extra + (hi - i)) + 64, dtype=np.uint32)
            grown[:n] = buf[:n]
            buf = grown
        for t in range(start[cp], start[cp + 1]):
            buf[n] = table[t]
            n += 1
    return buf, n, False


@numba.njit(cache=True, nogil=True)
def _flags(data, offsets, single, start, table, k, w, floor, fp_hash, fp_pos, work_norm, work_row, block_hashes, block, min_blocks, max_gap, max_shift, max_hits):
    docs = offsets.shape[0] - 1
    flags = np.zeros(docs, dtype=np.uint8)
    buf = np.empty(1 << 16, dtype=np.uint32)
    for d in range(docs):
        buf, n, slow = _normalize_utf8(data, offsets[d], offsets[d + 1], single, start, table, buf)
        if slow:
            flags[d] = SLOW
            continue
        if n < floor:
            continue
        chars = buf[:n]
        hashes = kgram_hashes(chars, k)
        positions = winnow(hashes, w)
        if positions.shape[0] == 0:
            continue
        prefix = np.zeros(n + 1, dtype=np.int64)
        spans = find_spans(chars, prefix, hashes[positions], positions, fp_hash, fp_pos, work_norm, work_row, block_hashes, block, min_blocks, max_gap, max_shift, max_hits)
        if spans.shape[0]:
            flags[d] = CANDIDATE
    return flags


def candidate_flags(index, texts: pa.Array, max_hits: int) -> np.ndarray:
    """Per document of ``texts`` (a string column): NONE, CANDIDATE or SLOW (scan it exactly)."""
    if texts.null_count:
        texts = pc.fill_null(texts, "")
    if len(texts) == 0:
        return np.zeros(0, dtype=np.uint8)
    offset_type = np.int64 if pa.types.is_large_string(texts.type) else np.int32
    buffers = texts.buffers()
    offsets = np.frombuffer(buffers[1], dtype=offset_type)[texts.offset : texts.offset + len(texts) + 1]
    data = np.frombuffer(buffers[2], dtype=np.uint8) if buffers[2] is not None else np.zeros(1, dtype=np.uint8)
    single, start, table = bmp_tables()
    p, a = index.params, index.arrays
    return _flags(
        data, offsets, single, start, table, p.k, p.w, p.noise_floor, a["fp_hash"], a["fp_pos"], a["work_norm"], a["work_row"],
        a["block_hash"], p.block, p.min_blocks, p.max_gap, p.max_shift, max_hits,
    )  # fmt: skip
