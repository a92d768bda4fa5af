"""Blind baseline: can book and controls be told apart *without* the model?

The dataset-level test (:mod:`shelfcheck.probe.verdict`) detects any difference the model sees between
book and controls. If the controls were written twenty years later, or on other topics, the model sees
that too, and the test reports a "difference" that is not memorisation (Duan et al. 2024, Das et al.
2024 showed that many published membership results are explained this way). So before trusting the
model, a classifier that only reads the text — character n-gram TF-IDF and logistic regression — tries
the same task with cross-validation. If it reaches AUC >= 0.6, book and controls are distinguishable by
their text alone and no membership claim is made.

Character n-grams (within word boundaries) catch spelling, punctuation, vocabulary and topic, which is
what dates and styles leave in text; the classifier is deliberately stronger than needed to call a
difference, because a missed shift produces a false accusation while a flagged one only costs a claim.
"""

from __future__ import annotations

import numpy as np

# The same minimum as the dataset-level test, so both report together or neither does.
from shelfcheck.probe.verdict import MIN_PASSAGES


def blind_baseline_auc(book_passages: list[str], control_passages: list[str], seed: int = 0, *, folds: int = 5) -> float | None:
    """Cross-validated AUC of a text-only book-versus-controls classifier (0.5 = indistinguishable).

    The AUC is the mean over stratified ``folds``-fold cross-validation (shuffled with ``seed``) of each
    held-out fold's ROC AUC; per-fold rather than pooled, because scores from different fold models are
    not on one scale and pooling them biases the AUC below 0.5 on indistinguishable data. Returns
    ``None`` when either side has fewer than ``MIN_PASSAGES`` passages. Deterministic for the same
    inputs and seed.

    On same-distribution text the AUC is centred on 0.5 with a spread that shrinks with the passage
    count (measured sd about 0.07 at 60 passages a side, so a small sample can raise a needless shift
    warning; it never causes a false membership claim).
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline

    if len(book_passages) < MIN_PASSAGES or len(control_passages) < MIN_PASSAGES:
        return None
    texts = list(book_passages) + list(control_passages)
    labels = np.concatenate([np.ones(len(book_passages)), np.zeros(len(control_passages))])
    pipeline = make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, min_df=2, max_features=50_000),
        # Weak regularisation: the classifier should find a shift if there is one (see module docstring).
        LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000),
    )
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    fold_aucs = cross_val_score(pipeline, texts, labels, cv=splitter, scoring="roc_auc")
    return round(float(np.mean(fold_aucs)), 6)
