"""Category suggestion: macro-F1 by 5-fold cross-validation on the labelled citizen messages and
messages per second on one core, against a character-bigram naive Bayes measured in the same run.

    .venv/bin/python bench/suggest.py [--data ../shared/data/citizen-messages] [--folds 5]

The data is read from the shared folder at run time only; nothing of it enters the repository.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "citizen-messages"

from shiliu.insights.classifier import TextClassifier, macro_f1, pack, text_of  # noqa: E402


def load(path: Path) -> tuple[list[str], list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if (r.get("body") or r.get("title")) and r.get("label")]
    return [text_of(r.get("title", ""), r.get("body", "")) for r in rows], [r["label"] for r in rows]


class BigramBayes:
    """The baseline: character bigrams, multinomial naive Bayes."""

    def fit(self, texts: list[str], labels: list[str]) -> BigramBayes:
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.naive_bayes import MultinomialNB

        self.vectoriser = CountVectorizer(analyzer="char", ngram_range=(2, 2))
        self.model = MultinomialNB(alpha=0.1).fit(self.vectoriser.fit_transform(texts), labels)
        return self

    def labels_for(self, texts: list[str]) -> list[str]:
        return [str(x) for x in self.model.predict(self.vectoriser.transform(texts))]


def _cross_validated(make: Any, predict: Any, texts: list[str], labels: list[str], folds: int) -> dict[str, Any]:
    from sklearn.model_selection import StratifiedKFold

    truth: list[str] = []
    guessed: list[str] = []
    predict_seconds = 0.0
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=0).split(texts, labels):
        model = make().fit([texts[i] for i in train], [labels[i] for i in train])
        batch = [texts[i] for i in test]
        started = time.perf_counter()
        for text in batch:  # one at a time, as intake asks
            guessed.append(predict(model, [text])[0])
        predict_seconds += time.perf_counter() - started
        truth.extend(labels[i] for i in test)
    score, per_label = macro_f1(truth, guessed)
    accuracy = sum(t == g for t, g in zip(truth, guessed, strict=True)) / len(truth)
    return {"macro_f1": score, "per_label": per_label, "accuracy": accuracy,
            "per_second": len(truth) / predict_seconds, "model": model}


def figures(data: Path = DEFAULT_DATA, folds: int = 5) -> list[dict[str, Any]]:
    texts, labels = load(data / "train.csv")
    ours = _cross_validated(TextClassifier, lambda m, t: [s.label for s in m.predict(t)], texts, labels, folds)
    base = _cross_validated(BigramBayes, lambda m, t: m.labels_for(t), texts, labels, folds)
    size_mb = len(pack({"category": ours["model"]})) / 1e6
    return [
        {"name": "suggest.macro_f1", "value": round(ours["macro_f1"], 4), "unit": "macro-F1",
         "baseline": round(base["macro_f1"], 4), "ratio": round(ours["macro_f1"] / base["macro_f1"], 3)},
        {"name": "suggest.accuracy", "value": round(ours["accuracy"], 4), "unit": "accuracy",
         "baseline": round(base["accuracy"], 4), "ratio": round(ours["accuracy"] / base["accuracy"], 3)},
        {"name": "suggest.messages_per_second", "value": round(ours["per_second"], 1), "unit": "messages/s",
         "baseline": round(base["per_second"], 1), "ratio": round(ours["per_second"] / base["per_second"], 3)},
        {"name": "suggest.model_size", "value": round(size_mb, 2), "unit": "MB (compressed)",
         "baseline": 50.0, "ratio": round(size_mb / 50.0, 3)},
    ]


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    for figure in figures(args.data, args.folds):
        print(f"{figure['name']:32} {figure['value']:>10} {figure['unit']:16} "
              f"baseline {figure['baseline']:>10}  ratio {figure['ratio']}")
