"""The classifier itself, without Django: characters only (no word segmentation on the way of a
suggestion), and model versions trained before that still load and suggest."""

from __future__ import annotations

from typing import Any

import jieba
import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC

from shiliu.insights.classifier import TextClassifier, _normalised, pack, unpack, words
from shiliu.insights.tests.factories import LEAKS, LIGHTS

TEXTS = LEAKS + LIGHTS
LABELS = ["leak"] * len(LEAKS) + ["light"] * len(LIGHTS)


def test_training_and_suggesting_segment_no_words(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_segmenting(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("jieba was asked to segment")

    monkeypatch.setattr(jieba, "lcut", no_segmenting)
    monkeypatch.setattr(jieba, "cut", no_segmenting)

    model = unpack(pack({"category": TextClassifier().fit(TEXTS, LABELS)}))["category"]
    best = model.predict(["我家楼上漏水，物业不来维修", "路口路灯不亮了"])

    assert [s.label for s in best] == ["leak", "light"]
    assert all(0.5 < s.confidence <= 1 for s in best)


def test_a_version_trained_with_jieba_words_still_loads_and_suggests() -> None:
    old = TextClassifier()
    old.vectoriser = FeatureUnion([
        ("chars", TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True,
                                  preprocessor=_normalised, dtype=np.float32)),
        ("words", TfidfVectorizer(tokenizer=words, token_pattern=None, lowercase=False,
                                  preprocessor=_normalised, ngram_range=(1, 2), sublinear_tf=True,
                                  dtype=np.float32)),
    ])
    old.svm = LinearSVC(C=0.6).fit(old.vectoriser.fit_transform(TEXTS), LABELS)
    old.labels = [str(label) for label in old.svm.classes_]
    del old.weights, old.intercepts, old.alpha  # as in a pickle of before the naive-Bayes weights

    loaded = unpack(pack({"category": old}))["category"]

    assert loaded.predict(["厨房水管漏水"])[0].label == "leak"


def test_one_label_is_not_enough_to_train() -> None:
    with pytest.raises(ValueError, match="two labels"):
        TextClassifier().fit(LEAKS, ["leak"] * len(LEAKS))
