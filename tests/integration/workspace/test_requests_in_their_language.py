"""Each request is answered in its requester's language, on SQLite and PostgreSQL: the real
language middleware and error handler in a Bolt app, dispatched as Kairos dispatches (a
pool thread, a context per request). Listeners, refusals and late answers speak Dutch to a
Dutch person and English to an English colleague, and no language outlives its request."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_bolt import Ack, App, BoltRequest, BoltResponse
from slack_bolt.authorization import AuthorizeResult

from bot.clock import FakeClock
from bot.db.uow import UnitOfWork
from bot.deadline import HealthProbe
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.errors import KairosUserError
from bot.focus import repo as focus_repo
from bot.i18n import _, current_language
from bot.slack.dispatch import Dispatcher
from bot.slack.errors import handle_error
from bot.slack.gateway import SlackGateway
from bot.slack.speaking import speak_their_language

DUTCH, ENGLISH, STRANGER = "U0ANOUK", "U0ALEX", "U0NOBODY"
NEWCOMER, EARLIER = "U0NOOR", "U0EZRA"
RELEASE_AFTER = 10.0  # seconds a held listener waits at most, should a test fail early


@pytest.fixture
def people(uow: UnitOfWork, clock: FakeClock) -> None:
    with uow() as session:
        for user, language in ((DUTCH, "nl"), (ENGLISH, "en")):
            person = focus_repo.add_person(session, user, "Europe/Amsterdam", clock.now())
            person.language = language


class Kairos:
    """A Bolt app with Kairos's language middleware and error handler, and three commands:
    `/said` answers the language it runs in, `/refused` raises a refusal, `/held` waits."""

    def __init__(self, uow: UnitOfWork, slack: SlackGateway, default: str = "en") -> None:
        self.release = threading.Event()
        self.app = App(
            signing_secret="s",
            authorize=lambda **_kwargs: AuthorizeResult(
                enterprise_id=None,
                team_id="T1",
                bot_user_id="UBOT",
                bot_id="B1",
                bot_token="xoxb-x",
            ),
            request_verification_enabled=False,
            process_before_response=True,
        )
        self.app.middleware(speak_their_language(uow, slack, default))  # type: ignore[arg-type]
        self.app.error(handle_error)
        self.app.command("/said")(self._said)
        self.app.command("/refused")(self._refused)
        self.app.command("/held")(self._held)

    def _said(self, ack: Ack) -> None:
        ack(response_type="ephemeral", text=current_language())

    def _refused(self, ack: Ack) -> None:
        raise KairosUserError(_("I couldn't read that form. Nothing was changed."), example="/x")

    def _held(self, ack: Ack) -> None:
        self.release.wait(RELEASE_AFTER)
        ack(response_type="ephemeral", text="too late")


@pytest.fixture
def kairos(uow: UnitOfWork, slack: SlackGateway, people: None) -> Iterator[Kairos]:
    running = Kairos(uow, slack)
    yield running
    running.release.set()


@pytest.fixture
def dispatcher(kairos: Kairos) -> Iterator[Dispatcher]:
    probe = HealthProbe(lambda: True, hang_after=5.0)
    # One worker: every request runs on the same thread, so a language left behind would show.
    running = Dispatcher(kairos.app, probe, workers=1)
    yield running
    kairos.release.set()
    running.close()
    probe.close()


def _command(command: str, user: str) -> BoltRequest:
    body = urlencode(
        {"command": command, "text": "", "user_id": user, "channel_id": "C1", "team_id": "T1"}
    )
    return BoltRequest(body=body, headers={"content-type": "application/x-www-form-urlencoded"})


def _text(response: BoltResponse) -> str:
    assert response.status == 200, response.body
    answer: dict[str, Any] = json.loads(response.body)
    return str(answer["text"])


def test_each_request_runs_in_its_requesters_language_and_leaves_none_behind(
    dispatcher: Dispatcher,
) -> None:
    said = [
        _text(dispatcher.dispatch_now(_command("/said", user)))
        for user in (DUTCH, ENGLISH, DUTCH, STRANGER)
    ]
    # Someone Kairos does not know gets the workspace's language, not the last request's.
    assert said == ["nl", "en", "nl", "en"]
    assert current_language() == "en"


def test_someone_unknown_gets_the_workspace_language(
    uow: UnitOfWork, slack: SlackGateway, people: None
) -> None:
    dutch_workspace = Kairos(uow, slack, default="nl")
    probe = HealthProbe(lambda: True, hang_after=5.0)
    dispatcher = Dispatcher(dutch_workspace.app, probe, workers=1)
    try:
        assert _text(dispatcher.dispatch_now(_command("/said", STRANGER))) == "nl"
        assert _text(dispatcher.dispatch_now(_command("/said", ENGLISH))) == "en"
    finally:
        dispatcher.close()
        probe.close()


def test_a_first_request_is_answered_in_the_slack_language_of_someone_kairos_has_not_met(
    dispatcher: Dispatcher, fake_slack: FakeSlack, uow: UnitOfWork, clock: FakeClock
) -> None:
    fake_slack.add_user(NEWCOMER, name="noor", tz="Europe/Amsterdam", locale="nl-NL")
    fake_slack.add_user(EARLIER, name="ezra", tz="Europe/Amsterdam", locale="nl-NL")
    with uow() as session:  # stored before Kairos kept locales: none is known
        focus_repo.add_person(session, EARLIER, "Europe/Amsterdam", clock.now())
    said = [_text(dispatcher.dispatch_now(_command("/said", user))) for user in (NEWCOMER, EARLIER)]
    assert said == ["nl", "nl"]
    # Asked once each, then kept: the next request asks Slack nothing.
    asked = [c.args.get("user") for c in fake_slack.calls_to("users.info")]
    assert _text(dispatcher.dispatch_now(_command("/said", NEWCOMER))) == "nl"
    assert [c.args.get("user") for c in fake_slack.calls_to("users.info")] == asked
    assert sorted(asked) == sorted([NEWCOMER, EARLIER])


def test_a_refusal_is_answered_in_the_requesters_language(dispatcher: Dispatcher) -> None:
    dutch = _text(dispatcher.dispatch_now(_command("/refused", DUTCH)))
    english = _text(dispatcher.dispatch_now(_command("/refused", ENGLISH)))
    assert dutch == "Ik kon dat formulier niet lezen. Er is niets veranderd.\nBijvoorbeeld: `/x`"
    assert english == "I couldn't read that form. Nothing was changed.\nFor example: `/x`"


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        (DUTCH, "Kairos is nu trager dan normaal, dus dat is misschien niet gelukt."),
        (ENGLISH, "Kairos is slower than usual right now, so that may not have gone through."),
    ],
)
def test_a_late_answer_is_in_the_language_the_request_was_in(
    kairos: Kairos, uow: UnitOfWork, user: str, expected: str
) -> None:
    probe = HealthProbe(lambda: True, hang_after=5.0)
    # The listener waits until released, so the (short) deadline passes whatever the speed.
    dispatcher = Dispatcher(kairos.app, probe, deadline=0.2, workers=1)
    try:
        late = _text(dispatcher.dispatch_now(_command("/held", user)))
    finally:
        kairos.release.set()
        dispatcher.close()
        probe.close()
    assert late.startswith(expected)
