"""Per-passage membership scores. Convention: for every score, **higher = more likely seen in training**.

With ``lp_i`` = log p(x_i | x_<i) over a passage's n scored tokens (natural log):

* ``loglik`` = mean lp_i (the negative loss; Yeom et al., 2018).
* ``zlib`` = Σ lp_i / zlib_bytes(text): log-likelihood per byte of zlib-compressed text. Text that
  is easy for any compressor (repetition) is discounted; a model that predicts *complex* text well
  stands out (Carlini et al., 2021, "zlib entropy" ratio, sign flipped so higher = member).
* ``lowercase`` = loglik(text) − loglik(text.lower()): the model prefers the exact casing it saw
  (Carlini et al., 2021, lowercase ratio, as a log-ratio). Costs a second forward pass.
* ``min_k_K`` = mean of the lowest K % of lp_i (Shi et al., 2024, Min-K% Prob): a member has few
  very surprising tokens. K is in percent; ``min_k_20`` is the default, others form a sweep.
* ``min_k_pp_K`` = the same over Min-K%++ values (lp_i − μ_i)/σ_i, each token's log-probability
  standardised by the mean and spread of log-probabilities over the vocabulary at that position
  (Zhang et al., 2024): a member's tokens sit at local maxima of the model's distribution.
* ``reference`` = loglik_target − loglik_reference (only with a reference model sharing the
  tokenizer): the log of the reference-to-target perplexity ratio, cancelling how predictable
  the text is in general (Carlini et al., 2021; Mireshghallah et al., 2022).

Lowest-K% means are vectorised over passages by padding to a matrix (NaN → +inf sorts last).
"""

from __future__ import annotations

import zlib
from typing import Callable, Sequence

import numpy as np

from shelfcheck.errors import ShelfcheckError
from shelfcheck.probe.forward import TokenStats, token_stats
from shelfcheck.probe.model import LoadedModel
from shelfcheck.probe.passages import Passage

DEFAULT_MIN_K = 0.2
DEFAULT_MIN_K_SWEEP = (0.05, 0.1, 0.2, 0.3, 0.5)

MEANINGS = {
    "loglik": "mean natural-log probability of the passage's tokens (negative loss)",
    "zlib": "sum of token log-probabilities divided by the zlib-compressed size of the text in bytes",
    "lowercase": "mean log-probability of the text minus that of its lowercased version",
    "min_k": "min_k_K: mean of the lowest K% token log-probabilities (Min-K% Prob)",
    "min_k_pp": "min_k_pp_K: mean of the lowest K% token log-probabilities standardised by the mean/std of "
    "log-probabilities over the vocabulary at each position (Min-K%++)",
    "reference": "mean log-probability under the model minus under the reference model",
}


def _ragged(rows: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Pad ragged float rows into a matrix with +inf, return (matrix, finite-count per row)."""
    width = max((len(r) for r in rows), default=0)
    matrix = np.full((len(rows), width), np.inf)
    for i, row in enumerate(rows):
        matrix[i, : len(row)] = row
    matrix[np.isnan(matrix)] = np.inf
    return matrix, np.isfinite(matrix).sum(axis=1)


def lowest_k_mean(rows: Sequence[np.ndarray], k: float) -> np.ndarray:
    """Per row, the mean of its lowest ``ceil(k * n)`` values (NaN ignored; at least one value)."""
    matrix, counts = _ragged(rows)
    ordered = np.sort(matrix, axis=1)
    take = np.maximum(1, np.ceil(k * counts)).astype(int)
    # -inf log-probs (impossible tokens) are legal and must stay in the lowest-k set.
    keep = np.arange(ordered.shape[1])[None, :] < take[:, None]
    with np.errstate(invalid="ignore"):
        return np.where(keep, ordered, 0.0).sum(axis=1) / take


def mean_loglik(rows: Sequence[np.ndarray]) -> np.ndarray:
    return np.array([np.nanmean(r) for r in rows], dtype=np.float64)


def score_name(prefix: str, k: float) -> str:
    return f"{prefix}_{round(k * 100)}"


def scores_from_stats(
    texts: Sequence[str],
    stats: TokenStats,
    lower: TokenStats | None = None,
    reference: TokenStats | None = None,
    min_k_sweep: Sequence[float] = DEFAULT_MIN_K_SWEEP,
) -> dict[str, np.ndarray]:
    """The score table from already-computed token statistics (see the module docstring)."""
    loglik = mean_loglik(stats.logprob)
    sums = np.array([np.nansum(r) for r in stats.logprob])
    zlib_bytes = np.array([len(zlib.compress(t.encode("utf-8"), 9)) for t in texts], dtype=np.float64)
    scores = {"loglik": loglik, "zlib": sums / zlib_bytes}
    for k in sorted(set(min_k_sweep)):
        scores[score_name("min_k", k)] = lowest_k_mean(stats.logprob, k)
        if stats.normalised:
            scores[score_name("min_k_pp", k)] = lowest_k_mean(stats.normalised, k)
    if lower is not None:
        scores["lowercase"] = loglik - mean_loglik(lower.logprob)
    if reference is not None:
        scores["reference"] = loglik - mean_loglik(reference.logprob)
    return dict(sorted(scores.items()))


def check_same_tokenizer(loaded: LoadedModel, reference: LoadedModel) -> None:
    """The reference ratio compares the same token sequence under two models: vocabularies must agree."""
    ours, theirs = loaded.tokenizer.get_vocab(), reference.tokenizer.get_vocab()
    if ours != theirs or loaded.bos_id != reference.bos_id:
        differ = len(set(ours.items()) ^ set(theirs.items()))
        raise ShelfcheckError(
            f"--reference {reference.path}: its tokenizer differs from {loaded.path}'s "
            f"({differ} vocabulary entries differ); the reference ratio needs the same tokenizer"
        )


def lowercase_ids(loaded: LoadedModel, passages: Sequence[Passage]) -> list[list[int]]:
    tok = loaded.tokenizer
    return [tok(p.text.lower(), add_special_tokens=False, verbose=False)["input_ids"] for p in passages]


def scores_and_stats(
    loaded: LoadedModel,
    passages: Sequence[Passage],
    reference: LoadedModel | None = None,
    batch_size: int = 8,
    min_k_sweep: Sequence[float] = DEFAULT_MIN_K_SWEEP,
    lowercase: bool = True,
    top_k: int = 40,
    temperature: float = 1.0,
    progress: Callable[[int], None] | None = None,
) -> tuple[dict[str, np.ndarray], TokenStats]:
    """Scores plus the detailed token statistics of the main pass (which also yield extraction)."""
    if reference is not None:
        check_same_tokenizer(loaded, reference)
    ids = [p.token_ids for p in passages]
    stats = token_stats(loaded, ids, batch_size, True, top_k, temperature, progress=progress)
    lower = token_stats(loaded, lowercase_ids(loaded, passages), batch_size, detailed=False) if lowercase else None
    ref = token_stats(reference, ids, batch_size, detailed=False) if reference is not None else None
    return scores_from_stats([p.text for p in passages], stats, lower, ref, min_k_sweep), stats


def score_passages(
    loaded: LoadedModel, passages: Sequence[Passage], reference: LoadedModel | None = None, batch_size: int = 8, **options
) -> dict[str, np.ndarray]:
    """``{score name: array over passages}``: one forward pass, +1 for lowercase, +1 for the reference.

    ``options`` are those of :func:`scores_and_stats` (``min_k_sweep``, ``lowercase``, ``progress``).
    """
    return scores_and_stats(loaded, passages, reference, batch_size, **options)[0]
