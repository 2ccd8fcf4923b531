"""The weekly summary benchmark's meetings: recurring series and single meetings in the
summary's window, each in two to six members' calendars, with the flags the sync stores."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.summary_scenario import NOW, WINDOW_AHEAD, WINDOW_BACK, Data, email, user_id
from bot.meetings.model import LARGE_MEETING_PEOPLE, MeetingFlags, is_speedy
from bot.meetings.tables import Meeting, MeetingAttendee, MeetingSighting

TEAM_SIZE = 20
PRIVATE_SHARE, AGENDA_SHARE, OVERLAP_SHARE = 0.05, 0.5, 0.12
TITLES = (
    "Weekly planning", "1:1", "Sprint review", "Design crit", "Customer call", "Hiring sync",
    "Roadmap", "Incident review", "Budget", "Interview", "Pairing", "Retro", "Stand-up",
    "Architecture review", "Quarterly business review", "Onboarding", "Demo prep",
)  # fmt: skip
TEAMS = (
    "Payments", "Search", "Mobile", "Platform", "Growth", "Billing", "Data", "Infra",
    "Support", "Sales", "Marketing", "Security", "Design", "Web", "API", "Finance",
)  # fmt: skip
PEOPLE_WEIGHTS = (  # 2..15 people: mostly small meetings
    (2, 22), (3, 16), (4, 14), (5, 11), (6, 9), (7, 7), (8, 5), (9, 4), (10, 3), (11, 2),
    (12, 2), (13, 2), (14, 1), (15, 2),
)  # fmt: skip
MINUTES = (15, 25, 30, 30, 30, 45, 50, 60, 60, 60, 90, 120)
WITH_AGENDA = ("heading", "list", "doc_link", "attachment", "enough_words")
WITHOUT_AGENDA = ("empty", "empty", "boilerplate_only", "too_short")


def in_window(start: datetime) -> bool:
    """Whether a meeting starting then is in the summary's window."""
    return NOW - WINDOW_BACK <= start < NOW + WINDOW_AHEAD


def day_starts(weekdays: Sequence[int], hour: int, minute: int) -> Iterator[datetime]:
    """Every weekday of these at hour:minute UTC in (and around) the window, in order."""
    first = (NOW - WINDOW_BACK).date() - timedelta(days=1)
    for k in range(23):
        day = first + timedelta(days=k)
        if day.weekday() in weekdays:
            yield datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def pick_members(rng: random.Random, members: int) -> list[int]:
    """Two to six members whose calendars show a meeting: mostly colleagues in one team."""
    count = rng.choice((2, 2, 3, 3, 4, 4, 4, 5, 5, 6, 6))
    team = rng.randrange(max(1, members // TEAM_SIZE))
    pool = range(team * TEAM_SIZE + 1, min(members, team * TEAM_SIZE + TEAM_SIZE) + 1)
    chosen = set(rng.sample(pool, min(count, len(pool))))
    while len(chosen) < count or rng.random() < 0.15:  # someone from elsewhere
        chosen.add(rng.randint(1, members))
        if len(chosen) >= 6:
            break
    return sorted(chosen)


class MeetingMaker:
    """Meeting rows with their sightings and attendees; ids assigned here."""

    def __init__(self, data: Data, members: int, rng: random.Random) -> None:
        self.data, self.members, self.rng = data, members, rng
        self.next_id = 1
        self.series: list[tuple[str, str, list[int], list[datetime]]] = []

    def add(self, **meeting: Any) -> None:
        """Store one occurrence seen by `seen` (member numbers)."""
        rng = self.rng
        seen: list[int] = meeting.pop("seen")
        start: datetime = meeting["starts_at"]
        minutes: int = meeting.pop("minutes")
        people = max(len(seen), meeting.pop("people"))
        flags = MeetingFlags(
            minutes=minutes,
            not_speedy=not is_speedy(minutes),
            off_grid_start=start.minute not in (0, 30),
            on_focus_day=False,  # the sync stores it without a focus day
            overlaps_focus=rng.random() < OVERLAP_SHARE,
            large=people >= LARGE_MEETING_PEOPLE,
            recurring_without_end=meeting.pop("no_end"),
        )
        private = meeting["is_private"]
        organizer = seen[0] if rng.random() < 0.7 else rng.randint(1, self.members)
        known = rng.random() < 0.9
        self.data.add(
            Meeting,
            {
                **meeting,
                "id": self.next_id,
                "title": "" if private else meeting["title"],
                "ends_at": start + timedelta(minutes=minutes),
                "sequence": rng.choice((0, 0, 0, 1, 2)),
                "organizer_email": email(organizer) if known else "partner@example.com",
                "organizer_id": user_id(organizer) if known else None,
                "people": people,
                "agenda_reason": rng.choice(
                    WITH_AGENDA if meeting["has_agenda"] else WITHOUT_AGENDA
                ),
                "exemption": "private" if private else None,
                "minutes": minutes,
                "flags": ",".join(flags.names),
                "updated_at": NOW - timedelta(minutes=rng.randint(1, 60 * 24 * 14)),
            },
        )
        for member in seen:
            self.data.add(MeetingSighting, {"meeting_id": self.next_id, "user_id": user_id(member)})
        # Slack users among the attendees: the members, and colleagues outside the channel.
        guests = rng.sample(range(1, 5000), max(0, min(people - len(seen), rng.randint(0, 3))))
        attendees = [user_id(m) for m in seen] + [f"W{g:07d}" for g in guests]
        for attendee in attendees:
            self.data.add(MeetingAttendee, {"meeting_id": self.next_id, "user_id": attendee})
        self.next_id += 1

    def add_series(self) -> None:
        """One recurring series: its occurrences in the window (and a moved instance or two)."""
        rng = self.rng
        kind = rng.choices(("weekly", "twice", "fortnightly", "daily"), (70, 12, 8, 10))[0]
        if kind == "daily":
            weekdays, title, minutes = [0, 1, 2, 3, 4], "Stand-up", 15
        else:
            weekdays = rng.sample(range(5), 2 if kind == "twice" else 1)
            title, minutes = rng.choice(TITLES), rng.choice(MINUTES)
        hour, minute = rng.randint(7, 16), rng.choice((0, 0, 0, 30, 30, 15, 45))
        slots = list(day_starts(weekdays, hour, minute))
        if kind == "fortnightly":
            slots = slots[rng.randrange(2) :: 2]
        key = f"{rng.randrange(16**26):026x}@google.com"
        title = f"{title} – {rng.choice(TEAMS)}"
        seen = pick_members(rng, self.members)
        people = rng.choices(*zip(*PEOPLE_WEIGHTS, strict=True))[0]
        private = rng.random() < PRIVATE_SHARE
        agenda = rng.random() < AGENDA_SHARE
        no_end = rng.random() < 0.4
        starts = []
        for slot in slots:
            start = slot
            if rng.random() < 0.04:  # this one instance moved
                start = slot + timedelta(minutes=rng.choice((-30, 60, 120)))
            if not in_window(start):
                continue
            starts.append(start)
            self.add(
                series_key=key,
                slot=slot,
                title=title,
                starts_at=start,
                minutes=minutes,
                people=people,
                seen=seen,
                is_recurring=True,
                is_private=private,
                has_agenda=agenda if rng.random() < 0.9 else not agenda,
                no_end=no_end,
            )
        if not private:
            self.series.append((key, title, seen, starts))

    def add_single(self) -> None:
        """One meeting that happens once, on a weekday (mostly) in office hours."""
        rng = self.rng
        first = (NOW - WINDOW_BACK).date()
        while True:
            day = first + timedelta(days=rng.randrange(22))
            hour, minute = rng.randint(7, 17), rng.choice((0, 0, 0, 30, 30, 15, 45))
            start = datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)
            if in_window(start) and (day.weekday() < 5 or rng.random() < 0.05):
                break
        self.add(
            series_key=f"{rng.randrange(16**26):026x}@google.com",
            slot=start,
            title=f"{rng.choice(TITLES)} – {rng.choice(TEAMS)}",
            starts_at=start,
            minutes=rng.choice(MINUTES),
            people=rng.choices(*zip(*PEOPLE_WEIGHTS, strict=True))[0],
            seen=pick_members(rng, self.members),
            is_recurring=False,
            is_private=rng.random() < PRIVATE_SHARE,
            has_agenda=rng.random() < AGENDA_SHARE,
            no_end=False,
        )
