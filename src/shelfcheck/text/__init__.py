"""Normalisation and the offset map back to the original text."""

from shelfcheck.text.normalize import Normalized, codepoints, fold, normalize

__all__ = ["Normalized", "codepoints", "fold", "normalize"]
