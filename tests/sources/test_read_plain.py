"""Plain text, folders and paths: ids, exact text, ordering and the errors for bad paths."""

from __future__ import annotations

import errno
import os

import pytest

from shelfcheck.errors import InputError
from shelfcheck.sources import ReadOptions, ReadStats, expand_paths, read_documents
from source_samples import BAD_INPUTS, bad_folder, error_line_matches


def test_real_books_read_byte_exact(fixture_books):
    books = sorted(fixture_books.glob("*.txt"))
    stats = ReadStats()
    documents = list(read_documents(books, stats=stats))
    assert [d.id for d in documents] == [b.stem for b in books]
    for document, book in zip(documents, books):
        assert document.text == book.read_bytes().decode("utf-8-sig")
    assert stats.files == stats.documents == len(books) == 5
    assert stats.characters == sum(len(d.text) for d in documents)
    assert stats.bytes == sum(b.stat().st_size for b in books)
    assert "The Devil's Dictionary" in next(d.text for d in documents if d.id.startswith("pg972"))


def test_bom_dropped_and_crlf_kept(tmp_path):
    path = tmp_path / "notes.md"
    path.write_bytes(b"\xef\xbb\xbfTitle\r\nline two\rline three\n")
    [document] = read_documents([path])
    assert document.id == "notes"
    assert document.text == "Title\r\nline two\rline three\n"
    assert document.text.index("line two") == 7  # code-point offsets into the text as read


def test_id_is_the_stem(tmp_path):
    path = tmp_path / "my.book.v2.txt"
    path.write_text("x", encoding="utf-8")
    assert [d.id for d in read_documents([path])] == ["my.book.v2"]


def test_folders_recursive_sorted_known_types_no_hidden(tmp_path):
    for name in ["b.txt", "a/z.md", "a/b/c.txt", "a-c.txt", "notes.docx", "image.png", ".hidden.txt",
                 ".git/objects/x.txt", "sub/.cache/y.txt", "README"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(name, encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in expand_paths([tmp_path])]
    assert found == ["a/b/c.txt", "a/z.md", "a-c.txt", "b.txt"]
    assert [d.text for d in read_documents([tmp_path])] == found


def test_arguments_keep_their_order(tmp_path):
    (tmp_path / "a.txt").write_text("A", encoding="utf-8")
    (tmp_path / "b.txt").write_text("B", encoding="utf-8")
    docs = read_documents([tmp_path / "b.txt", tmp_path / "a.txt"])
    assert [d.text for d in docs] == ["B", "A"]


def test_unknown_suffix_given_directly(tmp_path):
    path = tmp_path / "book.docx"
    path.write_bytes(b"PK")
    with pytest.raises(InputError, match=r"book\.docx: unknown file type \(known: .*\.txt"):
        list(read_documents([path]))


def test_missing_path_fails_before_reading(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("x", encoding="utf-8")
    documents = read_documents([good, tmp_path / "nope.txt"])
    with pytest.raises(InputError, match=r"nope\.txt: no such file or folder"):
        next(documents)  # the bad path fails before the good file is read


def test_unreadable_file_is_an_input_error(tmp_path, monkeypatch):
    path = tmp_path / "disk.txt"
    path.write_text("x", encoding="utf-8")

    def failing_read(self):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(type(path), "read_bytes", failing_read)
    with pytest.raises(InputError, match=r"disk\.txt: cannot read \(Input/output error\)"):
        list(read_documents([path]))


@pytest.mark.parametrize("bad", BAD_INPUTS, ids=lambda b: b.name)
def test_every_bad_input_fails_with_one_line(tmp_path, bad):
    folder = tmp_path / "in"
    bad_folder(folder, bad)
    with pytest.raises(InputError) as caught:
        list(read_documents([folder]))
    message = str(caught.value)
    assert "\n" not in message
    assert error_line_matches(message, bad, folder), message


@pytest.mark.parametrize("bad", BAD_INPUTS, ids=lambda b: b.name)
def test_every_bad_input_is_skipped_and_counted(tmp_path, bad):
    folder = tmp_path / "in"
    _, good = bad_folder(folder, bad)
    stats = ReadStats()
    documents = list(read_documents([folder], ReadOptions(on_error="skip"), stats))
    assert stats.skipped == 1 and len(stats.errors) == 1
    assert error_line_matches(stats.errors[0], bad, folder)
    ids = [d.id for d in documents]
    assert "good" in ids
    if bad.good_records:
        assert len(ids) == 1 + bad.good_records
    assert stats.documents == len(documents)
