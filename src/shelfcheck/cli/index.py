"""`shelfcheck index`: build an index from sources, describe one (`info`), merge several (`merge`).

``shelfcheck index SOURCES... --out DIR`` and the subcommands share one name. Click groups cannot
take positional arguments next to subcommands, so :class:`_IndexGroup` routes: a first argument
that names a subcommand goes there, anything else goes to the hidden ``build`` command.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from typer.core import TyperGroup

from shelfcheck.cli.app import app, console, err_console, print_skipped
from shelfcheck.cli.options import IdFieldOpt, OnErrorChoice, OnErrorOpt, SourcesArg, TextFieldOpt, existing_sources, read_options
from shelfcheck.fingerprint import Params
from shelfcheck.index import Index
from shelfcheck.sources import ReadStats, read_documents

_USAGE = """Build, describe and merge indexes of works (each document is a work; id = document id).

shelfcheck index SOURCES... --out DIR      build an index
shelfcheck index info DIR                  show what is inside
shelfcheck index merge DIR... --out DIR    merge indexes built in parts

Build options (--k, --window, --max-df, --id-field, ...): shelfcheck index build --help
"""


class _IndexGroup(TyperGroup):
    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["build", *args]
        return super().parse_args(ctx, args)


index_app = typer.Typer(cls=_IndexGroup, help=_USAGE, no_args_is_help=True, rich_markup_mode=None)
app.add_typer(index_app, name="index")


def _info_table(index: Index, title: str) -> Table:
    info = index.info()
    table = Table(title=title)
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key in ("works", "chars", "norm_chars", "fingerprints", "fingerprints_dropped", "blocks"):
        table.add_row(key.replace("_", " "), f"{info[key]:,}")
    table.add_row("guarantee: shared span found from", f"{info['guarantees']['threshold_chars']} normalised chars")
    table.add_row("noise floor", f"{info['guarantees']['noise_floor_chars']} normalised chars")
    table.add_row("parameters", " ".join(f"{k}={v}" for k, v in sorted(info["params"].items())))
    table.add_row("boilerplate stoplist", f"{info['stoplist']['hashes']:,} hashes" if info["stoplist"]["applied"] else "not applied")
    table.add_row("format version", str(info["format_version"]))
    table.add_row("shelfcheck version", info["shelfcheck_version"])
    table.add_row("size", f"{info['size_bytes']:,} bytes ({info['bytes_per_char']} per character)")
    return table


@index_app.command("build", hidden=True)
def build(
    sources: list[Path] = SourcesArg,
    out: Path = typer.Option(..., "--out", help="Index folder to write (replaced atomically)."),
    k: int = typer.Option(Params().k, "--k", help="k-gram length (normalised characters)."),
    w: int = typer.Option(Params().w, "--window", help="Winnowing window; T = k + window - 1 is the guaranteed span length."),
    max_df: int = typer.Option(Params().max_df, "--max-df", help="Drop fingerprints found in more works than this (boilerplate)."),
    id_field: str = IdFieldOpt,
    text_field: str = TextFieldOpt,
    on_error: OnErrorChoice = OnErrorOpt,
) -> None:
    """Index SOURCES into DIR: shelfcheck index SOURCES... --out DIR"""
    paths, total = existing_sources(sources)
    stats = ReadStats()
    params = Params(k=k, w=w, max_df=max_df)
    progress = Progress(TextColumn("index"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err_console, transient=True)
    with progress:
        task = progress.add_task("index", total=total or None)
        documents = read_documents(paths, read_options(id_field, text_field, on_error), stats)
        index = Index.build(documents, out, params, on_work=lambda _id, _n: progress.update(task, completed=stats.bytes))
    console.print(_info_table(index, f"shelfcheck index → {out}"))
    print_skipped(stats)


@index_app.command("info")
def info(directory: Path = typer.Argument(..., help="Index folder.")) -> None:
    """Show what an index holds: works, fingerprints, parameters, version, size."""
    console.print(_info_table(Index.open(directory), f"shelfcheck index {directory}"))


@index_app.command("merge")
def merge(
    parts: list[Path] = typer.Argument(..., help="Index folders built with the same parameters."),
    out: Path = typer.Option(..., "--out", help="Merged index folder to write."),
) -> None:
    """Merge indexes built in parts into one."""
    console.print(_info_table(Index.merge(parts, out), f"shelfcheck index merge → {out}"))
