"""The "must show" claims on the real books: ISBNs, zero false ISBNs, notices and their years."""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

import pytest

from shelfcheck.cmi import detect_cmi


@lru_cache(maxsize=None)
def book(path: Path) -> tuple[str, tuple]:
    text = path.read_text(encoding="utf-8")
    return text, tuple(detect_cmi(text, path.stem))


def manifest_isbns(row: dict) -> set[str]:
    """ISBN-13s the manifest says are *in the text* (Pro Git's is marked "not in text")."""
    if "not in text" in row["isbn"]:
        return set()
    return {re.sub(r"\D", "", row["isbn"])} if row["isbn"].strip() else set()


def check_isbns(folder: Path) -> None:
    with open(folder / "MANIFEST.tsv", newline="", encoding="utf-8") as handle:
        manifest = list(csv.DictReader(handle, delimiter="\t"))  # not `from conftest import`: several conftests
    assert len(manifest) >= 5
    for row in manifest:
        name = row["file"]
        text, findings = book(folder / name)
        found = {f.value for f in findings if f.kind == "isbn"}
        assert found == manifest_isbns(row), name  # every ISBN found, and nothing else
        for f in findings:
            assert f.text == text[f.start:f.end]


def test_fixture_books_isbns(fixture_books):
    check_isbns(fixture_books)


@pytest.mark.shared
def test_all_books_isbns_exact(shared_books):
    check_isbns(shared_books)
    text, findings = book(shared_books / "pro_git_2e.txt")
    assert "9781484200773" not in {f.value for f in findings}


NOTICE_YEARS = {
    "mastering_bitcoin_2e.txt": "2017",
    "mastering_ethereum_1e.txt": "2019",
    "pg17474_how_to_listen_to_music.txt": "1896",
    "pg6527_debian_gnu_linux_guide.txt": "1998,1999",
}


def first_notice_year(folder: Path, name: str) -> str | None:
    notices = [f for f in book(folder / name)[1] if f.kind == "copyright_notice"]
    return notices[0].value if notices else None


def test_fixture_book_notice(fixture_books):
    assert first_notice_year(fixture_books, "mastering_bitcoin_2e.txt") == "2017"
    for name in ("pg972_the_devils_dictionary.txt", "pg9198_the_complete_angler.txt", "pg16595_charles_dickens_and_music.txt"):
        assert first_notice_year(fixture_books, name) is None, name  # prose about copyright only


@pytest.mark.shared
@pytest.mark.parametrize(("name", "years"), sorted(NOTICE_YEARS.items()))
def test_books_carry_their_notice(shared_books, name, years):
    assert first_notice_year(shared_books, name) == years


PROSE = [
    'Type "help", "copyright", "credits" or "license" for more information.',
    "permission from the copyright holder.",
    "copyright exceptions and limitations;",
    "Copyright laws are changing all over the world. Be sure to check the",
    "He sold the copyright for",
    "Update copyright",
]


@pytest.mark.shared
def test_prose_and_repl_banner_are_not_notices(shared_books):
    seen = 0
    for path in sorted(shared_books.glob("*.txt")):
        text, findings = book(path)
        notices = [f for f in findings if f.kind == "copyright_notice"]
        for phrase in PROSE:
            for m in re.finditer(re.escape(phrase), text):
                seen += 1
                assert not any(f.start < m.end() and m.start() < f.end for f in notices), (path.name, phrase)
    assert seen >= 10  # the phrases really occur (REPL banner in both Mastering books, posa's licence, PG headers ...)


@pytest.mark.shared
def test_rights_and_publisher_on_oreilly_pages(shared_books):
    for name in ("mastering_bitcoin_2e.txt", "mastering_ethereum_1e.txt"):
        kinds = {f.kind for f in book(shared_books / name)[1]}
        assert {"copyright_notice", "rights_reserved", "publisher", "isbn"} <= kinds


@pytest.mark.shared
def test_licences_of_the_books(shared_books):
    def values(name):
        return {f.value for f in book(shared_books / name)[1] if f.kind == "licence"}

    assert "CC-BY-3.0" in values("posa_performance_of_open_source_applications.txt")
    assert "CC-BY-NC-SA-3.0" in values("pro_git_2e.txt")
    assert "CC-BY-NC-ND-4.0" in values("mastering_ethereum_1e.txt")
    assert "GPL-2.0-only" in values("pg6527_debian_gnu_linux_guide.txt") or "GPL-2.0-or-later" in values("pg6527_debian_gnu_linux_guide.txt")
    assert "MIT" in values("mastering_bitcoin_2e.txt")
    for path in shared_books.glob("pg*.txt"):
        assert "LicenseRef-Project-Gutenberg" in values(path.name)
        assert [f.value for f in book(path)[1] if f.kind == "gutenberg"] == ["header", "footer"]
