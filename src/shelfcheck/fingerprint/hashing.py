"""Hashes of normalised text: rolling k-gram hashes (for seeds) and block hashes (for verification).

Both are numba kernels over the uint32 normalised code points. k-gram hashes are a polynomial
rolling hash modulo 2**64 (O(1) per position) passed through the splitmix64 finaliser, so their
low 32 bits are uniformly mixed; winnowing and the index use those 32 bits. Block hashes hash one
block of ``B`` characters with an FNV-1a-style loop plus the same finaliser, again 32 bits; 0 is
reserved to mean "this block may not be used as evidence" (boilerplate), so a real block hash of 0
is mapped to 1.

Why hand-written: xxhash and friends hash bytes one call at a time from Python; a rolling hash over
every position of a corpus must run inside compiled code.
"""

from __future__ import annotations

import numba
import numpy as np

BASE = np.uint64(0x100000001B3)
_FNV = np.uint64(0x100000001B3)
_OFFSET = np.uint64(0xCBF29CE484222325)


@numba.njit(cache=True, inline="always")
def mix64(x):
    """splitmix64 finaliser: a bijection that spreads every input bit over the output."""
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


@numba.njit(cache=True, nogil=True)
def kgram_hashes(chars, k):
    """32-bit hash of every k-gram: ``out[i]`` hashes ``chars[i:i+k]`` (length ``n - k + 1``)."""
    n = chars.shape[0]
    m = n - k + 1
    if m <= 0:
        return np.zeros(0, dtype=np.uint32)
    out = np.empty(m, dtype=np.uint32)
    top = np.uint64(1)  # BASE ** (k - 1), wrapping
    for _ in range(k - 1):
        top = top * BASE
    h = np.uint64(0)
    for i in range(k):
        h = h * BASE + np.uint64(chars[i])
    out[0] = np.uint32(mix64(h) & np.uint64(0xFFFFFFFF))
    for i in range(1, m):
        h = (h - np.uint64(chars[i - 1]) * top) * BASE + np.uint64(chars[i + k - 1])
        out[i] = np.uint32(mix64(h) & np.uint64(0xFFFFFFFF))
    return out


@numba.njit(cache=True, inline="always")
def block_hash(chars, start, length):
    """32-bit hash of ``chars[start:start+length]``; never 0 (0 marks unusable blocks)."""
    h = _OFFSET
    for i in range(start, start + length):
        h = (h ^ np.uint64(chars[i])) * _FNV
    v = np.uint32(mix64(h) >> np.uint64(32))
    if v == 0:
        v = np.uint32(1)
    return v


@numba.njit(cache=True, nogil=True)
def block_hashes(chars, block):
    """Hash of every aligned block ``chars[j*block:(j+1)*block]`` (the partial tail is not hashed)."""
    nb = chars.shape[0] // block
    out = np.empty(nb, dtype=np.uint32)
    for j in range(nb):
        out[j] = block_hash(chars, j * block, block)
    return out
