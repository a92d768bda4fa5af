"""The accuracy corpus: passages of indexed books under the changes a training corpus applies.

Deterministic (seeded). Each :class:`Case` is one document with what a correct scan must find:
the work it came from and the interval of the work it holds (or no work, for negatives).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from shelfcheck.cmi import boilerplate_regions

CMI_LINE = re.compile(r"copyright|isbn|©|all rights reserved", re.IGNORECASE)
CONFUSABLE = {"e": "c", "c": "e", "l": "1", "1": "l", "o": "0", "0": "o", "i": "l", "m": "rn", "rn": "m", "h": "b", "u": "v", "a": "o", "s": "5", "t": "f"}


@dataclass(frozen=True)
class Case:
    kind: str
    doc_id: str
    text: str
    work: str | None  # the indexed work it holds, None for a negative
    work_start: int = 0
    work_end: int = 0
    doc_start: int = 0  # where the passage sits inside the document (embedded cases)
    doc_end: int = 0


def passage(rng: random.Random, text: str, lo: int = 400, hi: int = 700) -> tuple[int, int]:
    """A random interval of body text: never inside boilerplate (a licence or Gutenberg header
    must not match, so a passage from one could not be found)."""
    regions = boilerplate_regions(text)
    while True:
        length = rng.randrange(lo, hi + 1)
        start = rng.randrange(0, len(text) - length)
        if not any(r.start < start + length and r.end > start for r in regions):
            return start, start + length


def strip_cmi(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if not CMI_LINE.search(line))


def reflow(rng: random.Random, text: str, width: int = 60) -> str:
    """Re-wrap at ``width`` columns, hyphenating a word across the line break now and then."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if len(line) + len(word) + 1 > width:
            if len(word) > 6 and rng.random() < 0.5:
                cut = len(word) // 2
                lines.append(f"{line} {word[:cut]}-".strip())
                line = word[cut:]
                continue
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


def quotes_and_case(rng: random.Random, text: str) -> str:
    """Curly quotes and dashes, ligatures, and a case change (upper, lower or title)."""
    text = re.sub(r'"([^"]*)"', "\u201c\\1\u201d", text).replace("'", "\u2019").replace("--", "\u2014")
    text = text.replace("fi", "\ufb01").replace("fl", "\ufb02")
    return [str.upper, str.lower, str.title][rng.randrange(3)](text)


def ocr_noise(rng: random.Random, text: str, rate: float) -> str:
    """OCR-like character noise at ``rate`` per character: confusions, drops and insertions."""
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if char.isalnum() and rng.random() < rate:
            roll = rng.random()
            if roll < 0.6:
                pair = text[i : i + 2]
                if pair in CONFUSABLE:
                    out.append(CONFUSABLE[pair])
                    i += 2
                    continue
                out.append(CONFUSABLE.get(char.lower(), "x"))
            elif roll < 0.8:
                pass  # dropped
            else:
                out.append(char + rng.choice("ilr.,"))
        else:
            out.append(char)
        i += 1
    return "".join(out)


CHANGES = {
    "exact": lambda rng, t: t,
    "cmi lines removed": lambda rng, t: strip_cmi(t),
    "reflowed + hyphenated": reflow,
    "quotes, ligatures, case": quotes_and_case,
    "OCR noise 0.5%": lambda rng, t: ocr_noise(rng, t, 0.005),
    "OCR noise 2%": lambda rng, t: ocr_noise(rng, t, 0.02),
}


def build_cases(indexed: dict[str, str], others: dict[str, str], per_kind: int, seed: int = 7) -> list[Case]:
    """Positive cases per change kind, embedded passages, and negatives from the other books."""
    rng = random.Random(seed)
    names = sorted(indexed)
    cases: list[Case] = []
    for kind, change in CHANGES.items():
        for i in range(per_kind):
            work = names[i % len(names)]
            start, end = passage(rng, indexed[work])
            cases.append(Case(kind, f"{kind}/{i}", change(rng, indexed[work][start:end]), work, start, end))
    other_names = sorted(others)
    for i in range(per_kind):
        work = names[i % len(names)]
        start, end = passage(rng, indexed[work], 1400, 1600)
        host = others[other_names[i % len(other_names)]]
        h0, _ = passage(rng, host, 25_000, 25_000)
        cut = h0 + rng.randrange(2_000, 23_000)
        before, inserted, after = host[h0:cut], indexed[work][start:end], host[cut : h0 + 25_000]
        text = f"{before}\n\n{inserted}\n\n{after}"
        cases.append(Case("embedded 1.5k in 25k", f"embedded/{i}", text, work, start, end, len(before) + 2, len(before) + 2 + len(inserted)))
    for i in range(per_kind):
        name = other_names[i % len(other_names)]
        start, end = passage(rng, others[name], 400, 25_000)
        cases.append(Case("negative", f"negative/{i}", others[name][start:end], None))
    for name in other_names:  # whole books, front matter and licences included
        cases.append(Case("negative (whole book)", f"book/{name}", others[name], None))
    return cases
