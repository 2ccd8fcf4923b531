"""`kairos run --http` against the fake Slack, driven by requests signed as Slack signs them."""

from __future__ import annotations

import signal
import threading
import time
import uuid

import httpx
import pytest
from sqlalchemy import select

from bot.db.dedupe import ProcessedEvent
from bot.db.leases import JobLease
from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.scheduler import CALENDAR_LEASE, SWEEP_LEASE
from tests.e2e.conftest import SLACK_TIMEOUT, RunningKairos, start_kairos
from tests.support.process import BOT_TOKEN, SIGNING_SECRET

pytestmark = pytest.mark.e2e


def _event_ids(kairos: RunningKairos) -> set[str]:
    engine = kairos.engine()
    try:
        with engine.connect() as connection:
            return set(connection.scalars(select(ProcessedEvent.event_id)))
    finally:
        engine.dispose()


def _new_event_id() -> str:
    return "Ev" + uuid.uuid4().hex[:10].upper()


def test_healthz_answers_with_json(kairos_http: RunningKairos) -> None:
    response = httpx.get(f"http://127.0.0.1:{kairos_http.port}/healthz", timeout=SLACK_TIMEOUT)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_url_verification_echoes_the_challenge(kairos_http: RunningKairos) -> None:
    response = kairos_http.post_json(
        payloads.url_verification("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P")
    )
    assert response.status_code == 200
    assert response.json() == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}


def test_forged_signature_is_refused(kairos_http: RunningKairos) -> None:
    body = '{"type": "url_verification", "challenge": "x"}'
    headers = {
        "Content-Type": "application/json",
        "X-Slack-Request-Timestamp": str(int(time.time())),
        "X-Slack-Signature": "v0=" + "0" * 64,
    }
    response = httpx.post(
        kairos_http.events_url, content=body, headers=headers, timeout=SLACK_TIMEOUT
    )
    assert response.status_code == 401


def test_unsigned_request_is_refused(kairos_http: RunningKairos) -> None:
    response = httpx.post(
        kairos_http.events_url,
        json={"type": "url_verification", "challenge": "x"},
        timeout=SLACK_TIMEOUT,
    )
    assert response.status_code == 401


def test_request_older_than_five_minutes_is_refused(kairos_http: RunningKairos) -> None:
    event = payloads.event_callback(payloads.message_event("U1", "C1", "hello"))
    stale = int(time.time()) - 6 * 60
    assert kairos_http.post_json(event, timestamp=stale).status_code == 401
    recent = int(time.time()) - 4 * 60
    assert kairos_http.post_json(event, timestamp=recent).status_code == 200


def test_signed_message_event_is_acknowledged_and_recorded(kairos_http: RunningKairos) -> None:
    # A deletion is always recorded; a message that holds nothing needs no record.
    event_id = _new_event_id()
    event = payloads.event_callback(
        payloads.message_deleted_event("C1", payloads.new_ts()), event_id=event_id
    )
    response = kairos_http.post_json(event)  # fails by timeout if slower than Slack allows
    assert response.status_code == 200
    assert event_id in _event_ids(kairos_http)


def test_message_that_holds_nothing_is_acknowledged_without_a_record(
    kairos_http: RunningKairos,
) -> None:
    event_id = _new_event_id()
    event = payloads.event_callback(
        payloads.message_event("U1", "C1", "hello <@U2>"), event_id=event_id
    )
    assert kairos_http.post_json(event).status_code == 200
    assert event_id not in _event_ids(kairos_http)


@pytest.mark.parametrize(
    "subtype",
    [
        "message_changed",
        "message_deleted",
        "message_replied",
        "thread_broadcast",
        "bot_message",
        "channel_join",
        "channel_leave",
        "channel_topic",
        "file_share",
        "me_message",
        "pinned_item",
        "reminder_add",
        "huddle_thread",
        "some_future_subtype",
    ],
)
def test_every_message_subtype_is_acknowledged(kairos_http: RunningKairos, subtype: str) -> None:
    event = payloads.event_callback(
        payloads.message_event("U1", "C1", "text", subtype=subtype), event_id=_new_event_id()
    )
    assert kairos_http.post_json(event).status_code == 200


def test_own_messages_are_ignored(kairos_http: RunningKairos, fake_slack: FakeSlack) -> None:
    event_id = _new_event_id()
    own = payloads.message_event(fake_slack.bot_user_id, "C1", "a digest", bot_id=fake_slack.bot_id)
    assert kairos_http.post_json(payloads.event_callback(own, event_id=event_id)).status_code == 200
    assert event_id not in _event_ids(kairos_http)  # acknowledged before any listener ran


def test_retried_event_is_acknowledged_but_not_handled_again(kairos_http: RunningKairos) -> None:
    event_id = _new_event_id()
    event = payloads.event_callback(
        payloads.message_deleted_event("C1", payloads.new_ts()), event_id=event_id
    )
    assert kairos_http.post_json(event).status_code == 200
    assert kairos_http.post_json(event).status_code == 200
    kairos_http.wait_for_output(f"event {event_id} was already handled")


def test_slash_command_help_is_answered_privately(
    kairos_http: RunningKairos, fake_slack: FakeSlack
) -> None:
    body = payloads.slash_command_form(
        "/kairos", "help", user_id="U1", channel_id="C1", response_url=fake_slack.new_response_url()
    )
    response = kairos_http.post_form(body)
    assert response.status_code == 200
    reply = response.json()
    assert reply["response_type"] == "ephemeral"
    assert "Focus hours" in reply["text"]


def test_bad_slash_command_gets_a_kind_specific_answer(
    kairos_http: RunningKairos, fake_slack: FakeSlack
) -> None:
    body = payloads.slash_command_form(
        "/kairos",
        "frobnicate",
        user_id="U1",
        channel_id="C1",
        response_url=fake_slack.new_response_url(),
    )
    response = kairos_http.post_form(body)
    assert response.status_code == 200
    text = response.json()["text"]
    assert "I don't know the command `/kairos frobnicate`" in text
    assert "/kairos help" in text
    assert "Traceback" not in text


def test_home_tab_is_published(kairos_http: RunningKairos, fake_slack: FakeSlack) -> None:
    user = f"UH{uuid.uuid4().hex[:6].upper()}"
    fake_slack.add_user(user, name="home-user")
    event = payloads.event_callback(payloads.app_home_opened_event(user), event_id=_new_event_id())
    assert kairos_http.post_json(event).status_code == 200
    view = fake_slack.home_view(user)
    assert view is not None
    assert view["type"] == "home"


def test_failed_event_answers_500_so_slack_retries(
    kairos_http: RunningKairos, fake_slack: FakeSlack
) -> None:
    user = f"UF{uuid.uuid4().hex[:6].upper()}"
    fake_slack.add_user(user, name="unlucky")
    event_id = _new_event_id()
    event = payloads.event_callback(payloads.app_home_opened_event(user), event_id=event_id)
    fake_slack.fail_next("views.publish", "internal_error")
    assert kairos_http.post_json(event).status_code == 500
    assert event_id not in _event_ids(kairos_http)
    # Slack's retry succeeds and is recorded.
    assert kairos_http.post_json(event).status_code == 200
    assert event_id in _event_ids(kairos_http)


def test_failed_button_gets_an_apology_instead_of_silence(
    kairos_http: RunningKairos, fake_slack: FakeSlack
) -> None:
    user = f"UB{uuid.uuid4().hex[:6].upper()}"
    fake_slack.add_user(user, name="clicker")
    fake_slack.fail_next("chat.postMessage", "internal_error")
    body = payloads.block_actions_form(
        payloads.block_action_payload("home.show_help", "", user_id=user)
    )
    assert kairos_http.post_form(body).status_code == 200
    dm = fake_slack.wait_for_call(
        "chat.postMessage",
        predicate=lambda call: (
            call.args.get("channel") == user and "Sorry" in str(call.args.get("text"))
        ),
    )
    assert "try again" in dm.args["text"]


def test_secrets_never_reach_the_logs(kairos_http: RunningKairos) -> None:
    # The process runs at DEBUG, where slack_sdk logs request headers.
    output = kairos_http.process.output()
    assert "auth.test" in output or "Kairos is running" in output
    assert BOT_TOKEN not in output
    assert SIGNING_SECRET not in output


def test_sigterm_lets_an_in_flight_request_finish(
    fake_slack: FakeSlack, e2e_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    kairos = start_kairos(fake_slack, e2e_database_url, tmp_path_factory.mktemp("term"))
    try:
        user = f"US{uuid.uuid4().hex[:6].upper()}"
        fake_slack.add_user(user, name="slow")
        fake_slack.delay_next("views.publish", 1.5)
        event = payloads.event_callback(
            payloads.app_home_opened_event(user), event_id=_new_event_id()
        )
        result: dict[str, int] = {}
        request = threading.Thread(
            target=lambda: result.update(status=kairos.post_json(event).status_code)
        )
        request.start()
        fake_slack.wait_for_call("views.publish", predicate=lambda c: c.args.get("user_id") == user)
        exit_code = kairos.process.stop()
        request.join(10)
        assert result == {"status": 200}
        # uvicorn re-raises SIGTERM once shutdown is complete, so the exit status says how the
        # process ended (143 in a shell), as for other servers; the shutdown itself was clean.
        assert exit_code == -signal.SIGTERM
        output = kairos.process.output()
        assert "Kairos stopped" in output
        assert "Traceback" not in output
    finally:
        kairos.process.cleanup()


def test_scheduler_sweeps_once_started(kairos_http: RunningKairos) -> None:
    # The first sweep runs at start; holding the sweep lease is its visible trace. With the
    # key Kairos makes on a first run, calendars are on and their sync holds a lease too.
    engine = kairos_http.engine()
    try:
        with engine.connect() as connection:
            leases = set(connection.scalars(select(JobLease.name)))
    finally:
        engine.dispose()
    assert leases == {SWEEP_LEASE, CALENDAR_LEASE}


def test_event_dedupe_survives_a_restart(
    fake_slack: FakeSlack, e2e_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    event_id = _new_event_id()
    event = payloads.event_callback(
        payloads.message_deleted_event("C1", payloads.new_ts()), event_id=event_id
    )
    first = start_kairos(fake_slack, e2e_database_url, tmp_path_factory.mktemp("first"))
    try:
        assert first.post_json(event).status_code == 200
    finally:
        first.process.cleanup()
    second = start_kairos(fake_slack, e2e_database_url, tmp_path_factory.mktemp("second"))
    try:
        assert second.post_json(event).status_code == 200
        second.wait_for_output(f"event {event_id} was already handled")
    finally:
        second.process.cleanup()
