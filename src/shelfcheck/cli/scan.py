"""`shelfcheck scan`: find the indexed works inside SOURCES and write one JSON line per pair."""

from __future__ import annotations

import hashlib
from pathlib import Path

import typer
from rich.table import Table

from shelfcheck.cli.app import app, bytes_progress, console, print_skipped
from shelfcheck.cli.options import existing_sources
from shelfcheck.cli.options import IdFieldOpt, OnErrorChoice, OnErrorOpt, SourcesArg, TextFieldOpt, read_options
from shelfcheck.errors import ShelfcheckError
from shelfcheck.provenance import write_meta
from shelfcheck.index import Index
from shelfcheck.scan.engine import scan_sources


@app.command()
def scan(
    sources: list[Path] = SourcesArg,
    index: Path = typer.Option(..., "--index", help="Index folder built by `shelfcheck index`."),
    out: Path = typer.Option(..., "--out", help="JSON-lines file: one object per (document, work) pair found."),
    workers: int = typer.Option(0, "--workers", help="Worker processes (0 = all cores)."),
    top: int = typer.Option(10, "--top", help="Works to list in the summary."),
    id_field: str = IdFieldOpt,
    text_field: str = TextFieldOpt,
    on_error: OnErrorChoice = OnErrorOpt,
    catalog: Path | None = typer.Option(None, "--catalog", help="Catalogue to name matched works by their id, md5 or ISBNs (adds a \"catalog\" list to each match)."),
    resume: bool = typer.Option(False, "--resume", help="Go on from an interrupted scan of the same sources, index and options (OUT.part and its checkpoint OUT.part.json)."),
) -> None:
    """Scan SOURCES for passages of the indexed works (spans verified, offsets in code points)."""
    paths, total = existing_sources(sources)
    if workers < 0:
        raise ShelfcheckError(f"--workers must be 0 (all cores) or more, not {workers}")
    opened = Index.open(index)
    cat = None
    if catalog is not None:
        from shelfcheck.catalog import Catalog

        cat = Catalog.open(catalog)  # fail before the scan, not after it
    progress = bytes_progress("scan")
    with progress:
        task = progress.add_task("scan", total=total or None)
        summary, stats = scan_sources(
            paths, index, out, read_options(id_field, text_field, on_error), workers or None,
            on_batch=lambda _result, read: progress.update(task, completed=read.bytes), index=opened, resume=resume,
        )  # fmt: skip
    if cat is not None:
        from shelfcheck.catalog.annotate import annotate_matches

        annotate_matches(out, opened.works, cat)
    write_meta(
        out, "scan",
        {
            "catalog": str(catalog) if catalog else None,
            "index": str(index),
            "params": opened.params.to_dict(),
            "sources": [str(p) for p in paths],
            "id_field": id_field,
            "text_field": text_field,
            "on_error": on_error.value,
        },
        index_manifest_sha256=hashlib.sha256((index / "manifest.json").read_bytes()).hexdigest(),
        documents=summary.documents,
        pairs=summary.pairs,
    )  # fmt: skip

    table = Table(title=f"shelfcheck scan → {out}")
    table.add_column("measure")
    table.add_column("value", justify="right")
    if resume:
        table.add_row("resumed after units", f"{summary.resumed_units:,}" if summary.resumed_units else "none (nothing to resume: scanned from the start)")
    table.add_row("documents scanned", f"{summary.documents:,}")
    table.add_row("skipped (bad input)", f"{stats.skipped:,}")
    table.add_row("characters", f"{summary.characters:,}")
    table.add_row("MB read", f"{summary.bytes / 1e6:,.1f}")
    table.add_row("seconds", f"{summary.seconds:,.2f}")
    table.add_row("MB/s", f"{summary.mb_per_s:,.1f}")
    table.add_row("(document, work) pairs found", f"{summary.pairs:,}")
    console.print(table)
    if summary.works:
        works = Table(title="top works")
        works.add_column("work")
        works.add_column("documents", justify="right")
        works.add_column("matched characters", justify="right")
        for work, count in sorted(summary.works.items(), key=lambda kv: (-summary.work_chars[kv[0]], kv[0]))[:top]:
            works.add_row(work, f"{count:,}", f"{summary.work_chars[work]:,}")
        console.print(works)
    print_skipped(stats)
