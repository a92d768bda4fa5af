"""Assemble works into index arrays, drop boilerplate fingerprints, and write the folder atomically.

Building and merging share :func:`assemble`: concatenate the per-work arrays, then remove every
fingerprint that is in the packaged boilerplate stoplist, in the index's own stop set, or found in
more than ``max_df`` works (document frequency), and sort the rest by hash so a scan can look
seeds up through a bucket table over the sorted hashes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from shelfcheck import __version__
from shelfcheck.atomic import atomic_dir
from shelfcheck.errors import ShelfcheckError
from shelfcheck.fingerprint import Params
from shelfcheck.index import format as fmt
from shelfcheck.index.stoplist import describe, stoplist
from shelfcheck.index.work import WorkArrays


def _document_frequency(hashes: np.ndarray, work_of: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct hashes and the number of distinct works holding each."""
    pairs = np.unique((hashes.astype(np.uint64) << np.uint64(32)) | work_of.astype(np.uint64))
    return np.unique((pairs >> np.uint64(32)).astype(np.uint32), return_counts=True)


def assemble(
    works: list[dict],
    fp_hash: np.ndarray,
    fp_pos: np.ndarray,
    stop_hash: np.ndarray,
    blocks: dict[str, np.ndarray],
    work_norm: np.ndarray,
    params: Params,
) -> tuple[dict[str, np.ndarray], dict]:
    """Filter and sort fingerprints; return the arrays and the counts for the manifest."""
    work_of = np.searchsorted(work_norm, fp_pos, side="right") - 1
    distinct, df = _document_frequency(fp_hash, work_of)
    stop = np.union1d(stop_hash, distinct[df > params.max_df]).astype(np.uint32)
    packaged = stoplist(params)
    keep = ~np.isin(fp_hash, stop) & ~np.isin(fp_hash, packaged)
    fp_hash, fp_pos = fp_hash[keep], fp_pos[keep]
    order = np.lexsort((fp_pos, fp_hash))
    pos_dtype = np.uint32 if work_norm[-1] < 2**32 else np.uint64
    arrays = {
        "fp_hash": fp_hash[order].astype(np.uint32),
        "fp_pos": fp_pos[order].astype(pos_dtype),
        "stop_hash": stop,
        "work_norm": work_norm.astype(np.int64),
        **blocks,
    }
    counts = {
        "works": len(works),
        "fingerprints": int(fp_hash.size),
        "fingerprints_dropped": int((~keep).sum()),
        "blocks": int(blocks["block_hash"].size - len(works)),
        "chars": int(blocks["work_chars"].sum()),
        "norm_chars": int(work_norm[-1]),
    }
    return arrays, counts


def _concat(parts: list[np.ndarray], dtype) -> np.ndarray:
    return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)


def assemble_works(items: list[WorkArrays], params: Params) -> tuple[dict[str, np.ndarray], dict]:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise ShelfcheckError(f"duplicate work id {item.id!r}: every indexed document needs a unique id")
        seen.add(item.id)
    norm_lengths = np.array([w.norm_chars for w in items], dtype=np.int64)
    work_norm = np.zeros(len(items) + 1, dtype=np.int64)
    np.cumsum(norm_lengths, out=work_norm[1:])
    rows = np.array([w.block_hash.size for w in items], dtype=np.int64)
    work_row = np.zeros(len(items) + 1, dtype=np.int64)
    np.cumsum(rows, out=work_row[1:])
    blocks = {
        "work_row": work_row,
        "work_chars": np.array([w.chars for w in items], dtype=np.int64),
        "block_hash": _concat([w.block_hash for w in items], np.uint32),
        "block_orig": _concat([w.block_orig for w in items], np.uint32),
        "block_tail": _concat([w.block_tail for w in items], np.uint8),
    }
    fp_hash = _concat([w.fp_hash for w in items], np.uint32)
    fp_pos = _concat([w.fp_pos + work_norm[i] for i, w in enumerate(items)], np.int64)
    works = [{"id": w.id, "sha256": w.sha256, "md5": w.md5, "isbns": w.isbns, "chars": w.chars, "norm_chars": w.norm_chars} for w in items]
    arrays, counts = assemble(works, fp_hash, fp_pos, np.zeros(0, np.uint32), blocks, work_norm, params)
    return arrays, {"works": works, "counts": counts}


def write_index(out: Path, arrays: dict[str, np.ndarray], works: list[dict], counts: dict, params: Params) -> None:
    """Write arrays + manifest into a temporary folder and rename it over ``out``."""
    with atomic_dir(out) as tmp:
        table = fmt.write_arrays(tmp, arrays)
        fmt.write_manifest(
            tmp,
            {
                "format": fmt.FORMAT,
                "format_version": fmt.FORMAT_VERSION,
                "shelfcheck_version": __version__,
                "params": params.to_dict(),
                "guarantees": {"threshold_chars": params.threshold, "noise_floor_chars": params.noise_floor},
                "stoplist": describe(params),
                "counts": counts,
                "arrays": table,
                "works": works,
            },
        )

