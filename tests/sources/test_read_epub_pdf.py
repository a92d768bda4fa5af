"""EPUB (spine order) and PDF (page order), built here with ebooklib and fpdf2."""

from __future__ import annotations

import zipfile

import pytest

from shelfcheck.errors import InputError
from shelfcheck.sources import read_documents
from shelfcheck.sources.pdf import PAGE_BREAK
from source_samples import make_epub, make_pdf


def test_epub_follows_the_spine_not_the_zip(tmp_path, fixture_books):
    text = (fixture_books / "pg972_the_devils_dictionary.txt").read_text(encoding="utf-8")
    words = text.split()
    chapters = [(f"part{i}.xhtml", " ".join(words[i * 300:(i + 1) * 300])) for i in range(3)]
    path = make_epub(tmp_path / "devil.epub", chapters, spine=["part2.xhtml", "part0.xhtml", "part1.xhtml"])
    names = [n for n in zipfile.ZipFile(path).namelist() if n.endswith(".xhtml") and "part" in n]
    assert [n.rsplit("/", 1)[-1] for n in names] == ["part0.xhtml", "part1.xhtml", "part2.xhtml"]

    [document] = read_documents([path])
    assert document.id == "devil"
    assert document.text == "\n".join(f"{chapters[i][1]}\n" for i in (2, 0, 1))
    assert "Not shown" not in document.text and "part0" not in document.text  # <title> is not body text


def test_epub_chapter_with_invalid_utf8(tmp_path):
    path = make_epub(tmp_path / "b.epub", [("c.xhtml", "fine")], spine=["c.xhtml"])
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(tmp_path / "bad.epub", "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, data.replace(b"fine", b"f\xffne") if info.filename.endswith("c.xhtml") else data)
    with pytest.raises(InputError, match=r"bad\.epub: c\.xhtml: invalid UTF-8 on line 8, byte \d+ \(invalid start byte\)"):
        list(read_documents([tmp_path / "bad.epub"]))


def test_pdf_pages_in_order(tmp_path):
    pages = ["The first page says hello.", "The second page says goodbye.", "Third and last."]
    path = make_pdf(tmp_path / "letters.pdf", pages)
    [document] = read_documents([path])
    assert document.id == "letters"
    assert document.text == PAGE_BREAK.join(f"{page}\n" for page in pages)


@pytest.mark.parametrize("suffix", [".epub", ".pdf"])
def test_empty_file_is_unreadable(tmp_path, suffix):
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    with pytest.raises(InputError, match=rf"empty\{suffix}: unreadable (EPUB|PDF)"):
        list(read_documents([path]))
