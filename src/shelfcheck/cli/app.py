"""The typer application every command module registers on, and the shared console."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn, TransferSpeedColumn

app = typer.Typer(
    name="shelfcheck",
    help="Is this book inside that AI training corpus, and did that model learn it?",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Results (tables) go to stdout; progress, warnings and errors to stderr.
console = Console()
err_console = Console(stderr=True)


if TYPE_CHECKING:
    from shelfcheck.sources import ReadStats


def bytes_progress(label: str) -> Progress:
    """The progress bar of a command that streams sources: bytes read, speed, time left (stderr)."""
    return Progress(TextColumn(label), BarColumn(), DownloadColumn(), TransferSpeedColumn(), TimeRemainingColumn(), console=err_console, transient=True)


def print_skipped(stats: ReadStats) -> None:
    """One stderr line per input skipped under ``--on-error skip``."""
    for message in stats.errors:
        err_console.print(f"[yellow]skipped:[/] {message}", highlight=False, soft_wrap=True)
