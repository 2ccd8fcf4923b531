"""The layout a newcomer relies on: same file names in every domain, SQL only in repos,
thin listeners, short files.

Read from the source with `ast`, so each check fails naming the file and line that broke
the promise, not a symptom somewhere else.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BOT = ROOT / "bot"
DOMAINS = (
    "focus", "meetings", "cleanup", "digest", "connect", "workspace", "privacy", "checkins",
)  # fmt: skip
# SQLAlchemy's statement builders: a module that imports one of these writes SQL.
SQL_BUILDERS = frozenset(
    {"select", "insert", "update", "delete", "text", "union", "union_all", "exists"}
)
LISTENER_LINES = 25
FILE_LINES = 400


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _python_files(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


def _where(path: Path, node: ast.AST) -> str:
    name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    return f"{name}:{getattr(node, 'lineno', 0)}"


def _may_hold_sql(path: Path) -> bool:
    relative = path.relative_to(BOT)
    return relative.parts[0] == "db" or path.stem.startswith("repo") or path.stem == "tables"


def sql_builder_imports(path: Path) -> list[str]:
    """Each import of a SQLAlchemy statement builder in the file, as `file:line name`."""
    found = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
            found += [
                f"{_where(path, node)} {a.name}" for a in node.names if a.name in SQL_BUILDERS
            ]
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in SQL_BUILDERS
            and isinstance(node.value, ast.Name)
            and node.value.id in {"sa", "sqlalchemy"}
        ):
            found.append(f"{_where(path, node)} {node.value.id}.{node.attr}")
    return found


def _decorated_by_app(function: ast.FunctionDef) -> bool:
    for decorator in function.decorator_list:
        call = decorator.func if isinstance(decorator, ast.Call) else decorator
        if (
            isinstance(call, ast.Attribute)
            and isinstance(call.value, ast.Name)
            and call.value.id == "app"
        ):
            return True
    return False


def listeners_in(path: Path) -> list[ast.FunctionDef]:
    """The functions a Bolt app calls: those decorated with `@app.<something>(...)`."""
    return [
        node
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.FunctionDef) and _decorated_by_app(node)
    ]


def _length(function: ast.FunctionDef) -> int:
    return (function.end_lineno or function.lineno) - function.lineno + 1


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_domain_has_the_same_core_files(domain: str) -> None:
    missing = [n for n in ("model.py", "repo.py", "service.py") if not (BOT / domain / n).is_file()]
    assert missing == [], f"bot/{domain}/ lacks {missing}"


@pytest.mark.parametrize("domain", DOMAINS)
def test_models_are_pure(domain: str) -> None:
    path = BOT / domain / "model.py"
    outside = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            for name in names:
                top = name.split(".")[0]
                # Another pure piece of the domain, or the shared pure kernel: the errors
                # every model raises and time zones. What a model needs of another domain
                # it declares as a Protocol (checkins' Workday, notes' Reachable).
                own = name.startswith(f"bot.{domain}.") or name in {"bot.errors", "bot.zones"}
                if top not in sys.stdlib_module_names and top != "__future__" and not own:
                    outside.append(f"{_where(path, node)} {name}")
    assert outside == [], "model.py imports only the standard library and its own domain"


def test_no_sql_outside_repos_tables_and_db() -> None:
    found = [
        hit for p in _python_files("bot") if not _may_hold_sql(p) for hit in sql_builder_imports(p)
    ]
    assert found == [], "SQL belongs in a domain's repo*.py or in bot/db/:\n" + "\n".join(found)


def test_no_listener_imports_a_repo_or_tables() -> None:
    found = []
    for path in _python_files("bot/slack/listeners"):
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.ImportFrom):
                parts = (node.module or "").split(".")
                named = parts + [a.name for a in node.names]
                if parts[0] == "bot" and any(n.startswith(("repo", "tables")) for n in named[1:]):
                    found.append(f"{_where(path, node)} {node.module}")
    assert found == [], "listeners call services, not repos:\n" + "\n".join(found)


def test_listeners_are_short() -> None:
    long = [
        f"{_where(path, f)} {f.name}: {_length(f)} lines"
        for path in _python_files("bot/slack/listeners")
        for f in listeners_in(path)
        if _length(f) > LISTENER_LINES
    ]
    assert long == [], "a listener parses, calls one service and replies:\n" + "\n".join(long)


def test_no_file_over_400_lines() -> None:
    long = [
        f"{p.relative_to(ROOT)}: {n} lines"
        for p in _python_files("bot", "tests", "bench", "migrations")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > FILE_LINES
    ]
    assert long == [], "split by responsibility:\n" + "\n".join(long)


# The checks above must be able to fail: each reader is tried on a sample that breaks it.


def test_sql_reader_finds_builders(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from sqlalchemy import select, func\nimport sqlalchemy as sa\nq = sa.delete(t)\n"
    )
    hits = [h.split(" ", 1)[1] for h in sql_builder_imports(sample)]
    assert hits == ["select", "sa.delete"]


def test_listener_reader_finds_decorated_functions(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def register(app, deps):\n"
        "    @app.action('x')\n    def on_x(ack):\n        ack()\n        ack()\n"
        "    @app.event('y')\n    def on_y():\n        pass\n"
        "    def helper():\n        pass\n"
    )
    found = {f.name: _length(f) for f in listeners_in(sample)}
    assert found == {"on_x": 3, "on_y": 2}
