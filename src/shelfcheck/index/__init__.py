"""The on-disk index of works: build, open, merge (format in :mod:`shelfcheck.index.format`)."""

from shelfcheck.index.format import FORMAT_VERSION, IndexFormatError
from shelfcheck.index.index import Index

__all__ = ["FORMAT_VERSION", "Index", "IndexFormatError"]
