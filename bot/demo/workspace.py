"""The demo's simulated workspace: its people, channels and calendar, all invented.

Two people in Amsterdam and two in New York, three channels (#design with agreed norms,
#incidents for what cannot wait, #team for the weekly summary), and Ana's calendar: a
weekly sync with no agenda, and a review that has one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.demo.fake_slack.slack_api import FakeSlack

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NEW_YORK = ZoneInfo("America/New_York")


@dataclass(frozen=True)
class Person:
    """Someone in the demo's workspace."""

    user_id: str
    name: str
    tz: ZoneInfo
    email: str
    admin: bool = False

    @property
    def first_name(self) -> str:
        """What the transcript calls them in titles."""
        return self.name.split(" ", 1)[0]


@dataclass(frozen=True)
class Room:
    """A public channel of the demo's workspace."""

    channel_id: str
    name: str
    members: tuple[str, ...]
    purpose: str


ANA = Person("U0DEMOANA", "Ana de Vries", AMSTERDAM, "ana@northwind.example", admin=True)
JOOST = Person("U0DEMOJOO", "Joost Bakker", AMSTERDAM, "joost@northwind.example")
BEN = Person("U0DEMOBEN", "Ben Carter", NEW_YORK, "ben@northwind.example")
MAYA = Person("U0DEMOMAY", "Maya Lopez", NEW_YORK, "maya@northwind.example")
PEOPLE = (ANA, JOOST, BEN, MAYA)

EVERYONE = tuple(p.user_id for p in PEOPLE)
DESIGN = Room("C0DEMODSN", "design", EVERYONE, "Design reviews and questions")
INCIDENTS = Room("C0DEMOINC", "incidents", EVERYONE, "Production problems, now")
TEAM = Room("C0DEMOTEM", "team", EVERYONE, "The whole team")
ROOMS = (DESIGN, INCIDENTS, TEAM)

TEAM_NAME = "Northwind"


def scene_start(today: datetime) -> datetime:
    """When the scene begins: 13:55 in Amsterdam on the Monday of today's week.

    The same weekday and hour every run, so the story reads the same: Ana's afternoon,
    and the start of the working day in New York.
    """
    local = today.astimezone(AMSTERDAM)
    monday = local.date() - timedelta(days=local.weekday())
    return datetime.combine(monday, time(13, 55), AMSTERDAM)


def furnish(fake: FakeSlack) -> None:
    """Put the demo's people and channels into the fake Slack."""
    for person in PEOPLE:
        fake.add_user(
            person.user_id,
            name=person.first_name.lower(),
            real_name=person.name,
            display_name=person.first_name,
            tz=person.tz.key,
            email=person.email,
            is_admin=person.admin,
        )
    for room in ROOMS:
        fake.add_channel(
            room.channel_id, name=room.name, members=list(room.members), purpose=room.purpose
        )


def names() -> dict[str, str]:
    """Slack ids to the names people see: `<@U…>` as a person, `<#C…>` as a channel."""
    shown = {person.user_id: person.name for person in PEOPLE}
    shown.update({room.channel_id: room.name for room in ROOMS})
    return shown


def person(user_id: str) -> Person | None:
    """The demo's person with this id, if it is one."""
    return next((p for p in PEOPLE if p.user_id == user_id), None)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")


def _local(moment: datetime) -> str:
    # A local time with its zone: a weekly series keeps its hour across a DST change.
    return f"TZID={AMSTERDAM.key}:{moment.astimezone(AMSTERDAM).strftime('%Y%m%dT%H%M%S')}"


def _event(uid: str, first: datetime, minutes: int, title: str, description: str) -> str:
    attendees = "".join(
        f"ATTENDEE;CN={p.name};PARTSTAT=ACCEPTED:mailto:{p.email}\r\n" for p in PEOPLE
    )
    return (
        "BEGIN:VEVENT\r\n"
        f"UID:{uid}\r\n"
        f"DTSTAMP:{_stamp(first)}\r\n"
        f"DTSTART;{_local(first)}\r\n"
        f"DTEND;{_local(first + timedelta(minutes=minutes))}\r\n"
        "RRULE:FREQ=WEEKLY;COUNT=12\r\n"
        f"SUMMARY:{title}\r\n"
        f"DESCRIPTION:{description}\r\n"
        f"ORGANIZER;CN={ANA.name}:mailto:{ANA.email}\r\n"
        f"{attendees}"
        "END:VEVENT\r\n"
    )


def calendar_feed(start: datetime) -> bytes:
    """Ana's calendar as an iCalendar feed: two weekly meetings that began a month before
    the scene, so last week has some for the summary and next week's sync needs a nudge."""
    local = start.astimezone(AMSTERDAM).date()
    monday = local - timedelta(days=local.weekday(), weeks=4)
    sync = datetime.combine(monday + timedelta(days=2), time(16, 0), AMSTERDAM)
    review = datetime.combine(monday + timedelta(days=3), time(15, 0), AMSTERDAM)
    events = _event(
        "weekly-sync@northwind.example",
        sync,
        60,
        "Weekly sync",
        "Join: https://meet.northwind.example/wks-drtq-abc",
    ) + _event(
        "design-review@northwind.example",
        review,
        45,
        "Design review",
        "Agenda:\\n1. Onboarding flow\\, second draft\\n2. Icon set: decide\\n"
        "3. Open questions from #design",
    )
    return (
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Kairos demo//EN\r\n{events}END:VCALENDAR\r\n"
    ).encode()
