"""What a person is told when something fails or is refused, in their language: the error
handler's apology, a refusal's example, a late answer (in the language the request was in,
else English), and the refusals of bot/errors.py and bot/ports.py."""

from __future__ import annotations

import json

import pytest
from slack_sdk import WebClient

from bot.errors import KairosUserError, UnreadableValue
from bot.i18n import speaking
from bot.ports import UnknownUser
from bot.slack.errors import apology, handle_error
from bot.slack.late import database_down, request_language, running_slow
from bot.slack.speaking import LANGUAGE_KEY

# A slash command is answered in its HTTP response: the client is never called.
UNREACHABLE = WebClient(token="xoxb-test", base_url="http://127.0.0.1:9/api/", timeout=1)


def test_the_apology_is_dutch_for_a_dutch_reader() -> None:
    with speaking("nl"):
        response = handle_error(RuntimeError("boom"), {"command": "/focus"}, UNREACHABLE)
    assert response is not None
    assert json.loads(response.body)["text"] == (
        "Sorry, er ging bij mij iets mis en dat lukte niet. Het is vastgelegd; probeer het "
        "over een minuutje opnieuw."
    )
    assert apology().startswith("Sorry, something went wrong on my side")


def test_a_refusals_example_is_introduced_in_the_readers_language() -> None:
    refusal = KairosUserError("Nope.", example="/focus now 90m")
    assert refusal.user_text() == "Nope.\nFor example: `/focus now 90m`"
    with speaking("nl"):
        assert refusal.user_text() == "Nope.\nBijvoorbeeld: `/focus now 90m`"


def test_refusals_built_in_dutch_stay_dutch() -> None:
    with speaking("nl"):
        button, unknown = UnreadableValue(), UnknownUser()
    assert button.message == "Ik kon die knop niet lezen. Er is niets veranderd."
    assert unknown.message.startswith("Slack kon me niet vertellen wie je bent")
    assert UnreadableValue().message == "I couldn't read that button. Nothing was changed."
    assert UnreadableValue("Other words.").message == "Other words."


@pytest.mark.parametrize(
    ("context", "language"),
    [
        ({LANGUAGE_KEY: "nl"}, "nl"),
        ({LANGUAGE_KEY: "en"}, "en"),
        ({}, "en"),  # the middleware had not chosen yet: English
        ({LANGUAGE_KEY: "de"}, "en"),
        ({LANGUAGE_KEY: None}, "en"),
    ],
)
def test_a_late_answer_speaks_the_requests_language_else_english(
    context: dict[str, object], language: str
) -> None:
    assert request_language(context) == language


def test_late_answers_in_dutch_whatever_the_current_language() -> None:
    # Built after the deadline, on another thread: the language is passed, not read.
    assert database_down("nl").startswith("Kairos kan zijn database nu niet bereiken")
    assert running_slow("nl").startswith("Kairos is nu trager dan normaal")
    with speaking("nl"):
        assert database_down("en").startswith("Kairos can't reach its database right now")
    # Without a language, English.
    assert database_down() == database_down("en")
    assert running_slow() == running_slow("en")
