"""The matching kernel: seeds → chains along diagonals → spans verified block by block.

For one document (normalised, fingerprinted) against the index arrays:

1. **Seeds.** Each document fingerprint is looked up in the sorted index hashes through a bucket
   table on the top bits (one or two cache misses instead of a binary search's twenty); every hit
   is a (work, work position, document position) triple, i.e. a point on a diagonal.
2. **Chaining.** Hits are taken in (work, document position) order. A hit inside the extent of an
   earlier walk for that work is skipped, so a long shared passage costs one walk, not one per hit.
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

The fast path's kernels (:func:`kgrams_utf8` and its passes, :func:`seeds_utf8`, :func:`candidate_flags_kernel`) live here too: numba's
on-disk cache is invalidated per source file, so a kernel that inlines :func:`find_spans` must sit
in the same file or an edit here would leave it stale.
"""

from __future__ import annotations

import numba
import numpy as np

from shelfcheck.fingerprint.hashing import BASE, block_hash, mix64


@numba.njit(cache=True, inline="always")
def _clean(excl_prefix, start, length):
    if excl_prefix.shape[0] == 0:  # no boilerplate to exclude
        return True
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


@numba.njit(cache=True, inline="always")
def _lookup(h, fp_hash, bucket, shift):
    """Index of the first sorted index hash >= ``h`` (``fp_hash[j] == h`` if the index holds it),
    found through the bucket table on the top bits: one or two cache misses, not a binary search."""
    lo = bucket[h >> shift]
    end = bucket[(h >> shift) + 1]
    while lo < end and fp_hash[lo] < h:
        lo += 1
    return lo


@numba.njit(cache=True, nogil=True)
def find_spans(doc, excl_prefix, doc_hash, doc_pos, fp_hash, fp_pos, bucket, shift, work_norm, work_row, block_hashes, block, min_blocks, max_gap, max_shift, max_hits):
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
        lo = _lookup(h, fp_hash, bucket, shift)
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
    walked = np.empty((max(nh, 1), 4), dtype=np.int64)  # extent of each walk: work blocks, doc range
    nw = 0
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
            first_of_work = nw
        covered = False
        for x in range(first_of_work, nw):  # a seed inside an earlier walk would repeat it
            if walked[x, 2] <= dp < walked[x, 3] and walked[x, 0] * block <= wp < walked[x, 1] * block:
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
        if nv:
            walked[nw, 0] = run_i[0]
            walked[nw, 1] = run_i[nv - 1] + 1
            walked[nw, 2] = run_i[0] * block + run_d[0]
            walked[nw, 3] = (run_i[nv - 1] + 1) * block + run_d[nv - 1]
            nw += 1
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


@numba.njit(cache=True, inline="always")
def _fold_cp(cp, single, start, table, buf, n, room):
    """Fold BMP code point ``cp`` into ``buf[n:]``; returns the new ``n``, or -1 if a
    multi-character expansion ("ﬃ" → "ffi", rare) would pass ``room`` (the caller then gives up
    on the fast path)."""
    ch = single[np.uint64(cp)]
    if ch == 0:
        return n
    if ch == 0xFFFFFFFF:
        t, t1 = start[cp], start[cp + 1]
        if n + (t1 - t) > room:
            return -1
        for q in range(t, t1):
            buf[np.uint64(n)] = table[np.uint64(q)]
            n += 1
        return n
    buf[np.uint64(n)] = ch
    return n + 1


@numba.njit(cache=True, inline="always")  # inlined: a call per document measured 9 % slower
def fold_utf8(data, lo, hi, single, start, table, buf):
    """Decode UTF-8 ``data[lo:hi]`` and fold it into ``buf`` (as :func:`~shelfcheck.text.normalize`
    does). Returns (n, slow): ``slow`` means a code point beyond the BMP, or expansions that would
    outgrow ``buf``. ASCII is branch-free: a dropped character is written and not counted."""
    n = 0
    i = lo
    while i < hi:
        b0 = np.int64(data[np.uint64(i)])
        if b0 < 0x80:  # ASCII folds to one character or none, never to several
            ch = single[np.uint64(b0)]
            buf[np.uint64(n)] = ch
            n += np.int64(ch != 0)
            i += 1
            continue
        if b0 < 0xE0:
            cp = ((b0 & 0x1F) << 6) | (np.int64(data[np.uint64(i + 1)]) & 0x3F)
            i += 2
        elif b0 < 0xF0:
            cp = ((b0 & 0x0F) << 12) | ((np.int64(data[np.uint64(i + 1)]) & 0x3F) << 6) | (np.int64(data[np.uint64(i + 2)]) & 0x3F)
            i += 3
        else:
            return n, True
        folded = _fold_cp(cp, single, start, table, buf, n, buf.shape[0] - (hi - i))
        if folded < 0:
            return n, True
        n = folded
    return n, False


@numba.njit(cache=True, inline="always")
def _hash32(x):
    """A k-gram's 32-bit hash from its polynomial value (as ``kgram_hashes``)."""
    return np.uint32(mix64(x) & np.uint64(0xFFFFFFFF))


@numba.njit(cache=True, inline="always")
def _kgram_run(hbuf, pre, lo, hi, k, base_k):
    """``hbuf[p]`` for ``p`` in ``[lo, hi)`` from one chain's prefix hashes: independent per
    position, so LLVM vectorises it."""
    for p in range(lo, hi):
        hbuf[np.uint64(p)] = _hash32(pre[np.uint64(p + k - 1)] - pre[np.uint64(p - 1)] * base_k)


@numba.njit(cache=True, inline="always")
def prefix_kgram_hashes(buf, n, k, pre, hbuf):
    """Every k-gram hash of ``buf[:n]`` (``n >= k``) into ``hbuf``, through prefix hashes in ``pre``.

    The polynomial value of ``buf[p:p + k]`` is ``pre[p + k - 1] - pre[p - 1] * BASE**k`` where
    ``pre[p]`` hashes ``buf[:p + 1]`` — the rolling hash's value, but only the prefix chain (one
    multiply-add per char) is serial; the k-gram hashes are then independent and vectorised.
    Long texts run two chains interleaved (twice the instruction-level parallelism of one).
    """
    base_k = np.uint64(1)
    for _ in range(k):
        base_k = base_k * BASE
    m = n - k + 1
    if n < 4 * k:  # short text: one chain
        h = np.uint64(0)
        for p in range(n):
            h = h * BASE + np.uint64(buf[np.uint64(p)])
            pre[np.uint64(p)] = h
        hbuf[0] = _hash32(pre[np.uint64(k - 1)])
        _kgram_run(hbuf, pre, 1, m, k, base_k)
        return
    # chain A over buf[:s]; chain B restarts at s, so pre[p] for p >= s hashes buf[s:p + 1];
    # a k-gram straddling s takes A carried on over its last characters
    s = n // 2
    ha = np.uint64(0)
    hb = np.uint64(0)
    for p in range(s):
        ha = ha * BASE + np.uint64(buf[np.uint64(p)])
        pre[np.uint64(p)] = ha
        hb = hb * BASE + np.uint64(buf[np.uint64(s + p)])
        pre[np.uint64(s + p)] = hb
    if n > 2 * s:  # odd n: B's last character
        pre[np.uint64(n - 1)] = hb * BASE + np.uint64(buf[np.uint64(n - 1)])
    hbuf[0] = _hash32(pre[np.uint64(k - 1)])
    _kgram_run(hbuf, pre, 1, s - k + 1, k, base_k)
    for p in range(s - k + 1, s):
        ha = ha * BASE + np.uint64(buf[np.uint64(p + k - 1)])  # A now hashes buf[:p + k]
        hbuf[np.uint64(p)] = _hash32(ha - pre[np.uint64(p - 1)] * base_k)
    hbuf[np.uint64(s)] = _hash32(pre[np.uint64(s + k - 1)])
    _kgram_run(hbuf, pre, s + 1, m, k, base_k)


@numba.njit(cache=True, inline="always")
def screen_kgrams(buf, n, k, screen, screen_range, hbuf, cand):
    """Hash every k-gram of ``buf[:n]`` into ``hbuf`` (:func:`prefix_kgram_hashes`, equal to
    ``kgram_hashes``) and put in ``cand[:c]`` the positions whose hash passes ``screen``, a bitset
    over the index hashes (no false negatives; a few false positives in a thousand on the bench,
    removed by the exact lookup that follows; ``screen_range`` holds the largest index hash, the scale that maps a hash
    at or below it to its bit, and a bit that is always 0). Returns ``c``. Buffers hold at least
    ``n + 64`` items."""
    if n < k:
        return 0
    prefix_kgram_hashes(buf, n, k, cand.view(np.uint64), hbuf)  # cand is free until the screen
    top, scale, zero_bit = screen_range[0], screen_range[1], screen_range[2]
    c = 0
    for p in range(n - k + 1):  # a branch, not branch-free: 99 % of positions fail (measured 4 % faster)
        x = np.uint64(hbuf[np.uint64(p)])
        inside = np.uint64(x <= top)  # above the largest index hash: the zero bit, without a branch
        b = ((x * scale) >> np.uint64(32)) * inside + zero_bit * (np.uint64(1) - inside)
        if (screen[b >> np.uint64(3)] >> (b & np.uint64(7))) & np.uint8(1):
            cand[np.uint64(c)] = p
            c += 1
    return c


@numba.njit(cache=True, nogil=True)
def kgrams_utf8(data, lo, hi, single, start, table, k, screen, screen_range, buf, hbuf, cand):
    """Normalise UTF-8 ``data[lo:hi]`` and hash all its k-grams, screening each hash.

    ``buf[:n]`` gets the normalised text (:func:`fold_utf8`), then :func:`screen_kgrams`. The
    three buffers must hold ``hi - lo + 64`` items (the caller sizes them: allocating inside this
    loop costs 2-3x); array indices are cast to unsigned so numba emits no negative-index
    wraparound. Separate passes (fold, prefix chain, vectorised hashes, screen) measured 1.6x
    faster than one fused loop. Returns (n, c, slow): ``slow`` sends the document to the exact
    path (see :func:`fold_utf8`).
    """
    n, slow = fold_utf8(data, lo, hi, single, start, table, buf)
    if slow:
        return n, 0, slow
    return n, screen_kgrams(buf, n, k, screen, screen_range, hbuf, cand), False


@numba.njit(cache=True, inline="always")
def winnowed(hashes, m, w, p):
    """Whether robust winnowing of ``hashes[:m]`` keeps position ``p`` — decided locally.

    Winnowing keeps the rightmost minimum of every window of ``w`` hashes (of all ``m`` when
    ``m < w``). So ``p`` is kept exactly when the run of neighbours around it that do not beat it
    (``>=`` on its left, ``>`` on its right, rightmost wins ties) holds a whole window: at most
    ``2w`` comparisons, paid only for the few positions whose hash is in the index.
    """
    v = hashes[p]
    need = min(w, m)
    left = p
    while left > 0 and p - left < need - 1 and hashes[left - 1] >= v:
        left -= 1
    right = p
    while right < m - 1 and right - left < need - 1 and hashes[right + 1] > v:
        right += 1
    return right - left + 1 >= need


@numba.njit(cache=True, inline="always")
def index_seeds(hbuf, m, cand, c, w, fp_hash, bucket, shift):
    """Keep, in place in ``cand[:c]``, the screened positions whose hash really is an index hash
    (bucket lookup) and that winnowing of ``hbuf[:m]`` keeps (:func:`winnowed`); returns how many."""
    kept = 0
    for j in range(c):
        p = cand[j]
        h = hbuf[p]
        at = _lookup(h, fp_hash, bucket, shift)
        if at < fp_hash.shape[0] and fp_hash[at] == h and winnowed(hbuf, m, w, p):
            cand[kept] = p  # kept <= j: compacting in place
            kept += 1
    return kept


@numba.njit(cache=True, inline="always")
def _fit(buf, hbuf, cand, length):
    """The text, hash and candidate buffers, replaced by larger ones (twice the need) when a text of
    ``length`` bytes would not fit in them with their 64 spare items."""
    if buf.shape[0] < length + 64:
        size = 2 * length + 64
        return np.empty(size, dtype=np.uint32), np.empty(size, dtype=np.uint32), np.empty(size, dtype=np.int64)
    return buf, hbuf, cand


@numba.njit(cache=True, nogil=True)
def seeds_utf8(data, lo, hi, single, start, table, k, w, screen, screen_range, fp_hash, bucket, shift, buf, hbuf, cand):
    """The document's winnowed fingerprints that the index holds, without winnowing the document.

    Every k-gram hash is screened against the index (:func:`kgrams_utf8`); a position passes if
    its hash really is an index hash (bucket lookup) and winnowing would keep it (:func:`winnowed`).
    The result equals ``winnow`` of the document filtered to index hashes — which is all the
    seed lookup of :func:`find_spans` would use — so spans and guarantees are unchanged.
    Buffers are reused across documents and grown when needed; returns
    (buf, hbuf, cand, n, seed positions, slow).
    """
    buf, hbuf, cand = _fit(buf, hbuf, cand, hi - lo)
    n, c, slow = kgrams_utf8(data, lo, hi, single, start, table, k, screen, screen_range, buf, hbuf, cand)
    kept = 0 if slow else index_seeds(hbuf, n - k + 1, cand, c, w, fp_hash, bucket, shift)
    return buf, hbuf, cand, n, cand[:kept], slow


@numba.njit(cache=True, inline="always")
def _scratch(columns):
    """Starting arrays of a batch kernel: span rows of ``columns`` and their documents (grown by
    :func:`_append_rows`), text/hash/candidate buffers (grown per document), an empty exclusion."""
    rows = np.empty((64, columns), dtype=np.int64)
    row_doc = np.empty(64, dtype=np.int64)
    buf = np.empty(1 << 16, dtype=np.uint32)
    hbuf = np.empty(1 << 16, dtype=np.uint32)
    cand = np.empty(1 << 16, dtype=np.int64)
    return rows, row_doc, buf, hbuf, cand, np.zeros(0, dtype=np.int64)


@numba.njit(cache=True, inline="always")
def _append_rows(rows, row_doc, nr, spans, d):
    """Append ``spans`` (of document ``d``) to ``rows``/``row_doc``, growing them; returns them and the new count."""
    while nr + spans.shape[0] > rows.shape[0]:
        rows = np.concatenate((rows, np.empty_like(rows)))
        row_doc = np.concatenate((row_doc, np.empty_like(row_doc)))
    rows[nr : nr + spans.shape[0]] = spans
    row_doc[nr : nr + spans.shape[0]] = d
    return rows, row_doc, nr + spans.shape[0]


@numba.njit(cache=True, nogil=True)
def candidate_flags_kernel(data, offsets, single, start, table, k, w, floor, screen, screen_range, fp_hash, fp_pos, bucket, shift, work_norm, work_row, block_hashes, block, min_blocks, max_gap, max_shift, max_hits):
    """Per document of an Arrow string column (UTF-8 ``data``, ``offsets``): 0 = no verified span,
    1 = a verified span (without boilerplate exclusion), 2 = needs the exact path (astral code point).

    Returns (flags, rows, row_doc): ``rows`` are the :func:`find_spans` rows of the flag-1
    documents (without exclusion), ``row_doc`` the document of each.
    """
    docs = offsets.shape[0] - 1
    flags = np.zeros(docs, dtype=np.uint8)
    rows, row_doc, buf, hbuf, cand, no_exclusion = _scratch(6)
    nr = 0
    for d in range(docs):
        buf, hbuf, cand, n, seeds, slow = seeds_utf8(data, offsets[d], offsets[d + 1], single, start, table, k, w, screen, screen_range, fp_hash, bucket, shift, buf, hbuf, cand)
        if slow:
            flags[d] = 2
            continue
        if n < floor or seeds.shape[0] == 0:
            continue
        spans = find_spans(buf[:n], no_exclusion, hbuf[seeds], seeds, fp_hash, fp_pos, bucket, shift, work_norm, work_row, block_hashes, block, min_blocks, max_gap, max_shift, max_hits)
        if spans.shape[0]:
            flags[d] = 1
            rows, row_doc, nr = _append_rows(rows, row_doc, nr, spans, d)
    return flags, rows[:nr], row_doc[:nr]


# --- JSON lines read in place -------------------------------------------------------------------
# Why hand-written: decoding every line into Python objects (orjson) and re-encoding the texts for
# Arrow costs more than the whole scan of them; no JSON library hands back a string value's bytes
# in place. So the JSON-lines fast path validates each line here and folds its text field straight
# from the file's bytes. It accepts a line only when it is sure orjson would decode it to an object
# whose text field is that string (RFC 8259 grammar, strict UTF-8, no control characters in
# strings, no lone surrogates, numbers that cannot overflow a double); anything else — a bad line,
# a missing or non-string field, an escaped key, a duplicate text key, deep nesting, a code point
# beyond the BMP — goes to the exact path, which decodes the line with orjson as every reader does.

LINE_NONE, LINE_CANDIDATE, LINE_SLOW, LINE_BLANK = 0, 1, 2, 3
_STRING_OK, _STRING_ESCAPED, _STRING_BAD = 0, 1, 2


@numba.njit(cache=True, inline="always")
def _hex(b):
    if 0x30 <= b <= 0x39:
        return b - 0x30
    if 0x61 <= b <= 0x66:
        return b - 0x57
    if 0x41 <= b <= 0x46:
        return b - 0x37
    return -1


_SPECIAL = 0xFFFFFFFF


@numba.njit(cache=True)
def json_byte_table(single):
    """Per byte: its folded character (0 if dropped) when it is a plain ASCII character of a JSON
    string, else ``_SPECIAL`` (quote, backslash, control character, start of a UTF-8 sequence) —
    so :func:`json_string` pays one lookup per ordinary byte."""
    out = np.full(256, _SPECIAL, dtype=np.uint32)
    for b in range(0x20, 0x80):
        if b != 0x22 and b != 0x5C:
            out[b] = single[b]
    return out


@numba.njit(cache=True)
def json_string(data, i, end, fold, plain, single, start, table, buf, origin):
    """The JSON string whose opening quote is ``data[i]``, read up to ``end``.

    ``plain`` is :func:`json_byte_table`. Returns (index after the closing quote, folded length,
    code points, status): status
    ``_STRING_OK``, ``_STRING_ESCAPED`` (valid, held an escape) or ``_STRING_BAD`` (invalid, or
    beyond the fast path: a surrogate escape, a 4-byte character, ``buf`` too small). With
    ``fold`` the text is folded into ``buf`` as :func:`fold_utf8` does; an escape other than
    ``\\uXXXX`` stands for punctuation or a control character, which folding drops. ``origin``
    (an array, or None: then no trace of it is compiled) gets, for each folded character, the
    code-point offset in the string of the character it came from.
    """
    i += 1
    n = 0
    cps = 0
    status = _STRING_OK
    room = buf.shape[0]
    while i < end:
        b0 = np.int64(data[np.uint64(i)])
        ch = plain[np.uint64(b0)]
        if ch != _SPECIAL:
            if fold:
                buf[np.uint64(n)] = ch
                if origin is not None:
                    origin[np.uint64(n)] = cps
                n += np.int64(ch != 0)
            cps += 1
            i += 1
            continue
        if b0 < 0x80:
            if b0 == 0x22:
                return i + 1, n, cps, status
            if b0 != 0x5C:  # a control character
                return i, n, cps, _STRING_BAD
            status = _STRING_ESCAPED
            if i + 1 >= end:
                return i, n, cps, _STRING_BAD
            e = data[np.uint64(i + 1)]
            if e == 0x22 or e == 0x5C or e == 0x2F or e == 0x62 or e == 0x66 or e == 0x6E or e == 0x72 or e == 0x74:
                cps += 1
                i += 2
                continue
            if e != 0x75 or i + 6 > end:
                return i, n, cps, _STRING_BAD
            cp = 0  # \uXXXX
            for q in range(i + 2, i + 6):
                v = _hex(np.int64(data[np.uint64(q)]))
                if v < 0:
                    return i, n, cps, _STRING_BAD
                cp = cp * 16 + v
            if 0xD800 <= cp < 0xE000:
                return i, n, cps, _STRING_BAD
            i += 6
        # multi-byte UTF-8, validated as strictly as orjson: no overlong forms, no surrogates
        elif 0xC2 <= b0 < 0xE0:
            if i + 1 >= end:
                return i, n, cps, _STRING_BAD
            b1 = np.int64(data[np.uint64(i + 1)])
            if b1 & 0xC0 != 0x80:
                return i, n, cps, _STRING_BAD
            cp = ((b0 & 0x1F) << 6) | (b1 & 0x3F)
            i += 2
        elif 0xE0 <= b0 < 0xF0:
            if i + 2 >= end:
                return i, n, cps, _STRING_BAD
            b1 = np.int64(data[np.uint64(i + 1)])
            b2 = np.int64(data[np.uint64(i + 2)])
            if b1 & 0xC0 != 0x80 or b2 & 0xC0 != 0x80 or (b0 == 0xE0 and b1 < 0xA0) or (b0 == 0xED and b1 >= 0xA0):
                return i, n, cps, _STRING_BAD
            cp = ((b0 & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F)
            i += 3
        else:  # a 4-byte character (beyond the BMP: the exact path) or an invalid byte
            return i, n, cps, _STRING_BAD
        cps += 1
        if fold:
            folded = _fold_cp(cp, single, start, table, buf, n, room - (end - i))
            if folded < 0:
                return i, 0, cps, _STRING_BAD
            if origin is not None:
                origin[n:folded] = cps - 1
            n = folded
    return i, n, cps, _STRING_BAD  # unterminated


@numba.njit(cache=True, inline="always")
def _skip_space(data, i, end):
    while i < end:
        b = data[np.uint64(i)]
        if b != 0x20 and b != 0x09 and b != 0x0D and b != 0x0A:
            break
        i += 1
    return i


@numba.njit(cache=True, inline="always")
def _digits(data, i, end):
    while i < end and 0x30 <= data[np.uint64(i)] <= 0x39:
        i += 1
    return i


@numba.njit(cache=True)
def json_number(data, i, end):
    """End of the JSON number at ``data[i]``, or -1 if it is not one (or is long enough to overflow a double)."""
    j = i
    if j < end and data[np.uint64(j)] == 0x2D:
        j += 1
    if j >= end:
        return -1
    if data[np.uint64(j)] == 0x30:
        j += 1
    elif 0x31 <= data[np.uint64(j)] <= 0x39:
        j = _digits(data, j + 1, end)
    else:
        return -1
    if j < end and data[np.uint64(j)] == 0x2E:
        after = _digits(data, j + 1, end)
        if after == j + 1:
            return -1
        j = after
    if j < end and (data[np.uint64(j)] == 0x65 or data[np.uint64(j)] == 0x45):
        j += 1
        if j < end and (data[np.uint64(j)] == 0x2B or data[np.uint64(j)] == 0x2D):
            j += 1
        after = _digits(data, j, end)
        if after == j or after - j > 2:  # no digits, or an exponent that could overflow
            return -1
        j = after
    if j - i > 100:
        return -1
    return j


_TRUE = np.frombuffer(b"true", dtype=np.uint8)  # module constants: compiled in, not allocated per line
_FALSE = np.frombuffer(b"false", dtype=np.uint8)
_NULL = np.frombuffer(b"null", dtype=np.uint8)
_MAX_DEPTH = 64  # nesting the fast path follows (bits of ``arrays`` in :func:`json_line`); deeper goes to orjson


@numba.njit(cache=True, inline="always")
def _literal(data, i, end, word):
    if i + word.shape[0] > end:
        return -1
    for q in range(word.shape[0]):
        if data[np.uint64(i + q)] != word[q]:
            return -1
    return i + word.shape[0]


@numba.njit(cache=True)
def json_line(data, lo, hi, key, plain, single, start, table, buf):
    """Validate the JSON line ``data[lo:hi]`` and fold its top-level string field ``key`` (UTF-8 bytes).

    ``plain`` is :func:`json_byte_table`. Returns (status, folded length, code points of the
    field, where its opening quote is): ``LINE_NONE`` when the line is an object with exactly one
    top-level ``key`` whose value is a string (``buf[:n]`` holds it folded), ``LINE_BLANK`` when it
    is only whitespace (as ``bytes.isspace``), else ``LINE_SLOW``.
    """
    blank = True
    for q in range(lo, hi):
        b = data[np.uint64(q)]
        if b != 0x20 and not 0x09 <= b <= 0x0D:
            blank = False
            break
    if blank and hi > lo:
        return LINE_BLANK, 0, 0, 0
    i = _skip_space(data, lo, hi)
    if i >= hi or data[np.uint64(i)] != 0x7B:
        return LINE_SLOW, 0, 0, 0
    arrays = np.uint64(0)  # bit d set: the container at depth d + 1 is an array (else an object)
    depth = 0
    found = False
    n = 0
    cps = 0
    text_at = 0
    # states: 0 = value expected, 1 = key or "}" (object start), 2 = key (after a comma),
    # 3 = value or "]" (array start), 4 = after a value
    state = 0
    while True:
        i = _skip_space(data, i, hi)
        if state == 4 and depth == 0:  # the object is closed: only space may follow
            return (LINE_NONE, n, cps, text_at) if found and i == hi else (LINE_SLOW, 0, 0, 0)
        if i >= hi:
            return LINE_SLOW, 0, 0, 0
        c = data[np.uint64(i)]
        if state == 1 or state == 2:
            if c == 0x7D and state == 1:
                depth -= 1
                i += 1
                state = 4
                continue
            if c != 0x22:
                return LINE_SLOW, 0, 0, 0
            is_key = depth == 1 and i + 1 + key.shape[0] < hi and data[np.uint64(i + 1 + key.shape[0])] == 0x22
            if is_key:
                for q in range(key.shape[0]):
                    if data[np.uint64(i + 1 + q)] != key[q]:
                        is_key = False
                        break
            i, _, _, status = json_string(data, i, hi, False, plain, single, start, table, buf, None)
            if status == _STRING_BAD or (status == _STRING_ESCAPED and depth == 1):
                return LINE_SLOW, 0, 0, 0  # an escaped top-level key might spell the text field
            i = _skip_space(data, i, hi)
            if i >= hi or data[np.uint64(i)] != 0x3A:
                return LINE_SLOW, 0, 0, 0
            i = _skip_space(data, i + 1, hi)
            if is_key:
                if found or i >= hi or data[np.uint64(i)] != 0x22:
                    return LINE_SLOW, 0, 0, 0
                found = True
                text_at = i
                i, n, cps, status = json_string(data, i, hi, True, plain, single, start, table, buf, None)
                if status == _STRING_BAD:
                    return LINE_SLOW, 0, 0, 0
                state = 4
                continue
            state = 0
            continue
        if state == 4:
            in_array = (arrays >> np.uint64(depth - 1)) & np.uint64(1)
            if c == 0x2C:
                state = 0 if in_array else 2
                i += 1
            elif c == 0x7D and not in_array or c == 0x5D and in_array:
                depth -= 1
                i += 1
            else:
                return LINE_SLOW, 0, 0, 0
            continue
        # a value (state 0 or 3)
        if c == 0x5D and state == 3:
            depth -= 1
            i += 1
            state = 4
        elif c == 0x7B or c == 0x5B:
            if depth == _MAX_DEPTH:
                return LINE_SLOW, 0, 0, 0
            bit = np.uint64(1) << np.uint64(depth)
            arrays = (arrays | bit) if c == 0x5B else (arrays & ~bit)
            depth += 1
            i += 1
            state = 1 if c == 0x7B else 3
        elif c == 0x22:
            i, _, _, status = json_string(data, i, hi, False, plain, single, start, table, buf, None)
            if status == _STRING_BAD:
                return LINE_SLOW, 0, 0, 0
            state = 4
        else:
            if c == 0x74:
                i = _literal(data, i, hi, _TRUE)
            elif c == 0x66:
                i = _literal(data, i, hi, _FALSE)
            elif c == 0x6E:
                i = _literal(data, i, hi, _NULL)
            else:
                i = json_number(data, i, hi)
            if i < 0:
                return LINE_SLOW, 0, 0, 0
            state = 4


@numba.njit(cache=True)
def _with_origins(data, text_at, end, plain, single, start, table, buf, spans):
    """``spans`` (:func:`find_spans` rows of the text string at ``data[text_at]``) with two more
    columns: each span's original start and end, code-point offsets into the decoded string."""
    origin = np.empty(buf.shape[0], dtype=np.int64)
    json_string(data, text_at, end, True, plain, single, start, table, buf, origin)
    out = np.empty((spans.shape[0], 8), dtype=np.int64)
    for r in range(spans.shape[0]):
        out[r, :6] = spans[r]
        out[r, 6] = origin[spans[r, 3]]
        out[r, 7] = origin[spans[r, 4] - 1] + 1
    return out


@numba.njit(cache=True, nogil=True)
def jsonl_candidates(data, line_ends, key, single, start, table, k, w, floor, screen, screen_range, fp_hash, fp_pos, bucket, shift, work_norm, work_row, block_hashes, block, min_blocks, max_gap, max_shift, max_hits):
    """The JSON lines of ``data`` (line ``i`` ends at ``line_ends[i]``, past its newline), each
    read in place by :func:`json_line` and, when it is a plain document, screened like
    :func:`candidate_flags_kernel`. (The caller finds the line ends with numpy: a byte loop here
    measured 8 % of the kernel.)

    Returns (status per line — ``LINE_NONE``, ``LINE_CANDIDATE``, ``LINE_SLOW`` or ``LINE_BLANK``;
    code points of each line's text; rows; line of each row), ``rows`` being the
    :func:`find_spans` rows (without boilerplate exclusion) of the candidate lines, each followed
    by the span's start and end as code-point offsets into the decoded text (so a document with no
    boilerplate region needs no normalisation on the exact path).
    """
    lines = line_ends.shape[0]
    status = np.empty(lines, dtype=np.uint8)
    chars = np.empty(lines, dtype=np.int64)
    rows, row_line, buf, hbuf, cand, no_exclusion = _scratch(8)
    nr = 0
    plain = json_byte_table(single)
    lo = 0
    for ln in range(lines):
        end = line_ends[ln]
        buf, hbuf, cand = _fit(buf, hbuf, cand, end - lo)
        line, n, cps, text_at = json_line(data, lo, end, key, plain, single, start, table, buf)
        status[ln] = line
        chars[ln] = cps
        if line == LINE_NONE and n >= floor:
            c = screen_kgrams(buf, n, k, screen, screen_range, hbuf, cand)
            kept = index_seeds(hbuf, n - k + 1, cand, c, w, fp_hash, bucket, shift)
            if kept:
                seeds = cand[:kept]
                spans = find_spans(buf[:n], no_exclusion, hbuf[seeds], seeds, fp_hash, fp_pos, bucket, shift, work_norm, work_row, block_hashes, block, min_blocks, max_gap, max_shift, max_hits)
                if spans.shape[0]:
                    status[ln] = LINE_CANDIDATE
                    rows, row_line, nr = _append_rows(rows, row_line, nr, _with_origins(data, text_at, end, plain, single, start, table, buf, spans), ln)
        lo = end
    return status, chars, rows[:nr], row_line[:nr]
