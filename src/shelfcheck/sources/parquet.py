"""Parquet: read in record batches (never the whole file), fields as for JSON lines."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from shelfcheck.errors import InputError
from shelfcheck.sources.document import Document, ReadOptions

BATCH_ROWS = 1024


def read_parquet(
    path: Path, options: ReadOptions, on_bad: Callable[[InputError], None]
) -> Iterator[Document]:
    """Yield one document per row; rows with a null text go to ``on_bad``."""
    try:
        handle = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise InputError(str(path), f"not a readable Parquet file ({exc})") from None
    names = handle.schema_arrow.names
    if options.text_field not in names:
        raise InputError(str(path), f"no column {options.text_field!r} (columns: {', '.join(names)})")
    columns = [options.text_field] + ([options.id_field] if options.id_field in names else [])
    row = 0
    try:
        for batch in handle.iter_batches(batch_size=BATCH_ROWS, columns=columns):
            texts = batch.column(options.text_field).to_pylist()
            ids = batch.column(options.id_field).to_pylist() if options.id_field in names else [None] * len(texts)
            for doc_id, text in zip(ids, texts):
                row += 1
                if not isinstance(text, str):
                    on_bad(InputError(str(path), f"row {row}: field {options.text_field!r} is not a string"))
                    continue
                yield Document(f"{path}:{row}" if doc_id is None else str(doc_id), text)
    except (pa.ArrowException, OSError) as exc:
        raise InputError(str(path), f"corrupt Parquet data after row {row} ({exc})") from None
