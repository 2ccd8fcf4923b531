"""Editing a check-in against the fake Slack, on SQLite and PostgreSQL: the edit modal is
filled in with the plan (its organizer only); saving changes the check-in, the rounds still
to come follow the new plan, a round already open keeps its channel, people and times and is
wrapped up where it was posted; a channel Kairos cannot post in, someone else, a stopped
check-in and the same plan saved twice."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.checkins import repo, repo_asks, repo_rounds, service
from bot.checkins.model import Cadence, QuestionSet, questions_of
from bot.checkins.service import Created
from bot.checkins.service_edit import Refused, Updated, edit_modal_for, update_checkin
from bot.checkins.setup_messages import CHANNEL
from bot.checkins.tables import RoundState, Status
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.i18n import speaking
from bot.ids import View
from bot.slack.gateway import SlackGateway
from tests.integration.checkins.building import (
    ANA,
    BOB,
    CAROL,
    HOUR,
    MEMBERS,
    MONDAY,
    ORGANIZER,
    PLAN,
    TEAM,
    WEDNESDAY,
    sweep,
)

NEWS, SECRET = "C0NEWS", "C0SECRET"
DAVE = "U0DAVE"
# Tuesdays and Thursdays at 11:00 in Amsterdam (10:00 UTC in winter).
TUE_THU = Cadence(frozenset({1, 3}), time(11, 0), "Europe/Amsterdam")
NEW_PLAN = replace(
    PLAN,
    channel_id=NEWS,
    people=(BOB, DAVE),
    cadence=TUE_THU,
    question_set=QuestionSet.RETRO,
    questions=questions_of(QuestionSet.RETRO),
    due_working_minutes=120,
)


@pytest.fixture
def fake_slack(fake_slack: FakeSlack) -> FakeSlack:
    """The team of conftest.py and Dave; the team's and the news channel with Kairos in them,
    a private one without."""
    members = [*MEMBERS, DAVE]
    fake_slack.add_user(DAVE, name=DAVE.lower(), tz="Europe/Amsterdam")
    fake_slack.add_channel(TEAM, name="team", members=members)
    fake_slack.add_channel(NEWS, name="news", members=members)
    fake_slack.add_channel(SECRET, name="secret", is_private=True, members=members,
                           bot_is_member=False)  # fmt: skip
    return fake_slack


def _created(uow: UnitOfWork, slack: SlackGateway) -> int:
    made = service.create_checkin(uow, slack, ORGANIZER, PLAN, "series-standup", MONDAY)
    assert isinstance(made, Created)
    return made.checkin_id


def _rounds(uow: UnitOfWork, checkin_id: int) -> list[tuple[int, datetime, str]]:
    with uow() as session:
        return [(r.id, r.opens_at, r.state) for r in repo.rounds_of(session, checkin_id)]


def test_the_edit_modal_is_filled_in_for_the_organizer_only(
    uow: UnitOfWork, slack: SlackGateway
) -> None:
    checkin_id = _created(uow, slack)
    modal = edit_modal_for(uow, ORGANIZER, checkin_id)
    assert isinstance(modal, dict)
    assert modal["callback_id"] == View.CHECKIN_EDIT
    inputs = {b["block_id"]: b["element"] for b in modal["blocks"] if b["type"] == "input"}
    assert inputs["people"]["initial_users"] == [ANA, BOB, CAROL]
    assert inputs["channel"]["initial_conversation"] == TEAM
    assert edit_modal_for(uow, ANA, checkin_id) == (
        "Only the organizer of this check-in can change it."
    )
    assert edit_modal_for(uow, ORGANIZER, checkin_id + 99).startswith("I couldn't find")
    service.stop(uow, ORGANIZER, checkin_id, MONDAY)
    assert edit_modal_for(uow, ORGANIZER, checkin_id).startswith("I couldn't find")


def test_saving_an_edit_replans_the_rounds_to_come_and_an_open_round_runs_to_its_wrap_up(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    checkin_id = _created(uow, slack)
    sweep(uow, slack, WEDNESDAY)  # the Wednesday round opens in the team's channel
    (open_round,) = [r for r in _rounds(uow, checkin_id) if r[2] == RoundState.OPEN]
    with uow() as session:
        before = {a.user_id for a in repo_asks.asks_of(session, open_round[0])}
    assert before == {ANA, BOB, CAROL}

    now = WEDNESDAY + HOUR
    saved = update_checkin(uow, slack, ORGANIZER, checkin_id, NEW_PLAN, now)
    assert isinstance(saved, Updated)
    assert saved.title == "Standup"
    with uow() as session:
        row = repo.get(session, checkin_id)
        assert row is not None
        assert repo.plan_of(session, row) == NEW_PLAN
        kept = repo_rounds.get_round(session, open_round[0])
        assert kept is not None
        open_after = (kept.state, kept.channel_id, kept.opens_at)
        due_at = kept.due_at
    assert open_after == (RoundState.OPEN, TEAM, WEDNESDAY)
    rounds = _rounds(uow, checkin_id)
    later = [opens for _id, opens, state in rounds if state == RoundState.DUE]
    amsterdam = ZoneInfo("Europe/Amsterdam")
    assert later  # planned again, three weeks ahead
    assert {opens.astimezone(amsterdam).weekday() for opens in later} == {1, 3}
    assert {opens.astimezone(amsterdam).time() for opens in later} == {time(11, 0)}
    assert min(later) == saved.first_round == datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    assert all(opens > now for opens in later)

    # The open round keeps its people, and is wrapped up in the team's channel.
    with uow() as session:
        assert {a.user_id for a in repo_asks.asks_of(session, open_round[0])} == before
    sweep(uow, slack, due_at + timedelta(minutes=1))
    wraps = [m for m in fake_slack.messages_in(TEAM) if "Check-in closed" in m.get("text", "")]
    assert len(wraps) == 1
    assert not [m for m in fake_slack.messages_in(NEWS) if "Check-in closed" in m["text"]]

    # The next round opens in the new channel and asks the new people.
    sweep(uow, slack, datetime(2026, 11, 26, 10, 0, tzinfo=UTC))
    assert [m for m in fake_slack.messages_in(NEWS) if "Check-in for" in m.get("text", "")]
    next_id = next(i for i, opens, _s in _rounds(uow, checkin_id) if opens == min(later))
    with uow() as session:
        assert {a.user_id for a in repo_asks.asks_of(session, next_id)} == {BOB, DAVE}


def test_the_same_plan_saved_twice_changes_nothing_the_second_time(
    uow: UnitOfWork, slack: SlackGateway
) -> None:
    checkin_id = _created(uow, slack)
    first = update_checkin(uow, slack, ORGANIZER, checkin_id, NEW_PLAN, MONDAY + HOUR)
    rounds = _rounds(uow, checkin_id)
    again = update_checkin(uow, slack, ORGANIZER, checkin_id, NEW_PLAN, MONDAY + 2 * HOUR)
    assert again == first
    assert _rounds(uow, checkin_id) == rounds  # the same rows: nothing dropped and planned again


def test_a_paused_check_in_is_edited_and_plans_nothing_until_it_is_resumed(
    uow: UnitOfWork, slack: SlackGateway
) -> None:
    checkin_id = _created(uow, slack)
    service.pause(uow, ORGANIZER, checkin_id, MONDAY)
    saved = update_checkin(uow, slack, ORGANIZER, checkin_id, NEW_PLAN, MONDAY + HOUR)
    assert isinstance(saved, Updated)
    assert saved.first_round is None
    assert _rounds(uow, checkin_id) == []
    with uow() as session:
        row = repo.get(session, checkin_id)
        assert row is not None
        assert row.status == Status.PAUSED
    service.resume(uow, ORGANIZER, checkin_id, MONDAY + 2 * HOUR)
    amsterdam = ZoneInfo("Europe/Amsterdam")
    days = {opens.astimezone(amsterdam).weekday() for _i, opens, _s in _rounds(uow, checkin_id)}
    assert days == {1, 3}


def test_what_stands_in_the_way_of_an_edit_is_said_and_nothing_changes(
    uow: UnitOfWork, slack: SlackGateway
) -> None:
    checkin_id = _created(uow, slack)
    rounds = _rounds(uow, checkin_id)
    hidden = replace(NEW_PLAN, channel_id=SECRET)
    cannot_post = update_checkin(uow, slack, ORGANIZER, checkin_id, hidden, MONDAY + HOUR)
    assert isinstance(cannot_post, Refused)
    assert cannot_post.errors[CHANNEL].startswith("I can't post in that channel.")
    someone_else = update_checkin(uow, slack, ANA, checkin_id, NEW_PLAN, MONDAY + HOUR)
    assert someone_else == Refused({CHANNEL: "Only the organizer of this check-in can change it."})
    with speaking("nl"):
        dutch = update_checkin(uow, slack, ANA, checkin_id, NEW_PLAN, MONDAY + HOUR)
    assert isinstance(dutch, Refused)
    assert "organisator" in dutch.errors[CHANNEL]
    with uow() as session:
        row = repo.get(session, checkin_id)
        assert row is not None
        assert repo.plan_of(session, row) == PLAN
    assert _rounds(uow, checkin_id) == rounds
    service.stop(uow, ORGANIZER, checkin_id, MONDAY + HOUR)
    stopped = update_checkin(uow, slack, ORGANIZER, checkin_id, NEW_PLAN, MONDAY + 2 * HOUR)
    assert isinstance(stopped, Refused)
    assert stopped.errors[CHANNEL].startswith("I couldn't find that check-in.")


def test_a_forged_title_does_not_rename_the_check_in(uow: UnitOfWork, slack: SlackGateway) -> None:
    checkin_id = _created(uow, slack)
    saved = update_checkin(
        uow, slack, ORGANIZER, checkin_id, replace(NEW_PLAN, title="Renamed"), MONDAY + HOUR
    )
    assert isinstance(saved, Updated)
    with uow() as session:
        row = repo.get(session, checkin_id)
        assert row is not None
        assert row.title == "Standup"
