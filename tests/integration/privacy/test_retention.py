"""The retention sweep on SQLite and PostgreSQL: for every kind in the catalog, rows older than
their period go and younger ones stay; a setting shortens a period; batches carry on past
the batch size; and the sweep runs at most hourly unless a pass left rows behind."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.checkins import repo as checkins_repo
from bot.checkins import repo_asks
from bot.checkins.model import Cadence, CheckInPlan, QuestionSet, RoundTimes
from bot.cleanup.tables import AsyncQuestion, SummaryPost
from bot.clock import FakeClock
from bot.db.base import Base
from bot.db.dedupe import ProcessedEvent
from bot.db.registry import metadata
from bot.db.uow import UnitOfWork
from bot.focus import repo as focus_repo
from bot.focus.tables import Digest, HeldMention, LeavePeriod, PendingBroadcast, UrgentUse
from bot.meetings.tables import (
    AgendaNotice,
    AgendaNudge,
    CalendarFeed,
    EmailUser,
    Meeting,
    MeetingAttendee,
    MeetingSighting,
)
from bot.norms.tables import NormQuestion
from bot.notes.tables import NotesAction, NotesPrompt, NotesSeries
from bot.privacy import retention
from bot.privacy.retention import AGED, Aged, Periods
from bot.privacy.retention_service import RetentionSweep, enforce_retention

ALICE, BOB, ROOM = "U0ALICE", "U0BOB", "C0ROOM"
MINUTE = timedelta(minutes=1)


def _mention(n: int, at: datetime, status: str = "delivered", digest: int | None = None) -> Base:
    return HeldMention(
        recipient_id=ALICE, sender_id=BOB, channel_id=ROOM, message_ts=f"1795000000.{n:06d}",
        thread_ts=None, text=None if status == "delivered" else "held text", kind="user",
        sent_at=at, held_at=at, status=status, digest_id=digest,
    )  # fmt: skip


def _digest(at: datetime | None, created: datetime) -> Digest:
    return Digest(recipient_id=ALICE, created_at=created, sent_at=at, item_count=1)


def _meeting(n: int, ends: datetime, series: str | None = None) -> Meeting:
    return Meeting(
        series_key=series or f"meeting-{n}@example.com", slot=ends - timedelta(minutes=30),
        title="Planning", starts_at=ends - timedelta(minutes=30), ends_at=ends, people=2,
        is_recurring=False, is_private=False, has_agenda=False, agenda_reason="empty",
        minutes=30, flags="", updated_at=ends,
    )  # fmt: skip


def _add_meeting(session: Session, n: int, ends: datetime, series: str | None = None) -> None:
    """A meeting in Alice's calendar, with Bob as an attendee."""
    if session.get(CalendarFeed, ALICE) is None:
        session.add(
            CalendarFeed(
                user_id=ALICE, url_encrypted="x", host="calendar.example.com",
                created_at=ends, next_poll_at=ends,
            )
        )  # fmt: skip
    meeting = _meeting(n, ends, series)
    session.add(meeting)
    session.flush()
    session.add(MeetingSighting(meeting_id=meeting.id, user_id=ALICE))
    session.add(MeetingAttendee(meeting_id=meeting.id, user_id=BOB))


def _urgent_use(n: int, at: datetime) -> Base:
    return UrgentUse(
        sender_id=BOB, recipient_id=ALICE, channel_id=ROOM, message_ts=f"1795000000.{n:06d}",
        via="button", at=at,
    )  # fmt: skip


def _question(n: int, at: datetime) -> Base:
    return AsyncQuestion(
        user_id=ALICE, series_key=f"series-{n}", meeting_starts_at=at, asked_at=at, via="dm",
        answer="yes", answered_at=at, title="Planning",
    )  # fmt: skip


def _summary(n: int, at: datetime) -> Base:
    return SummaryPost(
        channel_id=ROOM, week=date(2026, 1, 1) + timedelta(weeks=n), edition="weekly",
        claimed_at=at, attempts=1, posted_at=at, message_ts="1795000000.000100",
        meeting_hours=12.5,
    )  # fmt: skip


def _add_leave(session: Session, n: int, ends: datetime) -> None:
    if focus_repo.get_person(session, ALICE) is None:
        focus_repo.add_person(session, ALICE, "UTC", ends)
        session.flush()
    day = ends.date() - timedelta(days=n)
    session.add(
        LeavePeriod(user_id=ALICE, starts_on=day, ends_on=day, ends_at=ends, created_at=ends)
    )


def _norm_question(n: int, at: datetime) -> Base:
    return NormQuestion(
        channel_id=ROOM, message_ts=f"1795000000.{n:06d}", thread_ts=f"1795000000.{n:06d}",
        asker_id=BOB, asked_id=ALICE, asked_at=at, response_kind="working_minutes",
        response_amount=240, due_at=at, answered_at=None, remind_at=at, status="reminded",
    )  # fmt: skip


def _pending_broadcast(n: int, at: datetime) -> Base:
    """An @channel whose every try failed (its next try is long due)."""
    return PendingBroadcast(
        channel_id=ROOM, message_ts=f"1795000000.{n:06d}", thread_ts=None, sender_id=BOB,
        text="<!channel> the deploy is at four", sent_at=at, recorded_at=at, attempts=9,
        next_try_at=at,
    )  # fmt: skip


def _add_notes_action(session: Session, n: int, at: datetime) -> None:
    """An action without a due date (settled once recorded a period ago); its posted notes
    are young, so that only the action is aged."""
    notes = NotesPrompt(
        meeting_id=None, user_id=BOB, state="posted", due_at=at, posted_channel_id=ROOM,
        created_at=at + timedelta(days=60),
    )  # fmt: skip
    session.add(notes)
    session.flush()
    session.add(
        NotesAction(
            prompt_id=notes.id, owner_id=ALICE, text=f"Action {n}", due_on=None,
            reminder="not_needed", created_at=at,
        )
    )  # fmt: skip


def _checkin(session: Session, n: int, at: datetime) -> int:
    """Bob's check-in asking Alice, set up at `at`."""
    plan = CheckInPlan(
        title=f"Standup {n}", channel_id=ROOM, questions=("What's next?",),
        question_set=QuestionSet.CUSTOM, people=(ALICE, BOB),
        cadence=Cadence(frozenset({0}), time(9, 0), "UTC"),
    )  # fmt: skip
    return checkins_repo.create(session, BOB, plan, at)


def _add_checkin_round(session: Session, n: int, at: datetime) -> None:
    """A round of a running check-in that opened at `at`, with Alice's ask in it."""
    checkin_id = _checkin(session, n, at)
    times = RoundTimes(at, at + timedelta(hours=2), at + timedelta(hours=4))
    checkins_repo.plan_rounds(session, checkin_id, [times], at + timedelta(days=1))
    (opened,) = checkins_repo.rounds_of(session, checkin_id)
    repo_asks.add_asks(session, opened.id, {ALICE: at})


def _add_stopped_checkin(session: Session, n: int, at: datetime) -> None:
    """A check-in stopped at `at`, still naming who it asked."""
    checkins_repo.stop(session, _checkin(session, n, at), at)


def _add(row: Callable[[int, datetime], Base]) -> Callable[[Session, int, datetime], None]:
    return lambda session, n, at: session.add(row(n, at))


# One row of each kind whose aged column is `at`; the n-th of its kind.
ADD: dict[str, Callable[[Session, int, datetime], None]] = {
    retention.EVENT_IDS.name: _add(
        lambda n, at: ProcessedEvent(event_id=f"Ev{n}", processed_at=at)
    ),
    retention.DELIVERED_MENTIONS.name: _add(_mention),
    retention.DIGESTS.name: _add(lambda n, at: _digest(at, at)),
    retention.URGENT_USES.name: _add(_urgent_use),
    retention.MEETINGS_ENDED.name: _add_meeting,
    retention.AGENDA_NUDGES.name: _add(
        lambda n, at: AgendaNudge(
            series_key=f"over-{n}", organizer_id=ALICE, meeting_starts_at=at, sent_at=at
        )
    ),
    retention.AGENDA_NOTICES.name: _add(
        lambda n, at: AgendaNotice(series_key=f"over-{n}", user_id=ALICE, noticed_at=at)
    ),
    retention.QUESTIONS.name: _add(_question),
    retention.SUMMARIES.name: _add(_summary),
    retention.ENDED_LEAVE.name: _add_leave,
    retention.NORM_QUESTIONS.name: _add(_norm_question),
    retention.EMAIL_LOOKUPS.name: _add(
        lambda n, at: EmailUser(email=f"person{n}@example.com", user_id=None, checked_at=at)
    ),
    retention.PENDING_BROADCASTS.name: _add(_pending_broadcast),
    retention.CHECKIN_ROUNDS.name: _add_checkin_round,
    retention.STOPPED_CHECKINS.name: _add_stopped_checkin,
    retention.NOTES_ACTIONS.name: _add_notes_action,
    retention.NOTES_PROMPTS.name: _add(
        lambda n, at: NotesPrompt(
            meeting_id=None, user_id=ALICE, state="skipped", due_at=at, created_at=at
        )
    ),
    retention.NOTES_SERIES.name: _add(
        lambda n, at: NotesSeries(
            series_key=f"notes-{n}",
            note_taker="organizer",
            never=True,
            set_by=ALICE,
            updated_at=at,
        )
    ),
}


def _count(uow: UnitOfWork, table: str) -> int:
    with uow() as session:
        return int(session.scalar(select(func.count()).select_from(metadata.tables[table])) or 0)


def _left(uow: UnitOfWork, kind: Aged) -> list[datetime]:
    """The aged column of the rows of this kind's table that are left, oldest first."""
    column = metadata.tables[kind.table].c[kind.aged_by]
    with uow() as session:
        return sorted(session.scalars(select(column)))


def test_every_kind_has_a_row_builder_here() -> None:
    assert set(ADD) == {kind.name for kind in AGED}


@pytest.mark.parametrize("kind", AGED, ids=lambda kind: kind.name)
def test_rows_older_than_their_period_go_and_younger_ones_stay(
    uow: UnitOfWork, clock: FakeClock, kind: Aged
) -> None:
    now = clock.now()
    cutoff = now - Periods().of(kind)
    with uow() as session:
        ADD[kind.name](session, 1, cutoff - MINUTE)
        ADD[kind.name](session, 2, cutoff + MINUTE)

    deleted = enforce_retention(uow, now, Periods())

    assert deleted == {k.name: 1 if k is kind else 0 for k in AGED}
    assert _left(uow, kind) == [cutoff + MINUTE]


def test_a_setting_shortens_the_period(uow: UnitOfWork, clock: FakeClock) -> None:
    now = clock.now()
    with uow() as session:
        ADD[retention.URGENT_USES.name](session, 1, now - timedelta(days=20))
        ADD[retention.QUESTIONS.name](session, 1, now - timedelta(days=40))
    assert sum(enforce_retention(uow, now, Periods()).values()) == 0

    shorter = Periods({"KAIROS_RETAIN_DELIVERED_DAYS": 14, "KAIROS_RETAIN_ANSWERS_DAYS": 30})
    deleted = enforce_retention(uow, now, shorter)

    assert deleted[retention.URGENT_USES.name] == deleted[retention.QUESTIONS.name] == 1
    assert _count(uow, "urgent_uses") == _count(uow, "async_questions") == 0


def test_meetings_go_with_their_attendees_and_sightings_in_batches(
    uow: UnitOfWork, clock: FakeClock
) -> None:
    now = clock.now()
    with uow() as session:
        for n in range(5):
            _add_meeting(session, n, now - timedelta(days=40))
        _add_meeting(session, 9, now - timedelta(days=3))

    deleted = enforce_retention(uow, now, Periods(), batch=2)

    assert deleted[retention.MEETINGS_ENDED.name] == 5
    assert _count(uow, "meetings") == _count(uow, "meeting_sightings") == 1
    assert _count(uow, "meeting_attendees") == 1


def test_a_backlog_larger_than_a_batch_is_worked_through(uow: UnitOfWork, clock: FakeClock) -> None:
    now = clock.now()
    with uow() as session:
        for n in range(7):
            ADD[retention.EVENT_IDS.name](session, n, now - timedelta(days=2))
            ADD[retention.AGENDA_NOTICES.name](session, n, now - timedelta(days=60))
    deleted = enforce_retention(uow, now, Periods(), batch=3)
    assert deleted[retention.EVENT_IDS.name] == deleted[retention.AGENDA_NOTICES.name] == 7
    assert _count(uow, "processed_events") == _count(uow, "agenda_notices") == 0


def test_mentions_still_waiting_are_never_aged(uow: UnitOfWork, clock: FakeClock) -> None:
    now, long_ago = clock.now(), clock.now() - timedelta(days=100)
    with uow() as session:
        unsent = _digest(None, long_ago)
        session.add(unsent)
        session.flush()
        session.add(_mention(1, long_ago, status="held"))
        session.add(_mention(2, long_ago, status="delivering", digest=unsent.id))

    assert sum(enforce_retention(uow, now, Periods()).values()) == 0
    assert (_count(uow, "held_mentions"), _count(uow, "digests")) == (2, 1)


def test_a_digest_and_its_mentions_stay_while_the_digest_is_young(
    uow: UnitOfWork, clock: FakeClock
) -> None:
    # Held for five weeks of leave, delivered yesterday: App Home lists them from the digest.
    now, held = clock.now(), clock.now() - timedelta(days=35)
    with uow() as session:
        recent, old = _digest(now - timedelta(days=1), held), _digest(held, held)
        session.add_all([recent, old])
        session.flush()
        session.add(_mention(1, held, digest=recent.id))
        session.add(_mention(2, held, digest=old.id))
        session.add(_mention(3, held, status="urgent"))

    deleted = enforce_retention(uow, now, Periods())

    assert deleted[retention.DELIVERED_MENTIONS.name] == 2  # the old digest's, the urgent one
    assert deleted[retention.DIGESTS.name] == 1  # its mention went first, in the same pass
    with uow() as session:
        assert list(session.scalars(select(HeldMention.digest_id))) == [recent.id]
        assert list(session.scalars(select(Digest.id))) == [recent.id]


def test_nudges_and_notices_stay_while_their_series_has_a_meeting(
    uow: UnitOfWork, clock: FakeClock
) -> None:
    now, long_ago = clock.now(), clock.now() - timedelta(days=100)
    with uow() as session:
        _add_meeting(session, 1, now + timedelta(days=3), series="standup@example.com")
        session.add(AgendaNudge(series_key="standup@example.com", organizer_id=ALICE,
                                meeting_starts_at=long_ago, sent_at=long_ago))  # fmt: skip
        session.add(AgendaNotice(series_key="standup@example.com", user_id=BOB,
                                 noticed_at=long_ago))  # fmt: skip
    assert sum(enforce_retention(uow, now, Periods()).values()) == 0
    assert _count(uow, "agenda_nudges") == _count(uow, "agenda_notices") == 1


def test_one_line_is_logged_when_rows_went(
    uow: UnitOfWork, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.privacy.retention_service")
    enforce_retention(uow, clock.now(), Periods())
    assert caplog.records == []
    with uow() as session:
        for n in range(3):
            ADD[retention.EVENT_IDS.name](session, n, clock.now() - timedelta(days=2))
        ADD[retention.EMAIL_LOOKUPS.name](session, 1, clock.now() - timedelta(days=8))
    enforce_retention(uow, clock.now(), Periods())
    assert [r.getMessage() for r in caplog.records] == [
        "retention: deleted 3 processed event ids, 1 email lookups"
    ]


def test_the_sweep_runs_hourly_and_at_once_after_a_pass_that_left_rows(
    uow: UnitOfWork, clock: FakeClock
) -> None:
    now = clock.now()
    sweep = RetentionSweep(Periods(), batch=3, batches=2)

    def old_event_ids(count: int, first: int) -> None:
        with uow() as session:
            for n in range(first, first + count):
                ADD[retention.EVENT_IDS.name](session, n, now - timedelta(days=2))

    old_event_ids(7, 0)
    assert sweep(uow, now) is True  # stopped at 2 batches of 3: more to do
    assert _count(uow, "processed_events") == 1
    assert sweep(uow, now + MINUTE) is False  # carried on at once
    assert _count(uow, "processed_events") == 0

    old_event_ids(2, 100)
    assert sweep(uow, now + 30 * MINUTE) is False  # not an hour since the last pass
    assert _count(uow, "processed_events") == 2
    assert sweep(uow, now + 61 * MINUTE) is False
    assert _count(uow, "processed_events") == 0
