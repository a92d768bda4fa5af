"""Cheap anchor scanning: the speed trick behind :func:`~shelfcheck.cmi.detect_cmi`.

CPython's ``re`` and ``bytes.find`` locate a *literal* at GB/s, but an alternation of many words or
a case-insensitive pattern is tried at every position (tens of MB/s). So the text is encoded once
and ASCII-lower-cased once (``bytes.lower`` touches only A-Z, so one lower-case literal finds
"Copyright", "COPYRIGHT" and "copyright"), every detector names a few literal anchors, and the
precise pattern runs only at each anchor hit. Byte offsets of hits are mapped back to code-point
offsets with numpy (identity for ASCII text). No library offers this for ``str`` with code-point
offsets: an Aho-Corasick automaton (pyahocorasick) walks every character in a loop and is slower
than a couple of dozen literal scans.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

import numpy as np


@lru_cache(maxsize=None)
def _literal(needle: bytes) -> re.Pattern:
    return re.compile(re.escape(needle))


class Haystack:
    """A text prepared for anchor scanning: its ASCII-lower-cased UTF-8 bytes and an offset map."""

    __slots__ = ("text", "_low", "_continuation")

    def __init__(self, text: str):
        self.text = text
        self._low = text.encode("utf-8", "surrogatepass").lower()
        self._continuation = None
        if len(self._low) != len(text):  # non-ASCII: mark UTF-8 continuation bytes (one byte each)
            codes = np.frombuffer(self._low, dtype=np.uint8)
            self._continuation = (codes & 0xC0) == 0x80

    def hits(self, words: Iterable[str | re.Pattern]) -> list[int]:
        """Sorted code-point offsets where any of ``words`` occurs, ignoring ASCII case.

        A word is a lower-case literal, or a compiled *bytes* pattern that starts with a literal
        (``rb"97[89]"``) run over the lower-cased bytes. Non-ASCII words are skipped on ASCII text.
        """
        found: set[int] = set()
        low = self._low
        for word in words:
            if not isinstance(word, str):
                found.update(m.start() for m in word.finditer(low))
            elif self._continuation is not None or word.isascii():
                needle = word.encode("utf-8")
                if len(needle) < 7:  # measured: re's literal search wins on short needles ...
                    found.update(m.start() for m in _literal(needle).finditer(low))
                    continue
                at = low.find(needle)  # ... and bytes.find (two-way search) on long ones
                while at >= 0:
                    found.add(at)
                    at = low.find(needle, at + 1)
        if self._continuation is None or not found:
            return sorted(found)
        # code-point offset = byte offset - continuation bytes before it, summed between hits
        offsets = np.array(sorted(found), dtype=np.int64)
        between = np.add.reduceat(self._continuation, np.concatenate(([0], offsets)), dtype=np.int64)
        return (offsets - np.cumsum(between)[:-1]).tolist()


def line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    if end > 0 and text[end - 1] == "\r":
        end -= 1
    return max(end, pos)


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` so it neither begins nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
