"""The fast path: which documents of an Arrow batch hold any candidate span at all.

Almost every document of a training corpus matches nothing, so the whole batch first goes through
one numba kernel that reads the Arrow string column's UTF-8 buffer in place (no Python string per
document), normalises with the same tables as :func:`shelfcheck.text.normalize`, hashes every
k-gram and screens it against a bitset of the index hashes (only the few that pass are looked up
and checked for being a winnowed fingerprint, so the document is never winnowed as a whole),
and verifies spans from those seeds (:func:`~shelfcheck.scan.kernel.find_spans`) — without
boilerplate exclusion. Exclusion only removes seeds and blocks, so a document with no span here has
none on the exact path; only flagged documents (a few) are rescanned exactly by
:func:`~shelfcheck.scan.batch.scan_text`, which also computes the original offsets.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from shelfcheck import kernels
from shelfcheck.text.normalize import bmp_tables

NONE, CANDIDATE, SLOW = 0, 1, 2


def candidate_flags(index, texts: pa.Array, max_hits: int) -> np.ndarray:
    """Per document of ``texts`` (a string column): NONE, CANDIDATE or SLOW (scan it exactly)."""
    return candidate_spans(index, texts, max_hits)[0]


def candidate_spans(index, texts: pa.Array, max_hits: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`candidate_flags`, plus the spans the kernel found (without boilerplate exclusion):
    :func:`~shelfcheck.scan.kernel.find_spans` rows and the document of each."""
    if texts.null_count:
        texts = pc.fill_null(texts, "")
    if len(texts) == 0:
        return np.zeros(0, dtype=np.uint8), np.zeros((0, 6), dtype=np.int64), np.zeros(0, dtype=np.int64)
    offset_type = np.int64 if pa.types.is_large_string(texts.type) else np.int32
    buffers = texts.buffers()
    offsets = np.frombuffer(buffers[1], dtype=offset_type)[texts.offset : texts.offset + len(texts) + 1]
    data = np.frombuffer(buffers[2], dtype=np.uint8) if buffers[2] is not None else np.zeros(1, dtype=np.uint8)
    single, start, table = bmp_tables()
    p, a = index.params, index.arrays
    return kernels.candidate_spans(
        data, offsets, single, start, table, p.k, p.w, p.noise_floor, index.screen, index.screen_range, a["fp_hash"], a["fp_pos"], index.bucket, index.bucket_shift, a["work_norm"], a["work_row"],
        a["block_hash"], p.block, p.min_blocks, p.max_gap, p.max_shift, max_hits,
    )  # fmt: skip
