"""Open a file as a binary stream, undoing gzip or zstandard compression by its suffix.

Truncated streams must fail loudly (a training corpus cut short is evidence of nothing), so the
zstandard reader is asked to check that the last frame is complete.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path
from typing import BinaryIO

import zstandard

from shelfcheck.errors import InputError


def compression_of(path: Path) -> str | None:
    """``"gz"``, ``"zst"`` or ``None`` from the file name."""
    suffix = path.suffix.lower()
    if suffix == ".gz":
        return "gz"
    if suffix in (".zst", ".zstd"):
        return "zst"
    return None


class _CheckedZstdReader(io.RawIOBase):
    """A zstd stream reader that raises when the input ends inside a frame.

    ``zstandard``'s stream reader returns a short read at a truncated end instead of raising; we
    track frame completion through ``ZstdDecompressionObj.eof`` to tell a clean end from a cut one.
    """

    def __init__(self, raw: BinaryIO, path: Path):
        self._raw = raw
        self._path = path
        self._dctx = zstandard.ZstdDecompressor()
        self._obj = self._dctx.decompressobj()
        self._buffer = b""
        self._consumed = 0
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:  # type: ignore[override]
        while not self._buffer and not self._done:
            chunk = self._raw.read(1 << 20)
            if not chunk:
                if not self._obj.eof:
                    raise InputError(
                        str(self._path), "truncated zstd stream", byte=self._consumed
                    )
                self._done = True
                break
            self._consumed += len(chunk)
            try:
                out = self._obj.decompress(chunk)
                while self._obj.eof and self._obj.unused_data:
                    rest = self._obj.unused_data
                    self._obj = self._dctx.decompressobj()
                    out += self._obj.decompress(rest)
            except zstandard.ZstdError as exc:
                raise InputError(str(self._path), f"corrupt zstd stream ({exc})", byte=self._consumed) from None
            self._buffer = out
        n = min(len(target), len(self._buffer))
        target[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n


def open_binary(path: Path) -> BinaryIO:
    """A buffered binary stream of the file's decompressed bytes."""
    kind = compression_of(path)
    raw = open(path, "rb")  # noqa: SIM115 - the returned stream owns it
    if kind == "gz":
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    if kind == "zst":
        return io.BufferedReader(_CheckedZstdReader(raw, path), buffer_size=1 << 20)  # type: ignore[return-value]
    return raw
