"""No import cycles between the app's packages: each feature can be read, tested and changed knowing only what it
depends on, and no package's import order matters. Every import counts, including those inside functions, since a
function-level import that closes a loop is still a loop (it only hides it from the interpreter at start-up).

The pure engines (``app/analysis/engine``, ``app/surveys/engine``) are their own nodes: they import nothing of the app,
so features on both sides of them may use them."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"
ENGINES = {"analysis", "surveys"}


def node_of(module: str, root: Path = APP) -> str | None:
    """The graph node of ``app.<package>[.engine]...``; None for modules outside the app or at its top level."""
    parts = module.split(".")
    if parts[0] != "app" or len(parts) < 2 or not (root / parts[1]).is_dir():
        return None
    if len(parts) > 2 and parts[2] == "engine" and parts[1] in ENGINES:
        return f"{parts[1]}.engine"
    return parts[1]


def imported_modules(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def package_graph(root: Path = APP) -> dict[str, dict[str, set[str]]]:
    """Package -> the packages it imports -> the files that import them."""
    graph: dict[str, dict[str, set[str]]] = {}
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root.parent).with_suffix("")
        source = node_of(".".join(relative.parts), root) if len(relative.parts) > 2 else None
        if source is None:
            continue
        edges = graph.setdefault(source, {})
        for module in imported_modules(ast.parse(path.read_text(encoding="utf-8"))):
            target = node_of(module, root)
            if target and target != source:
                edges.setdefault(target, set()).add(str(path.relative_to(root.parent)))
    return graph


def reachable(graph: dict[str, dict[str, set[str]]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for target in graph.get(todo.pop(), {}):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def cycles(graph: dict[str, dict[str, set[str]]]) -> list[list[str]]:
    """Groups of packages that each reach the others through imports (strongly connected components of 2 or more)."""
    reach = {node: reachable(graph, node) for node in graph}
    components = {
        frozenset({node} | {other for other in reach[node] if node in reach.get(other, set())}) for node in graph
    }
    return sorted(sorted(component) for component in components if len(component) > 1)


def describe(graph: dict[str, dict[str, set[str]]], component: list[str]) -> str:
    return "; ".join(
        f"{source} -> {target} ({', '.join(sorted(files))})"
        for source in component
        for target, files in sorted(graph.get(source, {}).items())
        if target in component
    )


KNOWN_TO_BREAK = {
    ("analysis", "safeguarding"): "the 'Send to safeguarding' view on an analysed answer (analysis/code_answers.py) "
    "uses the referral service and form, while releasing comments analyses them",
    ("surveys", "reports"): "saving a sent, editable response takes it out of the tallies (surveys/responses.py -> "
    "reports/tallies.unfold) while reports read survey definitions",
}
"""Two imports still close a loop. Each is listed with why it exists; the test fails when one is gone (so the list only
shrinks) and fails on any other loop."""


def test_the_app_packages_import_each_other_without_cycles() -> None:
    graph = package_graph()
    assert {"admin", "analysis", "reports", "surveys", "common", "models"} <= set(graph)
    assert [edge for edge in KNOWN_TO_BREAK if edge[1] not in graph.get(edge[0], {})] == []
    for source, target in KNOWN_TO_BREAK:
        del graph[source][target]
    assert [describe(graph, component) for component in cycles(graph)] == []


def test_the_check_finds_a_cycle_through_a_function_level_import(tmp_path: Path) -> None:
    for package, body in {
        "first": "from app.second import services\n",
        "second": "def later():\n    from app.third.views import page\n",
        "third": "import app.first.models\n",
        "fourth": "from app.first import x\n",
    }.items():
        (tmp_path / "app" / package).mkdir(parents=True)
        (tmp_path / "app" / package / "services.py").write_text(body)
    assert cycles(package_graph(tmp_path / "app")) == [["first", "second", "third"]]
