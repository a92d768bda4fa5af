"""The typer application every command module registers on, and the shared console."""

from __future__ import annotations

import typer
from rich.console import Console

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
