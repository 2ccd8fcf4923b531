"""`kairos run --http` with WEB_CONCURRENCY=2: two worker processes behind one port."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import func, select

from bot.connect.routes import CALLBACK_PATH
from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus.tables import HeldMention
from tests.e2e.conftest import SLACK_TIMEOUT, RunningKairos, start_kairos

pytestmark = pytest.mark.e2e


def _children(pid: int) -> list[int]:
    """The processes `pid` started (Linux /proc)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        found.extend(int(child) for child in children)
    return found


def _held(kairos: RunningKairos, recipient: str) -> int:
    engine = kairos.engine()
    try:
        with engine.connect() as connection:
            count = connection.scalar(
                select(func.count())
                .select_from(HeldMention)
                .where(HeldMention.recipient_id == recipient)
            )
    finally:
        engine.dispose()
    return int(count or 0)


def test_two_workers_share_the_port_and_stop_cleanly(
    fake_slack: FakeSlack, e2e_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    kairos = start_kairos(
        fake_slack, e2e_database_url, tmp_path_factory.mktemp("workers"), WEB_CONCURRENCY="2"
    )
    try:
        workers = _children(kairos.process.process.pid)
        assert len(workers) >= 2  # uvicorn may add a helper process of its own
        alice, bob = (f"U{uuid.uuid4().hex[:8].upper()}" for _ in range(2))
        for user in (alice, bob):
            fake_slack.add_user(user, name=user.lower(), tz="Europe/Amsterdam")
        room = f"C{uuid.uuid4().hex[:8].upper()}"
        fake_slack.add_channel(room, name=room.lower(), members=[alice, bob])
        command = payloads.slash_command_form(
            "/focus", "now 2h", user_id=alice, channel_id=room,
            response_url=fake_slack.new_response_url(),
        )  # fmt: skip
        assert kairos.post_form(command).status_code == 200
        # Twenty mentions, each sent twice as Slack retries: whichever worker gets a
        # delivery, each mention is held once.
        for n in range(20):
            event = payloads.event_callback(payloads.message_event(bob, room, f"<@{alice}> {n}"))
            assert kairos.post_json(event).status_code == 200
            assert kairos.post_json(event).status_code == 200
        assert _held(kairos, alice) == 20
        exit_code = kairos.process.stop()
        assert exit_code == 0
        output = kairos.process.output()
        assert output.count("Kairos stopped") == 2  # each worker shut down its own work
        assert "Traceback" not in output
    finally:
        kairos.process.cleanup()


def test_workers_get_settings_given_in_the_environment(
    fake_slack: FakeSlack, e2e_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # Connect's client id and secret come from the environment (as in a container); every
    # worker must see them, so every worker serves the OAuth callback.
    kairos = start_kairos(
        fake_slack,
        e2e_database_url,
        tmp_path_factory.mktemp("workers-env"),
        WEB_CONCURRENCY="2",
        SLACK_CLIENT_ID=fake_slack.client_id,
        SLACK_CLIENT_SECRET=fake_slack.client_secret,
        KAIROS_PUBLIC_URL="https://kairos.example.com",
        KAIROS_ENCRYPTION_KEY=Fernet.generate_key().decode(),
    )
    try:
        # Fresh connections, so that the kernel spreads them over both workers.
        statuses = {
            httpx.get(
                f"http://127.0.0.1:{kairos.port}{CALLBACK_PATH}?error=access_denied",
                timeout=SLACK_TIMEOUT,
            ).status_code
            for _ in range(20)
        }
        assert 404 not in statuses
    finally:
        kairos.process.cleanup()
