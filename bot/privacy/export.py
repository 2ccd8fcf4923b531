"""The my-data export as plain JSON values, from the rows the catalog says are about a
person (pure: standard library and the catalog)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from bot.privacy.model import SECTIONS, Personal, personal


def plain(value: object) -> Any:
    """A column's value as JSON has it: instants and dates as ISO 8601 (instants in UTC)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} in an export")
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def export_row(policy: Personal, row: Mapping[str, object], user_id: str) -> dict[str, Any]:
    """One row as the export shows it: plain values, credentials left out, and in a row kept
    for someone else that only mentions the person, nothing about whom it is kept for."""
    hidden = set(policy.secret)
    if not any(row.get(name) == user_id for name in policy.user_columns):
        hidden.update(policy.for_whom)
    shown = {name: plain(value) for name, value in row.items() if name not in hidden}
    if policy.present_as:
        shown[policy.present_as] = True
    return shown


def export_document(
    user_id: str, now: datetime, rows: Mapping[str, list[dict[str, Any]]]
) -> dict[str, Any]:
    """The my-data export: rows by section and table, with what was left out and why."""
    sections: dict[str, Any] = {
        key: {"label": label, "tables": {}, "notes": []} for key, label in SECTIONS.items()
    }
    for policy in personal():
        section = sections[policy.section]
        section["tables"][policy.table] = rows.get(policy.table, [])
        if policy.note:
            section["notes"].append(policy.note)
    return {
        "user_id": user_id,
        "exported_at": plain(now),
        "about": "Everything Kairos holds about you, grouped by kind; each row as stored, "
        "with times in UTC. `/kairos forget-me` deletes it.",
        "sections": sections,
    }
