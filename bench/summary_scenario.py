"""The weekly summary benchmark's fixed scenario: the channel, its team's zone, the moment the
summary goes out and the window it reads, the focus day, the members' ids, and the rows as
they are generated (summary_meetings.py, summary_data.py) before they are stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.db.base import Base

CHANNEL, TEAM_TZ = "C0BENCHSUM", "Europe/Amsterdam"
# Friday 27 November 2026, 15:00 in Amsterdam: when the default weekly summary goes out.
NOW = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)
WINDOW_BACK, WINDOW_AHEAD = timedelta(days=14), timedelta(days=7)
FOCUS_WEEKDAY = 2  # Wednesday, the team's meeting-free day


def user_id(n: int) -> str:
    """The n-th member's Slack id (1-based): U0000001..."""
    return f"U{n:07d}"


def email(n: int) -> str:
    """The n-th member's work address."""
    return f"person{n}@acme.test"


class Data:
    """Every generated row, as dicts for Core inserts, by table."""

    def __init__(self) -> None:
        self.rows: dict[type[Base], list[dict[str, Any]]] = {}

    def add(self, model: type[Base], row: dict[str, Any]) -> None:
        """One row for a table."""
        self.rows.setdefault(model, []).append(row)
