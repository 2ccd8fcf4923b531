"""Someone leaving a check-in's channel, as Slack tells Kairos (member_left_channel) through
the real Bolt app, on both backends: they leave its check-ins and are not reminded or
counted; Kairos itself leaving changes nothing here (its next post finds out)."""

from __future__ import annotations

import json

from slack_bolt import App

from bot.checkins import repo, repo_asks
from bot.checkins.service_rounds import run_checkins
from bot.checkins.tables import AskState
from bot.clock import FakeClock
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.retry import Retries
from bot.slack.gateway import SlackGateway
from tests.integration.checkins.building import (
    ANA,
    BOB,
    CAROL,
    MONDAY,
    TEAM,
    WEDNESDAY,
    add_checkin,
)
from tests.support.bolt_app import dispatch, kairos_app


def _left(app: App, user: str, channel: str = TEAM) -> None:
    event = {**payloads.member_joined_channel_event(user, channel), "type": "member_left_channel"}
    dispatch(app, json.dumps(payloads.event_callback(event)), "application/json")


def _states(uow: UnitOfWork, checkin_id: int) -> dict[str, str]:
    with uow() as session:
        (first,) = [r for r in repo.rounds_of(session, checkin_id) if r.opens_at == WEDNESDAY]
        return {a.user_id: a.state for a in repo_asks.asks_of(session, first.id)}


def test_someone_leaving_the_channel_leaves_its_check_in(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack, slack: SlackGateway
) -> None:
    checkin_id = add_checkin(uow)
    for at in (MONDAY, WEDNESDAY):
        run_checkins(uow, slack, at, Retries("check-ins"), budget=None, language="en")
    app = kairos_app(uow, clock, fake_slack, slack=slack)
    _left(app, fake_slack.bot_user_id)  # Kairos itself: nothing changes here
    _left(app, CAROL, channel="C0ELSEWHERE")  # another channel: nothing changes
    assert set(_states(uow, checkin_id).values()) == {AskState.ASKED}
    _left(app, BOB)
    assert _states(uow, checkin_id) == {ANA: AskState.ASKED, BOB: AskState.SKIPPED,
                                        CAROL: AskState.ASKED}  # fmt: skip
    with uow() as session:
        assert repo.people_of(session, checkin_id) == [ANA, CAROL]
