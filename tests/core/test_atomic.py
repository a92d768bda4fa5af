"""Outputs appear whole or not at all, with ordinary permissions."""

from __future__ import annotations

import os
import stat

import pytest

from shelfcheck.atomic import atomic_dir, atomic_file


def test_atomic_file_leaves_nothing_on_error(tmp_path):
    target = tmp_path / "out.jsonl"
    with pytest.raises(RuntimeError):
        with atomic_file(target) as handle:
            handle.write(b"half")
            raise RuntimeError("crash")
    assert list(tmp_path.iterdir()) == []


def test_atomic_file_replaces_whole_and_is_readable_by_others(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_bytes(b"old")
    previous = os.umask(0o022)
    try:
        with atomic_file(target) as handle:
            handle.write(b"new")
    finally:
        os.umask(previous)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_atomic_dir_keeps_old_folder_on_error_and_swaps_on_success(tmp_path):
    target = tmp_path / "index"
    target.mkdir()
    (target / "a").write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_dir(target) as tmp:
            (tmp / "a").write_text("half")
            raise RuntimeError("crash")
    assert (target / "a").read_text() == "old"
    with atomic_dir(target) as tmp:
        (tmp / "a").write_text("new")
    assert (target / "a").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index"]
