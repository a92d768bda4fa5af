"""Bulk check of a publisher's list, torrent contents, and the resolvers used by cmi/scan."""

from __future__ import annotations

import pytest
from fastbencode import bencode

from shelfcheck.catalog.check import check_rows
from shelfcheck.catalog.resolve import resolve_isbn, resolve_work
from shelfcheck.catalog.torrent import resolve_torrent, torrent_files
from shelfcheck.errors import InputError

pytestmark = pytest.mark.shared

LIST_CSV = """ISBN,Title,Author
978-1-4919-7194-9,,
,Pro Git,Scott Chacon
,Pro Git,Somebody Else
,News from Nowhere,William Morris
0-07-136362-9,Handbook of Clinical Drug Data,Philip Anderson
,A Book Nobody Has,Nobody
"""


def test_check_publisher_list(cat, tmp_path):
    listing = tmp_path / "backlist.csv"
    listing.write_text(LIST_CSV, encoding="utf-8")
    rows = list(check_rows(cat, listing))
    assert [r.line for r in rows] == [2, 3, 4, 5, 6, 7]
    ethereum, git, git_other, nowhere, handbook, missing = rows
    assert ethereum.matched_by == "isbn" and {r.source for r in ethereum.records} == {"libgen_nonfiction", "openlibrary", "annas_archive"}
    assert git.matched_by == "title+author" and all(r.title.startswith("Pro Git") for r in git.records) and len(git.records) >= 5
    assert git_other.records == [] and git_other.matched_by == ""
    assert nowhere.matched_by == "title+author" and nowhere.records[0].source == "libgen_fiction"
    assert handbook.matched_by == "isbn" and handbook.records[0].md5 == "7b2a4d53fde834e801c26a2bab7e0240"
    assert missing.records == []


def test_check_refuses_a_list_without_title_or_isbn(cat, tmp_path):
    listing = tmp_path / "bad.csv"
    listing.write_text("foo,bar\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="no title or ISBN column"):
        list(check_rows(cat, listing))


def make_torrent(path, files):
    info = {b"name": b"r_000", b"piece length": 262144, b"pieces": b"\0" * 20,
            b"files": [{b"length": n, b"path": [p.encode() for p in parts]} for parts, n in files]}
    path.write_bytes(bencode({b"announce": b"http://tracker.invalid/announce", b"info": info}))


def test_torrent_md5_names_resolve(cat, tmp_path):
    torrent = tmp_path / "r_000.torrent"
    make_torrent(torrent, [
        (["8c15cbb4c54675a2ad13a89df7e48cf3"], 763482),
        (["sub", "A314160B78D6E47BDB6660FBC0F34C90.pdf"], 67914),
        (["ffffffffffffffffffffffffffffffff"], 10),
        (["README.txt"], 5),
    ])
    name, files = resolve_torrent(cat, torrent)
    assert name == "r_000" and [f.path for f in files][1] == "r_000/sub/A314160B78D6E47BDB6660FBC0F34C90.pdf"
    assert {r.title for r in files[0].records} == {"Mastering Bitcoin: Programming the Open Blockchain"}
    assert files[1].records[0].source == "libgen_fiction"
    assert files[2].records == [] and files[3].md5 == "" and files[3].records == []


def test_torrent_single_file_and_garbage(tmp_path):
    single = tmp_path / "one.torrent"
    single.write_bytes(bencode({b"info": {b"name": b"8c15cbb4c54675a2ad13a89df7e48cf3", b"length": 7, b"piece length": 1, b"pieces": b""}}))
    assert torrent_files(single) == ("8c15cbb4c54675a2ad13a89df7e48cf3", [("8c15cbb4c54675a2ad13a89df7e48cf3", 7)])
    junk = tmp_path / "junk.torrent"
    junk.write_bytes(b"this is not bencode")
    with pytest.raises(InputError, match="junk.torrent"):
        torrent_files(junk)


def test_resolvers(cat):
    assert {r.source for r in resolve_isbn(cat, "9781491954386")} == {"libgen_nonfiction", "openlibrary", "annas_archive", "onix"}
    by_md5 = resolve_work(cat, "mastering_bitcoin_2e", md5="8c15cbb4c54675a2ad13a89df7e48cf3")
    assert {r.source for r in by_md5} == {"libgen_nonfiction", "annas_archive"}
    by_all = resolve_work(cat, "8C15CBB4C54675A2AD13A89DF7E48CF3", isbns=["978-1-491-95438-6"])
    assert len(by_all) == len({r.record_id for r in by_all}) == 4  # md5 hits (LibGen, AA) first, then OL and ONIX by ISBN
    assert by_all[0].md5 == "8c15cbb4c54675a2ad13a89df7e48cf3"
    assert resolve_work(cat, "unknown-doc") == []
