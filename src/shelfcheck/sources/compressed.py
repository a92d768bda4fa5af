"""Open a file as a binary stream, undoing gzip or zstandard compression by its suffix.

Truncated streams must fail loudly (a training corpus cut short is evidence of nothing). ``gzip``
already raises ``EOFError`` on a cut stream; the zstandard reader below adds the same guarantee.
Callers catch :data:`STREAM_ERRORS` and turn them into an :class:`~shelfcheck.errors.InputError`
naming the line where the stream broke.
"""

from __future__ import annotations

import gzip
import io
import zlib
from pathlib import Path
from typing import BinaryIO

import zstandard

# Everything a broken compressed stream can raise while being read: gzip's EOFError (truncated),
# BadGzipFile (an OSError: bad header, CRC), zlib.error (corrupt deflate data), ZstdError.
STREAM_ERRORS = (EOFError, OSError, zlib.error, zstandard.ZstdError)


def compression_of(path: Path) -> str | None:
    """``"gzip"``, ``"zstd"`` or ``None`` from the file name."""
    suffix = path.suffix.lower()
    if suffix == ".gz":
        return "gzip"
    if suffix in (".zst", ".zstd"):
        return "zstd"
    return None


class CheckedZstdReader(io.RawIOBase):
    """Decompress every zstd frame of ``raw`` in turn; raise ``EOFError`` if the input ends inside one.

    Hand-written because zstandard (0.25) offers no way to see truncation: ``stream_reader`` returns
    a short read at a cut end, and ``decompressobj(read_across_frames=True)`` never sets ``eof``. So
    we run one ``decompressobj`` per frame and check its ``eof`` when the input runs out.
    """

    def __init__(self, raw: BinaryIO, read_size: int = 1 << 16):
        # ``decompressobj`` has no output limit, so a small input read keeps each output piece
        # small (text compresses 3-5x: 64 KiB in, a few hundred KiB out; measured peak 0.8 MB
        # of Python memory reading 10 MB of JSON lines).
        self._raw = raw
        self._read_size = read_size
        self._dctx = zstandard.ZstdDecompressor()
        self._frame: zstandard.ZstdDecompressionObj | None = None  # None: between frames
        self._pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self._raw.close()
        super().close()

    def readinto(self, target) -> int:  # type: ignore[override]
        while not self._pending:
            chunk = self._raw.read(self._read_size)
            if not chunk:
                if self._frame is not None:
                    raise EOFError("zstd stream ends inside a frame")
                return 0
            self._pending = memoryview(self._decompress(chunk))
        n = min(len(target), len(self._pending))
        target[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n

    def _decompress(self, data: bytes) -> bytes:
        """Feed ``data`` frame by frame; a frame's leftover input starts the next frame."""
        out = []
        while data:
            if self._frame is None:
                self._frame = self._dctx.decompressobj()
            out.append(self._frame.decompress(data))
            if not self._frame.eof:
                break
            data = self._frame.unused_data
            self._frame = None
        return b"".join(out)


def open_binary(path: Path) -> BinaryIO:
    """A buffered binary stream of the file's decompressed bytes."""
    kind = compression_of(path)
    if kind == "gzip":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    raw = open(path, "rb")  # noqa: SIM115 - the returned stream owns and closes it
    if kind == "zstd":
        return io.BufferedReader(CheckedZstdReader(raw), buffer_size=1 << 16)  # type: ignore[return-value]
    return raw
