"""summarize_document (being written)."""
from __future__ import annotations


def summarize_document(text, findings, doc_id=""):
    return {"doc": doc_id, "book_like": False, "front_matter": "n/a", "counts": {}}
