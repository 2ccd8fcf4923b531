"""The meeting-notes sweep against the fake Slack, on SQLite and PostgreSQL with a fake clock:
a prompt within 15 minutes of a meeting's end, once, also by two replicas at once, through
429s and after a replica died between claim and mark; the rotation; an action's one reminder
on its due date (none once done); owners told when they are reachable, or by their digest;
each person in their own language."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.digest.service import METADATA_EVENT, deliver_due
from bot.fanout import Budget
from bot.focus import repo as focus_repo
from bot.focus.service import reschedule
from bot.focus.tables import HeldMention, Person
from bot.notes import repo, repo_actions, service
from bot.notes.messages import PROMPT_EVENT, REMINDER_EVENT
from bot.notes.model import PROMPT_WITHIN, SUMMARY, NoteTaker, PromptState, action_field
from bot.notes.service_post import ACTIONS_EVENT, NOTES_EVENT, STUCK_AFTER
from bot.notes.service_sweep import run_notes
from bot.notes.tables import NotesPrompt
from bot.retry import Retries
from bot.scheduler import Outcome
from bot.slack.gateway import SlackGateway
from tests.integration.notes.notes_kit import add_meeting
from tests.support.sweeping import Ticks, person_row, posted_events, race_replicas

ANA, BOB, CAROL = "U0ANA", "U0BOB", "U0CAROL"
TEAM = "C0TEAM"
MINUTE = timedelta(minutes=1)
# A meeting ends Monday 23 November at 10:00 UTC (11:00 in Amsterdam).
ENDS = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
WEDNESDAY = date(2026, 11, 25)
# 09:00 in Amsterdam on the due date: the reminder of someone Kairos keeps no hours for.
REMIND = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


@pytest.fixture
def fake_slack(fake_slack: FakeSlack) -> FakeSlack:
    for user in (ANA, BOB, CAROL):
        fake_slack.add_user(user, name=user.lower(), tz="Europe/Amsterdam")
    fake_slack.add_channel(TEAM, name="team", members=[ANA, BOB, CAROL])
    return fake_slack


def sweep(uow: UnitOfWork, slack: SlackGateway, at: datetime) -> int:
    sent = run_notes(uow, slack, at, Retries("notes"), budget=None, language="en")
    assert not isinstance(sent, Outcome)
    return sent


def events(fake: FakeSlack) -> Counter[str]:
    """Kairos's posts that went out, by event type."""
    return posted_events(fake, "kairos_")


def dms_to(fake: FakeSlack, user: str, event: str) -> list[str]:
    dm = fake.open_dm(user)
    return [str(c.args["text"]) for c in fake.calls_to("chat.postMessage")
            if c.ok and c.args["channel"] in (dm, user)
            and (c.args.get("metadata") or {}).get("event_type") == event]  # fmt: skip


def meeting(uow: UnitOfWork, ends: datetime = ENDS, key: str = "sync", **fields: object) -> int:
    with uow() as session:
        values: dict[str, object] = {"attendees": (ANA, BOB, CAROL), "organizer_id": ANA,
                                     **fields}  # fmt: skip
        return add_meeting(session, key, ends, **values)  # type: ignore[arg-type]


def _all_prompts(session: Session) -> list[int]:
    return list(session.scalars(select(NotesPrompt.id).order_by(NotesPrompt.id)))


def notes_posted(uow: UnitOfWork, slack: SlackGateway, at: datetime) -> list[int]:
    """Ana posts the notes of the meeting with one action each for Bob (due Wednesday) and
    Carol (due Wednesday too); the actions' ids."""
    (prompt_id,) = _prompts(uow)
    values = {
        SUMMARY: {"value": {"value": "Shipping Friday"}},
        "channel": {"value": {"selected_conversation": TEAM}},
    }
    for row, owner in enumerate((BOB, CAROL)):
        values[action_field(row, "text")] = {"value": {"value": f"Task of {owner}"}}
        values[action_field(row, "owner")] = {"value": {"selected_user": owner}}
        values[action_field(row, "due")] = {"value": {"selected_date": WEDNESDAY.isoformat()}}
    recorded = service.record_notes(uow, ANA, prompt_id, values, at, today=at.date())
    assert isinstance(recorded, service.Recorded)
    assert service.post_notes(uow, slack, prompt_id, at, language="en")
    with uow() as session:
        return [a.action_id for a in repo_actions.prompt_actions(session, prompt_id)]


def _prompts(uow: UnitOfWork) -> list[int]:
    with uow() as session:
        return _all_prompts(session)


def test_a_prompt_goes_within_fifteen_minutes_of_the_end_once(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    meeting(uow)
    meeting(uow, key="private", is_private=True)
    meeting(uow, key="alone", people=1)
    assert sweep(uow, slack, ENDS - MINUTE) == 0
    assert sweep(uow, slack, ENDS + 5 * MINUTE) == 1
    assert sweep(uow, slack, ENDS + PROMPT_WITHIN) == 0
    assert events(fake_slack) == {PROMPT_EVENT: 1}
    (text,) = dms_to(fake_slack, ANA, PROMPT_EVENT)
    assert text == "Post the notes of Weekly sync"
    with uow() as session:
        (prompt_id,) = _all_prompts(session)
        found = repo.prompt(session, prompt_id)
        assert found is not None
        assert (found.state, found.dm_channel_id) == (PromptState.SENT, fake_slack.open_dm(ANA))


def test_a_prompt_not_sent_for_a_day_is_not_sent(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    meeting(uow)
    with uow() as session:
        (ended,) = repo.ended_meetings(session, ENDS + MINUTE, 10)
        assert repo.record_prompt(session, ended, ANA, ENDS + MINUTE) is not None
    assert sweep(uow, slack, ENDS + timedelta(days=1, minutes=1)) == 0
    with uow() as session:
        (prompt_id,) = _all_prompts(session)
        found = repo.prompt(session, prompt_id)
        assert found is not None
        assert found.state == PromptState.SKIPPED
    assert events(fake_slack) == {}


def test_the_attendees_take_the_notes_in_turn(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    # The feeds keep the organizer apart from the attendees: Ana takes her turn all the same.
    meeting(uow, ENDS - timedelta(days=7), attendees=(BOB, CAROL))
    sweep(uow, slack, ENDS - timedelta(days=7) + MINUTE)
    assert service.set_note_taker(uow, ANA, "sync", NoteTaker.ROTATING, None, ENDS).endswith(
        "in turn."
    )
    for week in range(3):
        at = ENDS + timedelta(days=7 * week)
        meeting(uow, at, attendees=(BOB, CAROL))
        assert sweep(uow, slack, at + MINUTE) == 1
    takers = [len(dms_to(fake_slack, user, PROMPT_EVENT)) for user in (ANA, BOB, CAROL)]
    assert takers == [2, 1, 1]  # Ana as the organizer, then Bob, Carol, and Ana again


def test_two_replicas_at_once_send_each_dm_once(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack, database_url: str
) -> None:
    meeting(uow)
    meeting(uow, key="retro", title="Retro")
    assert _race(database_url, slack, ENDS + MINUTE) in ([2, 0], [0, 2], [1, 1])
    assert events(fake_slack) == {PROMPT_EVENT: 2}
    with uow() as session:
        first = _all_prompts(session)[0]
        found = repo.prompt(session, first)
        assert found is not None
    # One set of notes, its actions reminded on the due date by two replicas at once.
    values = {
        SUMMARY: {"value": {"value": "Done"}},
        "channel": {"value": {"selected_conversation": TEAM}},
        action_field(0, "text"): {"value": {"value": "Task"}},
        action_field(0, "owner"): {"value": {"selected_user": BOB}},
        action_field(0, "due"): {"value": {"selected_date": WEDNESDAY.isoformat()}},
    }
    assert isinstance(service.record_notes(uow, ANA, first, values, ENDS, today=ENDS.date()),
                      service.Recorded)  # fmt: skip
    service.post_notes(uow, slack, first, ENDS + MINUTE, language="en")
    sweep(uow, slack, ENDS + timedelta(hours=1))  # counts the reminder's moment
    assert sorted(_race(database_url, slack, REMIND)) == [0, 1]
    assert events(fake_slack)[REMINDER_EVENT] == 1


def _race(database_url: str, slack: SlackGateway, at: datetime) -> list[int]:
    """What each of two replicas' sweeps (own engines, started together) sent."""
    return race_replicas(database_url, at, lambda replica: sweep(replica, slack, at))


def test_a_429_is_waited_out_and_nothing_doubles(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    meeting(uow)
    fake_slack.rate_limit_next("chat.postMessage", retry_after=1, times=2)
    assert sweep(uow, slack, ENDS + MINUTE) == 1
    assert sweep(uow, slack, ENDS + 2 * MINUTE) == 0
    assert events(fake_slack) == {PROMPT_EVENT: 1}
    assert [c.status for c in fake_slack.calls_to("chat.postMessage")].count(429) == 2


def test_a_prompt_claimed_by_a_replica_that_died_is_taken_over_once(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    meeting(uow)
    meeting(uow, key="retro", title="Retro")
    at = ENDS + MINUTE
    with uow() as session:
        for ended in repo.ended_meetings(session, at, 10):
            repo.record_prompt(session, ended, ANA, at)
        sent_one, lost_one = _all_prompts(session)
        # A replica claims both, DMs the first and dies before marking either.
        assert repo.claim_prompt(session, sent_one, at)
        assert repo.claim_prompt(session, lost_one, at)
    metadata = {"event_type": PROMPT_EVENT, "event_payload": {"prompt_id": sent_one}}
    slack.send_dm(ANA, "Post the notes of Weekly sync", [], metadata=metadata)
    assert sweep(uow, slack, at + STUCK_AFTER / 2) == 0  # not stuck yet: left alone
    assert sweep(uow, slack, at + STUCK_AFTER + MINUTE) == 1  # the lost one; the other found
    assert sweep(uow, slack, at + 2 * STUCK_AFTER) == 0
    assert len(dms_to(fake_slack, ANA, PROMPT_EVENT)) == 2
    with uow() as session:
        for prompt_id in (sent_one, lost_one):
            found = repo.prompt(session, prompt_id)
            assert found is not None
            assert found.state == PromptState.SENT


def test_one_reminder_on_the_due_date_and_none_once_done(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    meeting(uow)
    sweep(uow, slack, ENDS + MINUTE)
    bobs, carols = notes_posted(uow, slack, ENDS + 2 * MINUTE)
    assert service.mark_done(uow, CAROL, carols, ENDS + timedelta(hours=2)) is None
    assert sweep(uow, slack, REMIND - MINUTE) == 0
    assert sweep(uow, slack, REMIND) == 1
    assert sweep(uow, slack, REMIND + timedelta(hours=5)) == 0
    (text,) = dms_to(fake_slack, BOB, REMINDER_EVENT)
    assert text == "Your action is due today: Task of U0BOB"
    assert dms_to(fake_slack, CAROL, REMINDER_EVENT) == []
    with uow() as session:
        item = repo_actions.action(session, bobs)
        assert item is not None


def test_a_reminder_claimed_by_a_replica_that_died_is_not_sent_twice(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    meeting(uow)
    sweep(uow, slack, ENDS + MINUTE)
    bobs, carols = notes_posted(uow, slack, ENDS + 2 * MINUTE)
    sweep(uow, slack, ENDS + timedelta(hours=1))
    with uow() as session:
        assert repo_actions.claim_reminder(session, bobs, REMIND)
        assert repo_actions.claim_reminder(session, carols, REMIND)
    metadata = {"event_type": REMINDER_EVENT, "event_payload": {"action_id": bobs}}
    slack.send_dm(BOB, "Your action is due today", [], metadata=metadata)  # then it died
    assert sweep(uow, slack, REMIND + STUCK_AFTER / 2) == 0
    assert sweep(uow, slack, REMIND + STUCK_AFTER + MINUTE) == 1  # Carol's; Bob's was found
    assert len(dms_to(fake_slack, BOB, REMINDER_EVENT)) == 1
    assert len(dms_to(fake_slack, CAROL, REMINDER_EVENT)) == 1


def _person(user: str, **fields: object) -> Person:
    return person_row(user, ENDS, **fields)


def test_an_owner_in_focus_hears_of_the_action_when_the_focus_ends(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    with uow() as session:
        session.add(_person(BOB, session_starts_at=ENDS - MINUTE,
                            session_ends_at=ENDS + timedelta(hours=1)))  # fmt: skip
    meeting(uow)
    sweep(uow, slack, ENDS + MINUTE)
    notes_posted(uow, slack, ENDS + 2 * MINUTE)
    assert dms_to(fake_slack, BOB, ACTIONS_EVENT) == []
    assert len(dms_to(fake_slack, CAROL, ACTIONS_EVENT)) == 1
    assert sweep(uow, slack, ENDS + 30 * MINUTE) == 0
    assert sweep(uow, slack, ENDS + timedelta(hours=1)) == 1
    assert sweep(uow, slack, ENDS + timedelta(hours=2)) == 0
    assert dms_to(fake_slack, BOB, ACTIONS_EVENT) == ["You have a new action from meeting notes:"]


def test_an_owner_with_a_digest_coming_gets_the_action_in_it(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    with uow() as session:
        session.add(_person(BOB, session_starts_at=ENDS - MINUTE,
                            session_ends_at=ENDS + timedelta(hours=1)))  # fmt: skip
        fake_slack.add_message(TEAM, user=ANA, text=f"<@{BOB}> a question", ts="1795000000.000001")
        session.add(HeldMention(recipient_id=BOB, sender_id=ANA, channel_id=TEAM,
                                message_ts="1795000000.000001", thread_ts=None,
                                text=f"<@{BOB}> a question", kind="user", sent_at=ENDS,
                                held_at=ENDS, status="held"))  # fmt: skip
        session.flush()
        person = focus_repo.get_person(session, BOB)
        assert person is not None
        reschedule(session, person, ENDS)
    meeting(uow)
    sweep(uow, slack, ENDS + MINUTE)
    notes_posted(uow, slack, ENDS + 2 * MINUTE)
    later = ENDS + timedelta(hours=1)
    assert deliver_due(uow, slack, later) == 1
    (digest,) = [c for c in fake_slack.calls_to("chat.postMessage")
                 if (c.args.get("metadata") or {}).get("event_type") == METADATA_EVENT]  # fmt: skip
    assert "*A new action for you* from meeting notes" in str(digest.args["blocks"])
    assert "Task of U0BOB, due Wed 25 Nov" in str(digest.args["blocks"])
    assert sweep(uow, slack, later + timedelta(hours=1)) == 0
    assert dms_to(fake_slack, BOB, ACTIONS_EVENT) == []


def test_each_person_is_prompted_in_their_language(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    with uow() as session:
        session.add(_person(BOB, language="nl"))
        session.add(_person(CAROL, language="en"))
    meeting(uow, organizer_id=None)  # run from outside Slack: the attendees take turns
    meeting(uow, ENDS + 2 * MINUTE, organizer_id=None)  # the same series: Bob's turn
    sweep(uow, slack, ENDS + 3 * MINUTE)
    ana, bob = dms_to(fake_slack, ANA, PROMPT_EVENT), dms_to(fake_slack, BOB, PROMPT_EVENT)
    assert ana == ["Post the notes of Weekly sync"]
    assert bob == ["Deel de notulen van Weekly sync"]


def test_a_sweep_out_of_time_says_more_are_due(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    for n in range(5):
        meeting(uow, key=f"series-{n}")

    ran = run_notes(uow, slack, ENDS + MINUTE, Retries("notes"),
                    budget=Budget(3, monotonic=Ticks()), language="en")  # fmt: skip
    assert ran is Outcome.MORE_DUE
    assert events(fake_slack) == {PROMPT_EVENT: 2}
    assert sweep(uow, slack, ENDS + MINUTE) == 3
    assert events(fake_slack) == {PROMPT_EVENT: 5}
    assert NOTES_EVENT not in events(fake_slack)
