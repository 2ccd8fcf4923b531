"""The weekly summary benchmark's data: every row from fixed seeds (members' feeds and focus
blocks, the meetings, held mentions, urgent uses, answers, earlier posts and the focus day),
stored with bulk inserts and then vacuumed and analysed."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import Engine, insert, text

from bench.summary_meetings import MeetingMaker
from bench.summary_scenario import (
    CHANNEL,
    FOCUS_WEEKDAY,
    NOW,
    TEAM_TZ,
    WINDOW_BACK,
    Data,
    user_id,
)
from bot.cleanup.service import FOCUS_DAY
from bot.cleanup.tables import AsyncQuestion, SummaryChannel, SummaryPost
from bot.db.base import table
from bot.focus.repo import schedule_to_text
from bot.focus.schedule import WEEKDAYS, union, windows_for
from bot.focus.tables import HeldMention, Person, UrgentUse
from bot.meetings.tables import CalendarFeed, Meeting, MeetingAttendee, MeetingSighting
from bot.workspace.tables import WorkspaceSetting

SERIES = 1500  # series per 20,000 meetings
FOCUS_SHARE = 0.6
HELD_MENTIONS, URGENT_USES, ANSWERS = 30_000, 500, 5_000  # per 1,000 members
CHUNK = 5_000
ZONE_WEIGHTS = (("Europe/Amsterdam", 5), ("Europe/London", 2), ("America/New_York", 2),
                ("America/Los_Angeles", 1), ("Asia/Kolkata", 1))  # fmt: skip


def people_and_feeds(data: Data, members: int, rng: random.Random) -> list[str]:
    """Everyone's calendar feed; focus blocks for 60%. The members who use focus hours."""
    zones = [name for name, weight in ZONE_WEIGHTS for _ in range(weight)]
    focusing = []
    for n in range(1, members + 1):
        data.add(
            CalendarFeed,
            {
                "user_id": user_id(n),
                "url_encrypted": f"gAAAAABbench{rng.randrange(16**40):040x}",
                "host": rng.choice(("calendar.google.com", "outlook.office365.com")),
                "etag": f'"{rng.randrange(16**16):016x}"',
                "last_modified": None,
                "body_hash": f"{rng.randrange(16**64):064x}",
                "created_at": NOW - timedelta(days=rng.randint(20, 400)),
                "synced_at": NOW - timedelta(minutes=rng.randint(1, 15)),
                "next_poll_at": NOW + timedelta(minutes=rng.randint(1, 15)),
                "problem": None,
                "problem_told_at": None,
                "meetings_found": rng.randint(10, 120),
            },
        )
        if rng.random() >= FOCUS_SHARE:
            continue
        days = sorted(rng.sample(WEEKDAYS, rng.choice((2, 3, 4, 5, 5))))
        start = rng.choice((8, 9, 9, 10)) * 60 + rng.choice((0, 30))
        blocks = windows_for(days, start, start + rng.choice((90, 120, 120, 180)))
        if rng.random() < 0.3:  # an afternoon block too
            afternoon = 14 * 60 + rng.choice((0, 30, 60))
            blocks = union(blocks, windows_for(rng.sample(days, 1), afternoon, afternoon + 120))
        data.add(
            Person,
            {
                "user_id": user_id(n),
                "tz": rng.choice(zones),
                "focus_blocks": schedule_to_text(blocks),
                "working_hours": schedule_to_text(windows_for(WEEKDAYS, 8 * 60, 18 * 60)),
                "session_starts_at": None,
                "session_ends_at": None,
                "released_until": None,
                "next_check_at": None,
                "updated_at": NOW - timedelta(days=rng.randint(1, 60)),
            },
        )
        focusing.append(user_id(n))
    return focusing


def mentions(
    data: Data, members: int, focusing: list[str], rng: random.Random, share: float
) -> None:
    """Held mentions of the members who use focus hours, and urgent uses, last 14 days."""
    channels = [f"C{k:08d}" for k in range(200)]
    for k in range(round(HELD_MENTIONS * share)):
        held_at = NOW - timedelta(seconds=rng.randrange(int(WINDOW_BACK.total_seconds())))
        sent_at = held_at - timedelta(seconds=rng.randint(0, 3))
        recent = NOW - held_at < timedelta(hours=6)
        status = "held" if recent else rng.choices(("delivered", "seen"), (75, 25))[0]
        data.add(
            HeldMention,
            {
                "recipient_id": rng.choice(focusing),
                "sender_id": user_id(rng.randint(1, members)),
                "channel_id": rng.choice(channels),
                "message_ts": f"{int(sent_at.timestamp())}.{k:06d}",
                "thread_ts": None,
                "text": "<@U0000001> can you look at this before the review?" if recent else None,
                "kind": rng.choices(("user", "usergroup", "broadcast"), (80, 15, 5))[0],
                "permalink": None if recent else f"https://acme.slack.com/archives/x/p{k}",
                "sent_at": sent_at,
                "held_at": held_at,
                "status": status,
                "digest_id": None,
            },
        )
    for k in range(round(URGENT_USES * share)):
        at = NOW - timedelta(seconds=rng.randrange(int(WINDOW_BACK.total_seconds())))
        data.add(
            UrgentUse,
            {
                "sender_id": user_id(rng.randint(1, members)),
                "recipient_id": rng.choice(focusing),
                "channel_id": rng.choice(channels),
                "message_ts": f"{int(at.timestamp())}.{k:06d}",
                "via": rng.choice(("marker", "marker", "button")),
                "at": at,
            },
        )


def answers(data: Data, maker: MeetingMaker, rng: random.Random, wanted: int) -> None:
    """Answers about past occurrences of the series, over the last twelve weeks."""
    asked: set[tuple[str, str, datetime]] = set()
    answered = 0
    while answered < wanted:
        key, title, seen, starts = rng.choice(maker.series)
        if not starts:
            continue
        start = starts[0] - timedelta(weeks=rng.randrange(12))
        if start >= NOW:
            continue
        user = user_id(rng.choice(seen))
        if (user, key, start) in asked:
            continue
        asked.add((user, key, start))
        asked_at = start + timedelta(hours=rng.randint(1, 24))
        answer = rng.choices(("yes", "partly", "no", None), (30, 25, 35, 10))[0]
        answered += answer is not None
        data.add(
            AsyncQuestion,
            {
                "user_id": user,
                "series_key": key,
                "meeting_starts_at": start,
                "asked_at": asked_at,
                "via": rng.choice(("digest", "dm")),
                "answer": answer,
                "answered_at": asked_at + timedelta(hours=rng.randint(1, 30)) if answer else None,
                "title": title,
            },
        )


def generate(members: int, meetings: int) -> Data:
    """Every row, from fixed seeds."""
    data = Data()
    rng = random.Random(20261127)
    focusing = people_and_feeds(data, members, rng)
    maker = MeetingMaker(data, members, random.Random(1))
    for _ in range(round(SERIES * meetings / 20_000)):
        maker.add_series()
    while maker.next_id <= meetings:
        maker.add_single()
    share = members / 1000
    mentions(data, members, focusing, random.Random(2), share)
    answers(data, maker, random.Random(3), round(ANSWERS * share))
    data.add(
        SummaryChannel,
        {"channel_id": CHANNEL, "weekday": 4, "minute": 15 * 60, "tz": TEAM_TZ,
         "set_by": user_id(1), "set_at": NOW - timedelta(days=120)},
    )  # fmt: skip
    hours = random.Random(4)
    for week in range(1, 13):
        posted = NOW - timedelta(weeks=week)
        data.add(
            SummaryPost,
            {"channel_id": CHANNEL, "week": posted.date(), "edition": "weekly",
             "claimed_at": posted, "attempt_at": posted, "attempts": 1, "posted_at": posted,
             "message_ts": f"{int(posted.timestamp())}.000100",
             "meeting_hours": 9000 + hours.uniform(-800, 800)},
        )  # fmt: skip
    data.add(
        WorkspaceSetting,
        {"name": FOCUS_DAY, "value": str(FOCUS_WEEKDAY), "updated_by": user_id(1),
         "updated_at": NOW - timedelta(days=60)},
    )  # fmt: skip
    return data


def store(engine: Engine, data: Data) -> None:
    """Bulk inserts in chunks, parents first; then the id sequence and fresh statistics."""
    order = (CalendarFeed, Person, Meeting, MeetingSighting, MeetingAttendee, HeldMention,
             UrgentUse, AsyncQuestion, SummaryChannel, SummaryPost, WorkspaceSetting)  # fmt: skip
    with engine.begin() as connection:
        for model in order:
            rows = data.rows.get(model, [])
            for first in range(0, len(rows), CHUNK):
                connection.execute(insert(table(model)), rows[first : first + CHUNK])
        connection.execute(
            text("SELECT setval(pg_get_serial_sequence('meetings', 'id'), max(id)) FROM meetings")
        )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
