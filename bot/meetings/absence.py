"""Out-of-office days in a person's own calendar, as plain values (pure, standard library).

What counts as an absence (the rule parse_calendar applies, see ics/absences.py):

* An event marked out of office (Outlook/Exchange `X-MICROSOFT-CDO-BUSYSTATUS:OOF`), or
  one whose title holds a leave word as a whole word, any case (LEAVE_WORDS, configurable
  with KAIROS_LEAVE_WORDS): "Vacation in Spain", "PTO", "Verlof".
* All-day events count by the mark or the title alone. Google makes all-day events free
  (TRANSP:TRANSPARENT) and Outlook "Free" by default, so their free/busy says nothing about
  leave; a title that says vacation does.
* Timed events count only when they last at least a whole day (24 hours): Outlook writes
  an out-of-office week as 00:00 to 00:00, and a 09:00 Monday to 17:00 Friday trip is the
  days it touches. A shorter one (a dentist's appointment, an afternoon off) is not leave:
  leave here is whole days, and working hours already cover parts of days. A timed event
  counted by its title must also be busy (not TRANSP:TRANSPARENT).
* Never: a cancelled event, one the owner declined, or a title-only match on an
  invitation from someone else (a colleague's "Ana: vacation" sent to the team is Ana's
  leave): a title counts only on the person's own entries (no other attendees, or the
  owner organizes it). The OOF mark is the person's own "show as", so it counts on
  invitations too.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

LEAVE_WORDS = (
    "vacation", "holiday", "leave", "OOO", "out of office", "PTO", "vakantie", "verlof", "vrij",
)  # fmt: skip
# Why an event counts, as Absence.why says it.
OUT_OF_OFFICE = "oof"
TITLE = "title"
# A timed event shorter than this is part of a day, never leave.
WHOLE_DAY = timedelta(days=1)
MAX_TITLE_CHARS = 200
# "not a public holiday", "no PTO", "geen vakantie" (Dutch), right before the word.
_NEGATION = re.compile(r"(?<!\w)(?:not(?:\s+an?)?(?:\s+\w+)?|no|geen|niet)\s+$", re.IGNORECASE)
_KEY_HEX = 32


@dataclass(frozen=True, order=True)
class Absence:
    """One out-of-office event (or one occurrence of a recurring one), in local days."""

    first_day: date
    last_day: date  # inclusive
    key: str  # stable per event occurrence: a digest of its UID and recurrence id
    title: str
    why: str  # OUT_OF_OFFICE or TITLE


def parse_leave_words(text: str) -> tuple[str, ...]:
    """Comma-separated leave words, trimmed, empty ones left out."""
    return tuple(word.strip() for word in text.split(",") if word.strip())


@lru_cache(maxsize=8)
def leave_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern finding any of the words as a whole word (or phrase), in any case."""
    # Longest first, so "out of office" wins over a shorter word it contains.
    alternatives = "|".join(
        r"\s+".join(re.escape(part) for part in word.split())
        for word in sorted(words, key=len, reverse=True)
    )
    if not alternatives:
        return re.compile(r"(?!)")  # no words: nothing matches
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def says_leave(title: str, pattern: re.Pattern[str]) -> bool:
    """Whether a title holds one of the leave words, not negated: Outlook's holiday
    calendars title days like "Mother's Day [Not a public holiday]"."""
    return any(
        _NEGATION.search(title, 0, match.start()) is None for match in pattern.finditer(title)
    )


def absence_key(uid: str, recurrence_id: date | None) -> str:
    """The stable key of an event (and, for a recurring one, of its occurrence).

    A digest: a UID can hold an e-mail address and run to hundreds of characters, and the
    key only has to find the same event again on the next sync.
    """
    slot = "" if recurrence_id is None else recurrence_id.isoformat()
    material = f"{uid}\x1f{slot}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(material).hexdigest()[:_KEY_HEX]


def all_day_days(start: date, end: date | None) -> tuple[date, date]:
    """The first and last day of an all-day event: DTEND is exclusive (RFC 5545), and an
    event without one (or ending where it starts) lasts its one day."""
    if end is None or end <= start:
        return start, start
    return start, end - timedelta(days=1)


def timed_days(start: datetime, end: datetime) -> tuple[date, date] | None:
    """The local days a timed event touches, given its start and end on one wall clock;
    None when it lasts less than a whole day. An end at midnight does not touch its day."""
    if end - start < WHOLE_DAY:
        return None
    last = end.date()
    if end.time() == datetime.min.time():
        last -= timedelta(days=1)
    return start.date(), last


def short_title(title: str) -> str:
    """A title as stored: one line, trimmed, at most MAX_TITLE_CHARS."""
    line = " ".join(title.split())
    return line if len(line) <= MAX_TITLE_CHARS else line[: MAX_TITLE_CHARS - 1] + "…"
