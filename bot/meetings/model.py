"""Meetings as plain values: occurrences, attendees, identity and the per-meeting flags.

Pure and standard library only. Times are aware UTC; a user's zone is applied only where a
rule is about the clock on their wall (on the hour, the focus day).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta, tzinfo
from operator import attrgetter
from typing import Any
from zoneinfo import ZoneInfo

from bot.meetings.absence import Absence

# "Speedy meetings" (DOMAIN rule 5): at most 25 or 50 minutes. A 26-30 minute meeting is a
# half-hour slot that leaves no break; anything over 50 minutes breaks the 50-minute cap,
# so a 60, 90 or 120 minute meeting is flagged too. 31-50 minutes still ends by :50.
SHORT_MEETING_MAX = 25
HALF_HOUR = 30
LONG_MEETING_MAX = 50
LARGE_MEETING_PEOPLE = 8
# Meetings are kept from a week back (for the weekly summary) to two weeks ahead (nudges).
LOOK_BACK = timedelta(days=7)
LOOK_AHEAD = timedelta(days=14)
# The width of every series_key column: a longer key was never stored.
SERIES_KEY_CHARS = 512


# What PostgreSQL refuses in text (NUL) or cannot encode (a lone surrogate).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# A key cut to this length keeps a readable start beside the digest of the whole UID.
_KEPT_OF_LONG_KEY = SERIES_KEY_CHARS - 72


def storable_text(value: str) -> str:
    """Text from a feed without the characters no database column can hold."""
    return _UNSTORABLE.sub("", value) if _UNSTORABLE.search(value) else value


def bounded_series_key(key: str) -> str:
    """A series key that fits its column: a UID too long or holding characters a column
    refuses becomes its readable start and a digest of the whole, still unique per UID."""
    if is_series_key(key):
        return key
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{storable_text(key)[:_KEPT_OF_LONG_KEY]}#sha256:{digest}"


def is_series_key(value: str) -> bool:
    """Whether a key from a button or a form could name a stored series, checked before
    it reaches the database: 1 to 512 characters, none that PostgreSQL refuses in text (NUL)
    or that cannot be encoded (a lone surrogate). A UID may hold other control characters."""
    return 0 < len(value) <= SERIES_KEY_CHARS and _UNSTORABLE.search(value) is None


@dataclass(frozen=True, slots=True)
class Attendee:
    """One ATTENDEE of an event; rooms and equipment are resources, not people."""

    email: str
    name: str | None = None
    partstat: str = "NEEDS-ACTION"
    is_resource: bool = False

    @property
    def declined(self) -> bool:
        """Whether this attendee said no."""
        return self.partstat == "DECLINED"

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuilt(self)


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One occurrence of a calendar event, as seen in one person's feed."""

    uid: str
    series_key: str
    start: datetime
    end: datetime
    title: str = ""
    description: str = ""
    # True: HTML (X-ALT-DESC); False: plain text; None: unknown (Google mixes both).
    description_is_html: bool | None = None
    location: str = ""
    organizer: str | None = None
    attendees: tuple[Attendee, ...] = ()
    # The slot this occurrence fills in its series (stays put when one instance is moved).
    recurrence_id: datetime | None = None
    is_recurring: bool = False
    recurrence_has_end: bool = True
    is_private: bool = False
    has_attachment: bool = False
    sequence: int = 0
    status: str = "CONFIRMED"

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuilt(self)

    def __post_init__(self) -> None:
        for name in ("start", "end", "recurrence_id"):
            value = getattr(self, name)
            if value is None:
                continue
            if value.tzinfo is None or value.utcoffset() is None:
                raise ValueError(f"Occurrence.{name} must be timezone-aware, got {value!r}")
            if value.tzinfo is not UTC:
                # Frozen, so normalise through object.__setattr__: one zone for comparisons.
                object.__setattr__(self, name, value.astimezone(UTC))

    @property
    def minutes(self) -> int:
        """Length in whole minutes."""
        return int((self.end - self.start).total_seconds() // 60)

    @property
    def human_participants(self) -> frozenset[str]:
        """The people in the meeting: organiser and attendees who did not decline, no rooms."""
        people = {
            _person_key(attendee)
            for attendee in self.attendees
            if not attendee.is_resource and not attendee.declined
        }
        # Outlook leaves the organiser out of the ATTENDEE list; Google puts them in.
        if self.organizer:
            people.add(self.organizer)
        people.discard("")
        return frozenset(people)


# Parse workers send every occurrence of a feed to the syncing process. Pickle's default
# for a slots dataclass restores it field by field through dataclasses' __setstate__;
# rebuilt from a tuple by the constructor, a feed of ~230 occurrences pickles in 1.5 ms
# instead of 3.1 and unpickles in 1.9 ms instead of 2.9.
_VALUES = {cls: attrgetter(*(f.name for f in fields(cls))) for cls in (Attendee, Occurrence)}


def _rebuilt(value: Attendee | Occurrence) -> tuple[Any, ...]:
    cls = type(value)
    return (cls, _VALUES[cls](value))


def _person_key(attendee: Attendee) -> str:
    if attendee.email:
        return attendee.email
    # Some clients invite people by name only; count them once each all the same.
    return f"name:{attendee.name.casefold()}" if attendee.name else ""


MeetingKey = tuple[str, datetime]


def meeting_key(occ: Occurrence) -> MeetingKey:
    """Identity of a meeting across feeds: its series and its slot in that series.

    The slot is the RECURRENCE-ID for recurring events, so one moved instance that one feed
    already shows at its new time and another still at its old time stays one meeting; a
    single event's slot is its start.
    """
    slot = occ.recurrence_id if occ.is_recurring and occ.recurrence_id else occ.start
    return (occ.series_key, slot)


def participant_emails(occurrences: Sequence[Occurrence]) -> list[str]:
    """Emails of the people (not rooms, not those who declined) in any of these meetings.

    All meetings, exempt ones too: a meeting's organizer and attendee rows must not depend
    on which other meetings the feed that stored it happens to show, or colleagues' feeds
    sharing it would store it differently, and rewrite it, by turns.
    """
    emails: set[str] = set()
    for occ in occurrences:
        if occ.organizer:
            emails.add(occ.organizer)
        emails.update(
            a.email for a in occ.attendees if a.email and not a.is_resource and not a.declined
        )
    return sorted(emails)


@dataclass(frozen=True, slots=True)
class ParsedCalendar:
    """The meetings found in one calendar feed, and what could not be read."""

    occurrences: list[Occurrence]
    skipped: int = 0  # events left out, in all
    errors: list[str] = field(default_factory=list)
    # Things read with a fallback (an unknown time zone read as the default one).
    warnings: list[str] = field(default_factory=list)
    # Events left out by reason code (the values of ics.report.SkipReason); they add up to
    # `skipped`. Plain strings and ints, so that the feed's owner can be told in words.
    skip_reasons: dict[str, int] = field(default_factory=dict)
    # TZIDs (and X-WR-TIMEZONE values) that name no zone known here, as the feed wrote them.
    unknown_zones: list[str] = field(default_factory=list)
    fallback_zone: str | None = None  # the zone the unknown zones' times were read in
    # The owner's out-of-office days reaching the window (bot/meetings/absence.py).
    absences: list[Absence] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class MeetingFlags:
    """The cleanup observations about one meeting (DOMAIN rules 5-7)."""

    minutes: int
    not_speedy: bool
    off_grid_start: bool
    on_focus_day: bool
    overlaps_focus: bool
    large: bool
    recurring_without_end: bool

    @property
    def names(self) -> tuple[str, ...]:
        """The names of the flags that are set, in a stable order."""
        return tuple(
            name
            for name in (
                "not_speedy",
                "off_grid_start",
                "on_focus_day",
                "overlaps_focus",
                "large",
                "recurring_without_end",
            )
            if getattr(self, name)
        )


def is_speedy(minutes: int) -> bool:
    """Whether a meeting of this length follows the 25-or-50-minute rule."""
    if minutes <= SHORT_MEETING_MAX:
        return True
    if minutes <= HALF_HOUR:
        return False
    return minutes <= LONG_MEETING_MAX


def _zone(tz: str | tzinfo) -> tzinfo:
    return ZoneInfo(tz) if isinstance(tz, str) else tz


def meeting_flags(
    occ: Occurrence,
    *,
    user_tz: str | tzinfo,
    focus_day: int | None,
    attendee_focus_overlap: bool,
) -> MeetingFlags:
    """Flags for one meeting as seen from one user's zone; focus_day is 0=Monday..6=Sunday.

    Whether the meeting overlaps an attendee's focus block needs everyone's schedules, so
    the caller works it out and passes it in.
    """
    local_start = occ.start.astimezone(_zone(user_tz))
    minutes = occ.minutes
    return MeetingFlags(
        minutes=minutes,
        not_speedy=not is_speedy(minutes),
        # Checked on the wall clock: a zone with a :30 or :45 offset moves the grid.
        off_grid_start=local_start.minute not in (0, 30) or local_start.second != 0,
        on_focus_day=focus_day is not None and local_start.weekday() == focus_day,
        overlaps_focus=attendee_focus_overlap,
        large=len(occ.human_participants) >= LARGE_MEETING_PEOPLE,
        recurring_without_end=occ.is_recurring and not occ.recurrence_has_end,
    )


@dataclass(frozen=True)
class Notice:
    """One meeting to mention in an attendee's digest."""

    series_key: str
    title: str
    starts_at: datetime
    agenda: str | None  # the agenda the organizer gave Kairos, if any


@dataclass(frozen=True, slots=True)
class FeedReading:
    """What a read of a feed left out: skipped events by reason code, unknown zone names
    and the zone their times were read in instead."""

    skipped: dict[str, int] = field(default_factory=dict)
    unknown_zones: tuple[str, ...] = ()
    fallback_zone: str | None = None

    def to_json(self) -> str | None:
        """For the feed's row; None when nothing was left out."""
        if not self.skipped and not self.unknown_zones:
            return None
        zones = {"zones": list(self.unknown_zones), "read_in": self.fallback_zone}
        return json.dumps({"skipped": self.skipped, **zones})

    @staticmethod
    def from_json(text: str | None) -> FeedReading:
        """The reading stored by to_json; an empty one for None or text it cannot read."""
        try:
            data = json.loads(text) if text else {}
            skipped = {str(k): int(v) for k, v in dict(data.get("skipped", {})).items()}
            zones = tuple(str(zone) for zone in data.get("zones", []))
            read_in = data.get("read_in")
        except (ValueError, TypeError, AttributeError):
            return FeedReading()
        return FeedReading(skipped, zones, str(read_in) if read_in else None)
