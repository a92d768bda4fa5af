"""Extraction: exact-match length, k-extractability, p_z and (n, p)-discoverability."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from shelfcheck.errors import ShelfcheckError
from shelfcheck.probe import extract, make_passages
from shelfcheck.probe.extraction import discovery_probability, extraction_from_stats, greedy_continuations
from shelfcheck.probe.forward import TokenStats
from shelfcheck.probe.passages import Passage


def test_extraction_from_known_token_statistics():
    hits = np.array([True] * 4 + [True, True, False, True])
    sampled = np.log(np.array([0.5] * 4 + [0.9, 0.8, 0.5, 0.5]))
    stats = TokenStats(greedy_hit=[hits, np.ones(8, bool)], sampled_logprob=[sampled, np.log(np.full(8, 0.99))])
    first, second = extraction_from_stats(stats, prefix_tokens=4, suffix_tokens=4, discover_n=10, discover_p=0.5)
    assert first["exact_match_tokens"] == 2 and not first["extractable"]
    assert first["p_z"] == pytest.approx(0.9 * 0.8 * 0.5 * 0.5)
    assert first["discoverable"]  # 1 - (1 - 0.18)^10 = 0.86
    assert second["exact_match_tokens"] == 4 and second["extractable"]
    assert second["log10_p_z"] == pytest.approx(4 * math.log10(0.99))


def test_token_outside_top_k_makes_p_z_zero():
    stats = TokenStats(greedy_hit=[np.zeros(4, bool)], sampled_logprob=[np.array([0.0, 0.0, -np.inf, -0.1])])
    (row,) = extraction_from_stats(stats, prefix_tokens=2, suffix_tokens=2)
    assert row["p_z"] == 0.0 and row["log10_p_z"] is None and not row["discoverable"]


def test_discovery_probability_is_stable_for_tiny_p():
    assert discovery_probability(1e-20, 10**6) == pytest.approx(1e-14, rel=1e-6)
    assert discovery_probability(0.5, 2) == pytest.approx(0.75)
    assert discovery_probability(1.0, 1) == 1.0


def _own_greedy_passage(loaded, prompt_text: str, length: int) -> Passage:
    """A passage the model writes itself: greedy decoding reproduces it by construction."""
    ids = loaded.tokenizer(prompt_text, add_special_tokens=False)["input_ids"][:10]
    prompt = torch.tensor([[loaded.bos_id, *ids]])
    with torch.no_grad():
        out = loaded.model.generate(prompt, max_new_tokens=length - len(ids), do_sample=False, pad_token_id=loaded.pad_id)
    tokens = tuple(out[0, 1:].tolist())
    return Passage(0, 1, loaded.tokenizer.decode(tokens), tokens)


def test_teacher_forced_exact_match_equals_generation(angler_text, loaded_random_lm):
    loaded = loaded_random_lm
    own = _own_greedy_passage(loaded, "I have laid aside business, and gone a-fishing", 100)
    real = make_passages(angler_text, loaded.tokenizer, passage_tokens=100, max_passages=4)
    passages = [own, *real]
    results = extract(loaded, passages, prefix_tokens=50, suffix_tokens=50)
    assert results[0]["extractable"] and results[0]["exact_match_tokens"] == 50
    assert not any(r["extractable"] for r in results[1:])  # a random model does not know the book
    generated = greedy_continuations(loaded, passages, 50, 50)
    for passage, result, text in zip(passages, results, generated):
        gen_ids = loaded.tokenizer(text, add_special_tokens=False)["input_ids"]
        true = passage.token_ids[50:100]
        agree = next((i for i, (a, b) in enumerate(zip(gen_ids, true)) if a != b), min(len(gen_ids), 50))
        assert result["exact_match_tokens"] == agree


def test_p_z_under_top_1_is_greedy_and_full_vocabulary_is_the_likelihood(angler_text, loaded_random_lm):
    loaded = loaded_random_lm
    own = _own_greedy_passage(loaded, "The Trout is a fish highly valued", 40)
    passages = [own, *make_passages(angler_text, loaded.tokenizer, passage_tokens=40, max_passages=2)]
    top1 = extract(loaded, passages, prefix_tokens=20, suffix_tokens=20, top_k=1)
    assert [r["p_z"] for r in top1] == [1.0 if r["extractable"] else 0.0 for r in top1] == [1.0, 0.0, 0.0]
    full = extract(loaded, passages, prefix_tokens=20, suffix_tokens=20, top_k=len(loaded.tokenizer))
    with torch.no_grad():
        logits = loaded.model(torch.tensor([[loaded.bos_id, *passages[1].token_ids]])).logits[0].double()
    lsm = torch.log_softmax(logits[20:40], -1)
    expected = lsm[torch.arange(20), torch.tensor(passages[1].token_ids[20:40])].sum().item()
    assert full[1]["log10_p_z"] == pytest.approx(expected / math.log(10), abs=1e-3)


def test_continuation_text_is_returned_on_request(loaded_random_lm):
    own = _own_greedy_passage(loaded_random_lm, "Piscator and Venator walk", 30)
    (row,) = extract(loaded_random_lm, [own], prefix_tokens=15, suffix_tokens=15, continuation=True)
    assert row["continuation"] == row["true_suffix"] and own.text.startswith(row["prefix"])


def test_passages_too_short_for_prefix_and_suffix_are_refused(angler_text, loaded_random_lm):
    passages = make_passages(angler_text, loaded_random_lm.tokenizer, passage_tokens=64, max_passages=1)
    with pytest.raises(ShelfcheckError, match="at least prefix \\+ suffix = 100 tokens"):
        extract(loaded_random_lm, passages)
