"""Helpers shared by the CMI tests."""

from __future__ import annotations

import pytest

from shelfcheck.cmi import detect_cmi


def _strip_cmi_lines(text: str) -> str:
    """What a corpus builder who strips copyright pages does: drop every line that carries CMI."""
    for _ in range(3):
        findings = detect_cmi(text)
        if not findings:
            break
        doomed = set()
        for f in findings:
            doomed.update(range(text.count("\n", 0, f.start), text.count("\n", 0, f.end) + 1))
        text = "\n".join(line for i, line in enumerate(text.split("\n")) if i not in doomed)
    return text


@pytest.fixture(scope="session")
def strip_cmi_lines():
    return _strip_cmi_lines
