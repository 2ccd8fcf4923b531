"""The notes service against the fake Slack, on SQLite and PostgreSQL with a fake clock: notes
recorded once (a modal submitted twice), posted once, the prompt DM updated, owners told;
refusals; a channel Kairos cannot post in; a crash before or after the post; Done updating
the posted notes; "not this time", "never" and the series' note-taker; both languages."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update

from bot.clock import FakeClock
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus.tables import Person
from bot.notes import repo, repo_actions, service
from bot.notes.messages import PROMPT_EVENT
from bot.notes.model import SUMMARY, Answer, NoteTaker, PromptState, action_field
from bot.notes.service import Recorded, Refused
from bot.notes.service_post import ACTIONS_EVENT, NOTES_EVENT, STUCK_AFTER
from bot.notes.service_sweep import run_notes
from bot.notes.tables import NotesPrompt
from bot.retry import Retries
from bot.scheduler import Outcome
from bot.slack.gateway import SlackGateway
from bot.workspace.languages import set_channel_language
from tests.integration.notes.notes_kit import add_meeting
from tests.support.sweeping import posted_events

ANA, BOB, CAROL, DAVE = "U0ANA", "U0BOB", "U0CAROL", "U0DAVE"
KEY = "sync-1@cal.example.com"
TEAM, SECRET = "C0TEAM", "G0SECRET"
MINUTE = timedelta(minutes=1)
WEDNESDAY = date(2026, 11, 25)


@pytest.fixture
def fake_slack(fake_slack: FakeSlack) -> FakeSlack:
    """Four people in the team's channel; a private channel Kairos is not in."""
    for user in (ANA, BOB, CAROL, DAVE):
        fake_slack.add_user(user, name=user.lower(), tz="Europe/Amsterdam")
    fake_slack.add_channel(TEAM, name="team", members=[ANA, BOB, CAROL, DAVE])
    fake_slack.add_channel(SECRET, name="secret", is_private=True, members=[ANA],
                           bot_is_member=False)  # fmt: skip
    return fake_slack


def sweep(uow: UnitOfWork, slack: SlackGateway, clock: FakeClock) -> int:
    sent = run_notes(uow, slack, clock.now(), Retries("notes"), budget=None, language="en")
    assert not isinstance(sent, Outcome)
    return sent


def prompted(uow: UnitOfWork, slack: SlackGateway, clock: FakeClock) -> int:
    """A meeting Ana organized just ended and the sweep DMed her its prompt: its id."""
    with uow() as session:
        add_meeting(session, KEY, clock.now() - MINUTE, attendees=(ANA, BOB, CAROL),
                    organizer_id=ANA, title="Weekly sync")  # fmt: skip
    assert sweep(uow, slack, clock) == 1
    with uow() as session:
        prompt_id: int | None = session.scalar(select(func.max(NotesPrompt.id)))
    assert prompt_id is not None
    return prompt_id


def state(
    summary: str = "We ship on Friday",
    actions: tuple[tuple[str, str | None, date | None], ...] = (
        ("Write the release notes", BOB, WEDNESDAY),
        ("Book the room", CAROL, None),
    ),
    channel: str | None = TEAM,
) -> dict[str, Any]:
    """The notes modal's view.state.values as Slack sends them."""
    values: dict[str, Any] = {SUMMARY: {"value": {"type": "plain_text_input", "value": summary}}}
    for row, (text, owner, due) in enumerate(actions):
        values[action_field(row, "text")] = {"value": {"value": text}}
        values[action_field(row, "owner")] = {"value": {"selected_user": owner}}
        values[action_field(row, "due")] = {
            "value": {"selected_date": due.isoformat() if due else None}
        }
    values["channel"] = {"value": {"selected_conversation": channel}}
    return values


def events(fake: FakeSlack) -> Counter[str]:
    """Kairos's notes messages that went out, by event type."""
    return posted_events(fake, "kairos_notes")


def updates_of(fake: FakeSlack, channel: str) -> list[str]:
    return [str(c.args["blocks"]) for c in fake.calls_to("chat.update")
            if c.ok and c.args["channel"] == channel]  # fmt: skip


def kept(uow: UnitOfWork, prompt_id: int) -> bool:
    """Whether the prompt's notes are kept in the database until posted."""
    with uow() as session:
        found = repo.prompt(session, prompt_id)
        return found is not None and found.draft is not None


def record(uow: UnitOfWork, clock: FakeClock, prompt_id: int, **fields: Any) -> object:
    return service.record_notes(uow, ANA, prompt_id, state(**fields), clock.now(),
                                today=clock.now().date())  # fmt: skip


def test_notes_are_posted_once_and_the_prompt_and_owners_hear_of_it(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    prompt_id = prompted(uow, slack, clock)
    first = record(uow, clock, prompt_id)
    again = record(uow, clock, prompt_id)  # the modal submitted twice
    assert first == again == Recorded(prompt_id, TEAM)
    assert isinstance(first, Recorded)
    assert isinstance(again, Recorded)
    assert (first.fresh, again.fresh) == (True, False)  # the first submission posts
    with uow() as session:
        assert len(repo_actions.prompt_actions(session, prompt_id)) == 2
    assert service.post_notes(uow, slack, prompt_id, clock.now(), language="en")
    assert not service.post_notes(uow, slack, prompt_id, clock.now(), language="en")
    assert sweep(uow, slack, clock) == 0
    assert events(fake_slack) == {PROMPT_EVENT: 1, NOTES_EVENT: 1, ACTIONS_EVENT: 2}
    posted = fake_slack.last_message(TEAM)
    assert posted["metadata"]["event_payload"] == {"prompt_id": prompt_id}
    said = str(posted["blocks"])
    assert "We ship on Friday" in said
    assert "Write the release notes · <@U0BOB>, due Wed 25 Nov" in said
    dm = fake_slack.open_dm(ANA)
    assert "are posted in <#C0TEAM>" in updates_of(fake_slack, dm)[0]
    with uow() as session:
        found = repo.prompt(session, prompt_id)
        assert found is not None
        assert (found.state, found.posted_ts) == (PromptState.POSTED, posted["ts"])
        assert repo.series(session, KEY) is not None
        assert repo_actions.to_show(session, BOB) == []  # told: not again in a digest
    bob = fake_slack.last_message(fake_slack.open_dm(BOB))
    assert "You have a new action from meeting notes" in bob["text"]


def test_what_cannot_be_recorded_is_refused_kindly(
    uow: UnitOfWork, slack: SlackGateway, clock: FakeClock
) -> None:
    prompt_id = prompted(uow, slack, clock)
    empty = record(uow, clock, prompt_id, summary="", actions=())
    assert isinstance(empty, Refused)
    assert "nothing to post yet" in empty.errors[SUMMARY]
    past = record(uow, clock, prompt_id, actions=(("Late", BOB, date(2026, 11, 20)),))
    assert isinstance(past, Refused)
    assert "That date has passed" in past.errors[action_field(0, "due")]
    other = service.record_notes(uow, BOB, prompt_id, state(), clock.now(), today=WEDNESDAY)
    assert other == Refused(
        {SUMMARY: "That notes request was for someone else: nothing was changed."}
    )
    assert "someone else" in str(service.notes_modal_for(uow, BOB, prompt_id, clock.now()))
    modal = service.notes_modal_for(uow, ANA, prompt_id, clock.now())
    assert isinstance(modal, dict)
    assert "taker" in str(modal["blocks"])  # the organizer chooses the series' note-taker
    assert isinstance(record(uow, clock, prompt_id), Recorded)
    assert "posted already" in str(service.notes_modal_for(uow, ANA, prompt_id, clock.now()))
    assert "posted already" in service.answer_prompt(uow, ANA, prompt_id, Answer.NEVER, clock.now())
    assert "can't find" in str(service.notes_modal_for(uow, ANA, 999_999, clock.now()))


def test_a_channel_kairos_cannot_post_in_gives_the_notes_back_to_the_taker(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    prompt_id = prompted(uow, slack, clock)
    assert record(uow, clock, prompt_id, channel=SECRET) == Recorded(prompt_id, SECRET)
    assert not service.post_notes(uow, slack, prompt_id, clock.now(), language="en")
    with uow() as session:
        found = repo.prompt(session, prompt_id)
        assert found is not None
        assert (found.state, found.posted_channel_id) == (PromptState.SENT, None)
        assert repo_actions.prompt_actions(session, prompt_id) == []
    told = updates_of(fake_slack, fake_slack.open_dm(ANA))
    assert len(told) == 1
    assert "I couldn't post the notes of *Weekly sync* in <#G0SECRET>" in told[0]
    assert "We ship on Friday" in told[0]  # what she wrote, to paste again
    assert isinstance(service.notes_modal_for(uow, ANA, prompt_id, clock.now()), dict)
    assert record(uow, clock, prompt_id) == Recorded(prompt_id, TEAM)
    assert service.post_notes(uow, slack, prompt_id, clock.now(), language="en")
    assert events(fake_slack)[NOTES_EVENT] == 1


def test_notes_of_a_replica_that_died_before_the_post_are_posted_once_by_the_sweep(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    prompt_id = prompted(uow, slack, clock)
    record(uow, clock, prompt_id)
    assert kept(uow, prompt_id)  # and the replica that was to post them died
    clock.advance(STUCK_AFTER / 2)
    sweep(uow, slack, clock)
    assert events(fake_slack)[NOTES_EVENT] == 0  # still being posted, as far as anyone knows
    clock.advance(STUCK_AFTER)
    sweep(uow, slack, clock)
    sweep(uow, slack, clock)
    posts = [c for c in fake_slack.calls_to("chat.postMessage")
             if c.ok and c.args["channel"] == TEAM]  # fmt: skip
    assert len(posts) == 1
    assert "We ship on Friday" in str(posts[0].args["blocks"])  # what she wrote, from the database
    with uow() as session:
        found = repo.prompt(session, prompt_id)
        assert found is not None
        assert found.posted_ts is not None
        assert found.draft is None  # kept only until Slack has the notes


def test_notes_claimed_with_nothing_kept_are_asked_for_again(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    prompt_id = prompted(uow, slack, clock)
    record(uow, clock, prompt_id)
    assert kept(uow, prompt_id)  # and the replica that was to post them died, and
    with uow() as session:  # the claim was made by a version that kept no draft
        session.execute(update(NotesPrompt).where(NotesPrompt.id == prompt_id).values(draft=None))
    clock.advance(STUCK_AFTER / 2)
    assert sweep(uow, slack, clock) == 0  # still being posted, as far as anyone knows
    assert updates_of(fake_slack, fake_slack.open_dm(ANA)) == []
    clock.advance(STUCK_AFTER)
    sweep(uow, slack, clock)
    told = updates_of(fake_slack, fake_slack.open_dm(ANA))
    assert len(told) == 1
    assert "didn't reach <#C0TEAM>" in told[0]
    assert "notes.post" in told[0]  # the button to post them again
    assert events(fake_slack)[NOTES_EVENT] == 0
    sweep(uow, slack, clock)
    assert len(updates_of(fake_slack, fake_slack.open_dm(ANA))) == 1


def test_notes_posted_before_a_crash_are_found_and_not_posted_again(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    prompt_id = prompted(uow, slack, clock)
    record(uow, clock, prompt_id)
    metadata = {"event_type": NOTES_EVENT, "event_payload": {"prompt_id": prompt_id}}
    ts = slack.post_message(TEAM, "Notes of Weekly sync", [], metadata=metadata)  # then it died
    clock.advance(STUCK_AFTER + MINUTE)
    assert sweep(uow, slack, clock) == 2  # Bob's and Carol's actions; not the notes again
    with uow() as session:
        found = repo.prompt(session, prompt_id)
        assert found is not None
        assert found.posted_ts == ts
    assert events(fake_slack) == {PROMPT_EVENT: 1, NOTES_EVENT: 1, ACTIONS_EVENT: 2}
    assert sweep(uow, slack, clock) == 0


def test_done_updates_the_posted_notes(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    prompt_id = prompted(uow, slack, clock)
    record(uow, clock, prompt_id)
    service.post_notes(uow, slack, prompt_id, clock.now(), language="en")
    with uow() as session:
        bobs, carols = (a.action_id for a in repo_actions.prompt_actions(session, prompt_id))
    assert "Only the owner" in str(service.mark_done(uow, DAVE, bobs, clock.now()))
    assert service.mark_done(uow, BOB, bobs, clock.now()) is None
    assert "already" in str(service.mark_done(uow, BOB, bobs, clock.now()))
    assert service.mark_done(uow, ANA, carols, clock.now()) is None  # the organizer may
    assert service.update_posted(uow, slack, bobs, clock.now(), language="en")
    posted = fake_slack.last_message(TEAM)
    said = str(posted["blocks"])
    assert "~Write the release notes~ (<@U0BOB>) · done by <@U0BOB>" in said
    assert "~Book the room~ (<@U0CAROL>) · done by <@U0ANA>" in said
    assert "We ship on Friday" in said  # the summary is kept as it was
    assert "notes.action_done" not in said
    assert "can't find" in str(service.mark_done(uow, BOB, 999_999, clock.now()))


def test_not_this_time_and_never(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    prompt_id = prompted(uow, slack, clock)
    said = service.answer_prompt(uow, ANA, prompt_id, Answer.NOT_THIS_TIME, clock.now())
    assert said == "Got it: no notes of *Weekly sync* this time."
    assert "answered this one already" in service.answer_prompt(
        uow, ANA, prompt_id, Answer.NEVER, clock.now()
    )
    assert isinstance(record(uow, clock, prompt_id), Refused)
    clock.advance(timedelta(days=7))
    second = prompted(uow, slack, clock)
    said = service.answer_prompt(uow, ANA, second, Answer.NEVER, clock.now())
    assert said == "Got it: I won't ask for notes of *Weekly sync* again."
    clock.advance(timedelta(days=7))
    with uow() as session:
        add_meeting(session, KEY, clock.now() - MINUTE, attendees=(ANA, BOB), organizer_id=ANA)
    assert sweep(uow, slack, clock) == 0
    assert events(fake_slack) == {PROMPT_EVENT: 2}


def test_the_organizer_chooses_the_note_taker(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    prompted(uow, slack, clock)
    refused = service.set_note_taker(uow, BOB, KEY, NoteTaker.ROTATING, None, clock.now())
    assert refused.startswith("Only the organizer")
    said = service.set_note_taker(uow, ANA, KEY, NoteTaker.FIXED, DAVE, clock.now())
    assert said == "From the next meeting on, I ask <@U0DAVE> for the notes."
    clock.advance(timedelta(days=7))
    with uow() as session:
        add_meeting(session, KEY, clock.now() - MINUTE, attendees=(ANA, BOB), organizer_id=ANA)
    assert sweep(uow, slack, clock) == 1
    dave = fake_slack.last_message(fake_slack.open_dm(DAVE))
    assert "You're the note-taker of this series." in str(dave["blocks"])


def test_each_person_hears_in_their_language_and_the_channel_in_its_own(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    with uow() as session:
        for user, language in ((ANA, "nl"), (BOB, "nl"), (CAROL, "en")):
            now = clock.now()
            person = Person(user_id=user, tz="Europe/Amsterdam", focus_blocks="",
                            working_hours="", updated_at=now, language=language)  # fmt: skip
            session.add(person)
        set_channel_language(session, TEAM, "nl", ANA, clock.now())
    prompt_id = prompted(uow, slack, clock)
    ana = fake_slack.last_message(fake_slack.open_dm(ANA))
    assert "Deel de notulen van *Weekly sync*" in str(ana["blocks"])
    record(uow, clock, prompt_id)
    service.post_notes(uow, slack, prompt_id, clock.now(), language="en")
    posted = str(fake_slack.last_message(TEAM)["blocks"])
    assert "*Samenvatting*" in posted
    assert "Summary" not in posted
    bob = fake_slack.last_message(fake_slack.open_dm(BOB))
    carol = fake_slack.last_message(fake_slack.open_dm(CAROL))
    assert "Er staat een nieuw actiepunt voor je" in bob["text"]
    assert "You have a new action from meeting notes" in carol["text"]
    assert "staan in <#C0TEAM>" in updates_of(fake_slack, fake_slack.open_dm(ANA))[0]


def test_the_note_taker_is_not_told_of_the_actions_they_wrote_down_for_themselves(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    prompt_id = prompted(uow, slack, clock)
    record(uow, clock, prompt_id, actions=(("Send the deck", ANA, None), ("Book it", BOB, None)))
    assert service.post_notes(uow, slack, prompt_id, clock.now(), language="en")
    assert events(fake_slack) == {PROMPT_EVENT: 1, NOTES_EVENT: 1, ACTIONS_EVENT: 1}
    assert "Book it" in fake_slack.last_message(fake_slack.open_dm(BOB))["text"] + str(
        fake_slack.last_message(fake_slack.open_dm(BOB))["blocks"]
    )
    with uow() as session:
        assert repo_actions.to_show(session, ANA) == []
    clock.advance(STUCK_AFTER * 2)
    assert sweep(uow, slack, clock) == 0
