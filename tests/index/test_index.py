"""The index folder: build, open, info, merge; atomic writes; clear errors for bad folders."""

from __future__ import annotations

import json

import numpy as np
import pytest

from shelfcheck.errors import ShelfcheckError
from shelfcheck.index import Index

BOOKS = ["pg972_the_devils_dictionary", "pg9198_the_complete_angler", "posa_performance_of_open_source_applications"]


@pytest.fixture(scope="module")
def works(fixture_books):
    return {name: (fixture_books / f"{name}.txt").read_text(encoding="utf-8") for name in BOOKS}


@pytest.fixture(scope="module")
def built(works, tmp_path_factory):
    return Index.build(sorted(works.items()), tmp_path_factory.mktemp("idx") / "books.idx")


def test_info_describes_the_index(built, works):
    info = built.info()
    assert info["works"] == 3 and info["chars"] == sum(len(t) for t in works.values())
    assert info["guarantees"] == {"threshold_chars": 100, "noise_floor_chars": 64}
    assert 0 < info["bytes_per_char"] < 0.5
    manifest = json.loads((built.path / "manifest.json").read_text())
    import hashlib

    assert {w["id"]: w["sha256"] for w in manifest["works"]} == {k: hashlib.sha256(v.encode()).hexdigest() for k, v in works.items()}
    assert manifest["shelfcheck_version"] and manifest["params"]["k"] == 30


def test_build_is_reproducible(works, built, tmp_path):
    again = Index.build(sorted(works.items()), tmp_path / "again.idx")
    for name in ("fp_hash", "fp_pos", "block_hash", "block_orig"):
        assert np.array_equal(again.arrays[name], built.arrays[name])
    assert (again.path / "manifest.json").read_bytes() == (built.path / "manifest.json").read_bytes()


def test_merge_equals_building_whole(works, built, tmp_path):
    items = sorted(works.items())
    a = Index.build(items[:1], tmp_path / "a.idx")
    b = Index.build(items[1:], tmp_path / "b.idx")
    merged = Index.merge([a.path, b.path], tmp_path / "merged.idx")
    assert merged.work_ids == built.work_ids
    for name in ("fp_hash", "fp_pos", "work_norm", "work_row", "block_hash", "block_orig", "block_tail", "work_chars"):
        assert np.array_equal(merged.arrays[name], built.arrays[name]), name


def test_merge_refuses_duplicates_and_other_parameters(works, built, tmp_path):
    with pytest.raises(ShelfcheckError, match="duplicate work id"):
        Index.merge([built.path, built.path], tmp_path / "dup.idx")
    from shelfcheck.fingerprint import Params

    other = Index.build([("x", works[BOOKS[0]])], tmp_path / "other.idx", Params(k=25, w=76))
    with pytest.raises(ShelfcheckError, match="different parameters"):
        Index.merge([built.path, other.path], tmp_path / "mixed.idx")
    assert not (tmp_path / "mixed.idx").exists()


def test_crash_while_building_leaves_nothing(works, tmp_path):
    def documents():
        yield "a", works[BOOKS[0]]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        Index.build(documents(), tmp_path / "crash.idx")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda p: (p / "manifest.json").unlink(), "not a shelfcheck index"),
        (lambda p: (p / "manifest.json").write_text("{not json"), "corrupt index manifest"),
        (lambda p: (p / "manifest.json").write_text('{"format": "something-else"}'), "not a shelfcheck index manifest"),
        (lambda p: (p / "fp_hash.npy").write_bytes((p / "fp_hash.npy").read_bytes()[:-100]), "corrupt index array"),
        (lambda p: (p / "block_hash.npy").unlink(), "missing from the index"),
        (lambda p: (p / "fp_pos.npy").write_bytes(b"garbage"), "corrupt index array"),
    ],
)
def test_damaged_index_gives_one_clear_line(built, tmp_path, damage, message):
    import shutil

    copy = tmp_path / "copy.idx"
    shutil.copytree(built.path, copy)
    damage(copy)
    with pytest.raises(ShelfcheckError, match=message) as error:
        Index.open(copy)
    assert "\n" not in str(error.value) and str(copy) in str(error.value)


def test_version_mismatch_and_foreign_folder(built, tmp_path):
    import shutil

    copy = tmp_path / "old.idx"
    shutil.copytree(built.path, copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["format_version"] = 999
    (copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ShelfcheckError, match="rebuild the index"):
        Index.open(copy)
    with pytest.raises(ShelfcheckError, match="no such index folder"):
        Index.open(tmp_path / "nowhere")
    with pytest.raises(ShelfcheckError, match="not a shelfcheck index"):
        Index.open(tmp_path)


def test_shared_licence_never_matches(fixture_books, tmp_path):
    """One indexed book carries a licence; a different book with the same licence does not match it."""
    licence = (fixture_books / "LICENSES" / "CC-BY-SA-4.0.txt").read_text(encoding="utf-8")
    a = (fixture_books / "pg972_the_devils_dictionary.txt").read_text(encoding="utf-8")[20_000:60_000]
    b = (fixture_books / "pg9198_the_complete_angler.txt").read_text(encoding="utf-8")[20_000:60_000]
    index = Index.build([("book-a", licence + "\n\n" + a)], tmp_path / "a.idx")
    assert list(index.scan([("book-b", licence + "\n\n" + b)])) == []
    assert [m.work for m in index.scan([("copy", a[5_000:6_000])])] == ["book-a"]


def test_reverse_direction_finds_corpus_documents(fixture_books, tmp_path):
    """Index a corpus (documents are the works), scan a book: the documents holding it come back."""
    book = (fixture_books / "pg16595_charles_dickens_and_music.txt").read_text(encoding="utf-8")
    other = (fixture_books / "mastering_bitcoin_2e.txt").read_text(encoding="utf-8")
    corpus = [(f"doc{i}", other[i * 5000 : i * 5000 + 3000]) for i in range(20)]
    corpus[3] = ("doc3", "Intro. " + book[50_000:51_000] + " outro.")
    corpus[11] = ("doc11", book[120_000:123_000])
    index = Index.build(corpus, tmp_path / "corpus.idx")
    found = {m.work: m for m in index.scan([("book", book)])}
    assert sorted(found) == ["doc11", "doc3"]
    span = found["doc3"].spans[0]
    # spans snap to the work's block grid: at most 2 blocks (64 normalised chars) lost per edge
    assert 0 <= span.doc_start - 50_000 < 90 and 7 <= span.work_start < 97
