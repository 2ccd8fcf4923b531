"""`kairos run --http` with WEB_CONCURRENCY=2: two worker processes behind one port."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.focus.tables import HeldMention
from tests.e2e.conftest import RunningKairos, start_kairos
from tests.fakes import payloads
from tests.fakes.slack_api import FakeSlack

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
