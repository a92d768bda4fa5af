"""Catalogue fixtures: one catalogue built from every real sample plus small synthetic lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from shelfcheck.catalog import Catalog, import_files

DATA = Path(__file__).parent / "data"

# Synthetic publisher-style CSV: same-name and reversed-name authors, diacritics, distractors.
AUTHORS_CSV = """title,author,isbn,year,publisher,language
The Mills of Man,"Lane, Elinor Macartney",,1903,D. Appleton,en
Nancy Stair,"Lane, Elinor Macartney",,1904,D. Appleton,en
All for the Love of a Lady,"Lane, Elinor Macartney",,1906,D. Appleton,en
Lane Cove Walks,Elinor Smith,,2011,Harbour Press,en
Memory Lane,Eleanor Laine,,1999,Corgi,en
Discours de la méthode,René Descartes,,1637,Ian Maire,fr
Meditations on First Philosophy,René Descartes; John Cottingham,978-0-521-55818-1,1996,Cambridge University Press,en
Renewable Energy,Renée Dubois,,2015,Springer,en
Economics,John Smith,,1820,Longman,en
Economics,John Smith,,1998,Routledge,en
Bitcoin for Beginners,Andrew Antonelli,,2019,Self,en
"""


@pytest.fixture(scope="session")
def sample_files(shared_catalogs: Path) -> list[Path]:
    names = [
        "libgen_updated.sql", "libgen_fiction.sql", "openlibrary_ol_base.sql", "openlibrary_dump.synthesized.tsv",
        "annas_archive_aarecords.sample.jsonl", "annas_archive_aarecords.synthesized.jsonl",
        "books3_paths.sample.txt", "books3_paths.synthesized.txt", "books3_epub_urls.sample.txt",
    ]
    return [shared_catalogs / n for n in names]


@pytest.fixture(scope="session")
def catalog_db(tmp_path_factory, sample_files) -> Path:
    folder = tmp_path_factory.mktemp("catalog")
    authors = folder / "authors.csv"
    authors.write_text(AUTHORS_CSV, encoding="utf-8")
    db = folder / "catalog.sqlite"
    import_files([*sample_files, authors, DATA / "onix3_reference.xml"], db)
    return db


@pytest.fixture()
def cat(catalog_db: Path):
    with Catalog.open(catalog_db) as opened:
        yield opened
