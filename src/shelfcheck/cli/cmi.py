"""Placeholder: `shelfcheck cmi` is written in issue 2 (CMI detector)."""

from shelfcheck.cli.app import app


@app.command()
def cmi() -> None:
    """(not yet written)"""
