"""Coming back from leave, end to end with signed requests to the real app: mentions of
every kind arrive while someone is away, `/focus back` brings the "while you were away"
digest (direct mentions, then threads, group mentions, @here), and App Home lists the
same mentions in the same order."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus.tables import HeldMention, LeavePeriod
from tests.e2e.conftest import RunningKairos, start_kairos, stop_and_show, wait_until

pytestmark = pytest.mark.e2e

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CHANNEL = "C0AWAY"


@pytest.fixture(scope="module")
def kairos(
    fake_slack: FakeSlack, e2e_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningKairos]:
    """Kairos with a quick sweep, so that the digest after `/focus back` goes out at once."""
    running = start_kairos(
        fake_slack,
        e2e_database_url,
        tmp_path_factory.mktemp("awaydigest"),
        KAIROS_SWEEP_SECONDS="5",
    )
    try:
        yield running
    finally:
        stop_and_show(running)


def _focus(kairos: RunningKairos, fake: FakeSlack, user: str, text: str) -> str:
    body = payloads.slash_command_form(
        "/focus", text, user_id=user, channel_id=CHANNEL, response_url=fake.new_response_url()
    )
    response = kairos.post_form(body)
    assert response.status_code == 200
    return str(response.json()["text"])


def _say(
    kairos: RunningKairos, fake: FakeSlack, user: str, channel: str, text: str, **extra: Any
) -> str:
    ts = payloads.new_ts()
    fake.add_message(channel, user=user, text=text, ts=ts, **extra)
    event = payloads.message_event(user, channel, text, ts=ts, **extra)
    assert kairos.post_json(payloads.event_callback(event)).status_code == 200
    return ts


def _held(kairos: RunningKairos, recipient: str) -> dict[str, str]:
    engine = kairos.engine()
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(HeldMention.message_ts, HeldMention.status).where(
                    HeldMention.recipient_id == recipient
                )
            ).all()
    finally:
        engine.dispose()
    return {str(ts): str(status) for ts, status in rows}


def _lines(blocks: list[dict[str, Any]]) -> list[str]:
    texts = [b["text"]["text"] for b in blocks if b["type"] in ("section", "header")]
    return "\n".join(texts).split("\n")


def test_back_from_leave_brings_the_away_digest_and_home_lists_it(
    kairos: RunningKairos, fake_slack: FakeSlack
) -> None:
    ana = f"UANA{uuid.uuid4().hex[:6].upper()}"
    kenji = f"UKENJI{uuid.uuid4().hex[:6].upper()}"
    fake_slack.add_user(ana, name=ana.lower(), tz="Europe/Amsterdam")
    fake_slack.add_user(kenji, name=kenji.lower(), tz="Asia/Tokyo")
    room = f"C{uuid.uuid4().hex[:8].upper()}"
    fake_slack.add_channel(room, name=room.lower(), members=[ana, kenji])
    group = f"S{uuid.uuid4().hex[:8].upper()}"
    fake_slack.add_usergroup(group, [ana])
    today = datetime.now(AMSTERDAM).date()

    assert "Enjoy your time off!" in _focus(
        kairos, fake_slack, ana, f"away until {(today + timedelta(days=3)).isoformat()}"
    )
    # Leave cannot be set in the past, and the Kairos process runs on the real clock: the
    # leave is moved to have begun two days ago, so that `/focus back` ends it yesterday.
    engine = kairos.engine()
    try:
        with engine.begin() as connection:
            connection.execute(
                update(LeavePeriod)
                .where(LeavePeriod.user_id == ana)
                .values(starts_on=today - timedelta(days=2))
            )
    finally:
        engine.dispose()

    # Oldest first, in the reverse of the order the away digest reads them in.
    here = _say(kairos, fake_slack, kenji, room, "<!here> the deploy is at four")
    grouped = _say(kairos, fake_slack, kenji, room, f"<!subteam^{group}|@design> thoughts?")
    parent = _say(kairos, fake_slack, kenji, room, "a thread about the invoice")
    reply = _say(kairos, fake_slack, kenji, room, f"<@{ana}> can you check?", thread_ts=parent)
    direct = _say(kairos, fake_slack, kenji, room, f"<@{ana}> lunch on Friday?")
    expected = [direct, reply, grouped, here]
    assert wait_until(lambda: set(_held(kairos, ana)) == set(expected))

    assert "Welcome back!" in _focus(kairos, fake_slack, ana, "back")
    digest = fake_slack.wait_for_call(
        "chat.postMessage",
        predicate=lambda c: (
            (c.args.get("metadata") or {}).get("event_type") == "kairos_digest"
            and c.args.get("channel") == fake_slack.open_dm(ana)
        ),
        timeout=15,
    )
    assert digest.args["text"] == "While you were on leave, 4 mentions came in."
    blocks = digest.args["blocks"]
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    headers = [b["text"]["text"] for b in blocks if b["type"] == "header"]
    assert headers == [
        "Mentioned you directly · 1",
        "In threads · 1",
        "Group mentions · 1",
        "@here and @channel · 1",
    ]
    assert f"*<#{room}>* · 1 mention" in _lines(blocks)
    assert wait_until(lambda: set(_held(kairos, ana).values()) == {"delivered"})

    before = len(fake_slack.calls)
    event = payloads.event_callback(payloads.app_home_opened_event(ana))
    assert kairos.post_json(event).status_code == 200
    published = fake_slack.wait_for_call(
        "views.publish", predicate=lambda c: c.args.get("user_id") == ana, after=before
    )
    view = published.args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    home = _lines(view["blocks"])
    listed = [line for line in home if line.startswith("• ") and "/archives/" in line]
    # Every mention is listed, by its link, in the digest's order.
    order = [next(ts for ts in expected if f"/p{ts.replace('.', '')}" in ln) for ln in listed]
    assert order == expected
    assert "*Mentioned you directly · 1*" in home
