"""Every real sample in ../shared/data/catalogs imports with the fields a reader would expect."""

from __future__ import annotations

import gzip

import pytest

from shelfcheck.catalog import Catalog, import_files
from shelfcheck.catalog.importers.detect import detect
from shelfcheck.errors import InputError

pytestmark = pytest.mark.shared

EXPECTED_FORMATS = {
    "libgen_updated.sql": "mysql_dump", "libgen_fiction.sql": "mysql_dump", "openlibrary_ol_base.sql": "mysql_dump",
    "openlibrary_dump.synthesized.tsv": "openlibrary_tsv", "annas_archive_aarecords.sample.jsonl": "aarecords_jsonl",
    "annas_archive_aarecords.synthesized.jsonl": "aarecords_jsonl", "books3_paths.sample.txt": "books3_list",
    "books3_paths.synthesized.txt": "books3_list", "books3_epub_urls.sample.txt": "books3_list",
}


def test_formats_detected_from_content(sample_files, tmp_path):
    for path in sample_files:
        assert detect(path) == EXPECTED_FORMATS[path.name], path.name
        renamed = tmp_path / "renamed.dat"  # detection ignores the name
        renamed.write_bytes(path.read_bytes())
        assert detect(renamed) == EXPECTED_FORMATS[path.name]
    assert detect(sample_files[0].parent / "README.md") is None


def test_source_counts(cat):
    counts = dict(cat.query("SELECT source, count(*) FROM records GROUP BY source"))
    # 9 LibGen non-fiction (5 real + 4 synthesized), 6 fiction (5 + 1), 3 ol_base editions + 4 OL TSV
    # editions, 3 + 4 aarecords, 5 + 4 + 2 Books3 paths, 11 CSV rows, 3 valid ONIX products.
    assert counts == {"libgen_nonfiction": 9, "libgen_fiction": 6, "openlibrary": 7, "annas_archive": 7, "books3": 11, "csv": 11, "onix": 3}


def test_libgen_real_rows(cat):
    (herbs,) = cat.records_where("source = 'libgen_nonfiction' AND source_id = '3'")
    assert herbs.title == "Handbook of Herbs and Spices: Volume 2"
    assert herbs.authors == ["Peter, K.V."] and herbs.year == "2004" and herbs.publisher == "Woodhead Pub."
    assert herbs.isbns == ["9781855737211"] and herbs.md5 == "411b9300a2f2094800e0e30d439c30fd"
    assert herbs.extra["series"] == "Handbook of Herbs and Spices"
    (russian,) = cat.records_where("source = 'libgen_nonfiction' AND source_id = '5'")
    assert russian.title.startswith("Международная анатомическая номенклатура") and russian.language == "Latin,Russian"
    # Fiction: upper-case MD5 lowered, backslash-escaped quote resolved.
    (moore,) = cat.records_where("source = 'libgen_fiction' AND source_id = '3'")
    assert moore.md5 == "a5208619fc03bf781b49d1ec2ddb0d2c" and moore.extra["series"] == "Wittgenstein's Lectures in 1930"
    assert cat.records_for_md5("67EAF9733DB074DD97D7FBB3820228A9")[0].title == "News from Nowhere"


def test_openlibrary_both_forms(cat):
    ol = {r.source_id: r for r in cat.records_where("source = 'openlibrary'")}
    index = ol["/books/OL10000001M"]
    assert index.isbns == ["9780107716813"] and index.year == "1996" and index.publisher == "Stationery Office Books"
    assert index.extra["ol_work"] == "/works/OL14903346W"
    assert ol["/books/OL90000004M"].authors == ["Scott Chacon", "Ben Straub"]
    assert not [k for k in ol if k.startswith(("/authors/", "/works/"))]  # only editions become records


def test_annas_archive_records(cat):
    (fractal,) = cat.records_where("source = 'annas_archive' AND md5 = '54fac3b0ae3a7cb26eb6811b63d05535'")
    assert fractal.title.startswith("Fractal modelling") and fractal.year == "1994" and fractal.isbns == ["9783540566854"]
    assert fractal.authors == ["Jaap A. Kaandorp", "P. Prusinkiewicz"]


def test_books3_names(cat):
    books3 = {r.title: r for r in cat.records_where("source = 'books3'")}
    assert books3["Ulysses"].authors == ["James Joyce"] and books3["Ulysses"].publisher == "Penguin Group" and books3["Ulysses"].year == "2000"
    assert books3["Dungeons and Dragons and Philosophy - Raiding the Temple of Wisdom"].authors == ["Jon Cogburn"]
    assert books3["Pro Git"].work_key == "pro git|chacon"
    assert "Crichton" in books3  # URL list, percent-decoded


def test_onix_tdm_reservation(cat):
    onix = {r.source_id: r for r in cat.records_where("source = 'onix'")}
    bitcoin = onix["com.example.backlist.9781491954386"]
    assert bitcoin.extra["tdm_reserved"] is True and bitcoin.title == "Mastering Bitcoin: Programming the Open Blockchain"
    assert bitcoin.year == "2017" and bitcoin.language == "eng"
    assert onix["com.example.backlist.9781484200773"].isbns == ["9781484200773"]
    assert onix["com.example.backlist.lane-red-riders"].extra == {"tdm_status": "01"}  # permitted: no reservation
    assert onix["com.example.backlist.lane-red-riders"].title == "The Mills of Man"


def test_onix_short_tags(tmp_path):
    short = """<?xml version="1.0"?><ONIXmessage release="3.0" xmlns="http://ns.editeur.org/onix/3.0/short">
    <product><a001>ref-1</a001><productidentifier><b221>15</b221><b244>978-1-4842-0077-3</b244></productidentifier>
    <descriptivedetail><epubusageconstraint><x318>11</x318><x319>03</x319></epubusageconstraint>
    <titledetail><b202>01</b202><titleelement><b203>Pro Git</b203></titleelement></titledetail>
    <contributor><b035>A01</b035><b036>Scott Chacon</b036></contributor></descriptivedetail>
    <publishingdetail><publisher><b081>Apress</b081></publisher><publishingdate><x448>01</x448><b306>2014</b306></publishingdate></publishingdetail>
    </product></ONIXmessage>"""
    path = tmp_path / "short.xml"
    path.write_text(short, encoding="utf-8")
    db = tmp_path / "c.sqlite"
    assert import_files([path], db).rows_added == 1
    with Catalog.open(db) as cat:
        (record,) = cat.records_for_isbn("1484200772")
    assert (record.title, record.authors, record.publisher, record.year) == ("Pro Git", ["Scott Chacon"], "Apress", "2014")
    assert record.extra["tdm_reserved"] is True


def test_malformed_rows_reported_not_fatal(tmp_path):
    dump = tmp_path / "broken.sql"
    dump.write_text(
        "CREATE TABLE `updated` (\n  `ID` int,\n  `Title` varchar(10),\n  `Author` varchar(10),\n  `MD5` char(32),\n  `IdentifierWODash` varchar(9)\n) ENGINE=MyISAM;\n"
        "INSERT INTO `updated` VALUES (1,'It\\'s fine','Ann Author','0123456789abcdef0123456789abcdef','1491954388')\n"
        ",(2,'too few values')\n"
        ",(3,\"Double \\\"quoted\\\"\",'Bob','fedcba9876543210fedcba9876543210','');\n",
        encoding="utf-8",
    )
    jsonl = tmp_path / "aa.jsonl"
    jsonl.write_text('{"_id": "md5:aa", "_index": "aarecords__0", "_source": {"file_unified_data": {"title_best": "Ok"}}}\n{"_id": broken\n', encoding="utf-8")
    report = import_files([dump, jsonl], tmp_path / "c.sqlite")
    assert report.rows_added == 3 and report.rows_seen == 3
    assert report.malformed[0] == f"{dump}:9: row in `updated` has 2 values, the table has 5 columns"
    assert report.malformed[1].startswith(f"{jsonl}:2: bad aarecords document: ") and len(report.malformed) == 2
    with Catalog.open(tmp_path / "c.sqlite") as cat:
        titles = sorted(r.title for r in cat.records_where("1"))
        assert titles == ['Double "quoted"', "It's fine", "Ok"]
        assert cat.records_for_isbn("9781491954386")[0].title == "It's fine"


def test_gzip_input_and_unknown_format(sample_files, tmp_path):
    packed = tmp_path / "dump.gz"
    packed.write_bytes(gzip.compress(sample_files[0].read_bytes()))
    assert import_files([packed], tmp_path / "c.sqlite").rows_added == 9
    junk = tmp_path / "notes.txt"
    junk.write_text("just some notes\nnothing to import\n")
    with pytest.raises(InputError, match="format not recognised"):
        import_files([junk], tmp_path / "c.sqlite")


def test_mysql_single_line_inserts_column_lists_and_escapes(tmp_path):
    """mysqldump's own style: one line per statement, single quotes, explicit column list, escapes."""
    dump = tmp_path / "fiction.sql"
    dump.write_text(
        "INSERT INTO `fiction` (`ID`,`MD5`,`Title`,`Author`,`Identifier`,`Locator`) VALUES "
        "(7,'0123456789ABCDEF0123456789ABCDEF','Parens ) and ,( inside','O\\'Brien, Flann','978-0-00-000000-2','a\\\\b'),"
        "(8,'FEDCBA9876543210FEDCBA9876543210','Line\\nbreak \\\"quoted\\\"','Zoë Ångström',NULL,'');\n",
        encoding="utf-8",
    )
    db = tmp_path / "c.sqlite"
    assert import_files([dump], db).rows_added == 2
    with Catalog.open(db) as cat:
        first, second = cat.records_where("1 ORDER BY source_id")
    assert (first.source, first.title, first.authors) == ("libgen_fiction", "Parens ) and ,( inside", ["O'Brien, Flann"])
    assert first.md5 == "0123456789abcdef0123456789abcdef"
    assert second.title == 'Line break "quoted"' and second.authors == ["Zoë Ångström"]
