"""What the index keeps of one work: its fingerprints and its verification blocks.

The text itself is not kept (a catalogue index must stay far smaller than the books). Evidence is
instead checked against per-block hashes: for every aligned block of ``B`` normalised characters
the index stores a 32-bit hash, the original offset where the block starts and how many original
code points of punctuation/space follow its last character (capped at 255) — enough to verify a
candidate span block by block and to report exact original offsets on the work side.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from shelfcheck.cmi import boilerplate_regions, detect_cmi
from shelfcheck.errors import ShelfcheckError
from shelfcheck.fingerprint import Params, block_hashes, excluded_mask, fingerprints, window_any
from shelfcheck.text import normalize


@dataclass(slots=True)
class WorkArrays:
    """One work, ready to be concatenated into an index (block arrays have ``blocks + 1`` rows)."""

    id: str
    sha256: str
    md5: str  # of the UTF-8 text: equals a plain-text file's md5, how LibGen names its files
    isbns: list[str]  # ISBN-13s printed in the work itself, so `scan --catalog` can name it
    chars: int
    norm_chars: int
    fp_hash: np.ndarray  # uint32
    fp_pos: np.ndarray  # int64, normalised offset of the k-gram within the work
    block_hash: np.ndarray  # uint32, 0 = unusable (boilerplate); last row is a sentinel 0
    block_orig: np.ndarray  # uint32, original offset where block j starts (row ``blocks`` = end)
    block_tail: np.ndarray  # uint8, original chars between block j's last char and block j+1


def work_arrays(work_id: str, text: str, params: Params) -> WorkArrays:
    """Fingerprint and block one work; boilerplate regions yield neither seeds nor evidence."""
    norm = normalize(text)
    findings = detect_cmi(text)
    excluded = excluded_mask(norm, boilerplate_regions(text, findings))
    fp_hash, fp_pos = fingerprints(norm.chars, excluded, params)
    n, b = len(norm), params.block
    nb = n // b
    bh = np.zeros(nb + 1, dtype=np.uint32)
    bh[:nb] = block_hashes(norm.chars, b)
    bh[:nb][window_any(excluded, b)[::b][:nb]] = 0
    origin = norm.origin
    starts = np.empty(nb + 1, dtype=np.int64)
    starts[:nb] = origin[: nb * b : b]
    starts[nb] = origin[nb * b] if nb * b < n else (origin[-1] + 1 if n else 0)
    tail = np.zeros(nb + 1, dtype=np.int64)
    if nb:
        tail[:nb] = starts[1:] - (origin[b - 1 : nb * b : b] + 1)
    encoded = text.encode("utf-8", "surrogatepass")
    if starts.size and starts[-1] >= 2**32:
        raise ShelfcheckError(f"work {work_id!r} is longer than 2**32 code points; split it into parts")
    return WorkArrays(
        id=work_id,
        sha256=hashlib.sha256(encoded).hexdigest(),
        md5=hashlib.md5(encoded).hexdigest(),
        isbns=sorted({f.value for f in findings if f.kind == "isbn" and f.value}),
        chars=len(text),
        norm_chars=n,
        fp_hash=fp_hash,
        fp_pos=fp_pos,
        block_hash=bh,
        block_orig=starts.astype(np.uint32),
        block_tail=np.minimum(tail, 255).astype(np.uint8),
    )
