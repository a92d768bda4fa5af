"""Builds the compiled kernels at install time; everything else about the package is in pyproject.toml.

``shelfcheck.kernels._compiled`` is the scan's numba kernels compiled ahead of time
(src/shelfcheck/kernels/build.py). It is optional: when it cannot be built, the install goes on and
the same kernels run under numba's JIT (slower to start, same results).
"""

import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class BuildKernels(build_ext):
    """Compile the kernels with numba.pycc instead of compiling C sources."""

    def build_extension(self, ext: Extension) -> None:
        sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))
        target = Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            from shelfcheck.kernels.build import compile_to

            compile_to(target)
        except Exception as exc:  # optional: the JIT runs the same kernels
            print(f"warning: shelfcheck's compiled kernels were not built ({type(exc).__name__}: {exc}); numba's JIT will run them", file=sys.stderr)


setup(
    ext_modules=[Extension("shelfcheck.kernels._compiled", sources=[], optional=True)],
    cmdclass={"build_ext": BuildKernels},
)
