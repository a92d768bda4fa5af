"""Passages, the forward-pass statistics and the per-passage scores, checked against direct formulas."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from shelfcheck.cmi import boilerplate_regions
from shelfcheck.errors import ShelfcheckError
from shelfcheck.probe import make_passages, score_passages
from shelfcheck.probe.forward import token_stats
from shelfcheck.probe.passages import Passage
from shelfcheck.probe.scores import lowest_k_mean


def test_lowest_k_mean_matches_brute_force_on_ragged_rows():
    rng = np.random.default_rng(0)
    rows = [rng.normal(size=n) for n in (5, 17, 128)]
    rows[1][0] = np.nan  # an unscored first token is ignored
    got = lowest_k_mean(rows, 0.2)
    for row, value in zip(rows, got):
        finite = np.sort(row[np.isfinite(row)])
        take = max(1, int(np.ceil(0.2 * len(finite))))
        assert value == pytest.approx(finite[:take].mean())


def test_passages_cover_real_book_text_at_equal_token_length(angler_text, loaded_random_lm):
    tok = loaded_random_lm.tokenizer
    passages = make_passages(angler_text, tok, passage_tokens=128)
    assert len(passages) > 100
    assert all(len(p.token_ids) == 128 for p in passages)
    assert all(angler_text[p.start : p.end] == p.text for p in passages)
    # Offsets are consistent with the token ids: re-tokenising the passage text gives them back.
    same = sum(tuple(tok(p.text, add_special_tokens=False)["input_ids"]) == p.token_ids for p in passages)
    assert same >= 0.95 * len(passages)
    starts = [p.start for p in passages]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(passages, passages[1:]))
    # No passage touches a boilerplate region (the Gutenberg header/footer of this book).
    for region in boilerplate_regions(angler_text):
        assert not any(p.start < region.end and region.start < p.end for p in passages)


def test_max_passages_spreads_through_the_book(angler_text, loaded_random_lm):
    every = make_passages(angler_text, loaded_random_lm.tokenizer, passage_tokens=64)
    some = make_passages(angler_text, loaded_random_lm.tokenizer, passage_tokens=64, max_passages=5)
    assert len(some) == 5 and some[0] == every[0] and some[-1] == every[-1]


def test_text_shorter_than_one_passage_gives_none(loaded_random_lm):
    assert make_passages("A short line.", loaded_random_lm.tokenizer, passage_tokens=128) == []


def _passages(loaded, texts):
    tok = loaded.tokenizer
    return [Passage(0, len(t), t, tuple(tok(t, add_special_tokens=False)["input_ids"])) for t in texts]


def test_token_stats_match_direct_formulas_and_batching(angler_text, loaded_random_lm):
    loaded = loaded_random_lm
    passages = make_passages(angler_text, loaded.tokenizer, passage_tokens=40, max_passages=3)
    ragged = [p.token_ids[: 20 + 7 * i] for i, p in enumerate(passages)]  # padding must not leak
    batched = token_stats(loaded, ragged, batch_size=3, top_k=5, temperature=0.7)
    for i, ids in enumerate(ragged):
        alone = token_stats(loaded, [ids], batch_size=1, top_k=5, temperature=0.7)
        np.testing.assert_allclose(batched.logprob[i], alone.logprob[0], atol=1e-4)
        inputs = torch.tensor([[loaded.bos_id, *ids]])
        with torch.no_grad():
            logits = loaded.model(inputs).logits[0, :-1].double()
        target = torch.tensor(ids)
        lsm = torch.log_softmax(logits, -1)
        lp = lsm[torch.arange(len(ids)), target]
        probs = lsm.exp()
        mu = (probs * lsm).sum(-1)
        sigma = ((probs * (lsm - mu[:, None]) ** 2).sum(-1)).sqrt()
        np.testing.assert_allclose(batched.logprob[i], lp.numpy(), atol=1e-4)
        np.testing.assert_allclose(batched.normalised[i], ((lp - mu) / sigma).numpy(), atol=1e-3)
        np.testing.assert_array_equal(batched.greedy_hit[i], (logits.argmax(-1) == target).numpy())
        scaled = logits / 0.7
        top = scaled.topk(5, -1).values
        inside = scaled[torch.arange(len(ids)), target] >= top[:, -1]
        expected = torch.where(inside, scaled[torch.arange(len(ids)), target] - top.logsumexp(-1), -torch.inf)
        np.testing.assert_allclose(batched.sampled_logprob[i], expected.numpy(), atol=1e-4)


def test_scores_rank_the_models_own_text_above_random_tokens(loaded_random_lm):
    """Sign convention: text the model finds likely (its own greedy output) scores higher."""
    loaded = loaded_random_lm
    prompt = torch.tensor([[loaded.bos_id, *loaded.tokenizer(" The river", add_special_tokens=False)["input_ids"]]])
    with torch.no_grad():
        own = loaded.model.generate(prompt, max_new_tokens=60, do_sample=False, pad_token_id=loaded.pad_id)[0, 1:]
    rng = np.random.default_rng(0)
    random_ids = rng.integers(10, len(loaded.tokenizer), size=len(own))
    decode = loaded.tokenizer.decode
    passages = [
        Passage(0, 1, decode(own), tuple(own.tolist())),
        Passage(0, 1, decode(random_ids), tuple(random_ids.tolist())),
    ]
    scores = score_passages(loaded, passages, reference=loaded)
    for name in ("loglik", "min_k_20", "min_k_pp_20", "min_k_5", "min_k_pp_50"):
        assert scores[name][0] > scores[name][1], name
    np.testing.assert_allclose(scores["reference"], 0.0, atol=1e-6)  # same model, same numbers
    assert {"zlib", "lowercase"} <= set(scores)


def test_reference_with_another_tokenizer_is_refused(tmp_path, angler_text, loaded_random_lm):
    from shelfcheck.probe import load_model

    from .conftest import build_random_lm

    other = load_model(build_random_lm(tmp_path / "other", angler_text[:50_000], vocab_size=300), device="cpu")
    passages = _passages(loaded_random_lm, [angler_text[5000:6000]])
    with pytest.raises(ShelfcheckError, match="tokenizer differs"):
        score_passages(loaded_random_lm, passages, reference=other)
