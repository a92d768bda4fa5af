"""Errors the user can act on.

Every failure caused by input (a bad file, a corrupt index, a missing model) is raised as a
:class:`ShelfcheckError` whose message is one line naming the file and the problem. The CLI
prints that line and exits non-zero, never a traceback.
"""

from __future__ import annotations


class ShelfcheckError(Exception):
    """An error caused by input or environment, with a message fit for the user."""

    exit_code = 2


class InputError(ShelfcheckError):
    """A source file that cannot be read: names the file and where (line or byte) it broke."""

    def __init__(self, path: str, problem: str, *, line: int | None = None, byte: int | None = None):
        self.path = str(path)
        self.problem = problem
        self.line = line
        self.byte = byte
        where = ""
        if line is not None:
            where = f":{line}"
        elif byte is not None:
            where = f" (byte {byte})"
        super().__init__(f"{self.path}{where}: {problem}")

    def __reduce__(self):
        """Rebuild from the fields (a worker process hands bad lines back to the main one)."""
        return _input_error, (self.path, self.problem, self.line, self.byte)


def _input_error(path: str, problem: str, line: int | None, byte: int | None) -> InputError:
    return InputError(path, problem, line=line, byte=byte)
