"""The Web API client Kairos uses: connections kept open, slack_sdk's behaviour kept.

Real HTTP against the fake Slack (and, for a server that drops idle connections, a small
HTTP/1.1 server of the test's own).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from slack_sdk.errors import SlackApiError

from bot.demo.fake_slack.slack_api import FakeSlack
from bot.slack.app import make_web_client
from bot.slack.keepalive import KeepAliveWebClient


@pytest.fixture
def fake_slack(_fake_slack_server: FakeSlack) -> FakeSlack:
    _fake_slack_server.reset()
    _fake_slack_server.add_user("U0ALICE", name="alice", tz="Europe/Amsterdam")
    _fake_slack_server.add_channel("C0ROOM", name="room", members=["U0ALICE"])
    return _fake_slack_server


@pytest.fixture
def client(fake_slack: FakeSlack) -> Iterator[KeepAliveWebClient]:
    client = make_web_client(fake_slack.bot_token, fake_slack.api_url)
    try:
        yield client
    finally:
        client.close_idle()


def test_calls_one_after_another_share_one_connection(
    client: KeepAliveWebClient, fake_slack: FakeSlack
) -> None:
    for n in range(5):
        assert client.chat_postMessage(channel="C0ROOM", text=f"hello {n}")["ok"]
    assert client.users_info(user="U0ALICE")["user"]["tz"] == "Europe/Amsterdam"
    peers = {call.peer for call in fake_slack.calls}
    assert len(fake_slack.calls) == 6
    assert len(peers) == 1


def test_calls_at_once_open_connections_and_keep_a_few(
    client: KeepAliveWebClient, fake_slack: FakeSlack
) -> None:
    fake_slack.delay_next("chat.postMessage", 0.3, times=4)
    threads = [
        threading.Thread(target=lambda: client.chat_postMessage(channel="C0ROOM", text="hi"))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert len({call.peer for call in fake_slack.calls_to("chat.postMessage")}) == 4
    # The four connections are kept: the next calls reuse them and open none.
    for _ in range(4):
        client.chat_postMessage(channel="C0ROOM", text="again")
    assert len({call.peer for call in fake_slack.calls}) == 4


def test_a_rate_limit_is_waited_out_and_retried(
    client: KeepAliveWebClient, fake_slack: FakeSlack
) -> None:
    fake_slack.rate_limit_next("chat.postMessage", retry_after=1)
    started = time.monotonic()
    assert client.chat_postMessage(channel="C0ROOM", text="patience")["ok"]
    assert time.monotonic() - started >= 1.0
    assert [call.status for call in fake_slack.calls_to("chat.postMessage")] == [429, 200]


def test_slack_errors_are_raised_as_the_sdk_raises_them(
    client: KeepAliveWebClient, fake_slack: FakeSlack
) -> None:
    fake_slack.fail_next("chat.postMessage", "channel_not_found")
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C0ROOM", text="nowhere")
    assert raised.value.response["error"] == "channel_not_found"
    # The connection is still good for the next call.
    assert client.chat_postMessage(channel="C0ROOM", text="here")["ok"]
    assert len({call.peer for call in fake_slack.calls}) == 1


class _ForgetfulHandler(BaseHTTPRequestHandler):
    """Answers like Slack, then drops the connection without saying so (as a server does
    with connections that sat idle too long)."""

    protocol_version = "HTTP/1.1"
    peers: list[int] = []  # noqa: RUF012 - one list for the test's one server

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.peers.append(self.client_address[1])
        body = json.dumps({"ok": True, "user_id": "U0BOT"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        return None


def test_a_connection_the_server_dropped_is_replaced_without_an_error() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ForgetfulHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    client = make_web_client("xoxb-test", f"http://127.0.0.1:{server.server_port}/api/")
    try:
        for _ in range(3):
            assert client.auth_test()["ok"]
            time.sleep(0.05)  # the server has closed its end by now
        assert len(set(_ForgetfulHandler.peers)) == 3  # a new connection each time
    finally:
        client.close_idle()
        server.shutdown()
        server.server_close()
