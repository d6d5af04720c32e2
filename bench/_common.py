"""Shared by the bench modules: Django set up from the environment, timing, a p95."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from typing import Any

from bench import Figure


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shiliu.settings")
    import django

    django.setup()


def p95(call: Callable[[], Any], runs: int) -> float:
    """The 95th percentile of `runs` timings of `call`, in milliseconds (after one warm-up)."""
    call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else times[0]


def figure(name: str, value: float, unit: str, baseline: float | None) -> Figure:
    return Figure(name, round(value, 1), unit, None if baseline is None else round(baseline, 1))
