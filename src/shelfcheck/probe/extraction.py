"""Can the model reproduce the book? Greedy exact match and probabilistic extraction per passage.

Each passage's first ``prefix_tokens`` tokens are the prompt and the next ``suffix_tokens`` tokens
the true suffix z.

* **Greedy (discoverable) extraction** (Carlini et al., 2021/2023): ``exact_match_tokens`` is how many
  suffix tokens greedy decoding reproduces before its first difference; ``extractable`` means all
  of them (k-extractable with k = prefix length). Read from the teacher-forced pass (see
  :mod:`.forward`): greedy decoding follows the true text exactly as long as each true token is the
  argmax, so this equals generating and comparing (up to exact ties between logits). Under greedy
  decoding the suffix's probability is 1 if extractable, else 0.
* **Probabilistic extraction** (Hayes et al., 2024; Cooper et al., 2025): under top-k sampling with
  temperature T, p_z = Π_t p_topk,T(z_t | prefix, z_<t), where p_topk,T is softmax(logits/T)
  restricted to the k most likely tokens and renormalised (0 for a token outside them). It is
  exact, from one forward pass. The suffix is **(n, p)-discoverable** when n independent samples
  would produce it with probability at least p: 1 − (1 − p_z)^n ≥ p.
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

import numpy as np

from shelfcheck.errors import ShelfcheckError
from shelfcheck.probe.forward import TokenStats, token_stats
from shelfcheck.probe.model import LoadedModel
from shelfcheck.probe.passages import Passage

MEANING = {
    "exact_match_tokens": "number of suffix tokens greedy decoding from the prefix reproduces before the first difference",
    "extractable": "greedy decoding reproduces the whole suffix (its probability under greedy decoding is 1, else 0)",
    "p_z": "probability that one top-k/temperature sample from the prefix reproduces the whole true suffix",
    "discoverable": "1-(1-p_z)^n >= p for the parameters discover_n and discover_p",
}


def discovery_probability(p_z: float, n: int) -> float:
    """1 − (1 − p_z)^n, computed stably for tiny p_z."""
    if p_z >= 1.0:
        return 1.0
    return float(-np.expm1(n * np.log1p(-p_z)))


def check_lengths(passages: Sequence[Passage], prefix_tokens: int, suffix_tokens: int) -> None:
    if prefix_tokens < 1 or suffix_tokens < 1:
        raise ShelfcheckError("extraction needs prefix_tokens >= 1 and suffix_tokens >= 1")
    short = [p for p in passages if len(p.token_ids) < prefix_tokens + suffix_tokens]
    if short:
        raise ShelfcheckError(
            f"extraction needs passages of at least prefix + suffix = {prefix_tokens + suffix_tokens} tokens; "
            f"{len(short)} passage(s) have {len(short[0].token_ids)}"
        )


def extraction_from_stats(
    stats: TokenStats,
    prefix_tokens: int = 50,
    suffix_tokens: int = 50,
    discover_n: int = 100,
    discover_p: float = 0.5,
) -> list[dict]:
    """Per-passage extraction dicts from a detailed :func:`token_stats` pass over the passages."""
    window = slice(prefix_tokens, prefix_tokens + suffix_tokens)
    results = []
    for hits, sampled in zip(stats.greedy_hit, stats.sampled_logprob):
        hits = hits[window]
        misses = np.flatnonzero(~hits)
        exact = int(misses[0]) if len(misses) else len(hits)
        log_p_z = float(np.sum(sampled[window]))
        p_z = math.exp(log_p_z) if log_p_z > -math.inf else 0.0
        results.append(
            {
                "exact_match_tokens": exact,
                "extractable": exact == len(hits),
                "p_z": p_z,
                "log10_p_z": log_p_z / math.log(10) if log_p_z > -math.inf else None,
                "discoverable": discovery_probability(p_z, discover_n) >= discover_p,
            }
        )
    return results


def greedy_continuations(
    loaded: LoadedModel, passages: Sequence[Passage], prefix_tokens: int, suffix_tokens: int, batch_size: int = 8
) -> list[str]:
    """The text greedy decoding actually writes after each prefix (for showing people, not scoring).

    Generation may stop early at the model's end-of-text token; the metrics above do not depend on it.
    """
    import torch

    bos = loaded.bos_id
    lead = [bos] if bos is not None else []
    texts = []
    for begin in range(0, len(passages), batch_size):
        prompts = torch.tensor(
            [lead + list(p.token_ids[:prefix_tokens]) for p in passages[begin : begin + batch_size]],
            device=loaded.model.device,
        )
        with torch.inference_mode():
            out = loaded.model.generate(
                prompts,
                attention_mask=torch.ones_like(prompts),
                max_new_tokens=suffix_tokens,
                do_sample=False,
                pad_token_id=loaded.pad_id,
            )
        texts.extend(loaded.tokenizer.batch_decode(out[:, prompts.shape[1] :], skip_special_tokens=True))
    return texts


def extract(
    loaded: LoadedModel,
    passages: Sequence[Passage],
    prefix_tokens: int = 50,
    suffix_tokens: int = 50,
    top_k: int = 40,
    temperature: float = 1.0,
    discover_n: int = 100,
    discover_p: float = 0.5,
    batch_size: int = 8,
    continuation: bool = False,
    progress: Callable[[int], None] | None = None,
) -> list[dict]:
    """Extraction metrics per passage; with ``continuation=True`` also the greedy text and true suffix."""
    check_lengths(passages, prefix_tokens, suffix_tokens)
    ids = [p.token_ids[: prefix_tokens + suffix_tokens] for p in passages]
    stats = token_stats(loaded, ids, batch_size, detailed=True, top_k=top_k, temperature=temperature, progress=progress)
    results = extraction_from_stats(stats, prefix_tokens, suffix_tokens, discover_n, discover_p)
    if continuation:
        decode = loaded.tokenizer.decode
        generated = greedy_continuations(loaded, passages, prefix_tokens, suffix_tokens, batch_size)
        for result, passage, text in zip(results, passages, generated):
            result["prefix"] = decode(passage.token_ids[:prefix_tokens])
            result["true_suffix"] = decode(passage.token_ids[prefix_tokens : prefix_tokens + suffix_tokens])
            result["continuation"] = text
    return results
