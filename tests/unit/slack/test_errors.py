"""The error handler and the late answers read any body without failing themselves."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from slack_sdk import WebClient

from bot.errors import KairosUserError
from bot.slack.errors import apology, handle_error, request_summary
from bot.slack.late import database_down, late_answer

# Nothing listens on port 9: a reply attempt would be logged as a failure, and is looked for.
UNREACHABLE = WebClient(token="xoxb-test", base_url="http://127.0.0.1:9/api/", timeout=1)

_KEYS = st.sampled_from(
    ["type", "event", "actions", "user", "user_id", "team", "team_id", "view", "channel",
     "command", "event_id", "callback_id", "action_id", "id", "subtype", "blocks",
     "response_url", "response_urls", "block_id"]
)  # fmt: skip
_ANY = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(_KEYS | st.text(max_size=3), children, max_size=4)
    ),
    max_leaves=20,
)


@given(body=st.dictionaries(_KEYS, _ANY, max_size=6) | _ANY)
def test_request_summary_reads_any_shape(body: Any) -> None:
    summary = request_summary(body)
    for value in summary.values():
        assert value is None or isinstance(value, str | list)
    json.dumps(summary)


@given(body=st.dictionaries(_KEYS, _ANY, max_size=6))
def test_late_answer_reads_any_shape(body: dict[str, Any]) -> None:
    answer = late_answer(body, database_down())
    assert answer.response.status in (200, 500)
    assert answer.note_url is None or answer.note_url.startswith("http")


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"type": "event_callback", "event": "message"}, 500),
        ({"type": "event_callback", "event": ["x"], "actions": "x"}, 500),
        ({"event": None, "user": 7}, 500),
        ({"type": "block_actions", "actions": "x", "user": ["U1"], "team": "T1"}, 200),
        ({"type": "block_actions", "user": {"id": 5}, "channel": "C1"}, 200),
        ({"type": "view_submission", "view": "v"}, 200),
        ({"type": "view_submission", "view": {"blocks": "b"}}, 200),
        ({"type": "view_submission", "view": {"blocks": [1, {"type": "input"}]}}, 200),
    ],
)
def test_handle_error_tolerates_odd_shapes(
    body: dict[str, Any], status: int, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="bot.slack.errors"):
        response = handle_error(RuntimeError("boom"), body, UNREACHABLE)
        refusal = handle_error(KairosUserError("no"), body, UNREACHABLE)
    assert response is not None
    assert response.status == status
    assert refusal is not None
    assert refusal.status == 200
    assert not [r for r in caplog.records if "could not tell user" in r.getMessage()]


def test_a_command_with_odd_fields_gets_the_apology() -> None:
    response = handle_error(RuntimeError("boom"), {"command": 5, "user_id": []}, UNREACHABLE)
    assert response is not None
    assert json.loads(response.body) == {"response_type": "ephemeral", "text": apology()}


def test_late_answers() -> None:
    event = late_answer({"type": "event_callback", "event": {"type": "message"}}, "t")
    assert event.response.status == 500
    command = late_answer({"command": "/focus", "user_id": "U1"}, "t")
    assert json.loads(command.response.body) == {"response_type": "ephemeral", "text": "t"}
    modal = late_answer(
        {"type": "view_submission", "view": {"blocks": [{"type": "input", "block_id": "m"}]}},
        "t",
    )
    assert json.loads(modal.response.body) == {"response_action": "errors", "errors": {"m": "t"}}
    button = late_answer(
        {"type": "block_actions", "user": {"id": "U1"}, "response_url": "https://hooks/x"}, "t"
    )
    assert (button.response.status, button.note_url, button.note_user) == (
        200,
        "https://hooks/x",
        None,
    )
    home = late_answer({"type": "block_actions", "user": {"id": "U1"}}, "t")
    assert (home.response.status, home.note_url, home.note_user) == (200, None, "U1")
