"""Reading and writing workspace settings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.workspace.tables import WorkspaceSetting


def get(session: Session, name: str) -> str | None:
    """A setting's value, or None when it was never set."""
    row = session.get(WorkspaceSetting, name)
    return row.value if row is not None else None


def put(session: Session, name: str, value: str, by: str | None, now: datetime) -> None:
    """Set a setting (insert or update)."""
    row = session.get(WorkspaceSetting, name)
    if row is None:
        session.add(WorkspaceSetting(name=name, value=value, updated_by=by, updated_at=now))
        return
    row.value, row.updated_by, row.updated_at = value, by, now
