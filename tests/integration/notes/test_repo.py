"""The notes repo on SQLite and PostgreSQL: which ended meetings it offers for a prompt, a
prompt recorded once with the rotation moved once (and read back the same after a
restart), each step claimed by exactly one of two transactions, answers, posting, Done,
reminders and the digest's actions."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import Engine, select

from bot.clock import FakeClock
from bot.db.uow import UnitOfWork
from bot.notes import repo, repo_actions
from bot.notes.model import (
    PROMPT_STALE,
    ActionDraft,
    Answer,
    NoteTaker,
    PromptState,
    ReminderState,
    SeriesNotes,
    note_taker,
    why_no_prompt,
)
from bot.notes.tables import NotesAction, NotesPrompt
from tests.integration.notes.notes_kit import add_meeting, race

ANA, BOB, CAROL = "U0ANA", "U0BOB", "U0CAROL"
KEY = "sync-1@cal.example.com"
TEAM = "C0TEAM"
MINUTE = timedelta(minutes=1)


def _prompted(
    uow: UnitOfWork, clock: FakeClock, meeting_id: int | None = None, *, sent: bool = True
) -> int:
    """A meeting of KEY that just ended, with its prompt recorded (and in the DM, unless not
    `sent`); the prompt's id."""
    now = clock.now()
    with uow() as session:
        if meeting_id is None:
            meeting_id = add_meeting(
                session, KEY, now - MINUTE, attendees=(ANA, BOB), organizer_id=ANA
            )
        (ended,) = [m for m in repo.ended_meetings(session, now, 10) if m.meeting_id == meeting_id]
        prompt_id = repo.record_prompt(session, ended, ANA, now)
        assert prompt_id is not None
        if sent:
            assert repo.claim_prompt(session, prompt_id)
            assert repo.mark_prompt_sent(session, prompt_id, "D0ANA", "1795000000.000001")
    return prompt_id


def _posted(uow: UnitOfWork, clock: FakeClock, drafts: list[ActionDraft]) -> list[int]:
    prompt_id = _prompted(uow, clock)
    now = clock.now()
    with uow() as session:
        assert repo.claim_posting(session, prompt_id, TEAM, now)
        ids = repo.add_actions(session, prompt_id, drafts, now)
        repo.set_posted_ts(session, prompt_id, "1795000000.000100")
    return ids


# --- which meetings ----------------------------------------------------------------------


def test_only_meetings_that_may_want_notes_are_offered(uow: UnitOfWork, clock: FakeClock) -> None:
    now = clock.now()
    with uow() as session:
        wanted = add_meeting(session, KEY, now - MINUTE, attendees=(CAROL, ANA), organizer_id=ANA)
        add_meeting(session, "private", now - MINUTE, is_private=True)
        add_meeting(session, "lunch", now - MINUTE, exemption="title:lunch")
        add_meeting(session, "alone", now - MINUTE, people=1)
        add_meeting(session, "later", now + MINUTE)
        add_meeting(session, "stale", now - PROMPT_STALE - MINUTE)
        add_meeting(session, "never", now - MINUTE)
        repo.save_series(session, SeriesNotes("never", never=True), ANA, now)
        prompted = add_meeting(session, "prompted", now - 2 * MINUTE)
        repo.add_prompt(session, prompted, BOB, now - 2 * MINUTE, now)
    with uow() as session:
        found = repo.ended_meetings(session, now, 10)
    assert [(m.meeting_id, m.attendees, m.organizer_id) for m in found] == [
        (wanted, (ANA, CAROL), ANA)
    ]
    assert why_no_prompt(found[0], None, prompted=False, now=now) is None


# --- prompts -----------------------------------------------------------------------------


def test_a_prompt_is_recorded_once_and_moves_the_rotation_once(
    uow: UnitOfWork, clock: FakeClock
) -> None:
    now = clock.now()
    rotating = SeriesNotes(KEY, channel_id=TEAM, note_taker=NoteTaker.ROTATING)
    with uow() as session:
        meeting_id = add_meeting(session, KEY, now - MINUTE, attendees=(ANA, BOB, CAROL))
        repo.save_series(session, rotating, ANA, now)
    with uow() as session:
        (ended,) = repo.ended_meetings(session, now, 10)
        first = repo.record_prompt(session, ended, ANA, now)
    with uow() as session:
        # A second sweep that read the meeting before the first recorded it.
        again = repo.record_prompt(session, ended, BOB, now)
        stored = repo.series(session, KEY)
        rows = list(session.scalars(select(NotesPrompt)))
    assert first is not None
    assert again is None
    # The rotation moved on; the organizer's channel and choice of rotation stayed.
    assert stored == SeriesNotes(KEY, TEAM, NoteTaker.ROTATING, last_taker_id=ANA)
    assert [(p.meeting_id, p.user_id, p.state, p.due_at) for p in rows] == [
        (meeting_id, ANA, PromptState.DUE, now - MINUTE)
    ]


def test_the_rotation_reads_back_the_same_after_a_restart(
    uow: UnitOfWork, clock: FakeClock
) -> None:
    start = clock.now()
    with uow() as session:
        repo.save_series(session, SeriesNotes(KEY, note_taker=NoteTaker.ROTATING), ANA, start)
    takers = []
    for week in range(4):
        now = start + timedelta(weeks=week)
        # Each round is a fresh transaction reading only what is stored, as after a restart;
        # the attendees are stored in a different order each week.
        attendees = (CAROL, ANA, BOB) if week % 2 else (BOB, CAROL, ANA)
        with uow() as session:
            add_meeting(session, KEY, now - MINUTE, attendees=attendees)
        with uow() as session:
            (ended,) = repo.ended_meetings(session, now, 10)
            settings = repo.series(session, KEY)
            taker = note_taker(ended, settings)
            assert taker is not None
            repo.record_prompt(session, ended, taker, now)
        takers.append(taker)
    assert takers == [ANA, BOB, CAROL, ANA]


def test_exactly_one_of_two_claims_a_prompt(
    uow: UnitOfWork, engine: Engine, clock: FakeClock
) -> None:
    prompt_id = _prompted(uow, clock, sent=False)
    with uow() as session:
        assert repo.due_prompts(session, clock.now(), 10) == [prompt_id]
        # No answer before the prompt is claimed: there is no button yet.
        assert not repo.answer_prompt(session, prompt_id, Answer.NEVER, clock.now())
    won = race(uow, engine, lambda session: repo.claim_prompt(session, prompt_id))
    assert sorted(won) == [False, True]
    with uow() as session:
        assert repo.due_prompts(session, clock.now(), 10) == []
        # Claimed and not marked sent: a crash in between leaves it for the resend check.
        assert repo.unsent_prompts(session, 10) == [prompt_id]
        assert repo.mark_prompt_sent(session, prompt_id, "D0ANA", "1795000000.000001")
        assert not repo.mark_prompt_sent(session, prompt_id, "D0ANA", "1795000000.000002")
    with uow() as session:
        assert repo.unsent_prompts(session, 10) == []
        stored = repo.prompt(session, prompt_id)
        assert stored is not None
        assert (stored.state, stored.dm_ts) == (PromptState.SENT, "1795000000.000001")


def test_not_this_time_skips_this_meeting_only(uow: UnitOfWork, clock: FakeClock) -> None:
    prompt_id = _prompted(uow, clock)
    now = clock.now()
    with uow() as session:
        assert repo.answer_prompt(session, prompt_id, Answer.NOT_THIS_TIME, now)
        assert not repo.answer_prompt(session, prompt_id, Answer.NEVER, now)
        next_week = add_meeting(session, KEY, now + timedelta(weeks=1), attendees=(ANA,))
    with uow() as session:
        assert repo.prompt(session, prompt_id).state == PromptState.SKIPPED  # type: ignore[union-attr]
        settings = repo.series(session, KEY)
        assert settings is not None
        assert not settings.never
        later = repo.ended_meetings(session, now + timedelta(weeks=1, minutes=1), 10)
    assert [m.meeting_id for m in later] == [next_week]


def test_never_stops_the_series(uow: UnitOfWork, clock: FakeClock) -> None:
    prompt_id = _prompted(uow, clock)
    now = clock.now()
    with uow() as session:
        assert repo.answer_prompt(session, prompt_id, Answer.NEVER, now)
        add_meeting(session, KEY, now + timedelta(weeks=1), attendees=(ANA,))
    with uow() as session:
        settings = repo.series(session, KEY)
        assert settings == SeriesNotes(KEY, last_taker_id=ANA, never=True)
        assert repo.ended_meetings(session, now + timedelta(weeks=1, minutes=1), 10) == []


# --- posting and actions -----------------------------------------------------------------


def test_notes_submitted_twice_are_posted_once(
    uow: UnitOfWork, engine: Engine, clock: FakeClock
) -> None:
    prompt_id = _prompted(uow, clock)
    won = race(uow, engine, lambda s: repo.claim_posting(s, prompt_id, TEAM, clock.now()))
    assert sorted(won) == [False, True]
    with uow() as session:
        # A "not this time" after posting changes nothing.
        assert not repo.answer_prompt(session, prompt_id, Answer.NOT_THIS_TIME, clock.now())
        assert repo.prompt(session, prompt_id).state == PromptState.POSTED  # type: ignore[union-attr]


def test_notes_slack_refused_can_be_posted_again(uow: UnitOfWork, clock: FakeClock) -> None:
    prompt_id = _prompted(uow, clock)
    now = clock.now()
    with uow() as session:
        assert repo.claim_posting(session, prompt_id, "C0LOCKED", now)
        repo.add_actions(session, prompt_id, [ActionDraft("Write it", BOB, None)], now)
    with uow() as session:
        assert repo.release_posting(session, prompt_id)
        assert not repo.release_posting(session, prompt_id)
        assert list(session.scalars(select(NotesAction))) == []
        assert repo.claim_posting(session, prompt_id, TEAM, now)
        repo.set_posted_ts(session, prompt_id, "1795000000.000100")
        # Posted for good: nothing to release.
        assert not repo.release_posting(session, prompt_id)
        stored = repo.prompt(session, prompt_id)
        assert stored is not None
        assert (stored.state, stored.posted_channel_id) == (PromptState.POSTED, TEAM)


def test_the_series_remembers_its_channel(uow: UnitOfWork, clock: FakeClock) -> None:
    now = clock.now()
    with uow() as session:
        repo.save_series(session, SeriesNotes(KEY, never=False, last_taker_id=BOB), ANA, now)
        repo.remember_channel(session, KEY, TEAM, CAROL, now)
        repo.remember_channel(session, "new-series", TEAM, CAROL, now)
    with uow() as session:
        assert repo.series(session, KEY) == SeriesNotes(KEY, TEAM, last_taker_id=BOB)
        assert repo.series(session, "new-series") == SeriesNotes("new-series", TEAM)


def test_done_updates_what_the_posted_notes_need(
    uow: UnitOfWork, engine: Engine, clock: FakeClock
) -> None:
    due = date(2026, 11, 30)
    first, second = _posted(
        uow, clock, [ActionDraft("Write it", BOB, due), ActionDraft("Tell them", CAROL, None)]
    )
    won = race(uow, engine, lambda s: repo_actions.mark_done(s, first, CAROL, clock.now()))
    assert sorted(won) == [False, True]
    with uow() as session:
        assert not repo_actions.mark_done(session, first, BOB, clock.now())  # idempotent
        posted = repo_actions.posted_notes(session, second)
    assert posted is not None
    assert (posted.channel_id, posted.message_ts) == (TEAM, "1795000000.000100")
    shown = [(a.action_id, a.text, a.owner_id, a.due_on, a.done, a.done_by) for a in posted.actions]
    assert shown == [
        (first, "Write it", BOB, due, True, CAROL),
        (second, "Tell them", CAROL, None, False, None),
    ]
    with uow() as session:
        rows = session.execute(select(NotesAction.id, NotesAction.reminder)).all()
        reminders = dict(rows)
    # Done before its day: no reminder; no due date: none either.
    assert reminders == {first: ReminderState.NOT_NEEDED, second: ReminderState.NOT_NEEDED}


def test_a_reminder_is_claimed_once_and_not_after_done(
    uow: UnitOfWork, engine: Engine, clock: FakeClock
) -> None:
    due = date(2026, 11, 24)
    one, two = _posted(uow, clock, [ActionDraft("A", BOB, due), ActionDraft("B", BOB, due)])
    at = datetime(2026, 11, 24, 8, 0, tzinfo=clock.now().tzinfo)
    with uow() as session:
        assert repo_actions.uncounted_reminders(session, 10) == [(one, BOB, due), (two, BOB, due)]
        repo_actions.set_remind_at(session, one, at)
        repo_actions.set_remind_at(session, two, at)
        assert repo_actions.uncounted_reminders(session, 10) == []
        assert repo_actions.due_reminders(session, at - MINUTE, 10) == []
        assert repo_actions.due_reminders(session, at, 10) == [one, two]
        assert repo_actions.mark_done(session, two, BOB, at)
    won = race(uow, engine, lambda s: repo_actions.claim_reminder(s, one))
    assert sorted(won) == [False, True]
    with uow() as session:
        assert not repo_actions.claim_reminder(session, two)  # done first
        assert repo_actions.due_reminders(session, at, 10) == []
        assert repo_actions.unsent_reminders(session, 10) == [one]
        assert repo_actions.mark_reminded(session, one, "1795000000.000200")
        assert repo_actions.unsent_reminders(session, 10) == []


def test_the_digest_shows_each_open_action_once(uow: UnitOfWork, clock: FakeClock) -> None:
    one, two, three = _posted(
        uow,
        clock,
        [ActionDraft("A", BOB, None), ActionDraft("B", CAROL, None), ActionDraft("C", BOB, None)],
    )
    with uow() as session:
        repo_actions.mark_done(session, three, BOB, clock.now())
        shown = repo_actions.to_show(session, BOB)
        assert [(s.item.action_id, s.channel_id) for s in shown] == [(one, TEAM)]
        repo_actions.mark_shown(session, [one], clock.now())
    with uow() as session:
        assert repo_actions.to_show(session, BOB) == []
        assert [s.item.action_id for s in repo_actions.to_show(session, CAROL)] == [two]
