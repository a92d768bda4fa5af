"""Compile the kernels ahead of time with numba.pycc (called by ``setup.py`` during ``pip install``).

The same numba functions the JIT runs are compiled, with the signatures of
:data:`~shelfcheck.kernels.exports.EXPORTS`, into one extension module ``_compiled`` that needs
no numba at run time, plus ``source_digest()`` so the runtime can refuse a module built from
other sources. numba.pycc is marked "pending deprecation" (since numba 0.57) yet is still numba's
only ahead-of-time compiler; should it go, the install skips this step and the JIT runs instead.
"""

from __future__ import annotations

import importlib
import warnings
from pathlib import Path

from shelfcheck.kernels.exports import EXPORTS, source_digest


def compile_to(target: Path) -> None:
    """Compile every export into the extension module file ``target`` (its folder must exist)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the pending-deprecation notice, see the module docstring
        from numba.pycc import CC
    cc = CC("_compiled")
    cc.output_dir = str(target.parent)
    cc.output_file = target.name
    cc.target_cpu = "host"
    for name, (module, function, returns, arguments) in EXPORTS.items():
        kernel = getattr(importlib.import_module(module), function)
        cc.export(name, f"{returns}({', '.join(arguments)})")(kernel.py_func)
    digest = source_digest()

    def built_from() -> int:
        return digest

    cc.export("source_digest", "i8()")(built_from)
    cc.compile()
