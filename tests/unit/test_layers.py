"""Dependencies run one way, down: nothing below bot/slack/ imports it, and no import cycles.

The import graph is read from the source with the standard library's `ast`, so a new upward
import or cycle fails here, naming the file and line, before it can confuse a reader.

What counts as an import:
- the upward check (a) counts every import of bot.slack anywhere in a module: at module
  level, inside functions, and under `if TYPE_CHECKING:` (a type-only import still makes
  the domain know the Slack layer);
- the cycle check (b) counts the same imports except those under `if TYPE_CHECKING:`, which
  never run. An import deferred into a function body counts: it does not take part in
  import order, but it is a dependency all the same, and deferring is how a cycle hides.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "bot"

# The floors below bot/slack/: none of them may import it.
BELOW_SLACK_PACKAGES = (
    "focus", "meetings", "cleanup", "digest", "connect", "workspace", "privacy", "db",
    "i18n", "checkins", "notes",
)  # fmt: skip
BELOW_SLACK_MODULES = ("jobs", "scheduler", "retry", "ports", "errors", "clock", "fanout")
TOP_FLOOR = f"{PACKAGE}.slack"


@dataclass(frozen=True)
class Import:
    """One import statement's target, resolved to a module of the package."""

    source: str
    target: str
    path: Path
    line: int
    runs: bool  # False only under `if TYPE_CHECKING:`


def module_name(path: Path, root: Path) -> str:
    """`bot/a/b.py` -> `bot.a.b`; `bot/a/__init__.py` -> `bot.a`."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _statements(
    body: list[ast.stmt], *, runs: bool
) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement in body, nested ones too, with whether it can ever run."""
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, runs
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from _statements(node.body, runs=False)
            yield from _statements(node.orelse, runs=runs)
        else:
            yield from _nested(node, runs=runs)


def _nested(node: ast.AST, *, runs: bool) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    for field in ("body", "orelse", "finalbody", "handlers", "cases"):
        children = getattr(node, field, None)
        if isinstance(children, list):
            stmts = [child for child in children if isinstance(child, ast.stmt)]
            yield from _statements(stmts, runs=runs)
            for child in children:
                if isinstance(child, ast.excepthandler | ast.match_case):
                    yield from _statements(child.body, runs=runs)


def _base_package(source: str, is_package: bool, level: int) -> str:
    """The package a relative import of this level starts from."""
    parts = source.split(".")
    if not is_package:
        parts.pop()
    if level > 1:
        parts = parts[: len(parts) - (level - 1)]
    return ".".join(parts)


def read_imports(root: Path, package: str = PACKAGE) -> tuple[set[str], list[Import]]:
    """All modules of the package under root, and every import among them."""
    paths = sorted((root / package).rglob("*.py"))
    modules = {module_name(path, root): path for path in paths}
    imports: list[Import] = []
    for source, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node, runs in _statements(tree.body, runs=True):
            for target in _targets(node, source, path.name == "__init__.py"):
                if target == package or target.startswith(package + "."):
                    imports.append(Import(source, _known(target, modules), path, node.lineno, runs))
    return set(modules), imports


def _targets(node: ast.Import | ast.ImportFrom, source: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        start = _base_package(source, is_package, node.level)
        base = f"{start}.{base}" if base else start
    # `from a import b` imports the module a.b when there is one, else the name b from a
    # (_known tells them apart).
    return [f"{base}.{alias.name}" for alias in node.names]


def _known(target: str, modules: dict[str, Path]) -> str:
    """The longest prefix of target that is a module (a name imported from it is not one)."""
    while target not in modules and "." in target:
        target = target.rsplit(".", 1)[0]
    return target


def below_slack(module: str) -> bool:
    """Whether this module is on a floor below bot/slack/."""
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != PACKAGE:
        return False
    if len(parts) == 2 and parts[1] in BELOW_SLACK_MODULES:
        return True
    return parts[1] in BELOW_SLACK_PACKAGES


def upward_imports(imports: list[Import], root: Path) -> list[str]:
    """`path:line: source imports target` for each import of the top floor from below it."""
    return sorted(
        {
            f"{i.path.relative_to(root)}:{i.line}: {i.source} imports {i.target}"
            for i in imports
            if below_slack(i.source)
            and (i.target == TOP_FLOOR or i.target.startswith(TOP_FLOOR + "."))
        }
    )


def find_cycles(modules: set[str], imports: list[Import]) -> list[list[str]]:
    """One cycle (as a closed path of modules) per strongly connected group of modules."""
    graph: dict[str, set[str]] = {module: set() for module in modules}
    for i in imports:
        # `from a import b` where b is a name, not a module, still lists a as its own
        # prefix; a module importing its own package's name is no cycle in itself.
        if i.runs and i.target != i.source:
            graph[i.source].add(i.target)
    cycles = []
    for group in _strongly_connected(graph):
        if len(group) > 1:
            cycles.append(_cycle_in(group, graph))
    return sorted(cycles)


def _strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative so a deep graph cannot exhaust the stack."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[set[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.add(member)
                        if member == node:
                            break
                    groups.append(group)
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return groups


def _cycle_in(group: set[str], graph: dict[str, set[str]]) -> list[str]:
    """The shortest cycle through the group's first module, by breadth-first search."""
    start = min(group)
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for child in sorted(graph[node] & group):
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [*reversed(path), start]
                if child not in previous:
                    previous[child] = node
                    following.append(child)
        frontier = following
    raise AssertionError(f"no cycle in a strongly connected group: {sorted(group)}")


def test_nothing_below_slack_imports_it() -> None:
    modules, imports = read_imports(ROOT)
    assert any(below_slack(module) for module in modules)
    found = upward_imports(imports, ROOT)
    assert not found, "imports of bot.slack from below it:\n" + "\n".join(found)


def test_no_import_cycle() -> None:
    modules, imports = read_imports(ROOT)
    cycles = find_cycles(modules, imports)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(cycle) for cycle in cycles)


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_the_checks_find_an_upward_import_and_a_cycle(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "bot/__init__.py": "",
            "bot/slack/__init__.py": "",
            "bot/slack/app.py": "",
            "bot/db/__init__.py": "",
            "bot/db/uow.py": "import os\n\ndef later():\n    from bot.slack import app\n",
            "bot/focus/__init__.py": "",
            "bot/focus/a.py": "from . import b\n",
            "bot/focus/b.py": "from .c import name\n",
            "bot/focus/c.py": "from bot.focus.a import x\n",
            "bot/focus/d.py": "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from bot.focus import e\n",
            "bot/focus/e.py": "from ..focus import d\n",
            "bot/meetings/__init__.py": "",
            "bot/meetings/pool.py": "from bot.meetings.worker import send\n",
            "bot/meetings/worker.py": "def main():\n    from bot.meetings import pool\n",
            "bot/jobs.py": "from bot.slack.app import build_app\n",
        },
    )
    modules, imports = read_imports(tmp_path)
    assert upward_imports(imports, tmp_path) == [
        "bot/db/uow.py:4: bot.db.uow imports bot.slack.app",
        "bot/jobs.py:1: bot.jobs imports bot.slack.app",
    ]
    # d -> e only under TYPE_CHECKING: e -> d alone is no cycle.
    assert find_cycles(modules, imports) == [
        ["bot.focus.a", "bot.focus.b", "bot.focus.c", "bot.focus.a"],
        ["bot.meetings.pool", "bot.meetings.worker", "bot.meetings.pool"],
    ]
