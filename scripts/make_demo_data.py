"""Build the demo data that ships inside the package (src/shelfcheck/demo/data).

Run from the repository root with ../shared beside it: ``python scripts/make_demo_data.py``.
Deterministic (seeded), so the committed files can be rebuilt byte for byte.

* ``works/``: the opening of three public-domain books (Project Gutenberg texts; the excerpts keep
  only the book's own text, so they are plain public-domain text, see ``LICENSE.md``).
* ``corpus.jsonl``: a small "training corpus" of web-like documents: passages of the works
  reflowed, re-quoted, re-cased, OCR-noised, embedded in other text, one with its front matter,
  and documents that must NOT match (other books, Gutenberg licence boilerplate).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import orjson

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "books"
OUT = Path(__file__).resolve().parents[1] / "src" / "shelfcheck" / "demo" / "data"

WORKS = {
    "devils_dictionary": ("pg972_the_devils_dictionary.txt", 40_000),
    "complete_angler": ("pg9198_the_complete_angler.txt", 40_000),
    "news_from_nowhere": ("pg3261_news_from_nowhere.txt", 40_000),
}
FILLER = "pg17474_how_to_listen_to_music.txt"


def body(name: str) -> str:
    """The book's text between the Gutenberg START and END lines."""
    text = (SHARED / name).read_text(encoding="utf-8")
    start = re.search(r"^\*\*\* ?START OF.*$", text, re.M)
    end = re.search(r"^\*\*\* ?END OF.*$", text, re.M)
    return text[start.end() : end.start()].strip("\n") + "\n"


def excerpt(text: str, size: int) -> str:
    """The first ``size`` characters, cut at a paragraph break."""
    cut = text.rfind("\n\n", 0, size)
    return text[:cut].rstrip() + "\n"


def reflow(text: str) -> str:
    return " ".join(text.split())


def typographic(text: str) -> str:
    text = re.sub(r'"([^"]*)"', "\u201c\\1\u201d", text)
    return text.replace("'", "\u2019").replace("--", "\u2014").upper()


def ocr_noise(text: str, rate: float, rng: random.Random) -> str:
    chars = list(text)
    for i in range(len(chars)):
        if chars[i].isalpha() and rng.random() < rate:
            chars[i] = rng.choice("rnmcloe1il")
    return "".join(chars)


def passage(text: str, start: int, size: int) -> str:
    start = text.find(" ", start) + 1
    end = text.rfind(" ", 0, start + size)
    return text[start:end]


def main() -> None:
    rng = random.Random(1)
    (OUT / "works").mkdir(parents=True, exist_ok=True)
    works = {}
    for work_id, (name, size) in WORKS.items():
        works[work_id] = excerpt(body(name), size)
        (OUT / "works" / f"{work_id}.txt").write_text(works[work_id], encoding="utf-8")
    filler = body(FILLER)
    gutenberg_licence = (SHARED / WORKS["complete_angler"][0]).read_text(encoding="utf-8")
    licence_start = gutenberg_licence.find("*** START: FULL LICENSE ***")

    docs = [
        ("web-0001", filler[20_000:22_000] + "\n\n" + reflow(passage(works["devils_dictionary"], 12_000, 1_500))
         + "\n\n" + filler[22_000:24_000]),
        ("web-0002", typographic(passage(works["complete_angler"], 15_000, 3_000))),
        ("web-0003", ocr_noise(passage(works["news_from_nowhere"], 20_000, 2_500), 0.005, rng)),
        ("web-0004", filler[40_000:46_000]),
        ("web-0005", gutenberg_licence[licence_start : licence_start + 6_000] + "\n\n" + filler[60_000:63_000]),
        ("web-0006", "THE COMPLETE ANGLER (illustrated reprint)\n\nCopyright \u00a9 2024 Example Press Ltd.\n"
         "All rights reserved.\nISBN 978-0-306-40615-7\nFirst published in 2024 by Example Press.\n"
         "10 9 8 7 6 5 4 3 2 1\n\n" + passage(works["complete_angler"], 30_000, 2_000)),
        ("web-0007", works["news_from_nowhere"][: 30_000]),
    ]
    with open(OUT / "corpus.jsonl", "wb") as handle:
        for doc_id, text in docs:
            handle.write(orjson.dumps({"id": doc_id, "text": text}) + b"\n")


if __name__ == "__main__":
    main()
