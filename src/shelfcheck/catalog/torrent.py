"""Which books a .torrent carries: list its files and resolve LibGen-style md5 names.

LibGen and Anna's Archive torrents name each file by the md5 of its content (``r_000/…/<md5>``),
so the file list alone tells which catalogue records are inside — without downloading anything.
Bencode is parsed by fastbencode (the C decoder from Breezy).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastbencode import bdecode

from shelfcheck.catalog.model import Record
from shelfcheck.catalog.reader import Catalog
from shelfcheck.errors import InputError

_MD5_NAME = re.compile(r"(?<![0-9a-fA-F])([0-9a-fA-F]{32})(?![0-9a-fA-F])")


@dataclass(frozen=True)
class TorrentFile:
    path: str
    length: int
    md5: str  # from the file name, or ""
    records: list[Record]

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "length": self.length, "md5": self.md5, "records": [r.to_json() for r in self.records]}


def _text(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def torrent_files(path: str | os.PathLike) -> tuple[str, list[tuple[str, int]]]:
    """(torrent name, [(file path, length)]) from a .torrent (single- or multi-file)."""
    path = Path(path)
    try:
        meta = bdecode(path.read_bytes())
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise InputError(str(path), f"not a bencoded .torrent ({exc})") from None
    info = meta.get(b"info") if isinstance(meta, dict) else None
    if not isinstance(info, dict) or b"name" not in info:
        raise InputError(str(path), "not a .torrent: no info dictionary with a name")
    name = _text(info[b"name"])
    if b"files" in info:
        files = [("/".join([name, *(_text(p) for p in f[b"path"])]), int(f.get(b"length", 0))) for f in info[b"files"]]
    else:
        files = [(name, int(info.get(b"length", 0)))]
    return name, files


def resolve_torrent(cat: Catalog, path: str | os.PathLike) -> tuple[str, list[TorrentFile]]:
    """Every file of the torrent with the catalogue records its md5 file name resolves to."""
    name, files = torrent_files(path)
    out = []
    for file_path, length in files:
        found = _MD5_NAME.search(file_path.rsplit("/", 1)[-1])
        md5 = found.group(1).lower() if found else ""
        out.append(TorrentFile(file_path, length, md5, cat.records_for_md5(md5) if md5 else []))
    return name, out
