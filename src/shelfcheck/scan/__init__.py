"""Scanning documents against an index: the pure batch function and the local engine."""

from shelfcheck.scan.batch import scan_batch, scan_text
from shelfcheck.scan.match import Match, Span

__all__ = ["Match", "Span", "scan_batch", "scan_text"]
