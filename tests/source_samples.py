"""Small source files built inside tests: real EPUB/PDF/Parquet/compressed files and every bad input.

Shared by the reader tests (tests/sources) and the command-line tests (tests/cli), so both check
exactly the same broken files. Each bad input is a file beside one good document (``good.txt``),
so ``--on-error skip`` runs can show the good document still goes through.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import zstandard

GOOD_TEXT = "A good document.\nIt has two lines.\n"


def jsonl_bytes(records: list[dict]) -> bytes:
    return b"".join(orjson.dumps(r) + b"\n" for r in records)


def many_records(n: int, words: int = 20) -> list[dict]:
    return [{"id": f"r{i}", "text": f"record {i} " + "word " * words} for i in range(n)]


def make_epub(path: Path, chapters: list[tuple[str, str]], spine: list[str]) -> Path:
    """An EPUB whose zip holds ``chapters`` (file name, body text) in the given order, read in ``spine`` order."""
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("shelfcheck-test")
    book.set_title("Test book")
    book.set_language("en")
    items = {}
    for name, body in chapters:
        item = epub.EpubHtml(title=name, file_name=name, lang="en")
        item.content = f"<html><head><title>{name}</title></head><body><p>{body}</p></body></html>"
        book.add_item(item)
        items[name] = item
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = [items[name] for name in spine]
    epub.write_epub(str(path), book)
    return path


def make_pdf(path: Path, pages: list[str]) -> Path:
    """A PDF with one page per string (core Helvetica font, so keep to Latin-1)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 10, text)
    pdf.output(str(path))
    return path


def make_parquet(path: Path, columns: dict[str, list], row_group_size: int | None = None) -> Path:
    pq.write_table(pa.table(columns), path, row_group_size=row_group_size)
    return path


def zstd_frames(chunks: list[bytes]) -> bytes:
    """One zstd frame per chunk, concatenated (what ``zstd`` on split files or pzstd writes)."""
    compressor = zstandard.ZstdCompressor()
    return b"".join(compressor.compress(chunk) for chunk in chunks)


@dataclass(frozen=True)
class BadInput:
    """A broken source file and the one-line error it must cause."""

    name: str
    build: Callable[[Path], Path]  # writes the file into a folder, returns its path
    message: str  # regular expression the error line must match (after the file name)
    good_records: int = 0  # good documents inside the bad file that --on-error skip still reads


def _write(name: str, data: bytes) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return build


def _truncated(name: str, make: Callable[[Path], Path]) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = make(folder / name)
        data = path.read_bytes()
        path.write_bytes(data[: len(data) * 2 // 3])
        return path

    return build


_RECORDS = many_records(3000)
_JSONL = jsonl_bytes(_RECORDS)
_GZ = gzip.compress(_JSONL, mtime=0)
_ZST = zstd_frames([_JSONL])
_GOOD_LINE = orjson.dumps({"id": "fine", "text": "fine text"}) + b"\n"
_EPUB_CHAPTERS = [(f"c{i}.xhtml", f"Chapter {i} " + "words " * 2000) for i in range(3)]

BAD_INPUTS = [
    BadInput("txt-invalid-utf8", _write("bad.txt", b"line one\nline \xff two\n"),
             r"bad\.txt \(byte 14\): invalid UTF-8 on line 2"),
    BadInput("jsonl-invalid-utf8", _write("bad.jsonl", _GOOD_LINE + b'{"id": "x", "text": "caf\xe9"}\n' + _GOOD_LINE),
             r"bad\.jsonl:2: invalid UTF-8", good_records=2),
    BadInput("jsonl-broken-line", _write("bad.jsonl", _GOOD_LINE + b'{"id": "x", "text": "unterminated\n' + _GOOD_LINE),
             r"bad\.jsonl:2: broken JSON", good_records=2),
    BadInput("jsonl-no-text", _write("bad.jsonl", _GOOD_LINE + b'{"id": "x", "body": "elsewhere"}\n' + _GOOD_LINE),
             r"bad\.jsonl:2: record has no text field 'text'", good_records=2),
    BadInput("jsonl-gz-truncated", _write("bad.jsonl.gz", _GZ[: len(_GZ) // 2]),
             r"bad\.jsonl\.gz:\d+: truncated or corrupt gzip data"),
    BadInput("json-gz-corrupt", _write("bad.json.gz", b"\x1f\x8b\x08\x00" + b"\x00" * 6 + b"this is not deflate data"),
             r"bad\.json\.gz:1: truncated or corrupt gzip data"),
    BadInput("jsonl-zst-truncated", _write("bad.jsonl.zst", _ZST[: len(_ZST) // 2]),
             r"bad\.jsonl\.zst:\d+: truncated or corrupt zstd data \(EOFError: zstd stream ends inside a frame\)"),
    BadInput("parquet-garbage", _write("bad.parquet", b"PAR1 not really parquet"),
             r"bad\.parquet: not a readable Parquet file"),
    BadInput("epub-garbage", _write("bad.epub", b"this is not a zip file" * 10),
             r"bad\.epub: unreadable EPUB"),
    BadInput("epub-truncated", _truncated("bad.epub", lambda p: make_epub(p, _EPUB_CHAPTERS, ["c0.xhtml", "c1.xhtml", "c2.xhtml"])),
             r"bad\.epub: unreadable EPUB"),
    BadInput("pdf-garbage", _write("bad.pdf", b"this is not a PDF" * 10),
             r"bad\.pdf: unreadable PDF"),
    BadInput("pdf-truncated", _truncated("bad.pdf", lambda p: make_pdf(p, ["First page.", "Second page."])),
             r"bad\.pdf: unreadable PDF"),
]


def bad_folder(folder: Path, bad: BadInput) -> tuple[Path, Path]:
    """``folder`` holding ``bad``'s file and ``good.txt``; returns (bad file, good file)."""
    folder.mkdir(parents=True, exist_ok=True)
    good = folder / "good.txt"
    good.write_text(GOOD_TEXT, encoding="utf-8")
    return bad.build(folder), good


def error_line_matches(line: str, bad: BadInput, folder: Path) -> bool:
    """The error line names the bad file (full path) and matches the expected problem."""
    return re.search(re.escape(str(folder)) + "/" + bad.message, line) is not None
