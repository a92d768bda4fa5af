"""JSON lines (plain, gzip or zstandard): one document per line, streamed line by line.

Lines are decoded with orjson (the fastest well-kept JSON parser for Python). A line without the id
field gets ``FILE:LINE`` as its id so every finding still points at a place in the file.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Callable, Iterator

import orjson

from shelfcheck.errors import InputError
from shelfcheck.sources.compressed import STREAM_ERRORS, compression_of, open_binary
from shelfcheck.sources.document import Document, ReadOptions, describe


def id_string(value: object) -> str:
    """A record's id as text: strings as they are, anything else (numbers, booleans) as JSON."""
    return value if isinstance(value, str) else orjson.dumps(value).decode()


def _line_problem(line: bytes, exc: orjson.JSONDecodeError) -> str:
    """Why orjson rejected ``line``; invalid UTF-8 is named as such (orjson's wording misleads)."""
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as bad:
        return f"invalid UTF-8 at byte {bad.start} of the line ({bad.reason})"
    return f"broken JSON ({describe(exc)})"


def decode_line(path: str, number: int, line: bytes, options: ReadOptions) -> Document | None:
    """The document on line ``number`` of ``path`` (None for a blank line); a bad line raises
    :class:`InputError`. Every JSON-lines reader goes through here, so all agree on ids and errors."""
    if number == 1 and line.startswith(codecs.BOM_UTF8):
        line = line[len(codecs.BOM_UTF8):]
    if line.isspace():
        return None
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise InputError(path, _line_problem(line, exc), line=number) from None
    if not isinstance(record, dict):
        raise InputError(path, "JSON line is not an object", line=number)
    text = record.get(options.text_field)
    if not isinstance(text, str):
        problem = "has no" if text is None else f"has a {type(text).__name__} in"
        raise InputError(path, f"record {problem} text field {options.text_field!r}", line=number)
    doc_id = record.get(options.id_field)
    return Document(f"{path}:{number}" if doc_id is None else id_string(doc_id), text)


def read_jsonl(
    path: Path, options: ReadOptions, on_bad: Callable[[InputError], None]
) -> Iterator[Document]:
    """Yield one document per non-empty line; a bad line goes to ``on_bad`` (which may raise)."""
    number = 0
    with open_binary(path) as stream:  # an unopenable file is the caller's OSError
        try:
            for number, line in enumerate(stream, 1):  # noqa: B007 - ``number`` is read after the loop
                try:
                    document = decode_line(str(path), number, line, options)
                except InputError as error:
                    on_bad(error)
                    continue
                if document is not None:
                    yield document
        except STREAM_ERRORS as exc:
            kind = compression_of(path) or "file"
            raise InputError(str(path), f"truncated or corrupt {kind} data ({describe(exc)})", line=number + 1) from None
