"""The apps' dependencies run one way, with no import circles (docs/architecture.md).

alerts -> forms -> consultation -> documents -> home (alerts use the forms' anti-spam rules; a
survey reaches the alerts through a Wagtail hook, since forms do not import alerts); `search` is a
library that imports none of the apps; `portal` composes them all and is imported by none. Every import counts, including
imports inside functions and in migrations: the source is read with `ast`, nothing is run.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("portal", "forms", "alerts", "consultation", "documents", "home", "search")
# What each app may import from the others (the direction of docs/architecture.md).
ALLOWED = {
    "home": {"search"},
    "documents": {"home", "search"},
    "consultation": {"documents", "home", "search"},
    "forms": {"consultation", "documents", "home", "search"},
    "alerts": {"forms", "consultation", "documents", "home", "search"},
    "search": set(),
    "portal": {"forms", "alerts", "consultation", "documents", "home", "search"},
}


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules():
    modules = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            modules[module_name(path)] = path
    return modules


def imported_names(path, name):
    """The dotted names a module imports, relative imports resolved."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                yield f"{base}.{alias.name}"


def import_graph():
    """{module: set of project modules it imports} (a name that is not a module counts as its
    module: `from consultation.models import Meeting` is an edge to consultation.models)."""
    modules = project_modules()
    graph = {}
    for name, path in modules.items():
        edges = set()
        for target in imported_names(path, name):
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                edges.add(target)
        graph[name] = edges
    return graph


def circles(graph):
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_apps_import_only_in_the_allowed_direction():
    wrong = []
    for module, targets in import_graph().items():
        app = module.split(".")[0]
        for target in sorted(targets):
            other = target.split(".")[0]
            if other != app and other not in ALLOWED[app]:
                wrong.append(f"{module} imports {target}")
    assert wrong == []


def test_no_app_imports_portal():
    importers = [
        f"{module} imports {target}"
        for module, targets in import_graph().items()
        for target in targets
        if target.split(".")[0] == "portal" and module.split(".")[0] != "portal"
    ]
    assert importers == []


def test_there_is_no_import_circle():
    assert circles(import_graph()) == []


def test_only_portal_imports_alerts():
    importers = [
        f"{module} imports {target}"
        for module, targets in import_graph().items()
        for target in targets
        if target.split(".")[0] == "alerts" and module.split(".")[0] not in {"alerts", "portal"}
    ]
    assert importers == []


def test_the_checker_finds_a_circle_and_an_upward_import():
    # The checker itself can fail: a made-up graph with a circle and an upward import.
    graph = {"home.a": {"consultation.b"}, "consultation.b": {"home.a"}}
    assert circles(graph) == [["consultation.b", "home.a"]]
    assert "consultation" not in ALLOWED["home"]


# Wagtail's internals the project must not override or copy (issue 15): routing goes through
# Wagtail's own `Page.route` (sub-routes through RoutablePageMixin), the site through
# `Site.find_for_request`, privacy through `.public()`.
PRIVATE_NAMES = {"_find_for_request", "_wagtail_site", "private_q", "_get_site_root_paths"}
NOT_OVERRIDDEN = {"route"}


def wagtail_internals_touched(tree, module):
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            found += [
                f"{module}.{node.name} overrides {item.name}"
                for item in node.body
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name in NOT_OVERRIDDEN
            ]
        name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", None)
        if name in PRIVATE_NAMES:
            found.append(f"{module} uses {name} (line {node.lineno})")
    return found


def test_no_wagtail_internal_is_overridden_or_used():
    found = []
    for module, path in project_modules().items():
        found += wagtail_internals_touched(ast.parse(path.read_text(encoding="utf-8")), module)
    assert found == []


def test_the_internals_check_finds_an_override_and_a_private_name():
    source = "class SurveyPage(Page):\n    def route(self, request, path_components):\n        return Site._find_for_request(request)\n"
    assert wagtail_internals_touched(ast.parse(source), "m") == [
        "m.SurveyPage overrides route",
        "m uses _find_for_request (line 3)",
    ]
