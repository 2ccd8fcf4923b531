"""A check-in whose channel Kairos can no longer post in (removed from it, archived), on
SQLite and PostgreSQL against the fake Slack: the round is closed, the check-in paused and
its organizer told once, in their language, instead of a post retried for ever."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from bot.checkins import repo, repo_asks, repo_rounds, service
from bot.checkins.messages import channel_lost
from bot.checkins.service_asks import LOST_EVENT, STUCK_AFTER
from bot.checkins.service_rounds import CANCEL_EVENT, WRAP_EVENT
from bot.checkins.tables import AskState, RoundState, Status
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus.tables import Person
from bot.i18n import speaking
from bot.retry import Retries
from bot.slack.gateway import SlackGateway
from tests.integration.checkins.building import (
    ANA,
    BOB,
    CAROL,
    DUE,
    HOUR,
    MEMBERS,
    MONDAY,
    NEXT_MONDAY,
    ORGANIZER,
    TEAM,
    WEDNESDAY,
    add_checkin,
    status,
    sweep,
)
from tests.support.english_left import english_left

ANSWERS = ("Shipped the export", "The import", "Waiting for legal")


def posts_to(fake: FakeSlack, channel: str) -> int:
    """How many times Kairos tried to post in the channel."""
    return sum(1 for c in fake.calls_to("chat.postMessage") if c.args.get("channel") == channel)


def told(fake: FakeSlack) -> list[str]:
    """The texts of the organizer's "channel lost" DMs."""
    return [
        str(c.args["text"])
        for c in fake.calls_to("chat.postMessage")
        if c.ok and (c.args.get("metadata") or {}).get("event_type") == LOST_EVENT
    ]


def first_round(uow: UnitOfWork, checkin_id: int) -> int:
    with uow() as session:
        return next(r.id for r in repo.rounds_of(session, checkin_id) if r.opens_at == WEDNESDAY)


def test_a_channel_kairos_was_removed_from_pauses_the_check_in_and_says_so_once(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    checkin_id = add_checkin(uow)
    retries = Retries("check-ins")
    sweep(uow, slack, MONDAY, retries)
    round_id = first_round(uow, checkin_id)
    # Someone removes Kairos from the (public) channel: its posts answer not_in_channel.
    fake_slack.add_channel(TEAM, name="team", members=MEMBERS, bot_is_member=False)
    assert sweep(uow, slack, WEDNESDAY, retries) == 1  # the organizer's DM, nothing else
    assert status(uow, checkin_id) == Status.PAUSED
    with uow() as session:
        skipped = repo_rounds.get_round(session, round_id)
        assert skipped is not None
        assert skipped.state == RoundState.SKIPPED
        assert repo_asks.asks_of(session, round_id) == []  # nobody was asked
    for later in (WEDNESDAY + HOUR, DUE, NEXT_MONDAY, NEXT_MONDAY + timedelta(days=7)):
        assert sweep(uow, slack, later, retries) == 0
    assert posts_to(fake_slack, TEAM) == 1  # tried once, not again and again
    (text,) = told(fake_slack)
    assert "I can't post in <#C0TEAM> any more" in text
    assert "*Standup*" in text
    # Invited back and resumed: the check-in goes on.
    fake_slack.add_channel(TEAM, name="team", members=MEMBERS)
    assert service.resume(uow, ORGANIZER, checkin_id, NEXT_MONDAY + timedelta(days=8))
    assert sweep(uow, slack, datetime(2026, 12, 9, 8, 30, tzinfo=UTC), retries) == 1 + 3
    assert len(told(fake_slack)) == 1


def test_an_archived_channel_closes_the_open_round_keeping_its_counts(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    with uow() as session:
        session.add(Person(user_id=ORGANIZER, tz="Europe/Amsterdam", focus_blocks="",
                           working_hours="", updated_at=MONDAY, language="nl"))  # fmt: skip
    checkin_id = add_checkin(uow)
    retries = Retries("check-ins")
    sweep(uow, slack, MONDAY, retries)
    sweep(uow, slack, WEDNESDAY, retries)
    round_id = first_round(uow, checkin_id)
    assert service.answer(uow, slack, ANA, round_id, ANSWERS, WEDNESDAY + HOUR) is None
    fake_slack.add_channel(TEAM, name="team", members=MEMBERS, is_archived=True)
    # Bob's answer cannot be posted: the round closes, and he was told nothing failed.
    assert service.answer(uow, slack, BOB, round_id, ANSWERS, WEDNESDAY + 2 * HOUR) is None
    assert status(uow, checkin_id) == Status.PAUSED
    with uow() as session:
        closed = repo_rounds.get_round(session, round_id)
        assert closed is not None
        assert (closed.state, closed.wrap_ts) == (RoundState.WRAPPED, None)
        assert (closed.asked_count, closed.answered_count) == (3, 2)
        bob = repo_asks.get_ask(session, round_id, BOB)
        assert bob is not None
        assert (bob.state, bob.answers) == (AskState.ANSWERED, None)
    # Carol is too late, nobody is reminded, and nothing is wrapped up in the archive.
    assert service.answer(uow, slack, CAROL, round_id, ANSWERS, WEDNESDAY + 2 * HOUR) == (
        "This round is closed. You can answer in the next one."
    )
    for later in (WEDNESDAY + 3 * HOUR, DUE, DUE + STUCK_AFTER * 2, NEXT_MONDAY):
        assert sweep(uow, slack, later, retries) == 0
    wraps = [c for c in fake_slack.calls_to("chat.postMessage")
             if (c.args.get("metadata") or {}).get("event_type") == WRAP_EVENT]  # fmt: skip
    assert wraps == []
    # The organizer speaks Dutch: the one DM is in Dutch.
    (text,) = told(fake_slack)
    assert "I can't post" not in text
    assert "gepauzeerd" in text


def test_a_wrap_up_into_an_archived_channel_tells_the_organizer_once_across_sweeps(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    checkin_id = add_checkin(uow)
    retries = Retries("check-ins")
    sweep(uow, slack, MONDAY, retries)
    sweep(uow, slack, WEDNESDAY, retries)
    fake_slack.add_channel(TEAM, name="team", members=MEMBERS, is_archived=True)
    assert sweep(uow, slack, DUE, retries) == 1  # the DM; no wrap-up, no cancel ask
    assert sweep(uow, slack, DUE + HOUR, retries) == 0
    assert sweep(uow, slack, DUE, Retries("check-ins")) == 0  # another replica: nothing
    assert status(uow, checkin_id) == Status.PAUSED
    assert len(told(fake_slack)) == 1
    calls = Counter(str((c.args.get("metadata") or {}).get("event_type"))
                    for c in fake_slack.calls_to("chat.postMessage"))  # fmt: skip
    assert calls[WRAP_EVENT] == 1  # the one attempt Slack refused
    assert calls[CANCEL_EVENT] == 0


def test_the_dutch_channel_lost_dm_keeps_no_english_sentence() -> None:
    english = channel_lost("Standup", TEAM)
    with speaking("nl"):
        dutch = channel_lost("Standup", TEAM)
    texts = [str(block) for block in dutch.blocks]
    assert "gepauzeerd" in dutch.text
    assert "/invite @Kairos" in texts[1]
    assert english_left(str(english.blocks), str(dutch.blocks), 3, leave_out=["Standup"]) == []
    assert len(english_left(str(english.blocks), str(english.blocks), 3)) > 20  # it can see
