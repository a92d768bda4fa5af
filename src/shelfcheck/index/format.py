"""The on-disk index: a folder of ``.npy`` arrays (memory-mapped when opened) and ``manifest.json``.

Arrays (F fingerprints, W works, R block rows = sum over works of ``blocks + 1``):

=================  ===========  ==========================================================
``fp_hash``        uint32 [F]   winnowed k-gram hashes, sorted (ties by position)
``fp_pos``         uint32/64    global normalised position of each fingerprint's k-gram
``stop_hash``      uint32       hashes removed as boilerplate (stoplist or > max_df works)
``work_norm``      int64 [W+1]  where each work starts in the global normalised stream
``work_row``       int64 [W+1]  where each work's block rows start
``work_chars``     int64 [W]    original length of each work (code points)
``block_hash``     uint32 [R]   hash of each aligned block, 0 = not usable as evidence
``block_orig``     uint32 [R]   original offset where each block starts
``block_tail``     uint8 [R]    punctuation/space after each block's last character
=================  ===========  ==========================================================

The manifest records the format name and version, the shelfcheck version, the parameters, the
counts, each work's id, length and the sha256 of its text, and each array's dtype and shape, so a
truncated, corrupt or foreign folder is refused with one clear line before anything is read.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from shelfcheck.errors import ShelfcheckError

FORMAT = "shelfcheck-index"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
ARRAYS = ("fp_hash", "fp_pos", "stop_hash", "work_norm", "work_row", "work_chars", "block_hash", "block_orig", "block_tail")


class IndexFormatError(ShelfcheckError):
    """An index folder that cannot be used (missing, foreign, corrupt or from another version)."""


def write_arrays(folder: Path, arrays: dict[str, np.ndarray]) -> dict[str, dict]:
    """Save each array as ``NAME.npy``; return the dtype/shape table for the manifest."""
    table = {}
    for name in ARRAYS:
        array = np.ascontiguousarray(arrays[name])
        np.save(folder / f"{name}.npy", array, allow_pickle=False)
        table[name] = {"dtype": array.dtype.str, "shape": list(array.shape)}
    return table


def write_manifest(folder: Path, manifest: dict) -> None:
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def read_manifest(folder: Path) -> dict:
    """The manifest of ``folder``, or a one-line error saying why it is not a usable index."""
    path = folder / MANIFEST
    if not folder.is_dir():
        raise IndexFormatError(f"{folder}: no such index folder")
    if not path.is_file():
        raise IndexFormatError(f"{folder}: not a shelfcheck index (no {MANIFEST}); build one with `shelfcheck index SOURCES --out {folder}`")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexFormatError(f"{path}: corrupt index manifest ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise IndexFormatError(f"{path}: not a shelfcheck index manifest")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexFormatError(
            f"{path}: index format version {manifest.get('format_version')!r}, this shelfcheck reads version {FORMAT_VERSION}; rebuild the index"
        )
    return manifest


def load_arrays(folder: Path, manifest: dict) -> dict[str, np.ndarray]:
    """Memory-map every array, checking it against the manifest (a truncated file fails here)."""
    arrays = {}
    table = manifest.get("arrays", {})
    for name in ARRAYS:
        path = folder / f"{name}.npy"
        expected = table.get(name)
        if expected is None or not path.is_file():
            raise IndexFormatError(f"{path}: missing from the index; the index is corrupt, rebuild it")
        try:
            array = np.load(path, mmap_mode="r", allow_pickle=False)
        except (ValueError, OSError) as exc:
            raise IndexFormatError(f"{path}: corrupt index array ({exc}); rebuild the index") from None
        if array.dtype.str != expected["dtype"] or list(array.shape) != expected["shape"]:
            raise IndexFormatError(
                f"{path}: corrupt index array (dtype {array.dtype.str} shape {list(array.shape)}, "
                f"manifest says {expected['dtype']} {expected['shape']}); rebuild the index"
            )
        arrays[name] = array
    works = manifest.get("works")
    if not isinstance(works, list) or arrays["work_chars"].shape[0] != len(works):
        raise IndexFormatError(f"{folder / MANIFEST}: work list does not match the arrays; the index is corrupt, rebuild it")
    return arrays
