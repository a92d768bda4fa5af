"""Ground truth built here: a tiny LM trained from scratch on known passages, then probed.

No model is downloaded. A byte-level BPE tokenizer and a ~1.9 M-parameter GPT-2 are trained on CPU on
the *seen* half of two real books (alternate ~600-character segments of one region of each book); the
other segments of the same region are never trained on, so they are same-distribution non-members,
exactly what good controls look like. A third book is never trained on at all.

Asserted: the seen half versus the unseen half gives p < 0.01 and the claim "member"; the never-seen
book versus its own unseen text gives p > 0.05 and no membership claim; memorised passages are
extractable in the members and none are in the non-members. Per-score AUCs are printed (``-s``).
"""

from __future__ import annotations

import numpy as np
import pytest

from shelfcheck.probe import (
    ProbeParams,
    blind_baseline_auc,
    dataset_inference,
    decide,
    extract,
    load_model,
    make_passages,
    probe_book,
    score_passages,
)
from shelfcheck.probe.tiny import train_tiny_lm, train_tokenizer
from shelfcheck.sources import Document

pytestmark = [pytest.mark.slow, pytest.mark.shared]

MEMBER_BOOKS = ("pg9198_the_complete_angler.txt", "pg16595_charles_dickens_and_music.txt")
NON_MEMBER_BOOK = "pg3261_news_from_nowhere.txt"
REGION_CHARS = 17_000  # ~50 passages of 64 tokens per half per book: enough power, ~1-3 min of training
SEGMENT_CHARS = 600
PARAMS = ProbeParams(passage_tokens=64, prefix_tokens=32, suffix_tokens=32, seed=0, device="cpu", dtype="float32")


def interleaved_halves(text: str, chars: int = REGION_CHARS, start_fraction: float = 0.3) -> tuple[str, str]:
    """Two same-distribution halves of one region of a book: alternate ~600-character segments.

    Contiguous halves would differ in topic (a text-only classifier separates a book's first and second
    halves with AUC 0.7-1.0), alternate segments from one region do not.
    """
    start = text.index(" ", int(len(text) * start_fraction)) + 1
    region = text[start : start + chars]
    segments, cursor = [], 0
    while cursor < len(region):
        cut = region.find(" ", cursor + SEGMENT_CHARS)
        cut = len(region) if cut < 0 else cut
        segments.append(region[cursor:cut].strip())
        cursor = cut + 1
    return "\n\n".join(segments[0::2]), "\n\n".join(segments[1::2])


@pytest.fixture(scope="module")
def experiment(shared_books, tmp_path_factory):
    def read(name):
        return (shared_books / name).read_text(encoding="utf-8")

    halves = {name: interleaved_halves(read(name)) for name in MEMBER_BOOKS}
    # Never trained on, so it costs no training time: twice the text, ~100 passages a side.
    halves[NON_MEMBER_BOOK] = interleaved_halves(read(NON_MEMBER_BOOK), 2 * REGION_CHARS)
    # Tokenizer from all the experiment's text, so tokenisation itself says nothing about membership.
    tokenizer = train_tokenizer([half for pair in halves.values() for half in pair])
    members = {name: make_passages(halves[name][0], tokenizer, PARAMS.passage_tokens) for name in MEMBER_BOOKS}
    losses = []
    folder = train_tiny_lm(
        [p.text for name in MEMBER_BOOKS for p in members[name]],
        tmp_path_factory.mktemp("tiny") / "model",
        tokenizer=tokenizer,
        seed=0,
        on_epoch=lambda epoch, loss: losses.append(loss),
    )
    print(f"\ntiny LM: {sum(len(m) for m in members.values())} member passages, loss by epoch {np.round(losses, 3).tolist()}")
    loaded = load_model(folder, device="cpu", dtype="float32")
    return loaded, halves, members


def scored(loaded, passages):
    scores = score_passages(loaded, passages)
    names = sorted(scores)
    return names, np.column_stack([scores[n] for n in names])


def test_each_member_book_is_detected(experiment):
    loaded, halves, _ = experiment
    for name in MEMBER_BOOKS:
        seen, unseen = halves[name]
        result = probe_book(loaded, Document(id=name, text=seen), controls=[Document(id=f"{name}-unseen", text=unseen)], params=PARAMS)
        verdict = result["verdict"]
        aucs = verdict["dataset_inference"]["feature_auc"]
        print(f"{name}: p={verdict['p_value']:.3g} blind AUC={verdict['blind_baseline_auc']} claim={verdict['claim']} AUC per score={aucs}")
        assert verdict["p_value"] < 0.01
        assert aucs["min_k_20"] > 0.8 and aucs["loglik"] > 0.8
        assert verdict["claim"] in ("member", "shift_warning")  # ~50 passages a side: the blind check is noisy


def test_member_set_claim(experiment):
    """Both books' seen halves (~100 passages) against their unseen halves: the full claim."""
    loaded, halves, members = experiment
    book = [p for name in MEMBER_BOOKS for p in members[name]]
    controls = [p for name in MEMBER_BOOKS for p in make_passages(halves[name][1], loaded.tokenizer, PARAMS.passage_tokens)]
    names, book_x = scored(loaded, book)
    _, control_x = scored(loaded, controls)
    di = dataset_inference(book_x, control_x, names, seed=0)
    blind = blind_baseline_auc([p.text for p in book], [p.text for p in controls], seed=0)
    claim, explanation = decide(di["p_value"], blind, has_controls=True)
    print(f"member set: n={di['n_book']}/{di['n_control']} p={di['p_value']:.3g} blind AUC={blind} claim={claim}")
    assert di["p_value"] < 0.01
    assert blind < 0.6
    assert claim == "member", explanation


def test_non_member_book_is_not_claimed(experiment):
    loaded, halves, _ = experiment
    first, second = halves[NON_MEMBER_BOOK]
    result = probe_book(loaded, Document(id="book", text=first), controls=[Document(id="unseen", text=second)], params=PARAMS)
    verdict = result["verdict"]
    print(f"non-member: p={verdict['p_value']:.3g} blind AUC={verdict['blind_baseline_auc']} claim={verdict['claim']} AUC per score={verdict['dataset_inference']['feature_auc']}")
    assert verdict["p_value"] > 0.05
    assert verdict["claim"] != "member"


def test_extraction_finds_memorised_passages_only_in_members(experiment):
    loaded, halves, members = experiment
    args = dict(prefix_tokens=PARAMS.prefix_tokens, suffix_tokens=PARAMS.suffix_tokens)
    member_rows = extract(loaded, [p for name in MEMBER_BOOKS for p in members[name]], **args)
    unseen = [p for name in (*MEMBER_BOOKS, NON_MEMBER_BOOK) for half in halves[name][1:] for p in make_passages(half, loaded.tokenizer, PARAMS.passage_tokens)]
    never = make_passages(halves[NON_MEMBER_BOOK][0], loaded.tokenizer, PARAMS.passage_tokens)
    unseen_rows = extract(loaded, unseen + never, **args)
    extractable = sum(row["extractable"] for row in member_rows)
    longest = max(row["exact_match_tokens"] for row in unseen_rows)
    print(f"extractable: members {extractable}/{len(member_rows)}, non-members {sum(r['extractable'] for r in unseen_rows)}/{len(unseen_rows)} (longest exact match {longest} tokens)")
    assert extractable >= 0.5 * len(member_rows)
    assert not any(row["extractable"] for row in unseen_rows)
    assert longest < PARAMS.suffix_tokens // 2
