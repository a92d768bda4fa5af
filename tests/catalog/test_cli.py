"""`shelfcheck catalog …` from the command line: exit codes, JSON shape, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from shelfcheck.cli import main

pytestmark = pytest.mark.shared


def run(args, capsys):
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    out = capsys.readouterr()
    return code, out.out, out.err


def test_import_then_search_json(sample_files, tmp_path, capsys):
    db = tmp_path / "c.sqlite"
    code, out, _ = run(["catalog", "import", *map(str, sample_files), "--db", str(db)], capsys)
    assert code == 0 and "added 40" in out
    code, out, _ = run(["catalog", "search", "Antonopolous", "--db", str(db), "--json", "--limit", "3"], capsys)
    payload = json.loads(out)
    assert code == 0 and len(payload["results"]) == 3
    assert all("Andreas M. Antonopoulos" in r["authors"] for r in payload["results"])
    assert set(payload["results"][0]) >= {"title", "authors", "year", "publisher", "language", "isbns", "source", "source_id", "md5"}
    code, out, _ = run(["catalog", "search", "1491954388", "--db", str(db), "--isbn"], capsys)
    assert code == 0 and "Mastering Bitcoin" in out and "9781491954386" in out


def test_check_and_torrent_commands(catalog_db, tmp_path, capsys):
    listing = tmp_path / "list.csv"
    listing.write_text("title,author\nPro Git,Scott Chacon\n", encoding="utf-8")
    code, out, _ = run(["catalog", "check", str(listing), "--db", str(catalog_db), "--json"], capsys)
    assert code == 0 and json.loads(out)["rows"][0]["matched_by"] == "title+author"
    from fastbencode import bencode

    torrent = tmp_path / "t.torrent"
    torrent.write_bytes(bencode({b"info": {b"name": b"8c15cbb4c54675a2ad13a89df7e48cf3", b"length": 1, b"piece length": 1, b"pieces": b""}}))
    code, out, _ = run(["catalog", "torrent", str(torrent), "--db", str(catalog_db)], capsys)
    assert code == 0 and "Mastering Bitcoin" in out


def test_errors_are_one_line(tmp_path):
    missing = subprocess.run([sys.executable, "-m", "shelfcheck", "catalog", "search", "x", "--db", str(tmp_path / "none.sqlite")],
                             capture_output=True, text=True)
    assert missing.returncode == 2 and "no such catalogue" in missing.stderr and "Traceback" not in missing.stderr
    junk = tmp_path / "junk.txt"
    junk.write_text("nothing here\n")
    bad = subprocess.run([sys.executable, "-m", "shelfcheck", "catalog", "import", str(junk), "--db", str(tmp_path / "c.sqlite")],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "format not recognised" in bad.stderr and "Traceback" not in bad.stderr
    assert not (tmp_path / "c.sqlite").exists()  # refused before anything was written
