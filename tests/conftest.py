"""Shared fixtures: real books and catalogue samples.

``tests/data`` ships with the repository (a few public-domain and CC BY/BY-SA books), so core tests
always run. The full test set lives in ``../shared/data``; tests that need it use the
``shared_books`` / ``shared_catalogs`` fixtures, which skip locally when it is missing and **fail**
under CI (``CI=true``), so a CI run can never pass by silently skipping them.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TEST_DATA = REPO / "tests" / "data"
SHARED = Path(os.environ.get("SHELFCHECK_SHARED", REPO.parent / "shared"))


def _shared_dir(*parts: str) -> Path:
    path = SHARED.joinpath("data", *parts)
    if not path.is_dir():
        message = f"{path} is missing: the shared test data must sit beside the repository"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def read_manifest(folder: Path) -> dict[str, dict[str, str]]:
    """MANIFEST.tsv rows keyed by file name."""
    with open(folder / "MANIFEST.tsv", newline="", encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle, delimiter="\t")}


@pytest.fixture(scope="session")
def fixture_books() -> Path:
    """The books copied into tests/data (always present)."""
    return TEST_DATA / "books"


@pytest.fixture(scope="session")
def fixture_texts(fixture_books) -> dict[str, str]:
    """The texts of the books in tests/data, by file stem."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(fixture_books.glob("*.txt"))}


@pytest.fixture(scope="session")
def shared_books() -> Path:
    """All real books in ../shared/data/books."""
    return _shared_dir("books")


@pytest.fixture(scope="session")
def shared_catalogs() -> Path:
    """Real catalogue-format samples in ../shared/data/catalogs."""
    return _shared_dir("catalogs")
