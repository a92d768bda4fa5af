"""Command line: thin wrappers that parse arguments, call the library and print with rich.

Each command lives in its own module and registers itself on :data:`app`. :func:`main` turns any
:class:`~shelfcheck.errors.ShelfcheckError` into one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import sys

from shelfcheck.cli.app import app, err_console
from shelfcheck.errors import ShelfcheckError

# Importing a command module registers its commands.
from shelfcheck.cli import catalog, cmi, demo, index, probe, scan, serve  # noqa: E402,F401


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``shelfcheck`` console script."""
    try:
        app(args=argv, prog_name="shelfcheck")
    except ShelfcheckError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)


__all__ = ["app", "main"]


@app.command()
def version() -> None:
    """Print the shelfcheck version."""
    from shelfcheck import __version__
    from shelfcheck.cli.app import console

    console.print(__version__)
