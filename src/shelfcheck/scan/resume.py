"""A scan that can resume: ``OUT.part`` grows unit by unit, ``OUT.part.json`` says how far it got.

A scan of a large corpus runs for hours, so being killed (a reboot, an out-of-memory kill, Ctrl-C)
must not cost the work already done, and must never leave a half-written ``OUT``. The engine
therefore writes matches to ``OUT.part`` and, after each unit of work (a JSON-lines chunk or an
Arrow batch), records in ``OUT.part.json`` how many units are done, how many bytes of ``OUT.part``
they fill and the counts the summary needs; only a finished scan is renamed to ``OUT``. Units are
deterministic (the same files, index and options cut into the same chunks), so ``scan --resume``
truncates ``OUT.part`` to the recorded size, skips the recorded number of units unscanned and
goes on; the result is byte-identical to an uninterrupted scan (tested). The checkpoint names
its inputs by a key over the source files (path, size, modification time), the index manifest,
the read options and the unit sizes: resuming with anything changed is refused.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import orjson

from shelfcheck import __version__
from shelfcheck.errors import ShelfcheckError
from shelfcheck.sources import ReadOptions


def part_paths(out: str | Path) -> tuple[Path, Path]:
    """Where a scan to ``out`` keeps its growing output and its checkpoint."""
    return Path(f"{out}.part"), Path(f"{out}.part.json")


@dataclass(slots=True)
class Checkpoint:
    """How far a scan got: units done, bytes of output they wrote, and the counts only the
    consumer of results knows (what a skipped unit's reader counts is counted again on resume)."""

    key: str
    units: int = 0
    bytes: int = 0
    documents: int = 0  # documents scanned (the summary's)
    pairs: int = 0
    works: Counter = field(default_factory=Counter)
    work_chars: Counter = field(default_factory=Counter)
    chunk_documents: int = 0  # read by JSON-lines chunks (not by the readers' own counting)
    chunk_characters: int = 0
    chunk_skipped: list[str] = field(default_factory=list)  # bad lines the chunks skipped

    def save(self, path: Path) -> None:
        """Replace the checkpoint file. Renamed into place but not fsynced: it guards against a
        killed process (the page cache survives), and an fsync per unit would cost more than the
        unit's scan; after a machine crash the key or size check sends the scan back to the start."""
        record = {name: getattr(self, name) for name in self.__slots__}
        record["works"], record["work_chars"] = dict(self.works), dict(self.work_chars)  # asdict() would mangle a Counter
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(orjson.dumps(record, option=orjson.OPT_SORT_KEYS))
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path, key: str, part: Path) -> Checkpoint:
        """The checkpoint at ``path`` for a scan with ``key``; a foreign or damaged one is refused."""
        try:
            record = orjson.loads(path.read_bytes())
            state = cls(**record)
        except (orjson.JSONDecodeError, TypeError) as exc:
            raise ShelfcheckError(f"{path}: unreadable scan checkpoint ({exc}); run without --resume to start over") from None
        if state.key != key:
            raise ShelfcheckError(f"{path}: left by a scan of other sources, index or options; run without --resume to start over")
        if not part.is_file() or part.stat().st_size < state.bytes:
            raise ShelfcheckError(f"{part}: shorter than its checkpoint says; run without --resume to start over")
        state.works, state.work_chars = Counter(state.works), Counter(state.work_chars)
        return state


def resume_key(files: list[Path], index_path: str | Path, options: ReadOptions, unit_sizes: dict[str, int]) -> str:
    """What a scan's units depend on: each source file (``files``: the sources expanded, path,
    size, modification time), the index manifest, the read options, the unit sizes and the
    shelfcheck version."""
    stamps = [(str(path.resolve()), path.stat().st_size, path.stat().st_mtime_ns) for path in files]
    manifest = hashlib.sha256((Path(index_path) / "manifest.json").read_bytes()).hexdigest()
    record = {"files": stamps, "index": manifest, "options": asdict(options), "units": unit_sizes, "version": __version__}
    return hashlib.sha256(orjson.dumps(record, option=orjson.OPT_SORT_KEYS)).hexdigest()
