"""The summary candidates' "Make it async" through the real Bolt app (its language middleware,
the summary listener), on both backends: its organizer gets the setup form; anyone else a
kind word only they see, in their own language; a series with a check-in already, or one
gone from the calendars, is answered too, and no form opens."""

from __future__ import annotations

import contextvars
from datetime import timedelta
from typing import Any

import pytest
from slack_bolt import App, BoltRequest

from bot.checkins import repo as checkins_repo
from bot.checkins.model import Cadence, CheckInPlan, QuestionSet, questions_of
from bot.clock import FakeClock
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus import repo as focus_repo
from bot.ids import Action, View
from tests.integration.cleanup.summary_setup import ALICE, BOB, MONDAY, TEAM, add_meeting
from tests.support.bolt_app import kairos_app

SEM = "U0SEM"  # a Dutch colleague
SERIES = "weekly-sync@acme"


@pytest.fixture
def fake_slack(fake_slack: FakeSlack, uow: UnitOfWork, clock: FakeClock) -> FakeSlack:
    """Alice organizes the weekly sync; Bob (English) and Sem (Dutch) attend it."""
    fake_slack.add_user(ALICE, name="alice", tz="UTC")
    fake_slack.add_user(BOB, name="bob", tz="Europe/London", locale="en-GB")
    fake_slack.add_user(SEM, name="sem", tz="Europe/Amsterdam", locale="nl-NL")
    fake_slack.add_channel(TEAM, name="team", members=[ALICE, BOB, SEM])
    with uow() as session:
        sem = focus_repo.add_person(session, SEM, "Europe/Amsterdam", clock.now())
        sem.language = "nl"
    for week in range(2):
        add_meeting(uow, "Weekly sync", MONDAY + timedelta(days=2, weeks=week), [ALICE],
                    series=SERIES, recurring=True, agenda=False, minutes=30)  # fmt: skip
    return fake_slack


def press(app: App, fake: FakeSlack, user: str, series: str = SERIES) -> tuple[int, str]:
    """Press "Make it async" on the summary in #team; the fake's call index before, and the
    press's response_url."""
    before, response_url = len(fake.calls), fake.new_response_url()
    payload = payloads.block_action_payload(
        Action.SUMMARY_MAKE_ASYNC, series, user_id=user, channel_id=TEAM,
        response_url=response_url, trigger_id=fake.new_trigger_id(user),
    )  # fmt: skip
    request = BoltRequest(
        body=payloads.block_actions_form(payload),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert contextvars.copy_context().run(app.dispatch, request).status == 200
    return before, response_url


def opened(fake: FakeSlack, after: int) -> list[Any]:
    return [call for call in fake.calls[after:] if call.method == "views.open"]


def test_only_the_organizer_gets_the_form_and_others_a_word_in_their_language(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack
) -> None:
    app = kairos_app(uow, clock, fake_slack)
    before, url = press(app, fake_slack, BOB)
    english = fake_slack.wait_for_response(url)[-1]
    assert english["response_type"] == "ephemeral"
    assert english["text"].startswith("Only the organizer of this meeting can set up a check-in")
    assert "Weekly sync" not in english["text"]  # a forged value learns no title
    _before, url = press(app, fake_slack, SEM)
    dutch = fake_slack.wait_for_response(url)[-1]
    assert dutch["text"].startswith("Alleen de organisator van deze meeting")
    assert not opened(fake_slack, before)

    before, _url = press(app, fake_slack, ALICE)
    (call,) = opened(fake_slack, before)
    view = call.args["view"]
    assert view["callback_id"] == View.CHECKIN_SETUP
    assert SERIES in view["private_metadata"]


def test_a_series_with_a_check_in_or_gone_is_answered_without_a_form(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack
) -> None:
    app = kairos_app(uow, clock, fake_slack)
    plan = CheckInPlan("Weekly sync, async", TEAM, questions_of(QuestionSet.STANDUP),
                       QuestionSet.STANDUP, (ALICE, BOB),
                       Cadence(frozenset({2}), MONDAY.time(), "UTC"))  # fmt: skip
    with uow() as session:
        checkins_repo.create(session, ALICE, plan, MONDAY, series_key=SERIES)
    before, url = press(app, fake_slack, ALICE)
    said = fake_slack.wait_for_response(url)[-1]["text"]
    assert (
        said
        == "“Weekly sync” already has a check-in, “Weekly sync, async”. /kairos async shows it."
    )
    _before, url = press(app, fake_slack, ALICE, series="cancelled@acme")
    assert "I can't find that meeting any more" in fake_slack.wait_for_response(url)[-1]["text"]
    assert not opened(fake_slack, before)
