"""Streaming reader for MySQL/MariaDB dumps (``CREATE TABLE`` + extended ``INSERT ... VALUES``).

Hand-written because no maintained PyPI package parses mysqldump output as a stream (the ones
that exist load the whole file or execute it against a server); LibGen dumps are tens of GB.
It reads 4 MiB chunks and matches row tuples with one regex compiled per table, whose groups
capture just the columns the caller asked for; consecutive rows come from one ``finditer`` and
are handed over as match objects in batches, so the per-row work stays in C (line numbers are
only counted when a row is reported). Single- and double-quoted values and backslash escapes
are handled; the ``CREATE TABLE`` gives the column names rows map by.
"""

from __future__ import annotations

import io
import mmap
import os
import re
from dataclasses import dataclass
from typing import Callable, Iterator

from shelfcheck.catalog.importers.common import Bad

CHUNK = 1 << 22
MAX_TUPLE = 1 << 24  # a row longer than 16 MiB is treated as malformed rather than buffered forever

_STATEMENT = re.compile(
    r"CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?`?(?P<create>\w+)`?\s*\("
    r"|INSERT\s+(?:IGNORE\s+)?INTO\s+`?(?P<insert>\w+)`?\s*(?:\((?P<cols>[^)]*)\)\s*)?VALUES\s*",
    re.IGNORECASE,
)
_CREATE_END = re.compile(r"\n\)[^;]*;")
_COLUMN = re.compile(r"^\s*`(\w+)`\s", re.MULTILINE)
_SQ = r"'[^'\\]*+(?:\\.[^'\\]*+)*+'"
_DQ = r'"[^"\\]*+(?:\\.[^"\\]*+)*+"'
_TUPLE = re.compile(r"\s*+\(((?:[^'\"()]++|" + _SQ + "|" + _DQ + r")*+)\)\s*+([,;])?", re.DOTALL)
_VALUE = re.compile(_SQ + "|" + _DQ + r"|[^,'\"\s][^,]*")
_ANY_VALUE = "(?:" + _SQ + "|" + _DQ + r"|[^,'\"()]*+)"
_RESYNC = re.compile(r"\n\s*,\s*\(|;\s*\n")
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_ESCAPES = {"0": "\0", "n": "\n", "r": "\r", "t": "\t", "b": "\b", "Z": "\x1a"}


def unquote(token: str) -> str:
    """A raw value token as text: quotes removed, MySQL backslash escapes resolved, NULL -> ''."""
    if token[:1] in ("'", '"'):
        body = token[1:-1]
        if "\\" in body:
            return _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)
        return body
    token = token.strip()
    return "" if token.upper() == "NULL" else token


@dataclass
class Rows:
    """One INSERT target: its table, columns, and the compiled regex for one of its rows."""

    table: str
    columns: list[str]
    picked: list[int] | None  # column indexes captured, None: table skipped
    row: re.Pattern | None = None
    groups: tuple[int, ...] = ()  # ``match.group(*groups)``: the picked columns' tokens, in picked order

    def __post_init__(self) -> None:
        if self.picked is not None:
            wanted = set(self.picked)
            order = sorted(wanted)
            self.groups = tuple(order.index(i) + 1 for i in self.picked)
            values = [f"({_ANY_VALUE})" if i in wanted else _ANY_VALUE for i in range(len(self.columns))]
            self.row = re.compile(r"\s*+\(\s*+" + r"\s*+,\s*+".join(values) + r"\s*+\)\s*+([,;])?", re.DOTALL)


Pick = Callable[[str, list[str]], "list[int] | None"]


def read_dump(stream: io.TextIOBase, bad: Bad, default_columns: dict[str, list[str]], pick: Pick) -> Iterator[tuple[Rows, list[re.Match], Callable[[re.Match], int]]]:
    """Yield ``(target, matches, line_of)`` for every run of consecutive rows of an INSERT.

    ``match.group(*target.groups)`` is the tuple of raw tokens of the picked columns (in picked
    order), ``line_of(match)`` the row's line number. Columns come from the table's ``CREATE
    TABLE`` (or the INSERT's column list, or ``default_columns`` by table name); ``pick(table,
    columns)`` says which column indexes to return (at least two), or None to skip the table.
    Rows whose value count does not match the columns are reported, as are rows that do not parse.
    """
    buf = ""
    pos = 0
    line = 1  # line number at ``pos``
    eof = False
    created: dict[str, list[str]] = {}
    target: Rows | None = None
    targets: dict[tuple[str, tuple[str, ...]], Rows] = {}

    def advance(to: int) -> None:
        nonlocal pos, line
        line += buf.count("\n", pos, to)
        pos = to

    def fill() -> bool:
        nonlocal buf, pos, eof
        if eof:
            return False
        data = stream.read(CHUNK)
        if not data:
            eof = True
            return False
        buf = buf[pos:] + data
        pos = 0
        return True

    fill()
    while True:
        if target is None:
            m = _STATEMENT.search(buf, pos)
            if m is None:
                if eof:
                    return
                keep = max(pos, len(buf) - 4096)
                advance(keep)
                fill()
                continue
            advance(m.start())
            if m.group("create"):
                end = _CREATE_END.search(buf, m.end())
                if end is None:
                    if fill():
                        continue
                    bad(line, f"CREATE TABLE `{m.group('create')}` is not terminated")
                    return
                created[m.group("create").lower()] = _COLUMN.findall(buf, m.end(), end.start() + 1)
                advance(end.end())
                continue
            table = m.group("insert")
            if m.group("cols"):
                columns = [c.strip().strip("`") for c in m.group("cols").split(",")]
            else:
                columns = created.get(table.lower()) or default_columns.get(table.lower(), [])
            key = (table, tuple(columns))
            if key not in targets:
                picked = pick(table, columns) if columns else None
                if not columns:
                    bad(line, f"INSERT into `{table}` without a known column list; its rows are skipped")
                elif picked is None:
                    bad(line, f"table `{table}` is not a catalogue table this reader knows; its rows are skipped")
                targets[key] = Rows(table, columns, picked)
            target = targets[key]
            advance(m.end())
            continue
        if target.row is not None:
            # finditer may skip text between rows: a gap (m.start() != end) ends the run and the
            # row at ``end`` goes through the checks below, as does a row cut by the chunk's end.
            batch: list[re.Match] = []
            end, last, more = pos, target.row.groups, True
            for m in target.row.finditer(buf, pos):
                if m.start() != end or (m.group(last) is None and m.end() == len(buf) and not eof):
                    break
                batch.append(m)
                end = m.end()
                if m.group(last) != ",":
                    more = False
                    break
            if batch:
                start_line, start_pos = line, pos
                yield target, batch, lambda m, s=buf, n=start_line, p=start_pos: n + s.count("\n", p, m.start())
                advance(end)
                if not more:
                    target = None
                continue
        m = _TUPLE.match(buf, pos)
        if m is None or (m.group(2) is None and m.end() == len(buf) and not eof):
            if not eof and len(buf) - pos < MAX_TUPLE and fill():
                continue
            if m is None and pos >= len(buf.rstrip()):
                return
            bad(line, f"malformed row in INSERT into `{target.table}`")
            nxt = _RESYNC.search(buf, pos + 1)
            if nxt is None:
                return
            if buf[nxt.start():nxt.end()].lstrip().startswith(";"):
                target = None
                advance(nxt.end())
            else:
                advance(nxt.end() - 1)
            continue
        if target.row is not None:  # the tuple is complete but is not a row of this table
            count = len(_VALUE.findall(m.group(1)))
            bad(line, f"row in `{target.table}` has {count} values, the table has {len(target.columns)} columns"
                if count != len(target.columns) else f"malformed value in a row of `{target.table}`")
        advance(m.end())
        if m.group(2) != ",":
            target = None


@dataclass(frozen=True)
class Span:
    """A byte range of an uncompressed dump that parses on its own: it starts at an ``INSERT``
    statement and ``header`` holds the ``CREATE TABLE`` statements that came before it."""

    start: int
    end: int
    header: bytes


def split_dump(path: str | os.PathLike, size: int) -> list[Span]:
    """Cut a dump into spans of about ``size`` bytes at lines that start an ``INSERT INTO``.

    Lets several processes parse one big dump at once. The cuts are found with ``mmap.find``
    (C speed, nothing decoded); mysqldump writes each statement from the start of a line, so a
    line starting ``INSERT INTO`` begins a statement (escaped newlines inside values are ``\\n``).
    """
    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        creates = []
        at = mm.find(b"CREATE TABLE")
        while at >= 0:
            close = mm.find(b"\n)", at)
            end = mm.find(b";", close) + 1 if close >= 0 else 0
            if end <= 0:
                break
            creates.append((at, mm[at:end]))
            at = mm.find(b"CREATE TABLE", end)
        spans, start, total = [], 0, len(mm)
        while start < total:
            cut = mm.find(b"\nINSERT INTO ", start + size) + 1 if start + size < total else 0
            end = cut if cut > 0 else total
            spans.append(Span(start, end, b"\n".join(sql for at, sql in creates if at < start) + b"\n"))
            start = end
    return spans


def read_span(path: str | os.PathLike, span: Span) -> tuple[io.StringIO, int, int]:
    """The span as a text stream (its header first), the lines the header adds and the span's own."""
    with open(path, "rb") as f:
        f.seek(span.start)
        data = f.read(span.end - span.start)
    stream = io.StringIO((span.header + data).decode("utf-8", "replace"), newline="")
    return stream, span.header.count(b"\n"), data.count(b"\n")
