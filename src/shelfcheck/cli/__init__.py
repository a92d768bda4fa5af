"""Command line: thin wrappers that parse arguments, call the library and print with rich.

Each command lives in its own module and registers itself on :data:`app`. :func:`main` turns any
:class:`~shelfcheck.errors.ShelfcheckError` into one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import gc
import os
import sys

# Before numpy loads: no command does linear algebra in numpy, whose OpenBLAS thread pool would
# only spin beside the work (measured: 0.1-0.15 CPU-seconds per command, 5-10 % of a 100 MB scan's
# wall time). The model probe's torch keeps its own threads. A value set by the user is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

# The imports below create some hundred thousand objects that live as long as the process; the
# cyclic collector, run meanwhile, would walk them again and again (measured: 0.03 s, a sixth of
# the imports). Collection resumes as soon as they are done.
collecting = gc.isenabled()
gc.disable()
try:
    from shelfcheck.cli.app import app, err_console
    from shelfcheck.errors import ShelfcheckError

    # Importing a command module registers its commands.
    from shelfcheck.cli import catalog, cmi, demo, index, probe, scan, serve  # noqa: F401
finally:
    if collecting:
        gc.enable()


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``shelfcheck`` console script."""
    if argv is None:  # the console script owns its process: what start-up created is never freed,
        gc.freeze()  # so later collections need not walk it (measured: 3-4 % of a 100 MB scan)
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
