"""`shelfcheck cmi`: find copyright-management information and write it as JSON lines."""

from __future__ import annotations

import time
from pathlib import Path

import typer
from rich.table import Table

from shelfcheck.atomic import atomic_file
from shelfcheck.cli.app import app, bytes_progress, console, print_skipped
from shelfcheck.cli.options import IdFieldOpt, OnErrorChoice, OnErrorOpt, SourcesArg, TextFieldOpt, existing_sources, read_options
from shelfcheck.cmi import KINDS
from shelfcheck.cmi.jsonl import write_cmi_jsonl
from shelfcheck.errors import ShelfcheckError
from shelfcheck.provenance import write_meta
from shelfcheck.sources import ReadStats, read_documents


@app.command()
def cmi(
    sources: list[Path] = SourcesArg,
    out: Path = typer.Option(..., "--out", help="JSON-lines file to write, one finding per line (version and parameters go to OUT.meta.json)."),
    summary: bool = typer.Option(False, "--summary", help="Add one summary line per document (book-like? front matter present/missing?)."),
    id_field: str = IdFieldOpt,
    text_field: str = TextFieldOpt,
    on_error: OnErrorChoice = OnErrorOpt,
    catalog: Path | None = typer.Option(None, "--catalog", help="Catalogue (shelfcheck catalog import) to resolve every ISBN finding to its records."),
) -> None:
    """Find ISBNs, copyright notices, licences, Gutenberg boilerplate and other CMI in SOURCES."""
    paths, total = existing_sources(sources)
    if out.is_dir():
        raise ShelfcheckError(f"{out}: is a folder; --out needs a file name")
    isbn_records = None
    if catalog is not None:
        from shelfcheck.catalog import Catalog
        from shelfcheck.catalog.annotate import isbn_resolver

        isbn_records = isbn_resolver(Catalog.open(catalog))
    stats = ReadStats()
    parameters = {"catalog": str(catalog) if catalog else None, "sources": [str(p) for p in paths], "summary": summary, "id_field": id_field, "text_field": text_field, "on_error": on_error.value}
    progress = bytes_progress("cmi")

    def tracked(documents):
        task = progress.add_task("cmi", total=total or None)
        for document in documents:
            yield document
            progress.update(task, completed=stats.bytes)

    started = time.perf_counter()
    try:
        with progress, atomic_file(out, "wb") as handle:
            documents = read_documents(paths, read_options(id_field, text_field, on_error), stats)
            totals = write_cmi_jsonl(tracked(documents), handle, summary=summary, isbn_records=isbn_records)
    except PermissionError as error:
        raise ShelfcheckError(f"{out}: cannot write ({error.strerror})") from error
    elapsed = max(time.perf_counter() - started, 1e-9)
    write_meta(out, "cmi", parameters, documents=totals.documents, skipped=stats.skipped)

    table = Table(title=f"shelfcheck cmi → {out}")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("documents", str(totals.documents))
    table.add_row("skipped", str(stats.skipped))
    for kind in KINDS:
        table.add_row(f"findings: {kind}", str(totals.findings.get(kind, 0)))
    if summary:
        for state in ("present", "missing", "n/a"):
            table.add_row(f"front matter {state}", str(totals.front_matter.get(state, 0)))
    table.add_row("MB/s (text, incl. reading)", f"{totals.text_bytes / elapsed / 1e6:.1f}")
    console.print(table)
    print_skipped(stats)
