"""`shelfcheck scan` starts numba without scipy's BLAS probe, and nothing else notices."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
from shelfcheck.scan.startup import start_numba_without_blas
start_numba_without_blas()
assert "scipy.linalg" not in sys.modules, "the probe imported scipy.linalg"
from shelfcheck.index import Index
from shelfcheck.scan import scan_text
book = "It was the best of times, it was the worst of times, it was the age of wisdom. " * 30
index = Index.build([("book", book)], sys.argv[1])
matches = scan_text(index, "doc", "Preface. " + book[100:1500])  # the kernels run without BLAS
assert matches and matches[0].work == "book", matches
import scipy.linalg  # and scipy.linalg still imports afterwards
assert scipy.linalg.norm([3.0, 4.0]) == 5.0
print("ok")
"""


def test_numba_starts_without_scipy_linalg_and_nothing_breaks(tmp_path):
    done = subprocess.run([sys.executable, "-c", CHECK, str(tmp_path / "i.idx")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
