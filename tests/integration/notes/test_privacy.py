"""Forget-me and retention of the notes tables, on SQLite and PostgreSQL: a person's
actions and unposted prompts go, posted notes stay for the channel without them, a chosen
note-taker hands the series back to its organizer; old, settled rows are deleted."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from bot.clock import FakeClock
from bot.db.uow import UnitOfWork
from bot.notes import repo, repo_actions
from bot.notes.model import ActionDraft, NoteTaker, SeriesNotes
from bot.notes.tables import NotesAction, NotesPrompt
from tests.integration.notes.notes_kit import add_meeting

ANA, BOB, CAROL = "U0ANA", "U0BOB", "U0CAROL"
MINUTE = timedelta(minutes=1)


def _world(uow: UnitOfWork, clock: FakeClock) -> dict[str, int]:
    """Ana posted notes with actions for Bob and Carol (Bob's done by Carol); Bob has an
    unanswered prompt; Bob is the chosen note-taker of another series."""
    now = clock.now()
    with uow() as session:
        posted_meeting = add_meeting(session, "a", now - MINUTE, attendees=(ANA, BOB))
        open_meeting = add_meeting(session, "b", now - MINUTE, attendees=(ANA, BOB))
        posted = repo.add_prompt(session, posted_meeting, ANA, now, now)
        unanswered = repo.add_prompt(session, open_meeting, BOB, now, now)
        assert posted is not None
        assert unanswered is not None
        assert repo.claim_prompt(session, posted)
        assert repo.claim_posting(session, posted, "C0TEAM", now)
        bobs, carols = repo.add_actions(
            session,
            posted,
            [ActionDraft("Bob's task", BOB, None), ActionDraft("Carol's task", CAROL, None)],
            now,
        )
        assert repo_actions.mark_done(session, bobs, CAROL, now)
        chosen = SeriesNotes("b", note_taker=NoteTaker.FIXED, fixed_user_id=BOB, last_taker_id=BOB)
        repo.save_series(session, chosen, BOB, now)
    return {"posted": posted, "unanswered": unanswered, "bobs": bobs, "carols": carols}


def test_forget_me_takes_the_person_out_of_the_notes(uow: UnitOfWork, clock: FakeClock) -> None:
    ids = _world(uow, clock)
    with uow() as session:
        # Bob's action, his prompt, and the series naming him thrice (one row).
        assert repo.counts(session, BOB) == 3
        # Carol's action, and Bob's action she marked done.
        assert repo.counts(session, CAROL) == 2
        repo.forget(session, BOB)
    with uow() as session:
        assert repo.counts(session, BOB) == 0
        actions = {a.id: (a.owner_id, a.done_by) for a in session.scalars(select(NotesAction))}
        prompts = {p.id: p.user_id for p in session.scalars(select(NotesPrompt))}
        settings = repo.series(session, "b")
    assert actions == {ids["carols"]: (CAROL, None)}
    assert prompts == {ids["posted"]: ANA}
    assert settings == SeriesNotes("b", note_taker=NoteTaker.ORGANIZER)
    with uow() as session:
        repo.forget(session, CAROL)
        repo.forget(session, ANA)
    with uow() as session:
        assert list(session.scalars(select(NotesAction))) == []
        # The posted notes stay for the channel, naming nobody.
        assert [p.user_id for p in session.scalars(select(NotesPrompt))] == [None]


def test_retention_deletes_settled_actions_then_their_prompts(
    uow: UnitOfWork, clock: FakeClock
) -> None:
    ids = _world(uow, clock)
    now = clock.now()
    with uow() as session:
        late = repo.add_actions(
            session, ids["posted"], [ActionDraft("Due later", BOB, date(2027, 3, 1))], now
        )
    # A cutoff before the rows were recorded deletes nothing.
    with uow() as session:
        assert repo_actions.delete_aged_actions(session, None, now - MINUTE, 100) == 0
        assert repo_actions.delete_aged_prompts(session, None, now - MINUTE, 100) == 0
    later = now + timedelta(days=40)
    with uow() as session:
        # Done, or without a due date: settled. Due in March: kept until it is past.
        assert repo_actions.delete_aged_actions(session, None, later, 1) == 1
        assert repo_actions.delete_aged_actions(session, None, later, 100) == 1
        assert repo_actions.delete_aged_actions(session, None, later, 100) == 0
        # The unanswered prompt goes; the posted one is kept by its last action.
        assert repo_actions.delete_aged_prompts(session, None, later, 100) == 1
        assert [a.id for a in session.scalars(select(NotesAction))] == late
    with uow() as session:
        past_due = date(2027, 3, 1) + timedelta(days=40)
        cutoff = clock.now().replace(year=past_due.year, month=past_due.month, day=past_due.day)
        assert repo_actions.delete_aged_actions(session, None, cutoff, 100) == 1
        assert repo_actions.delete_aged_prompts(session, None, cutoff, 100) == 1
        assert list(session.scalars(select(NotesPrompt))) == []
