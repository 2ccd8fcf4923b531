"""`/focus language` end to end: signed slash commands to a running Kairos, which asks the
fake Slack for each person's locale; the choice (or Slack's language) is what Kairos speaks
from then on, and it is kept in the database."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus.tables import Person
from tests.e2e.conftest import RunningKairos, start_kairos, stop_and_show

pytestmark = pytest.mark.e2e

CHANNEL = "C0LANGUAGE"


@pytest.fixture(scope="module")
def kairos(
    fake_slack: FakeSlack, e2e_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningKairos]:
    running = start_kairos(fake_slack, e2e_database_url, tmp_path_factory.mktemp("language"))
    try:
        yield running
    finally:
        stop_and_show(running)


def _user(fake: FakeSlack, locale: str) -> str:
    user = f"UL{uuid.uuid4().hex[:6].upper()}"
    fake.add_user(user, name=user.lower(), tz="Europe/Amsterdam", locale=locale)
    return user


def _focus(kairos: RunningKairos, fake: FakeSlack, user: str, text: str) -> str:
    body = payloads.slash_command_form(
        "/focus", text, user_id=user, channel_id=CHANNEL, response_url=fake.new_response_url()
    )
    response = kairos.post_form(body)
    assert response.status_code == 200
    reply = response.json()
    assert reply["response_type"] == "ephemeral"
    return str(reply["text"])


def _stored_language(kairos: RunningKairos, user: str) -> tuple[str | None, str | None]:
    engine = kairos.engine()
    try:
        with engine.connect() as connection:
            query = select(Person.language, Person.slack_locale).where(Person.user_id == user)
            language, locale = connection.execute(query).one()
    finally:
        engine.dispose()
    return language, locale


def test_choosing_dutch_then_english(kairos: RunningKairos, fake_slack: FakeSlack) -> None:
    alex = _user(fake_slack, "en-GB")
    # The answer comes in the language just chosen, not the English Alex asked in.
    assert _focus(kairos, fake_slack, alex, "language nl") == (
        "Ik spreek vanaf nu Nederlands met je."
    )
    assert _stored_language(kairos, alex) == ("nl", "en-GB")
    # From then on Kairos speaks Dutch to him: his language, and a refusal of his input.
    assert _focus(kairos, fake_slack, alex, "taal").startswith(
        "Ik spreek Nederlands met je: dat heb je zelf gekozen met `/focus taal`."
    )
    refusal = _focus(kairos, fake_slack, alex, "ma-vx 9:00-11:00")
    assert "`vx` kan ik niet als dag lezen" in refusal
    assert "/focus ma-vr 09:00-11:00" in refusal
    # Dutch words work whatever language he speaks; English ones still do too.
    assert _focus(kairos, fake_slack, alex, "taal engels") == (
        "I'll speak English with you from now on."
    )
    assert _stored_language(kairos, alex) == ("en", "en-GB")
    refusal = _focus(kairos, fake_slack, alex, "ma-vx 9:00-11:00")
    assert "I couldn't read `vx` as a day" in refusal
    assert "/focus mon-fri 09:00-11:00" in refusal


def test_auto_follows_a_dutch_slack(kairos: RunningKairos, fake_slack: FakeSlack) -> None:
    anouk = _user(fake_slack, "nl-NL")
    assert _focus(kairos, fake_slack, anouk, "language en") == (
        "I'll speak English with you from now on."
    )
    assert _focus(kairos, fake_slack, anouk, "language auto") == (
        "Vanaf nu volg ik de taal van je Slack. "
        "Ik spreek Nederlands met je, want je Slack staat op Nederlands."
    )
    assert _stored_language(kairos, anouk) == (None, "nl-NL")
    assert "kan ik niet als tijd lezen" in _focus(kairos, fake_slack, anouk, "tot 25:00")


def test_a_bad_choice_changes_nothing(kairos: RunningKairos, fake_slack: FakeSlack) -> None:
    sem = _user(fake_slack, "en-US")
    _focus(kairos, fake_slack, sem, "language")
    answer = _focus(kairos, fake_slack, sem, "language fr")
    assert "I can't speak `fr` with you, sorry" in answer
    assert "`auto` follows your Slack language" in answer
    assert _stored_language(kairos, sem) == (None, "en-US")
