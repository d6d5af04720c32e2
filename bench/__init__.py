"""Benchmarks (`make bench`): figures measured beside a baseline taken in the same run.

A bench module is any `bench/<name>.py` (not starting with "_") that defines

    def figures() -> list[Figure]: ...

Each `Figure` carries its own baseline, measured by the module in the same run on the same
machine (for the intake: a bare Django view that validates JSON and inserts one row, under the same
server and database). `python -m bench [name ...]` runs the modules (all, or those named), prints
each figure beside its baseline and writes `bench/report.json`: per figure `name`, `value`, `unit`,
`baseline`, `ratio` (value / baseline) and a `note`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    baseline: float | None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if not self.baseline:
            return None
        return round(self.value / self.baseline, 3)

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "value": self.value, "unit": self.unit, "baseline": self.baseline,
                "ratio": self.ratio, "note": self.note}
