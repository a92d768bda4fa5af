"""The one place the version lives; every output records it."""

__version__ = "0.1.0"
