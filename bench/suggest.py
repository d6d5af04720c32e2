"""Category suggestion: macro-F1 by 5-fold cross-validation on the labelled citizen messages and
messages per second on one core, against a character-bigram naive Bayes measured in the same run;
then the F1 of each label and how the confidence reads (the share of suggestions at 0.5 and 0.6,
and how many of those were right: the numbers of `classifier.MARGIN_SCALE`'s comment).

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
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "citizen-messages"

from bench import Figure  # noqa: E402
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

    def predict(self, texts: list[str]) -> list[tuple[str, float]]:
        odds = self.model.predict_proba(self.vectoriser.transform(texts))
        return [(str(self.model.classes_[row.argmax()]), float(row.max())) for row in odds]


def _cross_validated(make: Any, predict: Any, texts: list[str], labels: list[str], folds: int) -> dict[str, Any]:
    from sklearn.model_selection import StratifiedKFold

    truth: list[str] = []
    guessed: list[str] = []
    confidences: list[float] = []
    predict_seconds = 0.0
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=0).split(texts, labels):
        model = make().fit([texts[i] for i in train], [labels[i] for i in train])
        batch = [texts[i] for i in test]
        started = time.perf_counter()
        for text in batch:  # one at a time, as intake asks
            label, confidence = predict(model, [text])[0]
            guessed.append(label)
            confidences.append(confidence)
        predict_seconds += time.perf_counter() - started
        truth.extend(labels[i] for i in test)
    score, per_label = macro_f1(truth, guessed)
    accuracy = sum(t == g for t, g in zip(truth, guessed, strict=True)) / len(truth)
    calibration = {}
    for at in (0.5, 0.6):
        sure = [t == g for t, g, c in zip(truth, guessed, confidences, strict=True) if c >= at]
        calibration[at] = (len(sure) / len(truth), sum(sure) / max(len(sure), 1))
    return {"macro_f1": score, "per_label": per_label, "accuracy": accuracy, "calibration": calibration,
            "per_second": len(truth) / predict_seconds, "model": model}


def _ours(model: TextClassifier, texts: list[str]) -> list[tuple[str, float]]:
    return [(s.label, s.confidence) for s in model.predict(texts)]


def figures(data: Path = DEFAULT_DATA, folds: int = 5) -> list[Figure]:
    return measured(data, folds)[0]


def measured(data: Path = DEFAULT_DATA, folds: int = 5) -> tuple[list[Figure], list[str]]:
    """The headline figures, and the lines of the per-label and confidence tables."""
    texts, labels = load(data / "train.csv")
    ours = _cross_validated(TextClassifier, _ours, texts, labels, folds)
    base = _cross_validated(BigramBayes, BigramBayes.predict, texts, labels, folds)
    size_mb = len(pack({"category": ours["model"]})) / 1e6
    table = [f"{'label':16} {'F1':>7} {'baseline':>9}"]
    table += [f"{label:16} {f1:7.4f} {base['per_label'][label]:9.4f}" for label, f1 in ours["per_label"].items()]
    table += [f"confidence >= {at}: {share:.0%} of suggestions, {right:.1%} of them right"
              for at, (share, right) in ours["calibration"].items()]
    ms = 1000 / ours["per_second"]
    return [
        Figure("suggest.macro_f1", round(ours["macro_f1"], 4), "macro-F1", round(base["macro_f1"], 4)),
        Figure("suggest.accuracy", round(ours["accuracy"], 4), "accuracy", round(base["accuracy"], 4)),
        Figure("suggest.messages_per_second", round(ours["per_second"], 1), "messages/s",
               round(base["per_second"], 1)),
        Figure("suggest.ms_per_message", round(ms, 2), "ms", round(1000 / base["per_second"], 2)),
        Figure("suggest.model_size", round(size_mb, 2), "MB (compressed)", 50.0, "baseline: the 50 MB limit"),
    ], table


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    headline, table = measured(args.data, args.folds)
    for figure in headline:
        print(f"{figure.name:32} {figure.value:>10} {figure.unit:16} "
              f"baseline {figure.baseline:>10}  ratio {figure.ratio}")
    print("\n".join(table))
