"""JSON lines (plain, gzip or zstandard): one document per line.

Lines are decoded with orjson (the fastest well-kept JSON parser for Python). A line without the id
field gets ``FILE:LINE`` as its id so every finding still points at a place in the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

import orjson

from shelfcheck.errors import InputError
from shelfcheck.sources.compressed import open_binary
from shelfcheck.sources.document import Document, ReadOptions


def read_jsonl(
    path: Path, options: ReadOptions, on_bad: Callable[[InputError], None]
) -> Iterator[Document]:
    """Yield one document per non-empty line; a bad line goes to ``on_bad`` (which may raise)."""
    id_field, text_field = options.id_field, options.text_field
    try:
        with open_binary(path) as stream:
            for number, line in enumerate(stream, 1):
                if not line.strip():
                    continue
                try:
                    record = orjson.loads(line)
                except orjson.JSONDecodeError as exc:
                    on_bad(InputError(str(path), f"broken JSON line ({exc})", line=number))
                    continue
                if not isinstance(record, dict):
                    on_bad(InputError(str(path), "JSON line is not an object", line=number))
                    continue
                text = record.get(text_field)
                if not isinstance(text, str):
                    problem = f"no string field {text_field!r}" if text is None else f"field {text_field!r} is not a string"
                    on_bad(InputError(str(path), problem, line=number))
                    continue
                doc_id = record.get(id_field)
                yield Document(f"{path}:{number}" if doc_id is None else str(doc_id), text)
    except (EOFError, OSError) as exc:
        # gzip raises EOFError on a cut stream and BadGzipFile (an OSError) on a corrupt one.
        raise InputError(str(path), f"truncated or corrupt compressed stream ({exc})") from None
