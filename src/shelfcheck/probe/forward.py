"""One batched forward pass per passage, reduced to the per-token numbers every score needs.

All scores (:mod:`.scores`) and the extraction metrics (:mod:`.extraction`) are functions of the
next-token distributions along the true text, so a single teacher-forced pass gives them all:

* ``logprob[i]`` = log p(x_i | x_<i), the true token's log-probability;
* ``normalised[i]`` = (log p(x_i | x_<i) − μ_i) / σ_i with μ_i = E_{z~p(·|x_<i)}[log p(z | x_<i)] and
  σ_i² = Var_{z~p}[log p(z | x_<i)]: the Min-K%++ statistic (Zhang et al., 2024);
* ``greedy_hit[i]`` = argmax p(· | x_<i) == x_i. Greedy decoding from a prefix reproduces the true
  suffix token by token for exactly as long as these hits hold (the decoder's context *is* the true
  text until its first miss), so the exact-match length of a greedy continuation is read from this
  pass without generating;
* ``sampled_logprob[i]`` = log of x_i's probability under top-k sampling with temperature T:
  logits/T restricted to the k largest, renormalised; −inf when x_i is outside the top k.

Arrays are aligned with the passage's tokens. When the tokenizer adds a BOS token it is prepended so
token 0 is predicted too; otherwise token 0 has no context and its entries are NaN / False.
Log-probabilities are computed in fp32 whatever the model's dtype. Rows are reduced one at a time
after each batched forward, bounding memory to one (tokens × vocabulary) matrix per step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from shelfcheck.probe.model import LoadedModel


@dataclass
class TokenStats:
    """Per-sequence arrays (see module docstring); the detailed ones only when asked for."""

    logprob: list[np.ndarray] = field(default_factory=list)
    normalised: list[np.ndarray] = field(default_factory=list)
    greedy_hit: list[np.ndarray] = field(default_factory=list)
    sampled_logprob: list[np.ndarray] = field(default_factory=list)


def _row_stats(logits, targets, detailed: bool, top_k: int, temperature: float) -> dict[str, np.ndarray]:
    """Reduce one sequence's logits [L, V] against its next tokens [L] to per-token arrays."""
    import torch

    logits = logits.float()
    lsm = torch.log_softmax(logits, dim=-1)
    out = {"logprob": lsm.gather(-1, targets[:, None])[:, 0]}
    if detailed:
        probs = lsm.exp()
        mean = (probs * lsm).sum(-1)
        # Two-pass variance: E[x²] − E[x]² cancels catastrophically in fp32 for flat distributions.
        var = (probs * (lsm - mean[:, None]).square()).sum(-1)
        out["normalised"] = (out["logprob"] - mean) / var.clamp_min(1e-12).sqrt()
        out["greedy_hit"] = logits.argmax(-1) == targets
        scaled = logits / temperature
        top = scaled.topk(min(top_k, scaled.shape[-1]), dim=-1).values
        true = scaled.gather(-1, targets[:, None])[:, 0]
        inside = true >= top[:, -1]
        out["sampled_logprob"] = torch.where(inside, true - top.logsumexp(-1), torch.full_like(true, -np.inf))
    return {name: value.cpu().numpy() for name, value in out.items()}


def token_stats(
    loaded: LoadedModel,
    sequences: Sequence[Sequence[int]],
    batch_size: int = 8,
    detailed: bool = True,
    top_k: int = 40,
    temperature: float = 1.0,
    progress: Callable[[int], None] | None = None,
) -> TokenStats:
    """Teacher-forced pass over ``sequences`` (token ids) in batches; ``progress(n)`` after each batch."""
    import torch

    if temperature <= 0:
        raise ValueError("temperature must be positive (greedy decoding is reported separately)")
    bos = loaded.bos_id
    lead = [bos] if bos is not None else []
    device = loaded.model.device
    stats = TokenStats()
    for begin in range(0, len(sequences), batch_size):
        batch = [lead + list(seq) for seq in sequences[begin : begin + batch_size]]
        width = max(len(row) for row in batch)
        ids = torch.full((len(batch), width), loaded.pad_id, dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        for r, row in enumerate(batch):
            ids[r, : len(row)] = torch.tensor(row, dtype=torch.long)
            mask[r, : len(row)] = 1
        ids, mask = ids.to(device), mask.to(device)
        with torch.inference_mode():
            logits = loaded.model(input_ids=ids, attention_mask=mask).logits
            for r, row in enumerate(batch):
                n = len(row)
                row_stats = _row_stats(logits[r, : n - 1], ids[r, 1:n], detailed, top_k, temperature)
                for name, values in row_stats.items():
                    if not lead:  # token 0 had no context
                        pad = np.array([False if values.dtype == bool else np.nan], dtype=values.dtype)
                        values = np.concatenate([pad, values])
                    getattr(stats, name).append(values)
        if progress is not None:
            progress(len(batch))
    return stats
