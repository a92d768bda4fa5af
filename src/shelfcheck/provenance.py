"""Every output says how it was made.

A JSON-lines output (``cmi``, ``scan``) holds only the records its schema promises; beside it,
``OUT.meta.json`` records the shelfcheck version, the command and its parameters, so a finding can
be reproduced and checked by someone else. Keys are sorted and nothing depends on the clock, so the
same inputs and parameters give a byte-identical file.
"""

from __future__ import annotations

from pathlib import Path

import orjson

from shelfcheck._version import __version__
from shelfcheck.atomic import atomic_file


def meta_path(out: str | Path) -> Path:
    """Where the provenance of ``out`` is written: ``OUT.meta.json``."""
    return Path(f"{out}.meta.json")


def write_meta(out: str | Path, command: str, parameters: dict, **facts) -> Path:
    """Write ``OUT.meta.json`` (atomically) for the output ``out``; returns its path."""
    record = {"shelfcheck_version": __version__, "command": command, "parameters": parameters, **facts}
    path = meta_path(out)
    with atomic_file(path, "wb") as handle:
        handle.write(orjson.dumps(record, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE))
    return path
