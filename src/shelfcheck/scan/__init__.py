"""Scanning documents against an index: the pure batch function and the local engine.

Exports are imported on first use, so importing a module of this package (the compiled-kernel
build imports :mod:`shelfcheck.scan.kernel`) does not pull in pyarrow.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {"Match": "shelfcheck.scan.match", "Span": "shelfcheck.scan.match", "scan_batch": "shelfcheck.scan.batch", "scan_text": "shelfcheck.scan.batch"}

__all__ = ["Match", "Span", "scan_batch", "scan_text"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'shelfcheck.scan' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
