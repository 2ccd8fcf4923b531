"""The answer modal's submission through the real Bolt app, on both backends: Slack gets its
ack before Kairos posts anything (a view submission must be answered within 3 seconds, and a
post can wait out a 429 for longer), and the post follows once."""

from __future__ import annotations

import json
from collections.abc import Callable

from slack_bolt import App

from bot.checkins import repo, repo_asks, service
from bot.checkins.messages import ANSWER, INPUT
from bot.checkins.service_asks import ANSWER_EVENT
from bot.checkins.service_rounds import run_checkins
from bot.checkins.tables import AskState
from bot.clock import FakeClock
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.ids import View
from bot.retry import Retries
from bot.slack.gateway import SlackGateway
from tests.integration.checkins.building import ANA, MONDAY, ORGANIZER, PLAN, WEDNESDAY
from tests.support.bolt_app import dispatch, kairos_app


def _answer_posts(fake: FakeSlack) -> list[str]:
    return [
        str(c.args.get("thread_ts"))
        for c in fake.calls_to("chat.postMessage")
        if c.ok and (c.args.get("metadata") or {}).get("event_type") == ANSWER_EVENT
    ]


def _submit(app: App, round_id: int, answers: tuple[str, ...]) -> str:
    values = {ANSWER.format(n=n): {INPUT: {"value": text}} for n, text in enumerate(answers, 1)}
    payload = payloads.view_submission_payload(
        View.CHECKIN_ANSWERS, values, user_id=ANA, private_metadata=str(round_id)
    )
    return dispatch(app, payloads.block_actions_form(payload)).body


def test_the_answer_is_acked_first_and_posted_after(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack, slack: SlackGateway
) -> None:
    made = service.create_checkin(uow, slack, ORGANIZER, PLAN, None, MONDAY)
    assert isinstance(made, service.Created)
    run_checkins(uow, slack, WEDNESDAY, Retries("check-ins"), budget=None, language="en")
    with uow() as session:
        round_id = next(r.id for r in repo.rounds_of(session, made.checkin_id)
                        if r.opens_at == WEDNESDAY)  # fmt: skip
    after_ack: list[Callable[[], None]] = []
    app = kairos_app(uow, clock, fake_slack, slack=slack, in_background=after_ack.append)

    refused = json.loads(_submit(app, round_id, ("", "", "")))
    assert refused["response_action"] == "errors"
    assert "at least one answer" in refused["errors"][ANSWER.format(n=1)]
    assert after_ack == []

    assert _submit(app, round_id, ("Export", "Import", "no")) == ""
    # Acked with the answers kept, and nothing said in Slack yet.
    assert _answer_posts(fake_slack) == []
    with uow() as session:
        ask = repo_asks.get_ask(session, round_id, ANA)
        assert ask is not None
        assert ask.state == AskState.ANSWERING
    assert len(after_ack) == 1

    assert _submit(app, round_id, ("Export", "Import", "no")) == ""  # submitted twice
    assert len(after_ack) == 1
    after_ack[0]()
    assert len(_answer_posts(fake_slack)) == 1
    with uow() as session:
        ask = repo_asks.get_ask(session, round_id, ANA)
        assert ask is not None
        assert ask.state == AskState.ANSWERED
