"""The first digest after leave is a "while you were away" digest: direct mentions first,
then threads, group mentions and @here/@channel, by channel with counts; App Home lists it
all in the same order. A digest of public holidays alone keeps the usual layout."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.clock import FakeClock
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.digest.service import METADATA_EVENT, deliver_due
from bot.focus import repo
from bot.focus.grammar import parse_focus_command
from bot.focus.home import home_state
from bot.focus.messages import home_focus_section
from bot.focus.service import reschedule, run_command
from bot.focus.tables import HeldMention
from bot.slack.app import make_web_client
from bot.slack.gateway import SlackGateway

ALICE, BOB = "U0ALICE", "U0BOB"
ROOM, DESIGN, ALL = "C0ROOM", "C0DESIGN", "C0ALL"
# Monday 23 November 2026, 10:00 in Amsterdam.
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
THREAD = "1763888000.000100"


class _NoConnect:
    """App Home's Connect part, for a workspace without Connect."""

    configured = False

    def is_connected(self, _session: Any, _user_id: str) -> bool:
        return False

    def authorize_url(self, _user_id: str, _now: datetime) -> str | None:
        return None


@pytest.fixture
def fake_slack(_fake_slack_server: FakeSlack) -> FakeSlack:
    """One fake Slack for the module, emptied for each test."""
    _fake_slack_server.reset()
    _fake_slack_server.add_user(ALICE, name="alice", tz="Europe/Amsterdam")
    _fake_slack_server.add_user(BOB, name="bob")
    for channel in (ROOM, DESIGN, ALL):
        _fake_slack_server.add_channel(channel, name=channel.lower(), members=[ALICE, BOB])
    return _fake_slack_server


def _focus(uow: UnitOfWork, clock: FakeClock, command: str) -> None:
    with uow() as session:
        person = repo.get_person(session, ALICE) or repo.add_person(
            session, ALICE, "Europe/Amsterdam", clock.now()
        )
        run_command(session, person, parse_focus_command(command), clock.now())


def _hold(
    uow: UnitOfWork,
    clock: FakeClock,
    fake: FakeSlack,
    channel: str,
    kind: str,
    *,
    thread_ts: str | None = None,
) -> None:
    """A mention of Alice held now (Bob's message, stored in the fake Slack too)."""
    ts = f"{clock.now().timestamp():.6f}"
    fake.add_message(channel, user=BOB, text=f"tag{ts}", ts=ts, thread_ts=thread_ts)
    with uow() as session:
        session.add(
            HeldMention(
                recipient_id=ALICE, sender_id=BOB, channel_id=channel, message_ts=ts,
                thread_ts=thread_ts, text=f"tag{ts}", kind=kind, sent_at=clock.now(),
                held_at=clock.now(), status="held",
            )
        )  # fmt: skip
        person = repo.get_person(session, ALICE)
        assert person is not None
        reschedule(session, person, clock.now())
    clock.advance(timedelta(minutes=7))


def _digest(uow: UnitOfWork, clock: FakeClock, fake: FakeSlack) -> dict[str, Any]:
    gateway = SlackGateway(make_web_client(fake.bot_token, fake.api_url))
    assert deliver_due(uow, gateway, clock.now()) == 1
    (sent,) = [
        c.args
        for c in fake.calls_to("chat.postMessage")
        if c.ok and (c.args.get("metadata") or {}).get("event_type") == METADATA_EVENT
    ]
    return sent


def _order(lines: list[str]) -> list[str]:
    """The message ts of the mentions in these lines (their previews carry `tag<ts>`)."""
    return [line.split("tag")[1].split(" ")[0] for line in lines if "tag" in line]


def _linked(line: str, held: dict[str, HeldMention]) -> str:
    """The message ts of the mention a line links to (a permalink has `p` and its digits)."""
    (ts,) = [ts for ts in held if f"/p{ts.replace('.', '')}" in line]
    return ts


def _blocks(sent: dict[str, Any]) -> list[dict[str, Any]]:
    blocks = sent["blocks"]
    return blocks if isinstance(blocks, list) else []


def _all_kinds(uow: UnitOfWork, clock: FakeClock, fake: FakeSlack) -> None:
    """Mentions of every kind, oldest first in the reverse of the away digest's order."""
    _hold(uow, clock, fake, ALL, "broadcast")
    _hold(uow, clock, fake, DESIGN, "usergroup")
    _hold(uow, clock, fake, ROOM, "user", thread_ts=THREAD)
    _hold(uow, clock, fake, DESIGN, "user")
    _hold(uow, clock, fake, ROOM, "user")
    _hold(uow, clock, fake, DESIGN, "user")


def test_the_digest_after_leave_has_the_away_layout_and_home_lists_it_the_same(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack
) -> None:
    clock.set(MONDAY)
    _focus(uow, clock, "away 2026-11-23 to 2026-11-25")
    _all_kinds(uow, clock, fake_slack)
    clock.set(datetime(2026, 11, 26, 8, 0, tzinfo=UTC))  # Thursday 09:00: back
    sent = _digest(uow, clock, fake_slack)
    assert sent["text"] == "While you were on leave, 6 mentions came in."
    blocks = _blocks(sent)
    headers = [b["text"]["text"] for b in blocks if b["type"] == "header"]
    assert headers == [
        "Mentioned you directly · 3",
        "In threads · 1",
        "Group mentions · 1",
        "@here and @channel · 1",
    ]
    texts = [b["text"]["text"] for b in blocks if b["type"] in ("section", "header")]
    lines = "\n".join(texts).split("\n")
    assert "*<#C0DESIGN>* · 2 mentions" in lines
    with uow() as session:
        held = {
            row.message_ts: row
            for row in session.query(HeldMention).filter(HeldMention.recipient_id == ALICE)
        }
    kinds_in_order = [
        (held[ts].kind, held[ts].channel_id, held[ts].thread_ts) for ts in _order(lines)
    ]
    assert kinds_in_order == [
        ("user", DESIGN, None),
        ("user", DESIGN, None),
        ("user", ROOM, None),
        ("user", ROOM, THREAD),
        ("usergroup", DESIGN, None),
        ("broadcast", ALL, None),
    ]
    assert {row.status for row in held.values()} == {"delivered"}

    home = home_state(uow, _NoConnect(), None, ALICE, clock.now())  # type: ignore[arg-type]
    assert home.last_digest_lines is not None
    assert home.last_digest_lines[0] == "*Mentioned you directly · 3*"
    # Home lists every mention, in the digest's order, by its link (the texts are gone).
    listed = [_linked(line, held) for line in home.last_digest_lines if line.startswith("• ")]
    assert listed == _order(lines)
    section = home_focus_section(
        home.status, home.last_digest, tz=home.tz, now=clock.now(),
        digest_lines=home.last_digest_lines,
    )  # fmt: skip
    shown = "\n".join(b["text"]["text"] for b in section if b["type"] == "section")
    assert "*<#C0DESIGN>* · 2 mentions" in shown


def test_focus_back_makes_an_away_digest_of_what_came_in_on_leave(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack
) -> None:
    clock.set(MONDAY)
    _focus(uow, clock, "away 2026-11-23 to 2026-11-27")
    _hold(uow, clock, fake_slack, ROOM, "broadcast")
    clock.set(MONDAY + timedelta(days=2))  # Wednesday: back early
    _hold(uow, clock, fake_slack, DESIGN, "user")
    _focus(uow, clock, "back")
    sent = _digest(uow, clock, fake_slack)
    # Wednesday is no longer leave once she is back, yet its mention was held for leave.
    assert sent["text"] == "While you were on leave, 2 mentions came in."
    headers = [b["text"]["text"] for b in _blocks(sent) if b["type"] == "header"]
    assert headers == ["Mentioned you directly · 1", "@here and @channel · 1"]


def test_public_holidays_alone_keep_the_usual_digest(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack
) -> None:
    clock.set(datetime(2026, 12, 24, 12, 0, tzinfo=UTC))
    _focus(uow, clock, "holidays nl")
    clock.set(datetime(2026, 12, 25, 9, 0, tzinfo=UTC))  # Christmas Day
    _hold(uow, clock, fake_slack, ROOM, "broadcast")
    _hold(uow, clock, fake_slack, DESIGN, "user")
    clock.set(datetime(2026, 12, 27, 9, 0, tzinfo=UTC))  # after Boxing Day, a holiday too
    sent = _digest(uow, clock, fake_slack)
    assert sent["text"] == "While you were on a public holiday, 2 mentions came in."
    blocks = _blocks(sent)
    assert [b["type"] for b in blocks] == ["section", "section", "section"]
    home = home_state(uow, _NoConnect(), None, ALICE, clock.now())  # type: ignore[arg-type]
    assert home.last_digest_lines is None
    assert len(home.last_digest) == 2
