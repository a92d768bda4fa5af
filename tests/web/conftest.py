"""A real catalogue for the web tests, imported from the shared catalogue dump samples."""

from __future__ import annotations

import socket

import pytest

from shelfcheck.catalog import import_files

DUMPS = (
    "libgen_updated.sql",
    "libgen_fiction.sql",
    "openlibrary_ol_base.sql",
    "openlibrary_dump.synthesized.tsv",
    "annas_archive_aarecords.sample.jsonl",
    "annas_archive_aarecords.synthesized.jsonl",
)


@pytest.fixture(scope="session")
def catalog_db(shared_catalogs, tmp_path_factory):
    """catalog.sqlite built by import_files from the real dump samples (plus their synthesized rows)."""
    path = tmp_path_factory.mktemp("web") / "catalog.sqlite"
    report = import_files([shared_catalogs / name for name in DUMPS], path)
    assert report.rows_added > 0
    return path


@pytest.fixture()
def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
