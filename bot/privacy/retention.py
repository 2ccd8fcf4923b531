"""How long each kind of row lives: the one catalog the retention sweep enforces (pure).

Standard library only. Every table is named here, either as rows the sweep deletes once they
are older than a period (`Aged`), or as rows that live as long as something a person or an
admin set up (`Kept`): tests/unit/privacy/test_retention.py fails on a table that is neither,
so a new table forces the decision.

An operator may shorten a period that has a setting, never lengthen it: the default is as long
as Kairos's features read the rows, and keeping them longer would keep data nobody reads. The
minimum is what a feature needs; a shorter setting is refused at start, saying which feature.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta


@dataclass(frozen=True)
class Period:
    """How long rows of one or more kinds live, and how far an operator may shorten it."""

    days: int  # the default, and the most Kairos keeps them
    minimum: int  # the fewest days a feature needs
    needs: str  # what the minimum is for, as the refusal says it
    setting: str | None = None  # the environment variable that shortens it, if any

    def check(self, days: int) -> int:
        """The days if within minimum..days, else ValueError saying why not."""
        if days < self.minimum:
            raise ValueError(f"{days} days is shorter than {self.minimum}: {self.needs}")
        if days > self.days:
            raise ValueError(
                f"{days} days is longer than {self.days}, the most any feature of Kairos reads"
            )
        return days

    @property
    def how_to_fix(self) -> str:
        """One line for the settings error."""
        return (
            f"use a whole number of days from {self.minimum} to {self.days} (shorter than "
            "the default is fine; longer would keep rows no feature reads)"
        )


def _fixed(days: int, needs: str) -> Period:
    return Period(days, days, needs)


DELIVERED = Period(
    30,
    14,
    "the weekly summary compares held, delivered and urgent mentions over the last two weeks",
    "KAIROS_RETAIN_DELIVERED_DAYS",
)
MEETINGS = Period(
    35,
    28,
    "the quarterly summary reviews the last four weeks of meetings",
    "KAIROS_RETAIN_MEETINGS_DAYS",
)
ANSWERS = Period(
    90,
    28,
    "a person is asked about the same series at most every four weeks, as the questions show",
    "KAIROS_RETAIN_ANSWERS_DAYS",
)
SETTINGS = (DELIVERED, MEETINGS, ANSWERS)


@dataclass(frozen=True)
class Aged:
    """Rows the sweep deletes once `aged_by` is older than the period."""

    name: str  # as the log line and the sweep's counts say it
    table: str
    aged_by: str  # the column (an aware UTC instant) the age is measured from
    period: Period
    why: str
    which: str = "all"  # which of the table's rows, when not all of them


@dataclass(frozen=True)
class Kept:
    """Rows that live as long as something a person or an admin keeps, not for a period."""

    table: str
    lives: str
    why: str


# In the order the sweep deletes: mentions before the digests they point to, meetings before
# the nudges and notices that last as long as their series does.
EVENT_IDS = Aged(
    "processed event ids",
    "processed_events",
    "processed_at",
    _fixed(1, "Slack retries an event within the hour"),
    "Slack retries an event at most three times within about an hour; a day leaves a wide "
    "margin for a bot that was down while the retries came in",
)
DELIVERED_MENTIONS = Aged(
    "delivered mentions",
    "held_mentions",
    "held_at",
    DELIVERED,
    "the text went at delivery; who, where, when and the link stay for App Home's last digest "
    "and the summary's counts",
    which="delivered, seen, dropped or sent as urgent; a digest's stay as long as the digest",
)
DIGESTS = Aged(
    "digests",
    "digests",
    "sent_at",
    DELIVERED,
    "App Home lists the mentions of the person's last digest",
    which="sent, with none of their mentions left",
)
URGENT_USES = Aged(
    "urgent uses",
    "urgent_uses",
    "at",
    DELIVERED,
    "the weekly summary counts uses of the urgent path",
)
MEETINGS_ENDED = Aged(
    "meetings",
    "meetings",
    "ends_at",
    MEETINGS,
    "the weekly summary compares the last two weeks, the quarterly one reviews four",
    which="with their attendees and sightings",
)
AGENDA_NUDGES = Aged(
    "agenda nudges",
    "agenda_nudges",
    "sent_at",
    MEETINGS,
    "a nudge, its dismissal and an agenda given to Kairos hold for every meeting of the series",
    which="once no meeting of their series is stored",
)
AGENDA_NOTICES = Aged(
    "agenda notices",
    "agenda_notices",
    "noticed_at",
    MEETINGS,
    "an attendee is shown a series once, and asks for an agenda are counted per series",
    which="once no meeting of their series is stored",
)
QUESTIONS = Aged(
    "async questions",
    "async_questions",
    "asked_at",
    ANSWERS,
    "the summary counts the answers of the last 90 days, never by name",
)
SUMMARIES = Aged(
    "weekly summaries",
    "summary_posts",
    "claimed_at",
    _fixed(120, "the quarterly trend shows the last twelve weekly figures"),
    "the quarterly trend draws the meeting hours of the last twelve weekly summaries (the "
    "meetings themselves are gone by then); no person is named in them",
)
ENDED_LEAVE = Aged(
    "ended leave",
    "leave_periods",
    "ends_at",
    MEETINGS,
    "the weekly summary leaves people on leave out of the meetings they missed, over the "
    "four weeks the quarterly review covers",
)
NORM_QUESTIONS = Aged(
    "questions in channels with norms",
    "norm_questions",
    "asked_at",
    MEETINGS,
    "the weekly summary reports the share of questions answered within the channel's norm "
    "and the median time to a first answer, over the four weeks the quarterly review covers",
)
EMAIL_LOOKUPS = Aged(
    "email lookups",
    "email_users",
    "checked_at",
    _fixed(7, "a lookup is trusted for a week"),
    "a meeting address found on Slack is trusted for a week (a miss for a day), then asked "
    "again; older lookups are never read",
)
PENDING_BROADCASTS = Aged(
    "pending broadcasts",
    "pending_broadcasts",
    "recorded_at",
    _fixed(1, "a broadcast is held for whoever is away within minutes of its ack"),
    "an @channel waits minutes while its channel's members are read; one still there after "
    "a day has failed every try, and its text is not kept longer",
)
NOTES_ACTIONS = Aged(
    "meeting-notes actions",
    "notes_actions",
    "created_at",
    MEETINGS,
    "an action is shown to its owner and reminded on its due date; the weekly summary counts "
    "actions open and done over the four weeks the quarterly review covers",
    which="done or due before the period; without a due date, recorded before it",
)
NOTES_PROMPTS = Aged(
    "notes prompts",
    "notes_prompts",
    "created_at",
    MEETINGS,
    "the weekly summary reports the share of meetings that left notes, over the four weeks "
    "the quarterly review covers",
    which="with no action of their notes left",
)
NOTES_SERIES = Aged(
    "notes settings",
    "notes_series",
    "updated_at",
    MEETINGS,
    "a series' notes channel, its note-taker and its never-again hold for every meeting of "
    "the series",
    which="once no meeting of their series is stored",
)
CHECKIN_ROUNDS = Aged(
    "check-in rounds",
    "checkin_rounds",
    "opens_at",
    MEETINGS,
    "the summaries' answer rates cover the last two weeks, the quarterly review four; the "
    "answers themselves were posted in the round's thread and not kept",
    which="with each person's ask in them",
)
STOPPED_CHECKINS = Aged(
    "stopped check-ins",
    "checkins",
    "stopped_at",
    MEETINGS,
    "a stopped check-in's last round is wrapped up and counted within days; nothing reads "
    "its people, rounds or title after the four weeks the quarterly review covers",
    which="stopped ones, with their people, rounds and asks",
)
AGED = (
    EVENT_IDS,
    DELIVERED_MENTIONS,
    DIGESTS,
    URGENT_USES,
    MEETINGS_ENDED,
    AGENDA_NUDGES,
    AGENDA_NOTICES,
    QUESTIONS,
    SUMMARIES,
    ENDED_LEAVE,
    NORM_QUESTIONS,
    EMAIL_LOOKUPS,
    PENDING_BROADCASTS,
    CHECKIN_ROUNDS,
    STOPPED_CHECKINS,
    NOTES_ACTIONS,
    NOTES_PROMPTS,
    NOTES_SERIES,
)

KEPT = (
    Kept(
        "people",
        "as long as the person keeps focus or working hours with Kairos",
        "their schedule is what Kairos holds mentions for",
    ),
    Kept(
        "held_mentions",
        "until delivered, for mentions still held (or being delivered)",
        "they wait for the person's digest; the text is deleted at delivery",
    ),
    Kept(
        "calendar_feeds",
        "until the person removes the feed (`/kairos calendar off`)",
        "the encrypted address is polled for the person's meetings",
    ),
    Kept(
        "meeting_sightings",
        "as long as its meeting, or until the person's feed is removed",
        "which meetings a feed showed, so removing it removes what only it showed",
    ),
    Kept(
        "meeting_attendees",
        "as long as its meeting",
        "who of the workspace attends, for nudges and notices",
    ),
    Kept(
        "user_connections",
        "as long as the person stays connected (Disconnect in App Home)",
        "the encrypted token pauses their notifications during focus",
    ),
    Kept(
        "summary_channels",
        "until an admin turns the summary off (`/kairos summary off`)",
        "where and when the weekly summary is posted",
    ),
    Kept(
        "workspace_settings",
        "until an admin changes the setting",
        "the team's own choices, such as its focus day",
    ),
    Kept(
        "channel_languages",
        "until the channel's creator or an admin changes it (`/kairos language`)",
        "the language Kairos posts in, in a channel",
    ),
    Kept(
        "channel_norms",
        "until the channel's creator or an admin changes them (`/kairos norms edit`)",
        "the norms a channel agreed on; each change is posted in the channel",
    ),
    Kept(
        "dm_channels",
        "until forget-me, like the focus settings it is kept with (only someone with focus "
        "or working hours gets a row); nothing in Kairos learns that a person left Slack",
        "Kairos's DM conversation with a person never changes, and asking Slack for it again "
        "is a rate-limited call",
    ),
    Kept(
        "channel_norms_received",
        "as long as the channel's norms (forget-me deletes a person's)",
        "someone who joins a channel is sent its norms once, not again on rejoining",
    ),
    Kept(
        "checkins",
        "while it runs or is paused (until its organizer stops it, or forget-me of them)",
        "the check-in asks its people at each round",
    ),
    Kept(
        "checkin_people",
        "as long as its check-in (forget-me deletes a person's)",
        "who the check-in asks",
    ),
    Kept(
        "checkin_asks",
        "as long as its round",
        "each person is asked, reminded and posted for once per round",
    ),
    Kept(
        "job_leases",
        "as long as the periodic job; one row per job, rewritten at each run",
        "which replica runs the sweeps; no person's data",
    ),
)


@dataclass(frozen=True)
class Periods:
    """The periods in force: each setting's default, or the days the operator chose."""

    chosen: Mapping[str, int] = field(default_factory=dict)  # setting name -> days

    def __post_init__(self) -> None:
        by_name = {p.setting: p for p in SETTINGS}
        for name, days in self.chosen.items():
            if name not in by_name:
                raise ValueError(f"{name} is not a retention setting")
            by_name[name].check(days)

    def of(self, kind: Aged) -> timedelta:
        """How long rows of this kind live."""
        period = kind.period
        days = self.chosen.get(period.setting, period.days) if period.setting else period.days
        return timedelta(days=days)
