"""The apps depend on each other in one direction only (ARCHITECTURE.md, "Invariants").

The import graph of the `shiliu` package is built with grimp, counting every import an app makes
at run time, at the top of a module or inside a function; imports under `TYPE_CHECKING` (types
only) and the apps' tests and migrations are left out. Django's string references between models
("service_requests.ServiceRequest") and URL names are not imports and are allowed anywhere.
"""

from __future__ import annotations

from functools import cache

import grimp
import pytest

# Which apps each app may import, lowest layer first. Apps in the same row do not import each other.
MAY_IMPORT: dict[str, set[str]] = {
    "core": set(),
    "audit": {"core"},
    "org": {"core"},
    "people": {"core", "audit", "org"},
    "privacy": {"core", "audit", "org", "people"},
    "service_requests": {"core", "audit", "org", "people", "privacy"},
    "cases": {"core", "audit", "org", "people", "privacy", "service_requests"},
    "residence": {"core", "audit", "org", "people", "privacy"},
    "notifications": {"core", "audit", "org", "people", "privacy", "service_requests"},
    "knowledge": {"core", "audit", "org", "people", "privacy", "service_requests"},
    "insights": {"core", "audit", "org", "people", "privacy", "service_requests"},
    "reports": {"core", "audit", "org", "people", "privacy", "service_requests", "cases", "residence",
                "knowledge"},
    "api": {"core", "audit", "org", "people", "privacy", "service_requests", "cases", "residence",
            "knowledge", "insights", "notifications", "reports"},
    "demo": {"core", "audit", "org", "people", "privacy", "service_requests", "cases", "residence", "knowledge",
             "insights", "notifications", "reports", "api"},
}


def _app(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) < 2 or parts[1] not in MAY_IMPORT or {"tests", "migrations"} & set(parts):
        return None
    return parts[1]


@cache
def app_imports() -> dict[tuple[str, str], list[str]]:
    """(importing app, imported app) → "module:line" of each import between two apps."""
    graph = grimp.build_graph("shiliu", exclude_type_checking_imports=True, cache_dir=None)
    edges: dict[tuple[str, str], list[str]] = {}
    for importer in sorted(graph.modules):
        source = _app(importer)
        if source is None:
            continue
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            target = _app(imported)
            if target is None or target == source:
                continue
            lines = graph.get_import_details(importer=importer, imported=imported)
            edges.setdefault((source, target), []).extend(
                f"{importer}:{line['line_number']}" for line in lines)
    return edges


def test_every_app_is_in_the_layer_table() -> None:
    graph = grimp.build_graph("shiliu", exclude_type_checking_imports=True, cache_dir=None)
    apps = {module.split(".")[1] for module in graph.modules if module.count(".") >= 2}
    assert apps <= set(MAY_IMPORT), f"add {sorted(apps - set(MAY_IMPORT))} to MAY_IMPORT and ARCHITECTURE.md"


def test_core_imports_no_other_app() -> None:
    found = {target: where for (source, target), where in app_imports().items() if source == "core"}
    assert not found, f"core imports other apps: {found}"


def test_no_two_apps_import_each_other_even_through_others() -> None:
    edges = app_imports()
    graph: dict[str, set[str]] = {}
    for source, target in edges:
        graph.setdefault(source, set()).add(target)

    def reaches(start: str, goal: str, seen: frozenset[str] = frozenset()) -> list[str] | None:
        for step in sorted(graph.get(start, ())):
            if step == goal:
                return [start, goal]
            if step not in seen:
                rest = reaches(step, goal, seen | {step})
                if rest:
                    return [start, *rest]
        return None

    cycles: dict[frozenset[str], str] = {}
    for source, target in sorted(edges):
        back = reaches(target, source)
        if back and frozenset(back) not in cycles:
            cycles[frozenset(back)] = " → ".join([source, *back]) + f" (first: {edges[(source, target)][0]})"
    assert not cycles, "import cycles between apps:\n" + "\n".join(cycles.values())


@pytest.mark.parametrize("app", sorted(MAY_IMPORT))
def test_an_app_imports_only_the_layers_below_it(app: str) -> None:
    wrong = {target: where for (source, target), where in app_imports().items()
             if source == app and target not in MAY_IMPORT[app]}
    assert not wrong, f"{app} may import only {sorted(MAY_IMPORT[app])}; it imports {wrong}"
