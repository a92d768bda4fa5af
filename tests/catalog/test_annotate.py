"""`cmi --catalog` and `scan --catalog` name the book behind a finding, on real dumps and books."""

from __future__ import annotations

import orjson
import pytest

from shelfcheck.catalog import import_files
from shelfcheck.cli import main

DUMPS = ("libgen_updated.sql", "libgen_fiction.sql", "openlibrary_ol_base.sql", "annas_archive_aarecords.synthesized.jsonl")


@pytest.fixture(scope="module")
def catalog_db(shared_catalogs, tmp_path_factory):
    db = tmp_path_factory.mktemp("catalog") / "catalog.sqlite"
    import_files([shared_catalogs / name for name in DUMPS], db)
    return db


def run(args: list[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert exited.value.code == 0


def lines(path) -> list[dict]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def test_cmi_catalog_resolves_the_isbn_printed_in_the_book(catalog_db, fixture_books, tmp_path):
    out = tmp_path / "cmi.jsonl"
    run(["cmi", str(fixture_books / "mastering_bitcoin_2e.txt"), "--out", str(out), "--catalog", str(catalog_db)])
    isbns = [f for f in lines(out) if f.get("kind") == "isbn"]
    assert isbns and all(f["value"] == "9781491954386" for f in isbns)
    for finding in isbns:
        titles = {record["title"] for record in finding["catalog"]}
        assert any(title.startswith("Mastering Bitcoin") for title in titles)
        assert {record["md5"] for record in finding["catalog"]} >= {"8c15cbb4c54675a2ad13a89df7e48cf3"}


def test_scan_catalog_names_the_matched_work_by_md5_and_isbn(catalog_db, fixture_books, tmp_path):
    book = fixture_books / "posa_performance_of_open_source_applications.txt"
    text = book.read_text(encoding="utf-8")
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_bytes(orjson.dumps({"id": "doc-1", "text": text[200_000:203_000]}) + b"\n")
    index, out = tmp_path / "index", tmp_path / "matches.jsonl"
    run(["index", str(book), str(fixture_books / "mastering_bitcoin_2e.txt"), "--out", str(index)])
    run(["scan", str(corpus), "--index", str(index), "--out", str(out), "--catalog", str(catalog_db), "--workers", "1"])
    (match,) = lines(out)
    assert match["work"] == "posa_performance_of_open_source_applications"
    # The synthesized LibGen/Anna's Archive rows carry the md5 of this very file.
    assert match["catalog"], "the work's md5 should resolve to catalogue records"
    assert {record["md5"] for record in match["catalog"]} == {"5c004915c0fa847eda35597e6592b334"}
    assert all("Performance of Open Source Applications" in record["title"] for record in match["catalog"])


def test_missing_catalog_is_one_clear_error(fixture_books, tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["cmi", str(fixture_books / "mastering_bitcoin_2e.txt"), "--out", str(tmp_path / "o.jsonl"), "--catalog", str(tmp_path / "nope.sqlite")])
    assert exited.value.code == 2
    assert "nope.sqlite" in capsys.readouterr().err
    assert not (tmp_path / "o.jsonl").exists()
