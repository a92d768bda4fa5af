"""`shelfcheck probe`: RESULT.json shape, reproducibility, and one clear line for each bad input."""

from __future__ import annotations

import shutil

import orjson
import pytest

from shelfcheck.cli import main


def run(argv: list[str]) -> int:
    try:
        main(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def probe_args(model, book, out, *extra) -> list[str]:
    return ["probe", str(model), "--book", str(book), "--out", str(out), "--max-passages", "12", "--device", "cpu", *map(str, extra)]


@pytest.mark.slow
def test_result_json_holds_the_issue_fields_and_is_reproducible(tmp_path, random_lm, fixture_books, capsys):
    book = fixture_books / "pg9198_the_complete_angler.txt"
    control = fixture_books / "pg972_the_devils_dictionary.txt"
    out = tmp_path / "RESULT.json"
    assert run(probe_args(random_lm, book, out, "--control", control)) == 0
    assert "verdict:" in capsys.readouterr().out
    result = orjson.loads(out.read_bytes())
    assert {"shelfcheck_version", "model", "book", "parameters", "passages", "verdict", "meaning"} <= set(result)
    assert len(result["model"]["sha256"]) == 64 and len(result["book"]["sha256"]) == 64
    assert result["parameters"]["passage_tokens"] == 128 and result["parameters"]["dtype"]
    text = book.read_text(encoding="utf-8")
    assert len(result["passages"]) == 12
    for passage in result["passages"]:
        assert 0 <= passage["start"] < passage["end"] <= len(text)
        assert {"loglik", "zlib", "lowercase", "min_k_20", "min_k_pp_20"} <= set(passage["scores"])
        assert {"exact_match_tokens", "extractable", "p_z"} <= set(passage["extraction"])
    verdict = result["verdict"]
    assert verdict["claim"] in {"member", "not_shown", "shift_warning"}
    assert {"p_value", "blind_baseline_auc", "explanation"} <= set(verdict)
    assert len(result["controls"][0]["passages"]) == 12

    again = tmp_path / "again.json"
    assert run(probe_args(random_lm, book, again, "--control", control)) == 0
    assert again.read_bytes() == out.read_bytes()


def test_no_controls_gives_no_controls_claim(tmp_path, random_lm, fixture_books):
    out = tmp_path / "r.json"
    assert run(probe_args(random_lm, fixture_books / "pg972_the_devils_dictionary.txt", out, "--max-passages", "2")) == 0
    assert orjson.loads(out.read_bytes())["verdict"]["claim"] == "no_controls"


@pytest.fixture()
def book(fixture_books):
    return fixture_books / "pg972_the_devils_dictionary.txt"


def _fails(argv, capsys, out, message) -> None:
    assert run(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not out.exists()


def test_model_folder_without_weights(tmp_path, random_lm, book, capsys):
    folder = tmp_path / "no_weights"
    shutil.copytree(random_lm, folder)
    (folder / "model.safetensors").unlink()
    out = tmp_path / "r.json"
    _fails(probe_args(folder, book, out), capsys, out, "model folder has no weights")


def test_missing_model_path(tmp_path, book, capsys):
    out = tmp_path / "r.json"
    _fails(probe_args(tmp_path / "nowhere", book, out), capsys, out, "model not found")


def test_reference_with_another_tokenizer(tmp_path, random_lm, book, angler_text, capsys):
    from .conftest import build_random_lm

    other = build_random_lm(tmp_path / "other", angler_text[:50_000], vocab_size=300)
    out = tmp_path / "r.json"
    _fails(probe_args(random_lm, book, out, "--reference", other), capsys, out, "tokenizer differs")


def test_book_shorter_than_one_passage(tmp_path, random_lm, capsys):
    short = tmp_path / "short.txt"
    short.write_text("Angling is somewhat like poetry: men are to be born so.\n", encoding="utf-8")
    out = tmp_path / "r.json"
    _fails(probe_args(random_lm, short, out), capsys, out, "shorter than one passage of 128 tokens")


def test_empty_control(tmp_path, random_lm, book, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    out = tmp_path / "r.json"
    assert run(probe_args(random_lm, book, out, "--control", empty)) == 2
    err = capsys.readouterr().err
    assert "empty" in err and "control" in err and not out.exists()


def test_passages_longer_than_the_model_reads(tmp_path, random_lm, book, capsys):
    out = tmp_path / "r.json"
    _fails(probe_args(random_lm, book, out, "--passage-tokens", "300"), capsys, out, "the model reads at most 256 tokens")


def test_unavailable_device(tmp_path, random_lm, book, capsys):
    out = tmp_path / "r.json"
    argv = probe_args(random_lm, book, out)
    argv[argv.index("--device") + 1] = "tpu"
    _fails(argv, capsys, out, "device 'tpu' is not available here")
