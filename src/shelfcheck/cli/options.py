"""Options shared by every command that reads sources, so they read the same everywhere."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from shelfcheck.errors import ShelfcheckError
from shelfcheck.sources import ReadOptions, expand_paths


class OnErrorChoice(str, Enum):
    fail = "fail"
    skip = "skip"


SourcesArg = typer.Argument(..., help="Files or folders: txt, md, html, epub, pdf, jsonl(.gz/.zst), json.gz, parquet.", exists=False)
IdFieldOpt = typer.Option("id", "--id-field", help="JSON/Parquet field holding the document id.")
TextFieldOpt = typer.Option("text", "--text-field", help="JSON/Parquet field holding the document text.")
OnErrorOpt = typer.Option(OnErrorChoice.fail, "--on-error", help="fail: stop at the first bad input; skip: log it, skip it, count it.")


def read_options(id_field: str, text_field: str, on_error: OnErrorChoice) -> ReadOptions:
    return ReadOptions(id_field=id_field, text_field=text_field, on_error=on_error.value)


def existing_sources(sources: list[Path]) -> tuple[list[Path], int]:
    """The source paths and their total size; one clear line for a path that does not exist."""
    paths = [Path(s) for s in sources]
    for path in paths:
        if not path.exists():
            raise ShelfcheckError(f"{path}: no such file or folder")
    return paths, sum(p.stat().st_size for p in expand_paths(paths))
