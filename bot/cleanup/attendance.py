"""Who could attend a meeting: attendees on leave or on a public holiday that day are not
counted among its people (pure).

Only Kairos users have leave and holidays; everyone else counts as the calendar says.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from zoneinfo import ZoneInfo

from bot.cleanup.model import MeetingRow
from bot.focus.absence import DaysOff, on_day_off


def without_absent(
    rows: Sequence[MeetingRow],
    attendees: Iterable[tuple[int, str]],
    days_off: Mapping[str, tuple[ZoneInfo, DaysOff]],
) -> list[MeetingRow]:
    """The meetings with each attendee who is off on the meeting's day (in their own zone)
    taken out of its people; `attendees` are (meeting id, user id) pairs, `days_off` each
    Kairos user's zone and days off."""
    starts = {row.meeting_id: row.starts_at for row in rows}
    absent: Counter[int] = Counter()
    for meeting_id, user_id in set(attendees):
        person = days_off.get(user_id)
        start = starts.get(meeting_id)
        if person is not None and start is not None and on_day_off(person[1], person[0], start):
            absent[meeting_id] += 1
    return [
        replace(row, people=max(row.people - absent[row.meeting_id], 0))
        if absent[row.meeting_id]
        else row
        for row in rows
    ]
