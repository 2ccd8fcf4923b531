"""Storing a person's meetings: one row per meeting however many feeds show it, its
attendees, the person's sightings, and forgetting what nobody sees.

What a sync writes is worked out here (each meeting's values, which changed, whose
attendee rows differ); the statements are in repo.py and repo_upsert.py. Never commits: a
sync's unit of work does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import lru_cache
from typing import cast

from sqlalchemy.orm import Session

from bot.focus import repo as focus_repo
from bot.focus.model import zone_named
from bot.focus.periods import PeriodSet, schedule_periods
from bot.meetings import repo
from bot.meetings.agenda.detection import AgendaVerdict, detect_agenda, nudge_exemption
from bot.meetings.model import Occurrence, meeting_flags, meeting_key
from bot.meetings.repo_upsert import (
    MEETING_VALUES,
    delete_attendees,
    insert_new_rows,
    stored_attendees,
    stored_meetings,
    write_meetings,
)
from bot.meetings.tables import MeetingAttendee


@lru_cache(maxsize=4096)
def _agenda(description: str, has_attachment: bool, is_html: bool | None) -> AgendaVerdict:
    # Every occurrence of a series carries the same description, and colleagues' feeds
    # share meetings: read each description once, not once per occurrence and feed.
    return detect_agenda(description, has_attachment=has_attachment, is_html=is_html)


def _fields(
    occ: Occurrence, tz: str, now: datetime, users: dict[str, str], overlap: bool = False
) -> dict[str, object]:
    verdict = _agenda(occ.description, occ.has_attachment, occ.description_is_html)
    flags = meeting_flags(occ, user_tz=tz, focus_day=None, attendee_focus_overlap=overlap)
    return {
        # A private event is busy time only: its title is not ours to keep.
        "title": "" if occ.is_private else occ.title,
        "starts_at": occ.start,
        "ends_at": occ.end,
        "sequence": occ.sequence,
        "organizer_email": occ.organizer,
        "organizer_id": users.get((occ.organizer or "").lower()),
        "people": len(occ.human_participants),
        "is_recurring": occ.is_recurring,
        "is_private": occ.is_private,
        "has_agenda": verdict.has_agenda,
        "agenda_reason": verdict.reason.value,
        "exemption": nudge_exemption(occ),
        "minutes": flags.minutes,
        "flags": ",".join(flags.names),
        "updated_at": now,
    }


def upsert_meetings(
    session: Session,
    occurrences: Sequence[Occurrence],
    tz: str,
    now: datetime,
    users: dict[str, str],
) -> set[int]:
    """Insert or update these meetings (one row per series and slot); their ids.

    Colleagues' feeds share meetings, and their syncs may store one at the same time: a row
    the other sync inserted first is updated like any stored one, or read back when its
    SEQUENCE is newer.
    """
    wanted = {meeting_key(occ): occ for occ in occurrences}
    people = {key: _people(occ, users) for key, occ in wanted.items()}
    focus = _focus_times(session, set().union(*people.values()), wanted.values())
    fields = {
        key: _fields(occ, tz, now, users, _overlaps_focus(occ, people[key], focus))
        for key, occ in wanted.items()
    }
    stored = stored_meetings(session, set(wanted))
    ids = {key: meeting_id for key, (meeting_id, _values) in stored.items()}
    # Written: the new meetings, and the stored ones that changed and whose stored SEQUENCE
    # is not newer. A row that is the same is not written, so not locked either.
    changed = {
        key: row
        for key, row in fields.items()
        if key not in stored or _newer_and_different(row, stored[key][1])
    }
    ids.update(write_meetings(session, changed))
    # Not written: another feed stored a newer version of a new one since we looked.
    ids.update(
        (key, found[0]) for key, found in stored_meetings(session, set(wanted) - set(ids)).items()
    )
    # Only meetings stored before this sync can have attendee rows to compare with.
    _replace_attendees(
        session,
        {ids[key]: (occ, people[key]) for key, occ in wanted.items()},
        users,
        {ids[key] for key in stored},
    )
    return {ids[key] for key in wanted}


def _newer_and_different(row: dict[str, object], stored: tuple[object, ...]) -> bool:
    """Whether a sync's values for a stored meeting change it and may: an occurrence only
    overwrites a stored one whose SEQUENCE is not newer."""
    if cast(int, row["sequence"]) < cast(int, stored[_SEQUENCE]):
        return False
    return any(row[name] != value for name, value in zip(MEETING_VALUES, stored, strict=True))


_SEQUENCE = MEETING_VALUES.index("sequence")


def _people(occ: Occurrence, users: dict[str, str]) -> set[str]:
    """The Slack users among a meeting's organizer and attendees who did not decline."""
    emails = {a.email.lower() for a in occ.attendees if not a.is_resource and not a.declined}
    emails.add((occ.organizer or "").lower())
    return {users[e] for e in emails if e in users}


def _focus_times(
    session: Session, user_ids: set[str], occurrences: Iterable[Occurrence]
) -> dict[str, PeriodSet]:
    """The weekly focus blocks of the Kairos users among these people, as UTC periods over
    the span of these meetings (worked out once a person, not once a meeting and person)."""
    spans = [(occ.start, occ.end) for occ in occurrences]
    if not spans:
        return {}
    first, last = min(start for start, _ in spans), max(end for _, end in spans)
    return {
        user_id: PeriodSet(schedule_periods(blocks, zone_named(tz), first, last))
        for user_id, tz, blocks in focus_repo.weekly_focus_blocks(session, sorted(user_ids))
    }


def _overlaps_focus(occ: Occurrence, people: set[str], focus: dict[str, PeriodSet]) -> bool:
    """Whether the meeting cuts into a weekly focus block of one of its people."""
    return any(
        focus[user_id].overlaps(occ.start, occ.end) for user_id in people if user_id in focus
    )


def _replace_attendees(
    session: Session,
    meetings: dict[int, tuple[Occurrence, set[str]]],
    users: dict[str, str],
    stored_before: set[int],
) -> None:
    """Each meeting's attendees who are Slack users (of its _people), as the newest sync
    saw them; only the meetings whose attendees differ from the stored ones (of
    `stored_before`) are written."""
    wanted: set[tuple[int, str]] = set()
    for meeting_id, (occ, people) in meetings.items():
        found = people - {users.get((occ.organizer or "").lower())}
        wanted.update((meeting_id, u) for u in found)
    stored = stored_attendees(session, stored_before & set(meetings))
    delete_attendees(session, stored - wanted)
    # All of a changed meeting's rows, not only those missing when we looked: a sync storing
    # it at the same time may have deleted one this sync wants. One that inserted a row
    # first saw the same meeting, so its row is kept instead of failing this sync.
    changed = {meeting_id for meeting_id, _user in stored ^ wanted}
    rows = [{"meeting_id": m, "user_id": u} for m, u in wanted if m in changed]
    insert_new_rows(session, MeetingAttendee, rows, ["meeting_id", "user_id"])


def store_meetings(  # noqa: PLR0917 - one step of a sync, all of it needed
    session: Session,
    user_id: str,
    occurrences: Sequence[Occurrence],
    tz: str,
    now: datetime,
    users: dict[str, str] | None = None,
) -> None:
    """Make the person's sightings exactly these meetings; drop meetings nobody sees now."""
    ids = upsert_meetings(session, occurrences, tz, now, users or {})
    before = repo.sighted_meetings(session, user_id)
    gone = before - ids
    repo.delete_sightings(session, user_id, gone)
    # Two syncs of this feed at once (a poll while the person reconnects it) both read no
    # sighting: the second skips the row the first inserted.
    repo.add_sightings(session, user_id, sorted(ids - before))
    repo.drop_unseen(session, gone)
