"""Per-test databases on SQLite and PostgreSQL, migrated with the real migrations."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.db import migrate
from bot.db.engine import make_engine
from bot.db.registry import metadata


def migrated_sqlite_template(directory: Path) -> Path:
    """A SQLite file at head, to be copied for each test (faster than migrating each time)."""
    path = directory / "template.db"
    migrate.upgrade(f"sqlite:///{path}")
    return path


def fresh_sqlite(template: Path, directory: Path) -> str:
    """A copy of the migrated template for one test."""
    path = directory / "kairos.db"
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"


def truncate_all(url: str) -> None:
    """Empty every Kairos table (PostgreSQL isolation between tests)."""
    engine = make_engine(url)
    names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


def with_schema(url: str, schema: str) -> str:
    """The same PostgreSQL database, with a private schema first on the search path."""
    parsed = make_url(url)
    return parsed.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False
    )


def create_schema(url: str) -> str:
    """Create an empty schema for a test that needs an empty database; returns its URL."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return with_schema(url, schema)


def drop_schema(url: str, schema_url: str) -> None:
    """Drop a schema made by create_schema."""
    schema = make_url(schema_url).query["options"]
    name = str(schema).removeprefix("-csearch_path=")
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
    engine.dispose()
