"""What `/focus status` says about leave from the calendar, and its buttons (pure).

Each out-of-office event from the person's own calendar is listed with where it came from
and a button: "Ignore" (it stops counting as leave, and later syncs keep it ignored) or,
once ignored, "Count it again".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.errors import UnreadableValue
from bot.focus.days import label
from bot.i18n import _
from bot.ids import Action

# Slack allows 75 characters in a button's text.
_BUTTON_TEXT = 75
_IGNORE, _COUNT = "ignore", "count"
_VALUE = re.compile(rf"({_IGNORE}|{_COUNT}):([0-9a-f]{{32}})")
# Buttons in one actions block: Slack allows 25; the status lists at most this many events.
MAX_SHOWN = 5


@dataclass(frozen=True, order=True)
class CalendarLeaveItem:
    """One out-of-office event from the person's calendar, as the status shows it."""

    starts_on: date
    ends_on: date
    title: str
    key: str
    ignored: bool


def calendar_leave_text(item: CalendarLeaveItem, today: date) -> str:
    """`“Vacation in Spain”, Mon 14 Dec – Fri 18 Dec`, and whether it is ignored."""
    days = label(item.starts_on, today)
    if item.ends_on != item.starts_on:
        days += f" – {label(item.ends_on, today)}"
    if item.title and item.ignored:
        return _(
            "“{title}”, {days} (ignored: it does not count as leave)", title=item.title, days=days
        )
    if item.title:
        return _("“{title}”, {days}", title=item.title, days=days)
    if item.ignored:
        return _("an out-of-office event, {days} (ignored: it does not count as leave)", days=days)
    return _("an out-of-office event, {days}", days=days)


def calendar_leave_line(items: Sequence[CalendarLeaveItem], today: date) -> str | None:
    """The status line about calendar leave; None when there is none."""
    if not items:
        return None
    shown = [calendar_leave_text(item, today) for item in items[:MAX_SHOWN]]
    return _("*Leave from your calendar*: {events}", events=listing(shown, len(items)))


def listing(shown: Sequence[str], total: int) -> str:
    """Items of a status line, `; ` between them, and how many more there are than shown."""
    items = "; ".join(shown)
    more = total - len(shown)
    if not more:
        return items
    # TRANSLATORS: the end of a list cut short, as in "…; Mon 14 Dec; and 3 more".
    return _("{items}; and {more} more", items=items, more=more)


def calendar_leave_buttons(items: Sequence[CalendarLeaveItem]) -> list[dict[str, Any]]:
    """One actions block: per event listed, "Ignore …" or "Count … again"."""
    if not items:
        return []
    elements = [_button(item) for item in items[:MAX_SHOWN]]
    return [{"type": "actions", "elements": elements}]


def _button(item: CalendarLeaveItem) -> dict[str, Any]:
    name = item.title or _("out of office")
    if item.ignored:
        text = _fit(lambda shown: _("Count “{name}” again", name=shown), name)
        value = f"{_COUNT}:{item.key}"
    else:
        text = _fit(lambda shown: _("Ignore “{name}”", name=shown), name)
        value = f"{_IGNORE}:{item.key}"
    return {
        "type": "button",
        "action_id": Action.FOCUS_CALENDAR_LEAVE,
        "text": {"type": "plain_text", "text": text},
        "value": value,
    }


def _fit(render: Callable[[str], str], name: str) -> str:
    """The button text with the name cut to fit Slack's limit (the text around it may be
    any length in a translation)."""
    room = _BUTTON_TEXT - len(render(""))
    return render(name if len(name) <= room else name[: max(0, room - 1)] + "…")


def parse_calendar_leave_value(value: str) -> tuple[str, bool]:
    """(event key, whether to ignore it) from a button's value; UnreadableValue (a refusal
    the person is shown) when it is not one Kairos made."""
    match = _VALUE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise UnreadableValue()
    return match[2], match[1] == _IGNORE
