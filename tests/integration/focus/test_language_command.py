"""`/focus language` through the real Bolt app (its language middleware, the focus listener,
the error handler) on both backends: the choice is stored, the answer is in the language
just chosen, `auto` follows Slack (or the workspace), and a bad choice changes nothing."""

from __future__ import annotations

import json

import pytest
from slack_bolt import App

from bot.clock import FakeClock
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus import repo
from bot.i18n.languages import Language
from tests.support.bolt_app import dispatch, kairos_app

ANOUK, ALEX, KLAUS, SEM = "U0ANOUK", "U0ALEX", "U0KLAUS", "U0SEM"
ROOM = "C0ROOM"


@pytest.fixture
def fake_slack(fake_slack: FakeSlack) -> FakeSlack:
    fake_slack.add_user(ANOUK, name="anouk", tz="Europe/Amsterdam", locale="nl-NL")
    fake_slack.add_user(ALEX, name="alex", tz="Europe/London", locale="en-GB")
    fake_slack.add_user(KLAUS, name="klaus", tz="Europe/Berlin", locale="de-DE")
    fake_slack.add_user(SEM, name="sem", tz="Europe/Amsterdam", locale="nl-NL")
    return fake_slack


@pytest.fixture
def app(uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack) -> App:
    return kairos_app(uow, clock, fake_slack)


def _focus(app: App, fake: FakeSlack, user_id: str, text: str) -> str:
    body = payloads.slash_command_form(
        "/focus", text, user_id=user_id, channel_id=ROOM, response_url=fake.new_response_url()
    )
    response = dispatch(app, body)
    return str(json.loads(response.body)["text"])


def _stored(uow: UnitOfWork, user_id: str) -> tuple[str | None, str | None]:
    with uow() as session:
        person = repo.get_person(session, user_id)
        assert person is not None
        return person.language, person.slack_locale


def test_choosing_dutch_is_answered_in_dutch_and_kept(
    app: App, fake_slack: FakeSlack, uow: UnitOfWork
) -> None:
    # Alex's Slack is English: the answer is in the language he just chose.
    assert _focus(app, fake_slack, ALEX, "language nl") == "Ik spreek vanaf nu Nederlands met je."
    assert _stored(uow, ALEX) == ("nl", "en-GB")
    shown = _focus(app, fake_slack, ALEX, "taal")
    assert shown.startswith("Ik spreek Nederlands met je: dat heb je zelf gekozen")
    assert "`/focus taal auto`" in shown


def test_choosing_english_is_answered_in_english(
    app: App, fake_slack: FakeSlack, uow: UnitOfWork
) -> None:
    # Anouk's Slack is Dutch: her request arrives in Dutch, the answer is English.
    assert (
        _focus(app, fake_slack, ANOUK, "taal Engels") == "I'll speak English with you from now on."
    )
    assert _stored(uow, ANOUK) == ("en", "nl-NL")
    assert _focus(app, fake_slack, ANOUK, "language").startswith(
        "I speak English with you: you chose it with `/focus language`."
    )


def test_each_person_gets_their_own_language(app: App, fake_slack: FakeSlack) -> None:
    _focus(app, fake_slack, ANOUK, "language nl")
    dutch = _focus(app, fake_slack, ANOUK, "language")
    english = _focus(app, fake_slack, ALEX, "language")
    assert dutch.startswith("Ik spreek Nederlands met je")
    assert english == (
        "I speak English with you, as your Slack is set to English.\n"
        "Choose with `/focus language nl` (Nederlands), `/focus language en` (English) "
        "or `/focus language auto` (follow your Slack language)."
    )


def test_auto_follows_slack_again_and_says_why(
    app: App, fake_slack: FakeSlack, uow: UnitOfWork
) -> None:
    _focus(app, fake_slack, SEM, "language en")
    answer = _focus(app, fake_slack, SEM, "language AUTO")
    assert answer == (
        "Vanaf nu volg ik de taal van je Slack. "
        "Ik spreek Nederlands met je, want je Slack staat op Nederlands."
    )
    assert _stored(uow, SEM) == (None, "nl-NL")


@pytest.mark.parametrize(
    ("workspace", "says"),
    [
        ("nl", "Ik spreek Nederlands met je: de taal van je Slack spreek ik niet"),
        ("en", "I speak English with you: your Slack language isn't one I speak"),
    ],
)
def test_auto_with_a_slack_language_kairos_does_not_speak_uses_the_workspaces(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack, workspace: Language, says: str
) -> None:
    app = kairos_app(uow, clock, fake_slack, language=workspace)
    answer = _focus(app, fake_slack, KLAUS, "taal automatisch")
    assert says in answer
    assert _stored(uow, KLAUS) == (None, "de-DE")


def test_auto_asks_slack_for_a_locale_kairos_never_kept(
    app: App, fake_slack: FakeSlack, uow: UnitOfWork, clock: FakeClock
) -> None:
    with uow() as session:  # stored before Kairos kept locales
        repo.add_person(session, SEM, "Europe/Amsterdam", clock.now(), slack_locale=None)
    assert _focus(app, fake_slack, SEM, "language auto").endswith(
        "want je Slack staat op Nederlands."
    )
    assert _stored(uow, SEM) == (None, "nl-NL")


def test_a_bad_choice_is_refused_kindly_in_the_current_language_and_changes_nothing(
    app: App, fake_slack: FakeSlack, uow: UnitOfWork
) -> None:
    _focus(app, fake_slack, ANOUK, "language nl")
    dutch = _focus(app, fake_slack, ANOUK, "taal klingon")
    assert "Sorry, `klingon` spreek ik niet." in dutch
    assert "`nl` (Nederlands) en `en` (English)" in dutch
    assert "/focus taal nl" in dutch
    assert _stored(uow, ANOUK) == ("nl", "nl-NL")
    english = _focus(app, fake_slack, ALEX, "language german")
    assert "I can't speak `german` with you, sorry" in english
    with uow() as session:
        assert repo.get_person(session, ALEX) is None  # refused before anything was stored


def test_focus_refusals_reach_a_dutch_person_in_dutch(app: App, fake_slack: FakeSlack) -> None:
    _focus(app, fake_slack, ALEX, "language nl")
    assert "`vx` kan ik niet als dag lezen" in _focus(app, fake_slack, ALEX, "ma-vx 9-10")
    _focus(app, fake_slack, ALEX, "language en")
    assert "I couldn't read `vx` as a day" in _focus(app, fake_slack, ALEX, "ma-vx 9-10")
