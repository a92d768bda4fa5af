"""Start numba's CPU target without its BLAS probe: a fifth of a ``shelfcheck scan`` start-up.

The first numba kernel a process runs (even one loaded from numba's on-disk cache) initialises
numba's CPU target, and numba 0.6x then checks whether BLAS is available by importing
``scipy.linalg`` (``numba.np.arraymath._check_blas``). With scipy installed, as shelfcheck's other
parts need it, that import alone costs about 0.17 s of CPU — more than all of shelfcheck's own
modules. The scan kernels use no linear algebra, so :func:`start_numba_without_blas` hides
``scipy.linalg`` for just the moment the target initialises (numba then records "no BLAS", which
only matters to numba code calling ``np.dot``/``np.linalg``) and restores it at once, so a later
``import scipy.linalg`` works as usual. It does nothing when ``scipy.linalg`` is already loaded or
the target already started. Only the CLI calls it: it owns its process, a library caller may not
want numba's linear algebra switched off.
"""

from __future__ import annotations

import sys

_HIDDEN = "scipy.linalg"


def start_numba_without_blas() -> None:
    """Initialise numba's CPU target now, skipping its scipy BLAS probe (see the module docstring)."""
    if _HIDDEN in sys.modules:
        return  # already paid for: nothing to save
    from numba.core.registry import cpu_target

    sys.modules[_HIDDEN] = None  # type: ignore[assignment]  # ``import scipy.linalg…`` now raises ImportError
    try:
        cpu_target.target_context.refresh()
    finally:
        del sys.modules[_HIDDEN]
