"""Dataset inference and the decision rule on synthetic feature matrices (fast, seeded)."""

from __future__ import annotations

import numpy as np
import pytest

from shelfcheck.probe.verdict import MEMBER_ALPHA, MIN_PASSAGES, SHIFT_AUC, dataset_inference, decide

NAMES = ["loglik", "min_k_20", "zlib", "lowercase"]
TRIALS = 200


def same_distribution(seed: int, n: int = 40) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, len(NAMES))), rng.normal(size=(n, len(NAMES)))


def null_p_values(n_splits: int) -> np.ndarray:
    return np.array(
        [dataset_inference(*same_distribution(seed), NAMES, seed=seed, n_splits=n_splits)["p_value"] for seed in range(TRIALS)]
    )


def test_false_positive_rate_single_split_is_at_most_alpha():
    """One split: the held-out t-test is exact when weights are free; the non-negative weights make it
    conservative (often no score helps, all weights are 0 and p = 1)."""
    p = null_p_values(n_splits=1)
    assert (p < 0.05).mean() <= 0.05 + 0.03  # 200 trials: sd of the rate is 0.015
    assert (p < MEMBER_ALPHA).mean() <= MEMBER_ALPHA + 0.015


def test_false_positive_rate_combined_splits_stays_below_alpha():
    """min(1, 2 x median) over splits is conservative: never more false claims than alpha."""
    p = null_p_values(n_splits=5)
    assert (p < 0.05).mean() <= 0.05
    assert (p < MEMBER_ALPHA).mean() <= MEMBER_ALPHA + 0.01


def test_shifted_scores_give_small_p_and_positive_weight():
    rng = np.random.default_rng(1)
    book = rng.normal(size=(60, len(NAMES)))
    book[:, 1] += 1.5  # members have higher min-k% scores
    control = rng.normal(size=(60, len(NAMES)))
    result = dataset_inference(book, control, NAMES, seed=0)
    assert result["p_value"] < MEMBER_ALPHA
    assert result["t_statistic"] > 0
    assert max(result["weights"], key=result["weights"].get) == "min_k_20"
    assert result["feature_auc"]["min_k_20"] > 0.8
    assert 0.3 < result["feature_auc"]["zlib"] < 0.7


def test_lower_book_scores_are_not_membership():
    """Weights are non-negative: a book the model finds *harder* than the controls is no member."""
    rng = np.random.default_rng(2)
    book = rng.normal(size=(60, len(NAMES))) - 1.5
    result = dataset_inference(book, rng.normal(size=(60, len(NAMES))), NAMES, seed=0)
    assert result["p_value"] > 0.5
    assert all(weight >= 0 for weight in result["weights"].values())


def test_deterministic_and_json_ready():
    book, control = same_distribution(3)
    first = dataset_inference(book, control, NAMES, seed=7)
    assert first == dataset_inference(book.copy(), control.copy(), NAMES, seed=7)
    assert first != dataset_inference(book, control, NAMES, seed=8)
    import orjson

    assert orjson.loads(orjson.dumps(first)) == first


def test_too_few_passages_gives_no_p_value_and_a_reason():
    book, control = same_distribution(4, n=MIN_PASSAGES - 1)
    result = dataset_inference(book, control, NAMES)
    assert result["p_value"] is None
    assert "too few passages" in result["reason"]


def test_non_finite_rows_are_dropped_and_counted():
    book, control = same_distribution(5)
    book[0, 2] = np.nan
    control[3, 0] = np.inf
    result = dataset_inference(book, control, NAMES)
    assert (result["n_book"], result["n_control"], result["n_dropped"]) == (39, 39, 2)
    assert result["p_value"] is not None


def test_a_score_missing_everywhere_is_left_out():
    book, control = same_distribution(6)
    book[:, 3] = np.nan
    control[:, 3] = np.nan
    result = dataset_inference(book, control, NAMES)
    assert result["dropped_features"] == ["lowercase"]
    assert result["n_book"] == 40 and set(result["weights"]) == set(NAMES[:3])


def test_constant_features_do_not_crash():
    book, control = np.zeros((20, 2)), np.zeros((20, 2))
    result = dataset_inference(book, control, ["a", "b"])
    assert result["p_value"] == 1.0


def test_shape_mismatch_is_an_error():
    with pytest.raises(ValueError, match="shape"):
        dataset_inference(np.zeros((20, 3)), np.zeros((20, 2)), ["a", "b"])


@pytest.mark.parametrize(
    ("p_value", "blind_auc", "has_controls", "claim"),
    [
        (1e-9, 0.5, False, "no_controls"),
        (1e-9, SHIFT_AUC, True, "shift_warning"),
        (1e-9, 0.95, True, "shift_warning"),
        (None, 0.9, True, "shift_warning"),
        (1e-9, 0.55, True, "member"),
        (MEMBER_ALPHA, 0.55, True, "not_shown"),
        (0.4, 0.5, True, "not_shown"),
        (None, 0.5, True, "not_shown"),
        (1e-9, None, True, "not_shown"),
    ],
)
def test_decide(p_value, blind_auc, has_controls, claim):
    got, explanation = decide(p_value, blind_auc, has_controls)
    assert got == claim
    assert explanation and "\n" not in explanation
    if claim in ("member", "not_shown") and p_value is not None and blind_auc is not None:
        assert f"{p_value:.3g}" in explanation and f"{blind_auc:.2f}" in explanation
