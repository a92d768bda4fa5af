"""Did that model learn this book? Per-passage membership scores, extraction and a dataset verdict.

The pieces, usable one by one for your own experiments::

    from shelfcheck.probe import load_model, make_passages, score_passages, extract, probe_book

    loaded = load_model("SmolLM2-135M-Instruct.Q4_1.gguf")          # HF folder or GGUF file, offline
    passages = make_passages(book_text, loaded.tokenizer, passage_tokens=128)
    scores = score_passages(loaded, passages)                         # {"loglik": array, "min_k_20": ...}
    extraction = extract(loaded, passages, prefix_tokens=50, suffix_tokens=50)
    result = probe_book(loaded, "book.txt", controls=["fresh.txt"])  # the RESULT.json dict

Imports are lazy so that ``shelfcheck.probe.verdict`` (numpy/scipy only) does not pull in torch.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "LoadedModel": "shelfcheck.probe.model",
    "load_model": "shelfcheck.probe.model",
    "Passage": "shelfcheck.probe.passages",
    "make_passages": "shelfcheck.probe.passages",
    "score_passages": "shelfcheck.probe.scores",
    "extract": "shelfcheck.probe.extraction",
    "ProbeParams": "shelfcheck.probe.run",
    "probe_book": "shelfcheck.probe.run",
    "write_result": "shelfcheck.probe.run",
    "dataset_inference": "shelfcheck.probe.verdict",
    "decide": "shelfcheck.probe.verdict",
    "blind_baseline_auc": "shelfcheck.probe.blind",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'shelfcheck.probe' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
