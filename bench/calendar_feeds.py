"""The calendar sync benchmark's feeds, planned from fixed seeds: who is in them, and each
owner's events (a quarter of them series with EXDATEs and moved or cancelled instances, a
third shared by two to five feeds), before calendar_ics.py writes them out."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

POOL_INTERNAL, POOL_EXTERNAL = 240, 60
SHARED_SHARE, RECURRING_SHARE = 0.35, 0.25
FIRST = "Ana Bram Chloe Dev Eva Femi Gert Hana Ivo Jun Kai Lena Mo Nora Omar Pia Quinn Rui"
LAST = "de Vries|Jansen|Martin|Patel|Okafor|Novak|Silva|Kim|Larsen|Rossi|Weber|Ito|Haddad"
FIRSTS, LASTS = FIRST.split(), LAST.split("|")
TITLES = (
    "Weekly planning", "1:1", "Sprint review", "Design crit", "Customer call", "Hiring sync",
    "Roadmap", "Incident review", "Budget", "Interview", "Lunch", "Pairing", "Retro",
    "Architecture review", "Quarterly business review", "Focus time", "Onboarding",
)  # fmt: skip
ZONE_WEIGHTS = (("Europe/Amsterdam", 5), ("Europe/London", 2), ("America/New_York", 2),
                ("America/Los_Angeles", 1), ("Asia/Kolkata", 1))  # fmt: skip
MEET = (
    "-::~:~::~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~::~:~::-\n"
    "Join with Google Meet: https://meet.google.com/{code}\nOr dial: (NL) +31 20 257 3911 "
    "PIN: 381 204 556#\nMore phone numbers: https://tel.meet/{code}?pin=3812045566913\n\n"
    "Learn more about Meet at: https://support.google.com/a/users/answer/9282720\n\n"
    "Please do not edit this section.\n"
    "-::~:~::~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~::~:~::-"
)
TEAMS = (
    "_" * 80 + "\nMicrosoft Teams meeting\nJoin on your computer, mobile app or room device\n"
    "Click here to join the meeting<https://teams.microsoft.com/l/meetup-join/19%3ameeting_"
    "{code}%40thread.v2/0?context=%7b%22Tid%22%3a%2200000000-1111%22%7d>\nMeeting ID: 312 884 "
    "905 127\nPasscode: hT7x9Q\nDownload Teams<https://www.microsoft.com/en-us/microsoft-teams/"
    "download-app> | Join on the web<https://www.microsoft.com/microsoft-teams/join-a-meeting>"
    "\nLearn More<https://aka.ms/JoinTeamsMeeting> | Meeting options<https://teams.microsoft."
    "com/meetingOptions/?organizerId=aaaaaaaa-bbbb&tenantId=00000000-1111>\n" + "_" * 80
)


def address(n: int) -> str:
    """The n-th person's email: Kairos users and colleagues first, then outside guests."""
    first, last = FIRSTS[n % len(FIRSTS)], LASTS[(n // len(FIRSTS)) % len(LASTS)]
    return f"{first}.{last.replace(' ', '')}.{n}@acme.test".lower()


def guest(k: int) -> str:
    """An outside guest (not a Slack user)."""
    return f"guest{k}@partner{k % 7}.example"


def pool_address(k: int) -> str:
    """One of the 300 organizers and attendees: 240 colleagues and 60 guests."""
    return address(k) if k < POOL_INTERNAL else guest(k - POOL_INTERNAL)


def owner_zone(n: int) -> str:
    """The n-th person's Slack time zone."""
    names = [name for name, weight in ZONE_WEIGHTS for _ in range(weight)]
    return names[(n * 7919 + n // 11) % len(names)]


def owner_style(n: int) -> str:
    """Whether the n-th person's feed is a Google or an Outlook export."""
    return "outlook" if n % 5 in (1, 3) else "google"


@dataclass(frozen=True)
class Event:
    """One VEVENT (and, for a series, its overrides), in local time of its zone."""

    uid: str
    zone: str
    start: datetime  # naive, local
    minutes: int
    title: str
    organizer: str
    attendees: tuple[tuple[str, str], ...]  # (email, PARTSTAT)
    room: bool
    description: str
    rrule: str | None = None
    exdates: tuple[datetime, ...] = ()
    overrides: tuple[tuple[datetime, datetime, bool], ...] = ()  # (slot, new start, cancelled)
    all_day: bool = False
    private: bool = False
    free: bool = False


def _description(rng: random.Random, style: str) -> str:
    roll, code = rng.random(), f"{rng.randrange(16**10):010x}"
    boiler = (MEET if style == "google" else TEAMS).format(code=code)
    if roll < 0.3:
        return ""
    if roll < 0.6:
        return boiler
    if roll < 0.85:
        items = rng.sample(["Last week's numbers", "Hiring plan", "Launch date", "Pricing",
                            "Open questions", "Demo", "Risks", "Decisions needed"], 3)  # fmt: skip
        return "Agenda:\n" + "\n".join(f"- {item}" for item in items) + "\n\n" + boiler
    return "Notes from last time are in the doc. " * rng.randint(3, 12)


def _weekday_on_or_after(day: date, weekdays: list[int]) -> date:
    while day.weekday() not in weekdays:
        day += timedelta(days=1)
    return day


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, datetime.min.time()).replace(hour=hour, minute=minute)


def _series(rng: random.Random, anchor: date, hour: int, minute: int) -> dict[str, Any]:
    """A series' first start, RRULE, and some EXDATEs and overrides inside the sync window."""
    daily = rng.random() < 0.1  # stand-ups; most series are weekly
    weekdays = [0, 1, 2, 3, 4] if daily else sorted(rng.sample(range(5), rng.choice((1, 1, 2))))
    interval = 2 if not daily and rng.random() < 0.2 else 1
    first = _weekday_on_or_after(anchor - timedelta(days=rng.randint(1, 200)), weekdays)
    days = ",".join(("MO", "TU", "WE", "TH", "FR")[d] for d in weekdays)
    rule = f"FREQ={'DAILY' if daily else 'WEEKLY'};BYDAY={days}"
    rule += f";INTERVAL={interval}" if interval > 1 else ""
    end_roll = rng.random()  # feeds keep series that ended long ago
    if end_roll < 0.1:
        rule += f";COUNT={rng.randint(10, 80)}"
    elif end_roll < 0.45:
        rule += f";UNTIL={anchor + timedelta(days=rng.randint(-90, 120)):%Y%m%d}T225959Z"
    in_window = [
        _at(day, hour, minute)
        for day in (anchor + timedelta(days=k) for k in range(-6, 14))
        if day.weekday() in weekdays and day >= first and ((day - first).days // 7) % interval == 0
    ]
    chosen = rng.sample(in_window, min(len(in_window), 3))
    overrides = []
    if rng.random() < 0.3:
        for slot in chosen[1 : 1 + rng.randint(1, 2)]:
            moved = slot + timedelta(minutes=rng.choice((-30, 60, 120, 24 * 60)))
            overrides.append((slot, moved, rng.random() < 0.2))
    return {
        "start": _at(first, hour, minute),
        "rrule": rule,
        "exdates": tuple(chosen[:1]) if rng.random() < 0.3 else (),
        "overrides": tuple(overrides),
        "minutes": 15 if daily else rng.choice((25, 30, 50, 60)),
    }


def make_event(rng: random.Random, uid: str, zone: str, people: list[str], anchor: date) -> Event:
    """A realistic meeting among `people` (the first organizes)."""
    hour, minute = rng.randint(8, 17), rng.choice((0, 0, 0, 30, 30, 15, 45))
    recurring = rng.random() < RECURRING_SHARE
    if recurring:
        when = _series(rng, anchor, hour, minute)
    else:
        day = anchor + timedelta(days=rng.randint(-14, 59))
        day = _weekday_on_or_after(day, [0, 1, 2, 3, 4]) if rng.random() < 0.9 else day
        minutes = rng.choice((15, 25, 30, 30, 45, 50, 60, 60, 90, 120))
        when = {"start": _at(day, hour, minute), "minutes": minutes}
    statuses = ("ACCEPTED", "ACCEPTED", "ACCEPTED", "TENTATIVE", "NEEDS-ACTION", "DECLINED")
    return Event(
        uid=uid,
        zone=zone,
        title=rng.choice(TITLES),
        organizer=people[0],
        attendees=tuple(
            (p, "ACCEPTED" if i == 0 else rng.choice(statuses)) for i, p in enumerate(people)
        ),
        room=rng.random() < 0.3,
        description=_description(rng, rng.choice(("google", "outlook"))),
        all_day=not recurring and rng.random() < 0.04,
        private=rng.random() < 0.05,
        free=rng.random() < 0.03,
        **when,
    )


def plan_feeds(feeds: int, events: int, anchor: date) -> list[list[Event]]:
    """Every feed's events: shared meetings in two to five feeds, the rest the owner's own."""
    rng = random.Random(20261123)
    per_feed: list[list[Event]] = [[] for _ in range(feeds)]
    shared = round(feeds * events * SHARED_SHARE / 3.5)
    for k in range(shared):
        members = rng.sample(range(feeds), min(feeds, rng.randint(2, 5)))
        extra = [
            pool_address(rng.randrange(POOL_INTERNAL + POOL_EXTERNAL))
            for _ in range(rng.randint(0, 4))
        ]
        people = [address(m) for m in members] + extra
        if rng.random() < 0.4:  # organized by a colleague who may have no feed here
            people.insert(0, pool_address(rng.randrange(POOL_INTERNAL)))
        people = list(dict.fromkeys(people))
        event = make_event(
            rng,
            f"{k:08x}{rng.randrange(16**16):016x}@acme.test",
            owner_zone(members[0]),
            people,
            anchor,
        )
        for member in members:
            if len(per_feed[member]) < events:
                per_feed[member].append(event)
    for owner, planned in enumerate(per_feed):
        own = random.Random(owner)
        while len(planned) < events:
            guests = [
                pool_address(own.randrange(POOL_INTERNAL + POOL_EXTERNAL))
                for _ in range(own.choice((0, 1, 1, 2, 3, 5, 7)))
            ]
            people = list(dict.fromkeys([address(owner), *guests]))
            if len(people) > 1 and own.random() < 0.6:
                people[0], people[1] = people[1], people[0]
            uid = f"own{owner:05d}{len(planned):04d}{own.randrange(16**12):012x}@acme.test"
            planned.append(make_event(own, uid, owner_zone(owner), people, anchor))
        own.shuffle(planned)
    return per_feed


def feed_path(owner: int) -> str:
    """Where the owner's feed is served: a secret-looking address, as real ones are."""
    secret = random.Random(owner).randrange(16**24)
    return f"/calendar/ical/{owner:05d}/private-{secret:024x}/basic.ics"


def user_id(owner: int) -> str:
    """The owner's Slack user id."""
    return f"U{owner:07d}"
