"""Bibliographic catalogues: import dumps (LibGen, Anna's Archive, Open Library, ONIX, CSV,
Books3 lists) into one SQLite file and search it like a library catalogue.

Public API::

    from shelfcheck.catalog import Catalog, import_files
    report = import_files(["dump.sql"], "catalog.sqlite")
    cat = Catalog.open("catalog.sqlite")
    cat.search("elinor lane").groups
"""

from __future__ import annotations

from shelfcheck.catalog.importers import import_files
from shelfcheck.catalog.model import ImportReport, Record, WorkGroup
from shelfcheck.catalog.reader import Catalog
from shelfcheck.catalog.search import SearchResults

__all__ = ["Catalog", "ImportReport", "Record", "SearchResults", "WorkGroup", "import_files"]
