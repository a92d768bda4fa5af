"""``probe_book``: everything ``shelfcheck probe`` does, returning the RESULT.json dict.

Steps: read the book and controls (any source format), cut boilerplate-free passages of equal token
length, one teacher-forced pass per passage (plus lowercase and reference passes) giving all scores
and extraction metrics (:mod:`.forward`), then the dataset-level verdict over book versus control
passages (:mod:`.verdict`, guarded by the text-only :mod:`.blind` baseline).

The result is deterministic for the same model, inputs, parameters, device and dtype: sorted keys,
no timestamps, seeded verdict. Device and dtype are recorded because bf16 and GPU kernels change
the last digits of every score.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Sequence, Union

import numpy as np

from shelfcheck._version import __version__
from shelfcheck.errors import ShelfcheckError
from shelfcheck.probe.extraction import MEANING as EXTRACTION_MEANING
from shelfcheck.probe.extraction import check_lengths, extraction_from_stats, greedy_continuations
from shelfcheck.probe.model import LoadedModel, ensure_loaded
from shelfcheck.probe.passages import Passage, count_tokens, make_passages
from shelfcheck.probe.scores import MEANINGS as SCORE_MEANINGS
from shelfcheck.probe.scores import check_same_tokenizer, scores_and_stats
from shelfcheck.sources import Document, ReadOptions, read_documents

Source = Union[str, os.PathLike, Document]
#: progress(stage, advance, total): called as passages are processed, for progress bars.
Progress = Callable[[str, int, int], None]

KNOWN_ERROR_RATES = {
    "per_passage_scores": (
        "Single-passage membership scores are weak: on members/non-members drawn from the same "
        "distribution (the Pile, MIMIR benchmark) loss, zlib, Min-K% and Min-K%++ reach ROC AUC of "
        "only about 0.5-0.6 (Duan et al., 2024, 'Do membership inference attacks work on large language "
        "models?'). Higher AUCs reported elsewhere mostly came from member/non-member text differing in "
        "date or style, which a text-only classifier also detects (Das et al., 2024, 'Blind baselines "
        "beat membership inference attacks for foundation models'). Never read one passage's score as proof."
    ),
    "extraction": (
        "Exact greedy reproduction of 50 tokens is rare by chance for ordinary prose, so an extractable "
        "passage is strong evidence the text (or a copy of it: quotations, anthologies) was in training. "
        "It has false positives on highly predictable text (lists, counting, boilerplate, the book's own "
        "repeated refrains) and many false negatives: models memorise only a small fraction of what they "
        "saw, mostly text repeated many times in training (Carlini et al., 2023; Cooper et al., 2025)."
    ),
    "verdict": (
        "The dataset-level test (Maini et al., 2024) keeps its false-positive rate below alpha when book "
        "and controls come from the same distribution; with shifted controls it detects the shift, which "
        "is why a blind-baseline AUC >= the threshold turns the claim into shift_warning."
    ),
}


@dataclass(frozen=True)
class ProbeParams:
    """Every parameter that changes a number in RESULT.json (recorded there verbatim)."""

    passage_tokens: int = 128
    prefix_tokens: int = 50
    suffix_tokens: int = 50
    min_k: float = 0.2
    min_k_sweep: tuple[float, ...] = (0.05, 0.1, 0.2, 0.3, 0.5)
    top_k: int = 40
    temperature: float = 1.0
    discover_n: int = 100
    discover_p: float = 0.5
    batch_size: int = 8
    max_passages: int | None = None
    lowercase: bool = True
    continuations: bool = False
    seed: int = 0
    device: str | None = None
    dtype: str | None = None

    @property
    def score_ks(self) -> list[float]:
        """The Min-K% sweep, always including the default k."""
        return sorted(set(self.min_k_sweep) | {self.min_k})


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_sources(source: Source, role: str) -> list[tuple[str, Document]]:
    """``(label, document)`` pairs from a Document, a path (any reader format) or literal text.

    A ``str`` is a path when it names an existing file, else the text itself. The label names the
    file (and the document, when a file holds several) for error messages.
    """
    if isinstance(source, Document):
        return [(f"{role} {source.id}", source)]
    if isinstance(source, os.PathLike) or (isinstance(source, str) and "\n" not in source and os.path.isfile(source)):
        if not Path(source).exists():
            raise ShelfcheckError(f"{source}: {role} file not found")
        docs = list(read_documents([source], ReadOptions()))
        if len(docs) == 1:
            return [(f"{role} {source}", docs[0])]
        return [(f"{role} {source}#{doc.id}", doc) for doc in docs]
    if isinstance(source, str):
        return [(f"{role} text {source[:40]!r}", Document(id=f"{role}-text-{sha256_text(source)[:12]}", text=source))]
    raise ShelfcheckError(f"{role}: expected a path, a text or a Document, got {type(source).__name__}")


def max_positions(loaded: LoadedModel) -> int | None:
    config = loaded.model.config
    return getattr(config, "max_position_embeddings", None) or getattr(config, "n_positions", None)


def _passages_or_fail(label: str, doc: Document, loaded: LoadedModel, params: ProbeParams) -> list[Passage]:
    passages = make_passages(doc.text, loaded.tokenizer, params.passage_tokens, params.max_passages)
    if not passages:
        if not doc.text.strip():
            raise ShelfcheckError(f"{label}: has no text")
        have = count_tokens(doc.text, loaded.tokenizer)
        raise ShelfcheckError(
            f"{label}: has {have} tokens after removing boilerplate, shorter than one passage of "
            f"{params.passage_tokens} tokens (lower --passage-tokens to probe short texts)"
        )
    return passages


def _score_side(
    loaded: LoadedModel,
    reference: LoadedModel | None,
    passages: list[Passage],
    params: ProbeParams,
    stage: str,
    progress: Progress | None,
) -> tuple[dict[str, np.ndarray], list[dict]]:
    """Scores and extraction for one side (book or controls), reporting progress per batch."""

    def tick(n: int) -> None:
        if progress is not None:
            progress(stage, n, len(passages))

    scores, stats = scores_and_stats(
        loaded, passages, reference, params.batch_size, params.score_ks, params.lowercase,
        params.top_k, params.temperature, progress=tick,
    )
    extraction = extraction_from_stats(
        stats, params.prefix_tokens, params.suffix_tokens, params.discover_n, params.discover_p
    )
    return scores, extraction


def _passage_rows(passages: list[Passage], scores: dict[str, np.ndarray], extraction: list[dict]) -> list[dict]:
    return [
        {
            "start": passage.start,
            "end": passage.end,
            "scores": {name: _json_float(values[i]) for name, values in scores.items()},
            "extraction": extraction[i],
        }
        for i, passage in enumerate(passages)
    ]


def _json_float(value: float) -> float | None:
    value = float(value)
    return value if np.isfinite(value) else None


def _verdict(book_scores, control_scores, book_passages, control_passages, seed) -> dict:
    from shelfcheck.probe.blind import blind_baseline_auc
    from shelfcheck.probe.verdict import dataset_inference, decide

    has_controls = bool(control_passages)
    di, blind = None, None
    if has_controls:
        names = sorted(book_scores)
        book_x = np.column_stack([book_scores[n] for n in names])
        control_x = np.column_stack([control_scores[n] for n in names])
        di = dataset_inference(book_x, control_x, names, seed=seed)
        blind = blind_baseline_auc([p.text for p in book_passages], [p.text for p in control_passages], seed=seed)
    p_value = di["p_value"] if di else None
    claim, explanation = decide(p_value, blind, has_controls)
    return {
        "p_value": p_value,
        "blind_baseline_auc": blind,
        "claim": claim,
        "explanation": explanation,
        "dataset_inference": di,
    }


def probe_book(
    model: "LoadedModel | str | os.PathLike",
    book: Source,
    controls: Sequence[Source] = (),
    reference: "LoadedModel | str | os.PathLike | None" = None,
    params: ProbeParams = ProbeParams(),
    progress: Progress | None = None,
) -> dict:
    """Probe ``model`` for ``book`` against ``controls``; returns the RESULT.json dict.

    ``book`` and each control are a path (any source format), a :class:`Document` or literal text.
    A control file may hold several documents (e.g. JSON lines): each is a control text.
    """
    loaded = ensure_loaded(model, params.device, params.dtype)
    ref = ensure_loaded(reference, loaded.device, loaded.dtype) if reference is not None else None
    if ref is not None:
        check_same_tokenizer(loaded, ref)

    book_docs = read_sources(book, "book")
    if len(book_docs) != 1:
        raise ShelfcheckError(f"book {book}: holds {len(book_docs)} documents; give exactly one book")
    book_label, book_doc = book_docs[0]
    control_docs = []
    for source in controls:
        docs = read_sources(source, "control")
        if not docs:
            raise ShelfcheckError(f"control {source}: holds no documents")
        control_docs.extend(docs)

    limit = max_positions(loaded)
    if limit is not None and params.passage_tokens + (loaded.bos_id is not None) > limit:
        raise ShelfcheckError(f"{loaded.path}: the model reads at most {limit} tokens; lower --passage-tokens")
    book_passages = _passages_or_fail(book_label, book_doc, loaded, params)
    check_lengths(book_passages, params.prefix_tokens, params.suffix_tokens)
    control_sets = [(doc, _passages_or_fail(label, doc, loaded, params)) for label, doc in control_docs]
    control_passages = [p for _, ps in control_sets for p in ps]

    book_scores, book_extraction = _score_side(loaded, ref, book_passages, params, "book", progress)
    if params.continuations:
        texts = greedy_continuations(loaded, book_passages, params.prefix_tokens, params.suffix_tokens, params.batch_size)
        for row, text in zip(book_extraction, texts):
            row["continuation"] = text
    control_scores, control_extraction = (
        _score_side(loaded, ref, control_passages, params, "controls", progress) if control_passages else ({}, [])
    )

    control_rows = []
    offset = 0
    for doc, passages in control_sets:
        part = slice(offset, offset + len(passages))
        rows = _passage_rows(passages, {k: v[part] for k, v in control_scores.items()}, control_extraction[part])
        control_rows.append({"id": doc.id, "sha256": sha256_text(doc.text), "passages": rows})
        offset += len(passages)

    parameters = asdict(params) | {"device": loaded.device, "dtype": loaded.dtype}
    parameters["min_k_sweep"] = params.score_ks
    return {
        "shelfcheck_version": __version__,
        "model": {"path": loaded.path, "sha256": loaded.sha256},
        "reference": {"path": ref.path, "sha256": ref.sha256} if ref is not None else None,
        "book": {"id": book_doc.id, "sha256": sha256_text(book_doc.text), "characters": len(book_doc.text)},
        "controls": control_rows,
        "parameters": parameters,
        "passages": _passage_rows(book_passages, book_scores, book_extraction),
        "summary": _summary(book_scores, book_extraction, control_scores, control_extraction, params),
        "verdict": _verdict(book_scores, control_scores, book_passages, control_passages, params.seed),
        "meaning": {
            "scores": SCORE_MEANINGS | {"convention": "for every score, higher = more likely seen in training"},
            "extraction": EXTRACTION_MEANING,
            "offsets": "passage start/end are character (code-point) offsets into the book text",
            "known_error_rates": KNOWN_ERROR_RATES,
        },
    }


def _summary(book_scores, book_extraction, control_scores, control_extraction, params: ProbeParams) -> dict:
    """Headline numbers for book and controls side by side."""

    def side(scores, extraction):
        if not extraction:
            return None
        exact = np.array([e["exact_match_tokens"] for e in extraction])
        return {
            "passages": len(extraction),
            "extractable": int(sum(e["extractable"] for e in extraction)),
            "discoverable": int(sum(e["discoverable"] for e in extraction)),
            "max_exact_match_tokens": int(exact.max()),
            "mean_exact_match_tokens": round(float(exact.mean()), 6),
            "max_p_z": max(e["p_z"] for e in extraction),
            "mean_scores": {name: _json_float(np.nanmean(values)) for name, values in scores.items()},
        }

    return {"book": side(book_scores, book_extraction), "controls": side(control_scores, control_extraction)}


def write_result(result: dict, path: str | os.PathLike) -> None:
    """Write RESULT.json atomically, sorted keys, so equal results are byte-identical files."""
    import orjson

    from shelfcheck.atomic import atomic_file

    with atomic_file(path, "wb") as handle:
        handle.write(orjson.dumps(result, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2 | orjson.OPT_SERIALIZE_NUMPY))
