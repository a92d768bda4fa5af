"""`shelfcheck serve`: placeholder until its issue lands."""

from shelfcheck.cli.app import app  # noqa: F401
