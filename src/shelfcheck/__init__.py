"""shelfcheck: is this book inside that AI training corpus, and did that model learn it?

The public API, imported lazily so ``import shelfcheck`` stays fast (no numba, torch or SQLite
until used)::

    from shelfcheck import read_documents, detect_cmi, boilerplate_regions, Index, Catalog
"""

from __future__ import annotations

import importlib
from typing import Any

from shelfcheck._version import __version__

_EXPORTS = {
    # sources
    "Document": "shelfcheck.sources",
    "ReadOptions": "shelfcheck.sources",
    "ReadStats": "shelfcheck.sources",
    "read_documents": "shelfcheck.sources",
    "read_batches": "shelfcheck.sources",
    # errors
    "ShelfcheckError": "shelfcheck.errors",
    "InputError": "shelfcheck.errors",
    # copyright-management information
    "Finding": "shelfcheck.cmi",
    "detect_cmi": "shelfcheck.cmi",
    "boilerplate_regions": "shelfcheck.cmi",
    "summarize_document": "shelfcheck.cmi",
    "Region": "shelfcheck.cmi",
    # normalisation
    "normalize": "shelfcheck.text",
    # index and scan
    "Index": "shelfcheck.index",
    "Match": "shelfcheck.scan",
    # catalogue
    "Catalog": "shelfcheck.catalog",
    "import_files": "shelfcheck.catalog",
    # model probe (torch is imported only when a probe runs)
    "load_model": "shelfcheck.probe",
    "probe_book": "shelfcheck.probe",
    "ProbeParams": "shelfcheck.probe",
    # web
    "create_app": "shelfcheck.web",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'shelfcheck' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
