"""Cut a book into fixed-token-length passages with character offsets into the original text.

Why fixed token length: every membership score is an average or a quantile over tokens, and its
spread shrinks with length. Book and control passages of the same token count make scores
comparable, which the dataset-level test relies on.

Why boilerplate is removed first: a Project Gutenberg header or a licence is in countless training
documents, so it would look "memorised" whatever the book. The regions found by
:func:`shelfcheck.cmi.boilerplate_regions` are skipped (they are not deleted from anything: the
offsets still point into the untouched book text), and passages never straddle a removed region.

Offsets come from the fast tokenizer's offset mapping, so ``book_text[p.start:p.end]`` is exactly
the text the tokens cover. The trailing tokens of each kept span that do not fill a passage are
dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from shelfcheck.cmi import boilerplate_regions


@dataclass(frozen=True)
class Passage:
    """``token_ids`` of ``text == book_text[start:end]`` (code-point offsets)."""

    start: int
    end: int
    text: str
    token_ids: tuple[int, ...]


def kept_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of ``text`` outside its boilerplate regions, in order."""
    spans, cursor = [], 0
    for region in boilerplate_regions(text):
        if region.start > cursor:
            spans.append((cursor, region.start))
        cursor = max(cursor, region.end)
    if cursor < len(text):
        spans.append((cursor, len(text)))
    return spans


def count_tokens(text: str, tokenizer) -> int:
    """Tokens left for passages once boilerplate is removed (for error messages)."""
    return sum(
        len(tokenizer(text[a:b], add_special_tokens=False, verbose=False)["input_ids"]) for a, b in kept_spans(text)
    )


def make_passages(
    text: str, tokenizer, passage_tokens: int = 128, max_passages: int | None = None
) -> list[Passage]:
    """Consecutive ``passage_tokens``-token passages of ``text``, boilerplate removed.

    ``max_passages`` keeps that many, evenly spaced through the book (deterministic), so a long
    book can be probed in bounded time without favouring its opening.
    """
    if passage_tokens < 2:
        raise ValueError("passage_tokens must be at least 2")
    passages: list[Passage] = []
    for span_start, span_end in kept_spans(text):
        encoded = tokenizer(
            text[span_start:span_end], add_special_tokens=False, return_offsets_mapping=True, verbose=False
        )
        ids = np.asarray(encoded["input_ids"], dtype=np.int64)
        offsets = np.asarray(encoded["offset_mapping"], dtype=np.int64).reshape(-1, 2)
        n_full = len(ids) // passage_tokens
        if n_full == 0:
            continue
        blocks = ids[: n_full * passage_tokens].reshape(n_full, passage_tokens)
        starts = offsets[0 : n_full * passage_tokens : passage_tokens, 0] + span_start
        ends = offsets[passage_tokens - 1 : n_full * passage_tokens : passage_tokens, 1] + span_start
        passages.extend(
            Passage(int(s), int(e), text[s:e], tuple(block.tolist())) for s, e, block in zip(starts, ends, blocks)
        )
    if max_passages is not None and len(passages) > max_passages:
        keep = np.unique(np.linspace(0, len(passages) - 1, max_passages).round().astype(int))
        passages = [passages[i] for i in keep]
    return passages
