"""Reading a verified body into the envelope Bolt dispatches on, or refusing it."""

from __future__ import annotations

import contextlib
import json
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from slack_bolt import App, BoltRequest
from slack_bolt.authorization import AuthorizeResult

from bot.demo.fake_slack import payloads
from bot.slack.envelope import FORM, JSON, MAX_DEPTH, UnreadableBody, read_envelope


def _samples() -> list[tuple[str, bytes, str]]:
    event = payloads.event_callback(payloads.message_event("U1", "C1", "hi <@U2>"))
    command = payloads.slash_command(
        "/kairos", "payload help", user_id="U1", channel_id="C1", response_url="https://r"
    )
    action = payloads.block_action_payload("focus.urgent", "v", user_id="U1", channel_id="C1")
    view = payloads.view_submission_payload("focus_start", {"m": {"value": "25"}}, user_id="U1")
    return [
        ("event", json.dumps(event).encode(), JSON),
        ("url_verification", json.dumps(payloads.url_verification("c")).encode(), JSON),
        ("command", urlencode(command).encode(), FORM),
        ("action", payloads.block_actions_form(action).encode(), FORM),
        ("view", payloads.block_actions_form(view).encode(), FORM),
        ("ssl_check", b"ssl_check=1&token=x", FORM),
    ]


@pytest.mark.parametrize(
    ("body", "content_type"), [s[1:] for s in _samples()], ids=[s[0] for s in _samples()]
)
def test_slacks_own_bodies_are_read(body: bytes, content_type: str) -> None:
    envelope = read_envelope(body, content_type + "; charset=utf-8")
    assert isinstance(envelope, dict)
    assert envelope


def test_a_command_mentioning_payload_is_still_a_command() -> None:
    # Bolt alone reads any form containing "payload" as an interaction without one: {}.
    body = urlencode({"command": "/kairos", "text": "payload", "user_id": "U1"}).encode()
    assert read_envelope(body, FORM)["text"] == "payload"


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        (b"{", JSON, "body is not JSON"),
        (b"null", JSON, "body is not a JSON object"),
        (b"[]", JSON, "body is not a JSON object"),
        (b"", JSON, "body is not JSON"),
        (b"\xff", JSON, "body is not UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, JSON, "body is not JSON"),
        (b'{"a":' * (MAX_DEPTH + 1) + b"1" + b"}" * (MAX_DEPTH + 1), JSON, "nested too deeply"),
        (b"payload=%7B", FORM, "body is not JSON"),
        (b"payload=%FF", FORM, "form is not UTF-8"),
        (b"", FORM, "form is empty"),
        (b"command=/x", JSON, "body is not JSON"),
        (b'{"type": "x"}', FORM, "JSON body sent as a form"),
        (b'{"type": "x"}', "text/plain", "neither JSON nor a form"),
        (b'{"type": "x"}', None, "neither JSON nor a form"),
        (b'{"event": "message"}', JSON, "`event` is not an object"),
        (b'{"event": null}', JSON, "`event` is not an object"),
        (b'{"event": {"user": "U1"}}', JSON, "`event.type` is not text"),
        (b'{"event": {"type": "m", "channel": 5}}', JSON, "`event.channel`"),
        (b'{"type": "block_actions", "actions": "x"}', JSON, "`actions` is not a list"),
        (b'{"type": "block_actions", "actions": []}', JSON, "`actions` is empty"),
        (b'{"type": "block_actions", "actions": [{"action_id": 1}]}', JSON, "action_id"),
        (b'{"type": "block_actions", "actions": [{"value": "v"}]}', JSON, "action_id"),
        (b'{"type": "view_submission", "view": null}', JSON, "`view` is not an object"),
        (b'{"view": {"callback_id": []}}', JSON, "callback_id"),
        (b'{"user": 7}', JSON, "`user` is neither"),
        (b'{"team": []}', JSON, "`team` is neither"),
        (b'{"authorizations": "a"}', JSON, "`authorizations`"),
        (b'{"response_url": {}}', JSON, "`response_url` is not text"),
        (b'{"response_url": "<!channel>"}', JSON, "`response_url` is not a web address"),
        (b'{"response_url": "hooks.slack.com/x"}', JSON, "`response_url` is not a web"),
    ],
)
def test_unreadable_bodies_are_refused_with_a_fixed_reason(
    body: bytes, content_type: str | None, reason: str
) -> None:
    with pytest.raises(UnreadableBody) as refused:
        read_envelope(body, content_type)
    assert reason in str(refused.value)
    assert len(str(refused.value)) < 80  # a reason, never a piece of the body


@given(body=st.binary(max_size=200), content_type=st.sampled_from([JSON, FORM, "text/plain"]))
def test_any_bytes_are_an_envelope_or_refused(body: bytes, content_type: str) -> None:
    with contextlib.suppress(UnreadableBody):
        assert isinstance(read_envelope(body, content_type), dict)


# Values that collide with the fields Bolt routes on, of every JSON type.
_KEYS = st.sampled_from(
    [
        "type", "event", "actions", "user", "team", "channel", "view", "enterprise", "message",
        "previous_message", "authorizations", "response_urls", "response_url", "command",
        "callback_id", "action_id", "block_id", "user_id", "team_id", "channel_id", "subtype",
        "bot_id", "is_ext_shared_channel", "is_enterprise_install", "function_data", "item",
        "thread_ts", "user_team", "id", "container", "state", "workflow_step", "assistant_thread",
    ]
)  # fmt: skip
_TYPES = st.sampled_from(
    ["event_callback", "block_actions", "view_submission", "view_closed", "shortcut",
     "message_action", "block_suggestion", "message", "app_home_opened", "interactive_message"]
)  # fmt: skip
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | _TYPES | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(_KEYS | st.text(max_size=3), children, max_size=5)
    ),
    max_leaves=25,
)


def _routing_app(errors: list[Exception]) -> App:
    app = App(
        signing_secret="s",
        authorize=lambda **_: AuthorizeResult(
            enterprise_id=None, team_id="T1", bot_user_id="UBOT", bot_id="B1", bot_token="xoxb-x"
        ),
        request_verification_enabled=False,
        process_before_response=True,
    )

    def nothing() -> None:
        return None

    app.event("message")(nothing)
    app.event("app_home_opened")(nothing)
    app.action("focus.urgent")(nothing)
    app.command("/focus")(nothing)
    app.view("focus_start")(nothing)
    app.shortcut("s")(nothing)
    app.options("o")(nothing)

    @app.error
    def record(error: Exception) -> None:
        errors.append(error)

    return app


_ERRORS: list[Exception] = []
_APP = _routing_app(_ERRORS)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(envelope=st.dictionaries(_KEYS, _JSON, max_size=6))
@example(envelope={"type": "block_actions", "actions": [{"block_id": "b"}]})
@example(envelope={"type": "view_submission", "view": {"type": "workflow_step"}})
def test_every_envelope_let_through_is_routed_by_bolt_without_an_error(
    envelope: dict[str, Any],
) -> None:
    text = json.dumps(envelope)
    try:
        read = read_envelope(text.encode(), JSON)
    except UnreadableBody:
        return
    assert read == envelope
    _ERRORS.clear()
    request = BoltRequest(body=text, headers={"content-type": JSON})
    response = _APP.dispatch(request)
    assert _ERRORS == []
    assert response.status in (200, 404)
