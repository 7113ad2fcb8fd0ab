"""The house's shape, kept: no import cycle between the project's modules, no import hidden in a
function to dodge one (AppConfig.ready(), where Django wants signal handlers connected, is the one
exception), no app importing another app's views, and no module of 450 lines or more."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ("config", "accounts", "cms", "registry", "search", "operations", "engagement", "trips")
MAX_LINES = 450


def modules() -> dict[str, Path]:
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


MODULES = modules()


def targets(module: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The project modules an import statement loads."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            package = module.split(".")
            if MODULES[module].name != "__init__.py":
                package = package[:-1]
            package = package[: len(package) - (node.level - 1)]
            base = ".".join([*package, *([base] if base else [])])
        names = [f"{base}.{alias.name}" for alias in node.names]
    found = []
    for name in names:
        while name and name not in MODULES and "." in name:
            name = name.rsplit(".", 1)[0]
        if name in MODULES and name != module:
            found.append(name)
    return found


def visit(module: str, node: ast.AST, function: str | None, found: dict[str, list[str]]) -> None:
    """Imports under `node`: module-level ones by target, hidden ones as "module:line -> target"."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
            continue
        if isinstance(child, ast.Import | ast.ImportFrom):
            for target in targets(module, child):
                if function is None:
                    found["edges"].append(target)
                elif function != "ready" or not module.endswith(".apps"):
                    found["hidden"].append(f"{module}:{child.lineno} -> {target}")
        inner = (
            child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else function
        )
        visit(module, child, inner, found)


def graph() -> tuple[dict[str, set[str]], list[str]]:
    """Module-level imports of each module; and imports inside functions, outside ready()."""
    edges: dict[str, set[str]] = {}
    hidden: list[str] = []
    for module, path in MODULES.items():
        found: dict[str, list[str]] = {"edges": [], "hidden": []}
        visit(module, ast.parse(path.read_text(encoding="utf-8")), None, found)
        edges[module] = set(found["edges"])
        hidden += found["hidden"]
    return edges, hidden


EDGES, HIDDEN = graph()


def cycles() -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def connect(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in EDGES[module]:
            if target not in index:
                connect(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in EDGES:
        if module not in index:
            connect(module)
    return found


def test_no_import_cycle():
    assert cycles() == []


def test_no_import_hides_in_a_function():
    assert HIDDEN == []


def test_no_app_imports_another_apps_views():
    crossing = [
        f"{module} -> {target}"
        for module, targets_ in EDGES.items()
        for target in targets_
        if module.split(".")[0] != target.split(".")[0]
        and any("views" in part for part in target.split(".")[1:])
        and module != "config.urls"  # the URL root wires every app's views
    ]
    assert crossing == []


def test_every_module_is_under_450_lines():
    paths = [*MODULES.values(), *(ROOT / "tests").rglob("*.py"), *(ROOT / "bench").rglob("*.py")]
    long = {
        str(path.relative_to(ROOT)): lines
        for path in paths
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) >= MAX_LINES
    }
    assert long == {}


def test_the_checks_see_the_project():
    """The checks above would pass on nothing: they see the apps and a known edge."""
    assert len(MODULES) > 100
    assert "registry.models" in EDGES["search.elastic"]
