"""Helpers for command-line tests: run in-process, and kill a run while it writes."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from shelfcheck.cli import main


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    """Run the command line in-process; returns (exit code, stdout, stderr)."""
    try:
        main(args)
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def kill_while_writing(command: list[str], out_dir: Path) -> None:
    """Start ``command``; SIGKILL it once it has opened its temporary output file in ``out_dir``
    (``*.tmp``, or a scan's growing ``*.part``)."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not any(name.endswith((".tmp", ".part")) for name in os.listdir(out_dir)):  # the run has started writing
            assert process.poll() is None, "the run ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        time.sleep(0.3)
        assert process.poll() is None, "the run ended before it could be killed"
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=60) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
