"""`python -m bench [module ...]`: run the bench modules, print the figures, write report.json."""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
import time
from pathlib import Path

from bench import Figure

HERE = Path(__file__).resolve().parent


def modules(wanted: list[str]) -> list[str]:
    found = sorted(m.name for m in pkgutil.iter_modules([str(HERE)]) if not m.name.startswith("_"))
    found = [name for name in found if name not in {"settings", "urls", "views", "models", "apps"}]
    unknown = set(wanted) - set(found)
    if unknown:
        raise SystemExit(f"no bench module named {', '.join(sorted(unknown))} (have: {', '.join(found)})")
    return [name for name in found if not wanted or name in wanted]


def line(figure: Figure) -> str:
    ratio = "" if figure.ratio is None else f"  ratio {figure.ratio:.3f}"
    baseline = "" if figure.baseline is None else f"  baseline {figure.baseline:g} {figure.unit}"
    note = f"  ({figure.note})" if figure.note else ""
    return f"{figure.name:38} {figure.value:g} {figure.unit}{baseline}{ratio}{note}"


def main(argv: list[str]) -> int:
    report: list[dict[str, object]] = []
    for name in modules(argv):
        module = importlib.import_module(f"bench.{name}")
        if not callable(getattr(module, "figures", None)):
            continue
        started = time.monotonic()
        print(f"== bench.{name}", flush=True)
        for figure in module.figures():
            print(line(figure), flush=True)
            report.append({"module": name, **figure.as_dict()})
        print(f"   ({time.monotonic() - started:.0f} s)", flush=True)
    out = HERE / "report.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
