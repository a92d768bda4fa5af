"""Imports are idempotent and transactional; a foreign or missing file is refused with one line."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from shelfcheck.catalog import Catalog, import_files
from shelfcheck.catalog.importers.libgen import UPDATED_COLUMNS
from shelfcheck.errors import ShelfcheckError


def write_dump(path: Path, rows: int) -> None:
    """A LibGen `updated` dump of synthetic rows (same schema as the real one)."""
    at = {c: i for i, c in enumerate(UPDATED_COLUMNS)}
    with open(path, "w", encoding="utf-8") as out:
        out.write("CREATE TABLE `updated` (\n" + ",\n".join(f"  `{c}` varchar(100) DEFAULT ''" for c in UPDATED_COLUMNS) + "\n) ENGINE=MyISAM;\n")
        for start in range(0, rows, 1000):
            tuples = []
            for i in range(start + 1, min(rows, start + 1000) + 1):
                cells = ['""'] * len(UPDATED_COLUMNS)
                cells[at["ID"]] = str(i)
                cells[at["Title"]] = f'"Synthetic title number {i} volume {i % 97}"'
                cells[at["Author"]] = f'"Author{i % 1013} Writer"'
                cells[at["MD5"]] = f'"{i:032x}"'
                tuples.append("(" + ",".join(cells) + ")")
            out.write("INSERT INTO `updated` VALUES " + "\n,".join(tuples) + ";\n")


def count(db: Path) -> int:
    with Catalog.open(db) as cat:
        return cat.count()


def test_reimport_adds_nothing(sample_files, tmp_path):
    db = tmp_path / "c.sqlite"
    first = import_files(sample_files, db)
    again = import_files(sample_files, db)
    assert first.rows_added == first.rows_seen == 40
    assert again.rows_added == 0 and again.rows_seen == first.rows_seen
    assert count(db) == first.rows_added
    with Catalog.open(db) as cat:
        assert cat.query("SELECT count(*) FROM isbns")[0][0] == cat.query("SELECT count(*) FROM (SELECT DISTINCT isbn13, record_id FROM isbns)")[0][0]
        assert len(cat.records_for_isbn("9781491954386")) == 3  # LibGen, OL, AA: no duplicate ISBN links


def test_exception_mid_file_rolls_that_file_back(tmp_path):
    dump = tmp_path / "big.sql"
    write_dump(dump, 50_000)
    small = tmp_path / "small.sql"
    write_dump(small, 10)
    db = tmp_path / "c.sqlite"
    import_files([small], db)

    def interrupt(path, rows, position):
        if rows >= 20_000:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_files([dump], db, progress=interrupt)
    assert count(db) == 10
    with Catalog.open(db) as cat:  # a big file drops the md5 index to build it at the end: the rollback restores it
        assert cat.query("SELECT count(*) FROM sqlite_master WHERE name = 'records_md5'") == [(1,)]
    import_files([dump], db)
    with Catalog.open(db) as cat:
        assert cat.query("SELECT count(*) FROM sqlite_master WHERE name = 'records_md5'") == [(1,)]
        assert [r.source_id for r in cat.records_for_md5(f"{49_999:032x}")] == ["49999"]


@pytest.mark.slow
def test_sigkill_mid_import_leaves_previous_state(tmp_path):
    dump = tmp_path / "big.sql"
    write_dump(dump, 300_000)
    db = tmp_path / "c.sqlite"
    small = tmp_path / "small.sql"
    write_dump(small, 10)
    import_files([small], db)
    proc = subprocess.Popen(
        [sys.executable, "-m", "shelfcheck", "catalog", "import", str(dump), "--db", str(db)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline and not psutil.Process(proc.pid).children():
        time.sleep(0.05)  # kill once the reader processes of the big file run (speed varies by machine)
    time.sleep(1.0)
    assert proc.poll() is None, "import finished before it could be killed; use a bigger file"
    children = psutil.Process(proc.pid).children()
    assert children
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert count(db) == 10  # the killed file left nothing behind, the earlier one is intact
    gone, alive = psutil.wait_procs(children, timeout=30)  # its next send hits a closed pipe
    assert not alive
    report = import_files([dump], db)
    assert report.rows_added == 300_000 - 10 and count(db) == 300_000
    assert import_files([dump], db).rows_added == 0


def test_missing_and_foreign_files(tmp_path):
    with pytest.raises(ShelfcheckError, match="no such catalogue"):
        Catalog.open(tmp_path / "missing.sqlite")
    foreign = tmp_path / "foreign.sqlite"
    sqlite3.connect(foreign).execute("CREATE TABLE t(x)").connection.commit()
    with pytest.raises(ShelfcheckError, match="not a shelfcheck catalogue"):
        Catalog.open(foreign)
    with pytest.raises(ShelfcheckError, match="not a shelfcheck catalogue"):
        import_files([], foreign)
    text = tmp_path / "text.sqlite"
    text.write_text("hello")
    with pytest.raises(ShelfcheckError, match="not a shelfcheck catalogue"):
        Catalog.open(text)


def test_child_process_reader_gives_the_same_catalogue(sample_files, tmp_path, monkeypatch):
    """Big files are parsed in a child process; rows and malformed reports must not change."""
    import shelfcheck.catalog.importers as importers

    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"_id": "md5:ab", "_index": "aarecords__0", "_source": {}}\nnot json\n', encoding="utf-8")
    here = import_files([*sample_files, broken], tmp_path / "here.sqlite")
    monkeypatch.setattr(importers, "CHILD_MIN_BYTES", 0)
    child = import_files([*sample_files, broken], tmp_path / "child.sqlite")
    assert (child.rows_added, child.rows_seen) == (here.rows_added, here.rows_seen)
    assert [m.split(": ", 1)[0] for m in child.malformed] == [m.split(": ", 1)[0] for m in here.malformed] == [f"{broken}:2"]
    with Catalog.open(tmp_path / "here.sqlite") as a, Catalog.open(tmp_path / "child.sqlite") as b:
        assert [r.to_dict() for r in a.records_where("1 ORDER BY id")] == [r.to_dict() for r in b.records_where("1 ORDER BY id")]


def test_dump_parsed_in_spans_by_several_processes_gives_the_same_catalogue(tmp_path, monkeypatch):
    """A big dump's spans are parsed by worker processes at once; the writer takes them in file
    order, so records, ids and malformed-row line numbers are those of a one-process import."""
    import shelfcheck.catalog.importers as importers
    from shelfcheck.catalog.importers.libgen import mysql_spans

    dump = tmp_path / "d.sql"
    write_dump(dump, 5000)
    text = dump.read_text(encoding="utf-8").replace("(1500,", "(1500,,").replace("(4200,", "(4200,,")  # 48 values
    dump.write_text(text, encoding="utf-8")
    lines = [text[:text.index(f"({i},,")].count("\n") + 1 for i in (1500, 4200)]
    one = import_files([dump], tmp_path / "one.sqlite")
    assert [m.split(": ", 1)[0] for m in one.malformed] == [f"{dump}:{line}" for line in lines]
    monkeypatch.setattr(importers, "CHILD_MIN_BYTES", 0)
    monkeypatch.setattr(importers, "SPAN_BYTES", 60_000)
    assert len(mysql_spans(dump, 60_000)) > 4
    spans = import_files([dump], tmp_path / "spans.sqlite")
    assert (spans.rows_added, spans.rows_seen, spans.malformed) == (one.rows_added, one.rows_seen, one.malformed) == (4998, 4998, one.malformed)
    with Catalog.open(tmp_path / "one.sqlite") as a, Catalog.open(tmp_path / "spans.sqlite") as b:
        assert [r.to_dict() for r in a.records_where("1 ORDER BY id")] == [r.to_dict() for r in b.records_where("1 ORDER BY id")]
        assert a.query("SELECT * FROM isbns ORDER BY 1, 2") == b.query("SELECT * FROM isbns ORDER BY 1, 2")
    assert import_files([dump], tmp_path / "spans.sqlite").rows_added == 0
