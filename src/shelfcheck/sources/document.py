"""The unit every stage passes along: one document, its id and its text.

Character offsets anywhere in shelfcheck are code-point offsets into ``Document.text`` exactly as
the reader produced it (UTF-8 decoded, BOM dropped, line endings unchanged).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from shelfcheck.errors import InputError

OnError = Literal["fail", "skip"]


@dataclass(frozen=True, slots=True)
class Document:
    """One document: ``id`` unique within its source, ``text`` the decoded text."""

    id: str
    text: str


@dataclass(slots=True)
class ReadOptions:
    """How to read sources: which JSON/Parquet fields hold id and text, and what to do with bad input."""

    id_field: str = "id"
    text_field: str = "text"
    on_error: OnError = "fail"

    def __post_init__(self) -> None:
        if self.on_error not in ("fail", "skip"):
            raise ValueError(f"on_error must be 'fail' or 'skip', not {self.on_error!r}")


@dataclass(slots=True)
class ReadStats:
    """What a read saw: counted so every command can print it in its summary."""

    files: int = 0
    documents: int = 0
    characters: int = 0
    bytes: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)

    def record_error(self, error: InputError) -> None:
        self.skipped += 1
        self.errors.append(str(error))


def describe(exc: BaseException) -> str:
    """A library's exception as one line (``Type: message``), for inside an :class:`InputError`.

    Parsers' messages may span lines; the user must still get exactly one error line.
    """
    message = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
