"""Leave and public holidays on both backends: the commands store them, the hot path reads
them in its one query, mentions wait for the person's return, and the digest waits too."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, select

from bot.clock import FakeClock
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.digest.service import deliver_due, record_digest
from bot.errors import KairosUserError
from bot.focus import repo
from bot.focus.absence import HOLIDAY, LEAVE, Leave
from bot.focus.grammar import parse_focus_command
from bot.focus.holding import IncomingMessage, examine_message, hold_at_once, reach_of
from bot.focus.mentions import DEFAULT_URGENT_MARKERS
from bot.focus.service import CommandResult, run_command
from bot.focus.tables import HeldMention, LeavePeriod, Person
from bot.privacy.repo import forget
from bot.slack.app import make_web_client
from bot.slack.gateway import SlackGateway

ANA, BOB = "U0ANA", "U0BOB"
ROOM = "C0ROOM"
# The clock fixture: Monday 23 November 2026, 09:00 UTC (10:00 in Amsterdam).
OFFICE = "hours mon-fri 9:00-17:00"


@pytest.fixture
def gateway(_fake_slack_server: FakeSlack) -> SlackGateway:
    fake = _fake_slack_server
    fake.reset()
    for user in (ANA, BOB):
        fake.add_user(user, name=user.lower(), tz="Europe/Amsterdam")
    fake.add_channel(ROOM, name="room", members=[ANA, BOB])
    return SlackGateway(make_web_client(fake.bot_token, fake.api_url))


@pytest.fixture
def fake(_fake_slack_server: FakeSlack, gateway: SlackGateway) -> FakeSlack:
    """The fake Slack the gateway talks to, set up by `gateway`."""
    return _fake_slack_server


def _ams(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo("Europe/Amsterdam"))


def _command(uow: UnitOfWork, clock: FakeClock, user_id: str, text: str) -> CommandResult:
    with uow() as session:
        person = repo.get_person(session, user_id) or repo.add_person(
            session, user_id, "Europe/Amsterdam", clock.now()
        )
        return run_command(session, person, parse_focus_command(text), clock.now())


def _mention(
    uow: UnitOfWork, gateway: SlackGateway, clock: FakeClock, ts: str
) -> list[tuple[str, datetime | None, str]]:
    message = IncomingMessage(
        channel_id=ROOM, ts=ts, thread_ts=None, sender_id=BOB, text=f"<@{ANA}> hi"
    )
    with uow.autocommit() as session:
        reach = reach_of(session, gateway, message, clock.now())
        outcome = hold_at_once(
            session,
            message,
            reach,
            event_id=f"Ev{ts}",
            now=clock.now(),
            markers=DEFAULT_URGENT_MARKERS,
        )
    if outcome is None:
        with uow(event_id=f"Ev{ts}") as session:
            outcome = examine_message(session, message, reach, clock.now(), DEFAULT_URGENT_MARKERS)
    return [(h.user_id, h.until, h.reason) for h in outcome.held]


def test_leave_holds_mentions_until_the_morning_after_it(
    uow: UnitOfWork, clock: FakeClock, gateway: SlackGateway
) -> None:
    _command(uow, clock, ANA, OFFICE)
    reply = _command(uow, clock, ANA, "away until thu")
    assert "You're on leave from today to Wed 25 Nov" in reply.text
    assert "*Leave*: from today to Wed 25 Nov (you set it with /focus away)" in reply.text
    assert "You're on leave today. Mentions wait until Thu 26 Nov 09:00." in reply.text
    back = _ams(date(2026, 11, 26), 9).astimezone(UTC)
    assert _mention(uow, gateway, clock, "1795424400.000100") == [(ANA, back, LEAVE)]
    with uow() as session:
        assert session.scalar(select(Person.next_check_at).where(Person.user_id == ANA)) == back
        # The digest sweep, looking early, does not deliver during leave either.
        assert record_digest(session, ANA, clock.now() + timedelta(days=1)) is None


def test_back_ends_leave_and_the_next_mention_is_not_held(
    uow: UnitOfWork, clock: FakeClock, gateway: SlackGateway
) -> None:
    _command(uow, clock, ANA, OFFICE)
    _command(uow, clock, ANA, "away today to fri")
    clock.advance(timedelta(days=1))  # Tuesday: the leave started yesterday
    assert _mention(uow, gateway, clock, "1795424400.000100")[0][2] == LEAVE
    reply = _command(uow, clock, ANA, "back")
    assert reply.text.startswith("Welcome back!")
    with uow() as session:
        rows = session.scalars(select(LeavePeriod).where(LeavePeriod.user_id == ANA)).all()
        assert [(r.starts_on, r.ends_on) for r in rows] == [
            (date(2026, 11, 23), date(2026, 11, 23))
        ]
        # The held mention is due now: the digest goes at the next sweep.
        assert record_digest(session, ANA, clock.now()) is not None
    assert _mention(uow, gateway, clock, "1795424500.000100") == []
    assert _command(uow, clock, ANA, "back").text.startswith("You're not on leave today")


def test_a_public_holiday_is_a_day_off(
    uow: UnitOfWork, clock: FakeClock, gateway: SlackGateway
) -> None:
    _command(uow, clock, ANA, OFFICE)
    reply = _command(uow, clock, ANA, "holidays nl")
    assert "Public holidays in Netherlands (nl) are now your days off" in reply.text
    assert "(the next one is Fri 25 Dec)" in reply.text
    clock.set(_ams(date(2026, 12, 25), 11).astimezone(UTC))  # Christmas, a Friday
    monday = _ams(date(2026, 12, 28), 9).astimezone(UTC)  # 26 Dec is a holiday and Saturday
    assert _mention(uow, gateway, clock, "1795424400.000100") == [(ANA, monday, HOLIDAY)]
    assert _command(uow, clock, ANA, "holidays off").text.startswith("Public holidays are no")
    assert _mention(uow, gateway, clock, "1795424500.000100") == []


def test_bad_input_changes_nothing(uow: UnitOfWork, clock: FakeClock) -> None:
    _command(uow, clock, ANA, OFFICE)
    for text in ("away 2026-11-01", "away 2027-01-16 to 2027-01-12", "holidays xx-yy"):
        with pytest.raises(KairosUserError):
            _command(uow, clock, ANA, text)
    with uow() as session:
        person = session.get(Person, ANA)
        assert person is not None
        assert person.holiday_region is None
        assert person.leave == []


def test_the_hot_path_reads_leave_in_its_one_query(uow: UnitOfWork, clock: FakeClock) -> None:
    _command(uow, clock, ANA, OFFICE)
    _command(uow, clock, ANA, "away 30 nov to 4 dec")
    _command(uow, clock, ANA, "away 14 dec")
    _command(uow, clock, BOB, OFFICE)
    statements: list[str] = []
    with uow.autocommit() as connection:
        event.listen(connection, "before_cursor_execute", lambda *a: statements.append(a[2]))
        found = {p.user_id: p for p in repo.reachability(connection, [ANA, BOB], now=clock.now())}
        # Leave long over is not read: from a month later, none is.
        later = repo.reachability(connection, [ANA], now=clock.now() + timedelta(days=40))
    ana = found[ANA].state.days_off.leave
    assert ana == (
        Leave(date(2026, 11, 30), date(2026, 12, 4)),
        Leave(date(2026, 12, 14), date(2026, 12, 14)),
    )
    assert found[BOB].state.days_off.leave == ()
    assert later[0].state.days_off.leave == ()
    # One statement a call: SQLAlchemy's cursor events see the SQLite path; PostgreSQL's
    # runs on the driver beneath them (bot/db/driver.py).
    assert len(statements) == (0 if connection.dialect.name == "postgresql" else 2)


def test_forgetting_a_person_deletes_their_leave(uow: UnitOfWork, clock: FakeClock) -> None:
    _command(uow, clock, ANA, "away fri")
    _command(uow, clock, BOB, "away fri")
    with uow() as session:
        forget(session, ANA, "U0ANONYMOUS")
    with uow() as session:
        assert [row.user_id for row in session.scalars(select(LeavePeriod))] == [BOB]


def test_a_digest_after_leave_ended_the_day_it_began_still_says_leave(
    uow: UnitOfWork, clock: FakeClock, gateway: SlackGateway, fake: FakeSlack
) -> None:
    # `/focus back` deletes a leave that began today: only the reason stored with each held
    # mention still says why it waited. One message held in one statement (PostgreSQL) or
    # a transaction, one in a thread (always a transaction): both paths store it.
    _command(uow, clock, ANA, OFFICE)
    _command(uow, clock, ANA, "away today")
    assert _mention(uow, gateway, clock, "1795424400.000100")[0][2] == LEAVE
    threaded = IncomingMessage(
        channel_id=ROOM, ts="1795424400.000300", thread_ts="1795424400.000100", sender_id=BOB,
        text=f"<@{ANA}> and this",
    )  # fmt: skip
    with uow(event_id="EvThread") as session:
        reach = reach_of(session.connection(), gateway, threaded, clock.now())
        examine_message(session, threaded, reach, clock.now(), DEFAULT_URGENT_MARKERS)
    with uow() as session:
        stored = session.scalars(select(HeldMention.held_for)).all()
        assert stored == [LEAVE, LEAVE]
    assert _command(uow, clock, ANA, "back").text.startswith("Welcome back!")
    with uow() as session:
        assert session.scalars(select(LeavePeriod)).all() == []
    assert deliver_due(uow, gateway, clock.now()) == 1
    (digest,) = [m for m in fake.messages_in(fake.open_dm(ANA)) if m.get("bot_id")]
    assert digest["text"].startswith("While you were on leave, 2 mentions came in.")
