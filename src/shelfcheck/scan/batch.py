"""The scan as a pure function: documents in, matches out — the unit every engine runs.

:func:`scan_batch` takes an open :class:`~shelfcheck.index.Index` and one Arrow record batch with
``id`` and ``text`` columns and returns the matches in input order (documents in batch order,
works by index order). It touches nothing but its arguments, so the local process pool and a
cluster engine (Ray Data ``map_batches``) produce identical results.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from shelfcheck import kernels
from shelfcheck.cmi import boilerplate_regions
from shelfcheck.fingerprint import excluded_mask, fingerprints
from shelfcheck.scan.match import Match, Span, union_length
from shelfcheck.text import normalize

if TYPE_CHECKING:
    import pyarrow as pa

    from shelfcheck.index import Index

MAX_HITS = 64  # index entries followed per seed (a k-gram repeated more often inside works is noise)


def scan_text(
    index: Index, doc_id: str, text: str, unexcluded: np.ndarray | None = None, origins: np.ndarray | None = None
) -> list[Match]:
    """Matches of one document against every indexed work, ordered by work.

    ``unexcluded``: the document's :func:`find_spans` rows without boilerplate exclusion, when the
    fast kernel has them already; they are the answer when the text has no boilerplate region.
    ``origins``: each of those spans' original start and end (code points), when the kernel has
    them too — such a text is then not even normalised.
    """
    params = index.params
    if origins is not None:
        if not boilerplate_regions(text):
            return _matches(index, doc_id, text, unexcluded, origins[:, 0], origins[:, 1])
        unexcluded = None  # boilerplate to exclude: the whole exact path
    norm = normalize(text)
    if len(norm) < params.noise_floor:
        return []
    regions = boilerplate_regions(text)
    a = index.arrays
    if regions or unexcluded is None:
        excluded = excluded_mask(norm, regions)
        doc_hash, doc_pos = fingerprints(norm.chars, excluded, params)
        if doc_hash.size == 0:
            return []
        prefix = np.zeros(0, dtype=np.int64)  # empty: nothing excluded (find_spans skips the check)
        if excluded.any():
            prefix = np.zeros(len(norm) + 1, dtype=np.int64)
            np.cumsum(excluded, out=prefix[1:])
        rows = kernels.find_spans(
            norm.chars, prefix, doc_hash, doc_pos, a["fp_hash"], a["fp_pos"], index.bucket, index.bucket_shift, a["work_norm"], a["work_row"], a["block_hash"],
            params.block, params.min_blocks, params.max_gap, params.max_shift, MAX_HITS,
        )  # fmt: skip
    else:
        rows = unexcluded
    return _matches(index, doc_id, text, rows, norm.origin[rows[:, 3]], norm.origin[rows[:, 4] - 1] + 1)


def _matches(index: Index, doc_id: str, text: str, rows: np.ndarray, doc_starts: np.ndarray, doc_ends: np.ndarray) -> list[Match]:
    """One match per work from :func:`find_spans` rows and their spans' original document offsets."""
    if rows.shape[0] == 0:
        return []
    a = index.arrays
    block_orig, block_tail = a["block_orig"], a["block_tail"]
    by_work: dict[int, list[Span]] = {}
    for (work, first, last, _, _, _), doc_start, doc_end in zip(rows.tolist(), doc_starts.tolist(), doc_ends.tolist()):
        base = int(a["work_row"][work])
        work_end = int(block_orig[base + last]) - int(block_tail[base + last - 1])
        span = Span(doc_start, doc_end, int(block_orig[base + first]), work_end)
        by_work.setdefault(work, []).append(span)
    matches = []
    for work in sorted(by_work):
        spans = tuple(sorted(set(by_work[work]), key=lambda s: (s.doc_start, s.work_start)))
        doc_chars = union_length([(s.doc_start, s.doc_end) for s in spans])
        work_chars = union_length([(s.work_start, s.work_end) for s in spans])
        matches.append(
            Match(
                doc=doc_id,
                work=index.work_ids[work],
                matched_chars=doc_chars,
                doc_coverage=round(doc_chars / max(1, len(text)), 6),
                work_coverage=round(work_chars / max(1, int(a["work_chars"][work])), 6),
                spans=spans,
            )
        )
    return matches


def scan_batch(index: Index, batch: pa.RecordBatch) -> list[Match]:
    """Matches of every document of ``batch`` (columns ``id``, ``text``), in batch order.

    The batch goes through the fast kernel first (:mod:`shelfcheck.scan.fast`); only documents it
    flags are converted to Python strings and scanned exactly — reusing the kernel's spans when
    the document has no boilerplate region (exclusion is then empty, so they are the exact spans).
    """
    from shelfcheck.scan.fast import CANDIDATE, candidate_spans  # pyarrow, only when batches are scanned

    texts = batch.column("text")
    flags, rows, row_doc = candidate_spans(index, texts, MAX_HITS)
    ids = batch.column("id")
    bounds = np.searchsorted(row_doc, np.arange(len(flags) + 1))  # rows of document d: bounds[d]:bounds[d + 1]
    matches: list[Match] = []
    for d in np.flatnonzero(flags).tolist():
        unexcluded = rows[bounds[d] : bounds[d + 1]] if flags[d] == CANDIDATE else None
        matches.extend(scan_text(index, ids[d].as_py(), texts[d].as_py() or "", unexcluded))
    return matches
