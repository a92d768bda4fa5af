"""What the ahead-of-time build compiles: one table read by the build and by the runtime wrappers.

Each entry names a numba kernel (module and function) and the one signature it is compiled for.
A compiled module does no type checking of its own — an int32 array passed where ``u4[::1]`` is
declared would be read as uint32, a strided view as if it were contiguous — so the runtime
(:mod:`shelfcheck.kernels`) converts every argument to exactly these types before a call.
``fp_pos`` is uint32 or uint64 by index size, hence two entries for each kernel that reads it.
Nothing here imports numba: the runtime reads this table without paying for it.
"""

from __future__ import annotations

_FIND_SPANS = (
    "u4[::1]", "i8[::1]", "u4[::1]", "i8[::1]", "u4[::1]", "{pos}[::1]", "i8[::1]", "u4", "i8[::1]", "i8[::1]", "u4[::1]",
    "i8", "i8", "i8", "i8", "i8",
)  # fmt: skip
_CANDIDATES = (
    "u1[::1]", "i8[::1]", "u4[::1]", "i8[::1]", "u4[::1]", "i8", "i8", "i8", "u1[::1]", "u8[::1]", "u4[::1]", "{pos}[::1]", "i8[::1]", "u4",
    "i8[::1]", "i8[::1]", "u4[::1]", "i8", "i8", "i8", "i8", "i8",
)  # fmt: skip

_JSONL = ("u1[::1]", "i8[::1]", "u1[::1]", *_CANDIDATES[2:])  # the chunk's bytes, its line ends, the text field's name, then as _CANDIDATES

# exported name: (module, function, return type, argument types)
EXPORTS: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "normalize_codepoints": (
        "shelfcheck.text.fold_kernel", "normalize_codepoints", "Tuple((u4[:], i8[:]))",
        ("u4[::1]", "u4[::1]", "i8[::1]", "u4[::1]", "u4[::1]", "i8[::1]", "u4[::1]"),
    ),
    "kgram_hashes": ("shelfcheck.fingerprint.hashing", "kgram_hashes", "u4[:]", ("u4[::1]", "i8")),
    "block_hashes": ("shelfcheck.fingerprint.hashing", "block_hashes", "u4[:]", ("u4[::1]", "i8")),
    "winnow": ("shelfcheck.fingerprint.winnow", "winnow", "i8[:]", ("u4[::1]", "i8")),
    **{
        f"find_spans_{pos}": ("shelfcheck.scan.kernel", "find_spans", "i8[:, :]", tuple(t.format(pos=pos) for t in _FIND_SPANS))
        for pos in ("u4", "u8")
    },
    **{
        f"candidate_spans_{pos}": (
            "shelfcheck.scan.kernel", "candidate_flags_kernel", "Tuple((u1[:], i8[:, :], i8[:]))", tuple(t.format(pos=pos) for t in _CANDIDATES),
        )
        for pos in ("u4", "u8")
    },
    **{
        f"jsonl_candidates_{pos}": (
            "shelfcheck.scan.kernel", "jsonl_candidates", "Tuple((u1[:], i8[:], i8[:, :], i8[:]))", tuple(t.format(pos=pos) for t in _JSONL),
        )
        for pos in ("u4", "u8")
    },
}  # fmt: skip

# The files whose code the compiled module holds: its build records their digest, and a module
# built from other versions of them is not used (an edited kernel must never run stale).
SOURCES = ("fingerprint/hashing.py", "fingerprint/winnow.py", "text/fold_kernel.py", "scan/kernel.py", "kernels/exports.py")


def source_digest() -> int:
    """A 63-bit digest of :data:`SOURCES`: what the compiled module must have been built from."""
    import hashlib
    from pathlib import Path

    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for name in SOURCES:
        digest.update(name.encode() + b"\0" + (package / name).read_bytes() + b"\0")
    return int.from_bytes(digest.digest()[:8], "little") & (2**63 - 1)
