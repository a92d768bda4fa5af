"""`shelfcheck catalog`: import dumps, search, check a publisher's list, look inside a torrent."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from shelfcheck.cli.app import app, console, err_console
from shelfcheck.errors import ShelfcheckError

catalog_app = typer.Typer(help="Bibliographic catalogues: import dumps, search, check lists, resolve torrents.", no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")

DbOpt = typer.Option(..., "--db", help="Catalogue file (SQLite).")


def _print_json(payload: dict) -> None:
    from shelfcheck.catalog.search import json_output

    typer.echo(json_output(payload).decode())


def _short_id(record) -> str:
    """source:id with long ids (Books3 paths, URLs) cut to their last component."""
    ident = record.source_id.rsplit("/", 1)[-1] if len(record.source_id) > 20 else record.source_id
    return f"{record.source}:{ident[:20]}"


def _print_groups(groups) -> None:
    """One small table per work: what tells editions and same-name authors apart."""
    from rich import box

    for group in groups:
        console.print(f"[bold]{group.title}[/] — {'; '.join(group.authors) or '?'}", highlight=False)
        table = Table(box=box.SIMPLE, show_header=True, pad_edge=False)
        table.add_column("source:id", no_wrap=True, overflow="ellipsis", max_width=22)
        for name, width in (("year", 4), ("publisher", 9), ("lang", 4), ("ISBN-13", 13), ("co-authors", 10), ("md5", 8)):
            table.add_column(name, overflow="fold", min_width=width, no_wrap=name in ("year", "ISBN-13", "md5"))
        for record in group.records:
            others = [a for a in record.authors if a not in group.authors[:1]]
            table.add_row(_short_id(record), record.year, record.publisher[:30], record.language[:12],
                          " ".join(record.isbns), "; ".join(others), record.md5[:8])
        console.print(table)


@catalog_app.command("import")
def import_cmd(
    files: list[Path] = typer.Argument(..., help="Dump files (format detected from content; .gz/.zst read directly)."),
    db: Path = DbOpt,
) -> None:
    """Import LibGen/Open Library MySQL dumps, aarecords JSON lines, OL dumps, ONIX 3.0, CSV, Books3 lists."""
    from shelfcheck.catalog import import_files

    total = sum(f.stat().st_size for f in files if f.is_file())
    progress = Progress(TextColumn("import {task.fields[rows]:,} rows"), BarColumn(), TimeElapsedColumn(), console=err_console, transient=True)
    done: dict[str, int] = {}

    with progress:
        task = progress.add_task("import", total=total or None, rows=0)

        def report(path: str, rows: int, position: int) -> None:
            done[path] = position
            progress.update(task, completed=sum(done.values()), rows=rows)

        result = import_files(files, db, progress=report)
    table = Table(title=f"shelfcheck catalog import → {db}")
    table.add_column("file")
    table.add_column("format")
    for path, kind in result.formats.items():
        table.add_row(path, kind)
    console.print(table)
    console.print(f"rows seen {result.rows_seen:,} · added {result.rows_added:,} · malformed {len([m for m in result.malformed if not m.startswith('...')]):,}")
    for line in result.malformed[:20]:
        err_console.print(f"[yellow]malformed:[/] {line}", highlight=False, soft_wrap=True)
    if len(result.malformed) > 20:
        err_console.print(f"[yellow]... {len(result.malformed) - 20} more malformed rows[/]")


@catalog_app.command("search")
def search_cmd(
    query: str = typer.Argument(..., help="ISBN, md5, or words of a title/author."),
    db: Path = DbOpt,
    author: bool = typer.Option(False, "--author", help="Search author names only."),
    title: bool = typer.Option(False, "--title", help="Search titles only."),
    isbn: bool = typer.Option(False, "--isbn", help="Treat the query as an ISBN."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON: {\"results\": [...]}."),
    limit: int = typer.Option(20, "--limit", min=1, help="Most records to return."),
) -> None:
    """Search the catalogue like a library search box; editions of one work are grouped."""
    from shelfcheck.catalog import Catalog

    chosen = [name for name, on in (("author", author), ("title", title), ("isbn", isbn)) if on]
    if len(chosen) > 1:
        raise ShelfcheckError("choose at most one of --author, --title, --isbn")
    field = chosen[0] if chosen else None
    with Catalog.open(db) as cat:
        results = cat.search(query, field=field, limit=limit)
    if as_json:
        typer.echo(results.payload(query, field, limit).decode())
        return
    if not results.records:
        console.print(f"no records match {query!r}")
        return
    console.print(f"{len(results.records)} records, {len(results.groups)} works for {query!r}", highlight=False)
    _print_groups(results.groups)


@catalog_app.command("check")
def check_cmd(
    listing: Path = typer.Argument(..., help="CSV/TSV with a header: isbn and/or title, author."),
    db: Path = DbOpt,
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    limit: int = typer.Option(20, "--limit", min=1, help="Most records per row."),
) -> None:
    """For each row of a publisher's list, the catalogue records that match it."""
    from shelfcheck.catalog import Catalog
    from shelfcheck.catalog.check import check_rows

    with Catalog.open(db) as cat:
        rows = list(check_rows(cat, listing, limit=limit))
    if as_json:
        _print_json({"rows": [r.to_json() for r in rows], "parameters": {"list": str(listing), "limit": limit}})
        return
    table = Table(title=f"{sum(bool(r.records) for r in rows)} of {len(rows)} listed books found in {db}")
    for name in ("line", "listed", "matched by", "records"):
        table.add_column(name, overflow="fold")
    for row in rows:
        listed = " · ".join(filter(None, (row.title, row.author, ", ".join(row.isbns))))
        found = "\n".join(f"{r.source}:{r.source_id} {r.title[:50]} ({r.year})" for r in row.records) or "[dim]not found[/]"
        table.add_row(str(row.line), listed, row.matched_by or "-", found)
    console.print(table)


@catalog_app.command("torrent")
def torrent_cmd(
    torrent: Path = typer.Argument(..., help="A .torrent file (LibGen-style md5 file names are resolved)."),
    db: Optional[Path] = typer.Option(None, "--db", help="Catalogue to resolve md5 names against."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """List a torrent's files and the catalogue records they are — which books it carries."""
    from shelfcheck.catalog import Catalog
    from shelfcheck.catalog.torrent import resolve_torrent, torrent_files

    if db is None:
        name, listing = torrent_files(torrent)
        files = [(path, length, "", []) for path, length in listing]
    else:
        with Catalog.open(db) as cat:
            name, resolved = resolve_torrent(cat, torrent)
        files = [(f.path, f.length, f.md5, f.records) for f in resolved]
    if as_json:
        _print_json({"torrent": name, "files": [
            {"path": p, "length": n, "md5": m, "records": [r.to_json() for r in recs]} for p, n, m, recs in files
        ], "parameters": {"torrent": str(torrent), "db": str(db) if db else None}})
        return
    found = sum(bool(recs) for *_, recs in files)
    table = Table(title=f"{name}: {len(files)} files, {found} resolved to catalogue records")
    for column in ("file", "bytes", "record"):
        table.add_column(column, overflow="fold")
    for path, length, _md5, records in files:
        described = "\n".join(f"{r.title} — {'; '.join(r.authors)} ({r.year}) [{r.source}:{r.source_id}]" for r in records)
        table.add_row(path, f"{length:,}", described or "[dim]-[/]")
    console.print(table)
