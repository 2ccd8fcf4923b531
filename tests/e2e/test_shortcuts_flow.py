"""The shortcuts end to end, with requests signed as Slack signs them: "Start focus" opens
its modal and the submission starts a session; "Read after focus" puts a message into the
person's next digest, which delivers it once."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus.start_messages import DURATION_FIELD, DURATION_INPUT, UNTIL_FIELD, UNTIL_INPUT
from bot.focus.tables import HeldMention, Person
from bot.ids import Shortcut, View
from tests.e2e.conftest import RunningKairos, start_kairos, stop_and_show

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def kairos(
    fake_slack: FakeSlack, e2e_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningKairos]:
    """Kairos with a quick sweep, so that digests go out within seconds."""
    running = start_kairos(
        fake_slack, e2e_database_url, tmp_path_factory.mktemp("shortcuts"),
        KAIROS_SWEEP_SECONDS="5",
    )  # fmt: skip
    try:
        yield running
    finally:
        stop_and_show(running)


def _user(fake: FakeSlack, prefix: str) -> str:
    user = f"{prefix}{uuid.uuid4().hex[:6].upper()}"
    fake.add_user(user, name=user.lower(), tz="Europe/Amsterdam")
    return user


def _interact(kairos: RunningKairos, payload: dict[str, Any]) -> Any:
    response = kairos.post_form(payloads.block_actions_form(payload))
    assert response.status_code == 200
    return response


def _start_focus(kairos: RunningKairos, fake: FakeSlack, user: str, minutes: str) -> Any:
    """The global shortcut, then the modal it opened submitted with a duration."""
    shortcut = payloads.global_shortcut_payload(
        Shortcut.START_FOCUS, user_id=user, trigger_id=fake.new_trigger_id(user)
    )
    _interact(kairos, shortcut)
    modal = fake.last_view(user, view_type="modal")
    assert modal is not None
    assert modal["callback_id"] == View.FOCUS_START
    picks = {
        DURATION_FIELD: {
            DURATION_INPUT: {"type": "static_select", "selected_option": {"value": minutes}}
        },
        UNTIL_FIELD: {UNTIL_INPUT: {"type": "timepicker", "selected_time": None}},
    }
    submission = payloads.view_submission_payload(
        View.FOCUS_START, picks, user_id=user, blocks=modal["blocks"]
    )
    return _interact(kairos, submission)


def _rows(kairos: RunningKairos, statement: Any) -> list[Any]:
    engine = kairos.engine()
    try:
        with engine.connect() as connection:
            return list(connection.execute(statement).all())
    finally:
        engine.dispose()


def test_start_focus_opens_the_modal_and_starts_a_session(
    kairos: RunningKairos, fake_slack: FakeSlack
) -> None:
    alice = _user(fake_slack, "UA")
    answer = _start_focus(kairos, fake_slack, alice, "90").json()
    assert answer["response_action"] == "update"
    assert "Focus session started" in json.dumps(answer["view"])
    ((starts, ends),) = _rows(
        kairos,
        select(Person.session_starts_at, Person.session_ends_at).where(Person.user_id == alice),
    )
    assert (ends - starts).total_seconds() == 90 * 60


def test_a_forged_duration_is_refused_next_to_its_field_and_starts_nothing(
    kairos: RunningKairos, fake_slack: FakeSlack
) -> None:
    bob = _user(fake_slack, "UB")
    answer = _start_focus(kairos, fake_slack, bob, "600").json()
    assert answer["response_action"] == "errors"
    assert DURATION_FIELD in answer["errors"]
    assert _rows(kairos, select(Person.user_id).where(Person.user_id == bob)) == []


def test_read_after_focus_puts_the_message_in_the_next_digest_once(
    kairos: RunningKairos, fake_slack: FakeSlack
) -> None:
    alice, bob = _user(fake_slack, "UA"), _user(fake_slack, "UB")
    room = f"C{uuid.uuid4().hex[:8].upper()}"
    fake_slack.add_channel(room, name=room.lower(), members=[alice, bob])
    _start_focus(kairos, fake_slack, alice, "60")
    ts = payloads.new_ts()
    text = "The launch checklist, when you have a moment"
    fake_slack.add_message(room, user=bob, text=text, ts=ts)
    message = {"type": "message", "user": bob, "ts": ts, "text": text}
    url = fake_slack.new_response_url()
    _interact(
        kairos,
        payloads.message_shortcut_payload(
            Shortcut.READ_AFTER_FOCUS, user_id=alice, channel_id=room, message=message,
            response_url=url,
        ),
    )  # fmt: skip
    (reply,) = fake_slack.wait_for_response(url)
    assert reply["response_type"] == "ephemeral"
    assert "Saved for later" in reply["text"]
    held = select(HeldMention.kind, HeldMention.status).where(HeldMention.recipient_id == alice)
    assert _rows(kairos, held) == [("saved", "held")]

    # Focus ends: the digest goes out with the saved message in it.
    off = payloads.slash_command_form(
        "/focus", "off", user_id=alice, channel_id=room, response_url=fake_slack.new_response_url()
    )
    assert kairos.post_form(off).status_code == 200
    dm = fake_slack.wait_for_call(
        "chat.postMessage",
        predicate=lambda c: (
            (c.args.get("metadata") or {}).get("event_type") == "kairos_digest"
            and c.args.get("channel") == fake_slack.open_dm(alice)
        ),
        timeout=15,
    )
    assert "launch checklist" in json.dumps(dm.args["blocks"])
    deadline = time.monotonic() + 10
    while _rows(kairos, held) != [("saved", "delivered")] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _rows(kairos, held) == [("saved", "delivered")]
