"""`/kairos forget-me` and `/kairos my-data` in the requester's language, through the real Bolt
app (its language middleware and the privacy listener) and the fake Slack, on both backends:
Anouk chose Dutch and gets the confirmation, the reply once forgotten (after her row, and
her choice of language with it, is gone) and the export's words in Dutch; Alex gets English.

Deps runs background work at once here, in the request's context (bot/slack/deps.py); the
real Kairos hands it to a thread pool with a copy of that context (bot/background.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from slack_bolt import App

from bot.clock import FakeClock
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus import repo
from bot.focus.tables import Person
from bot.slack.gateway import SlackGateway
from tests.support.bolt_app import dispatch, kairos_app
from tests.support.two_languages import ALEX, ANOUK, seat_both

ROOM = "C0ROOM"


@pytest.fixture
def fake_slack(fake_slack: FakeSlack) -> FakeSlack:
    return seat_both(fake_slack, ROOM, "room")


@pytest.fixture
def app(uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack, slack: SlackGateway) -> App:
    with uow() as session:
        for user_id, language in ((ANOUK, "nl"), (ALEX, None)):
            person = repo.add_person(
                session, user_id, "Europe/Amsterdam", clock.now(), slack_locale="en-GB"
            )
            person.language = language
    return kairos_app(uow, clock, fake_slack, slack=slack)


def _kairos(app: App, fake: FakeSlack, user_id: str, text: str) -> Any:
    body = payloads.slash_command_form(
        "/kairos", text, user_id=user_id, channel_id=ROOM,
        response_url=fake.new_response_url(), trigger_id=fake.new_trigger_id(user_id),
    )  # fmt: skip
    return dispatch(app, body)


def _forget_me(app: App, fake: FakeSlack, user_id: str) -> tuple[dict[str, Any], str]:
    """`/kairos forget-me`, then its confirmation submitted: (the modal, the DM's text)."""
    _kairos(app, fake, user_id, "forget-me")
    opened = [c for c in fake.calls_to("views.open") if c.response.get("ok")]
    view: dict[str, Any] = opened[-1].args["view"]
    before = len(fake.calls_to("chat.postMessage"))
    payload = payloads.view_submission_payload(
        view["callback_id"], {}, user_id=user_id, blocks=view["blocks"]
    )
    dispatch(app, payloads.block_actions_form(payload))
    posted = [c for c in fake.calls_to("chat.postMessage")[before:] if c.ok]
    assert len(posted) == 1
    return view, str(posted[0].args["blocks"])


def _blocks_text(blocks: list[dict[str, Any]]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def test_forget_me_asks_and_answers_each_person_in_their_language(
    app: App, fake_slack: FakeSlack, uow: UnitOfWork
) -> None:
    dutch_view, dutch_dm = _forget_me(app, fake_slack, ANOUK)
    english_view, english_dm = _forget_me(app, fake_slack, ALEX)

    assert dutch_view["title"]["text"] == "Vergeet mij"
    assert dutch_view["submit"]["text"] == "Wis mijn gegevens"
    shown = _blocks_text(dutch_view["blocks"])
    assert "focusuren en focussessies: 1" in shown
    assert "Deleting" not in shown
    # Her row went first; the reply still speaks the language she asked in.
    assert "Klaar: Kairos heeft alles gewist wat het over je bewaarde." in dutch_dm
    assert "Gebruik je Kairos weer, dan begint het opnieuw." in dutch_dm
    assert "Done:" not in dutch_dm

    assert english_view["title"]["text"] == "Forget me"
    assert "focus hours and sessions: 1" in _blocks_text(english_view["blocks"])
    assert "Done: Kairos deleted everything it held about you." in english_dm
    assert "Klaar" not in english_dm
    with uow() as session:
        assert session.get(Person, ANOUK) is None
        assert session.get(Person, ALEX) is None


def test_my_data_comes_with_the_exports_words_in_their_language(
    app: App, fake_slack: FakeSlack
) -> None:
    _kairos(app, fake_slack, ANOUK, "my-data")
    _kairos(app, fake_slack, ALEX, "my-data")

    exports, titles = {}, {}
    for record, content in fake_slack.uploaded_files.values():
        document = json.loads(content)
        exports[document["user_id"]] = document
        titles[document["user_id"]] = record["title"]
    assert titles == {ANOUK: "Je gegevens in Kairos", ALEX: "Your data in Kairos"}
    assert set(exports) == {ANOUK, ALEX}
    dutch, english = exports[ANOUK], exports[ALEX]
    assert dutch["about"].startswith("Alles wat Kairos over je bewaart")
    assert dutch["sections"]["focus"]["label"] == "Focusuren en focussessies"
    assert english["about"].startswith("Everything Kairos holds about you")
    assert english["sections"]["focus"]["label"] == "Focus hours and sessions"
    # The rows themselves are the same in both: values as stored, never translated.
    assert dutch["sections"]["focus"]["tables"]["people"][0]["language"] == "nl"
    assert english["sections"]["focus"]["tables"]["people"][0]["user_id"] == ALEX
