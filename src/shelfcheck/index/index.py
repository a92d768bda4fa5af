"""The :class:`Index` API: build, open, merge, describe and scan."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Iterator

import numpy as np

from shelfcheck.errors import ShelfcheckError
from shelfcheck.fingerprint import Params
from shelfcheck.index import format as fmt
from shelfcheck.index.build import assemble, assemble_works, write_index
from shelfcheck.index.work import work_arrays


class Index:
    """An index of works, opened read-only from its folder (arrays are memory-mapped).

    >>> index = Index.build(read_documents(["books/"]), "books.idx")   # doctest: +SKIP
    >>> for match in Index.open("books.idx").scan(read_documents(["corpus.jsonl"])):  # doctest: +SKIP
    ...     print(match.doc, match.work, match.matched_chars)
    """

    def __init__(self, path: Path, manifest: dict, arrays: dict[str, np.ndarray]):
        self.path = path
        self.manifest = manifest
        self.arrays = arrays
        self.params = Params.from_dict(manifest["params"])
        self.works: list[dict] = manifest["works"]
        self.work_ids: list[str] = [work["id"] for work in self.works]
        # Lookup table over the sorted hashes: entries with top bits b sit in bucket[b]:bucket[b+1].
        # Derived on open (milliseconds), so it is not part of the format.
        bits = int(min(24, max(8, np.ceil(np.log2(max(2, arrays["fp_hash"].size))))))
        self.bucket_shift = np.uint32(32 - bits)
        edges = np.arange((1 << bits) + 1, dtype=np.uint64) << np.uint64(32 - bits)
        self.bucket = np.searchsorted(arrays["fp_hash"], edges).astype(np.int64)
        # Screen for the scan's fast path: a bitset over [0, largest index hash], 32-64 bits per
        # hash, capped at 512 KiB so it stays in cache. Winnowed hashes are minima of w = 71, so
        # they all lie in the lowest sixth of the range or so: the bound alone rejects ~83 % of a
        # document's k-grams with no memory access, and the bitset spends its bits where the
        # hashes are (measured on the bench corpus: 0.4 % of k-grams pass, screen 17 % faster
        # than a 1 MiB bitset over the top bits, which let 1.1 % pass).
        fp_hash = np.asarray(arrays["fp_hash"])
        bits = int(min(22, max(16, bits + 5)))
        top = int(fp_hash[-1]) if fp_hash.size else 0  # sorted
        scale = (1 << (bits + 32)) // (top + 1)
        marks = np.zeros((1 << bits) + 8, dtype=np.bool_)  # and a byte of zeros past the range
        marks[(fp_hash.astype(np.uint64) * np.uint64(scale)) >> np.uint64(32)] = True
        self.screen = np.packbits(marks, bitorder="little")
        self.screen_range = np.array([top, scale, 1 << bits], dtype=np.uint64)  # bound, scale, a zero bit

    # -- opening and building -------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path) -> Index:
        """Open an index folder; a missing, foreign or corrupt folder raises a one-line error."""
        folder = Path(path)
        manifest = fmt.read_manifest(folder)
        try:
            params = Params.from_dict(manifest["params"])
        except (KeyError, TypeError, ValueError):
            raise fmt.IndexFormatError(f"{folder / fmt.MANIFEST}: parameters missing or invalid; the index is corrupt") from None
        params.validate()
        return cls(folder, manifest, fmt.load_arrays(folder, manifest))

    @classmethod
    def build(
        cls,
        documents: Iterable,
        out: str | Path,
        params: Params | None = None,
        on_work: Callable[[str, int], None] | None = None,
    ) -> Index:
        """Index every document as a work (id = document id) and write the folder atomically.

        ``documents`` yields :class:`~shelfcheck.sources.Document` values (or ``(id, text)``
        pairs); ``on_work(id, chars)`` is called after each, for progress bars.
        """
        params = (params or Params()).validate()
        items = []
        for document in documents:
            doc_id, text = (document.id, document.text) if hasattr(document, "text") else document
            items.append(work_arrays(str(doc_id), text, params))
            if on_work is not None:
                on_work(str(doc_id), len(text))
        if not items:
            raise ShelfcheckError("nothing to index: the sources hold no documents")
        arrays, meta = assemble_works(items, params)
        write_index(Path(out), arrays, meta["works"], meta["counts"], params)
        return cls.open(out)

    @classmethod
    def merge(cls, parts: Iterable[str | Path], out: str | Path) -> Index:
        """Merge indexes built with the same parameters into one (work ids must stay unique)."""
        indexes = [cls.open(part) for part in parts]
        if not indexes:
            raise ShelfcheckError("nothing to merge: give at least one index folder")
        params = indexes[0].params
        for other in indexes[1:]:
            if other.params != params:
                raise ShelfcheckError(f"{other.path}: built with parameters {other.params.to_dict()}, {indexes[0].path} with {params.to_dict()}; indexes with different parameters cannot be merged")
        works = [work for index in indexes for work in index.works]
        ids = [work["id"] for work in works]
        if len(set(ids)) != len(ids):
            duplicate = next(i for i in ids if ids.count(i) > 1)
            raise ShelfcheckError(f"duplicate work id {duplicate!r} in the indexes to merge")
        norm_offsets = np.cumsum([0] + [int(ix.arrays["work_norm"][-1]) for ix in indexes])
        row_offsets = np.cumsum([0] + [int(ix.arrays["work_row"][-1]) for ix in indexes])
        work_norm = np.concatenate([[0]] + [np.asarray(ix.arrays["work_norm"][1:]) + off for ix, off in zip(indexes, norm_offsets)])
        work_row = np.concatenate([[0]] + [np.asarray(ix.arrays["work_row"][1:]) + off for ix, off in zip(indexes, row_offsets)])
        blocks = {
            "work_row": work_row.astype(np.int64),
            **{name: np.concatenate([np.asarray(ix.arrays[name]) for ix in indexes]) for name in ("work_chars", "block_hash", "block_orig", "block_tail")},
        }
        fp_hash = np.concatenate([np.asarray(ix.arrays["fp_hash"]) for ix in indexes])
        fp_pos = np.concatenate([np.asarray(ix.arrays["fp_pos"]).astype(np.int64) + off for ix, off in zip(indexes, norm_offsets)])
        stop = np.unique(np.concatenate([np.asarray(ix.arrays["stop_hash"]) for ix in indexes]))
        arrays, counts = assemble(works, fp_hash, fp_pos, stop, blocks, work_norm.astype(np.int64), params)
        write_index(Path(out), arrays, works, counts, params)
        return cls.open(out)

    # -- using ----------------------------------------------------------------------------
    def info(self) -> dict:
        """What is inside: counts, parameters, guarantees, version and size on disk."""
        size = sum(f.stat().st_size for f in self.path.iterdir() if f.is_file())
        counts = self.manifest["counts"]
        return {
            "path": str(self.path),
            "format_version": self.manifest["format_version"],
            "shelfcheck_version": self.manifest["shelfcheck_version"],
            "params": self.manifest["params"],
            "guarantees": self.manifest["guarantees"],
            "stoplist": {k: v for k, v in self.manifest["stoplist"].items() if k != "sources"},
            **counts,
            "size_bytes": size,
            "bytes_per_char": round(size / max(1, counts["chars"]), 4),
        }

    def scan(self, documents: Iterable, batch_chars: int = 4 << 20) -> Iterator:
        """Yield a :class:`~shelfcheck.scan.Match` for every (document, work) pair sharing text.

        ``documents`` yields :class:`~shelfcheck.sources.Document` values or ``(id, text)`` pairs;
        they are packed into Arrow batches and run through :func:`~shelfcheck.scan.scan_batch`,
        the same function the CLI's process pool runs.
        """
        import pyarrow as pa

        from shelfcheck.scan.batch import scan_batch

        ids: list[str] = []
        texts: list[str] = []
        size = 0

        def flush():
            batch = pa.RecordBatch.from_arrays([pa.array(ids, pa.string()), pa.array(texts, pa.string())], names=["id", "text"])
            return scan_batch(self, batch)

        for document in documents:
            doc_id, text = (document.id, document.text) if hasattr(document, "text") else document
            ids.append(str(doc_id))
            texts.append(text)
            size += len(text)
            if size >= batch_chars:
                yield from flush()
                ids, texts, size = [], [], 0
        if ids:
            yield from flush()

    def __len__(self) -> int:
        return len(self.works)

    def __repr__(self) -> str:
        return f"Index({str(self.path)!r}, works={len(self)})"
