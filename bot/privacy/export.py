"""The my-data export as plain JSON values, from the rows the catalog says are about a
person (pure: standard library, the catalog and the message catalogs). Its words (section
labels, notes, what it is) speak the current language; keys and values stay as stored."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from bot.i18n import _
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
    labels, notes = section_labels(), policy_notes()
    sections: dict[str, Any] = {
        key: {"label": labels.get(key, label), "tables": {}, "notes": []}
        for key, label in SECTIONS.items()
    }
    for policy in personal():
        section = sections[policy.section]
        section["tables"][policy.table] = rows.get(policy.table, [])
        if policy.note:
            section["notes"].append(notes.get(policy.table, policy.note))
    return {
        "user_id": user_id,
        "exported_at": plain(now),
        "about": _(
            "Everything Kairos holds about you, grouped by kind; each row as stored, with times "
            "in UTC. `/kairos forget-me` deletes it."
        ),
        "sections": sections,
    }


# model.py is pure (standard library only), so its words for the export are translated here,
# from the same English. A label or note added there without a line here stays English;
# tests/unit/privacy/test_messages_dutch.py fails on it.
def section_labels() -> dict[str, str]:
    """model.SECTIONS in the current language."""
    return {
        "focus": _("Focus hours and sessions"),
        "mentions": _("Mentions, digests and urgent uses"),
        "calendar": _("Your calendar feed and its meetings"),
        "agendas": _("Agenda nudges and notices"),
        "questions": _('"Could this meeting have been async?"'),
        "settings": _("Settings you changed"),
        "connect": _("Your Slack connection (Connect)"),
        "norms": _("Channel norms sent to you"),
        "checkins": _("Async check-ins"),
        "notes": _("Meeting notes and actions"),
    }


def policy_notes() -> dict[str, str]:
    """The catalog's notes in the current language, by table."""
    return {
        "calendar_feeds": _(
            "Your calendar's address is not in this export: it works like a password, so "
            "Kairos keeps it encrypted and never shows it. `host` says which calendar server "
            "it is on."
        ),
        "user_connections": _(
            "Your Slack token is not in this export: it is a credential, kept encrypted. "
            "`scopes` lists what you granted Kairos."
        ),
    }
