"""What the question tests share: Ana, Bob and Carol, a channel with a one-hour response
time and one without, and a message delivered as the listener delivers it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import select

from bot.connect.service import ConnectLink
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus.holding import IncomingMessage
from bot.focus.incoming import receive_message
from bot.focus.mentions import DEFAULT_URGENT_MARKERS
from bot.norms.model import ResponseKind, ResponseTime
from bot.norms.tables import NormQuestion
from bot.slack.gateway import SlackGateway

ANA, BOB, CAROL = "U0ANA", "U0BOB", "U0CAROL"
ROOM, QUIET = "C0ROOM", "C0QUIET"
# Monday 23 November 2026, 09:00 UTC (10:00 in Amsterdam).
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
HOUR = ResponseTime(ResponseKind.WORKING_MINUTES, 60)


def ts_at(at: datetime, n: int = 0) -> str:
    """A message ts at this instant (n tells apart messages of the same second)."""
    return f"{int(at.timestamp())}.{n:06d}"


def say(
    uow: UnitOfWork,
    slack: SlackGateway,
    sender: str,
    text: str,
    ts: str,
    *,
    channel: str = ROOM,
    thread_ts: str | None = None,
    from_person: bool = True,
    event_id: str | None = None,
) -> None:
    """Deliver a message as the listener does, running the work beside the ack at once."""
    ran: list[Callable[[], None]] = []
    message = IncomingMessage(
        channel_id=channel, ts=ts, thread_ts=thread_ts, sender_id=sender, text=text,
        from_person=from_person,
    )  # fmt: skip
    receive_message(
        uow, slack, ConnectLink(None, None), message,
        event_id=event_id or f"Ev{channel}{ts.replace('.', '')}{sender}",
        now=datetime.fromtimestamp(float(ts), UTC), markers=DEFAULT_URGENT_MARKERS,
        background=ran.append,
    )  # fmt: skip
    for work in ran:
        work()


def questions(uow: UnitOfWork) -> list[NormQuestion]:
    """Every stored question, by who was asked."""
    with uow() as session:
        rows = list(session.scalars(select(NormQuestion).order_by(NormQuestion.asked_id)))
        session.expunge_all()
    return rows


def reminders(fake: FakeSlack, user: str) -> list[str]:
    """The texts of the reminder DMs the person got."""
    dm = fake.open_dm(user)
    return [m["text"] for m in fake.messages_in(dm) if "waiting for an answer" in m["text"]]
