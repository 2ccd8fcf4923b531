"""`/focus` commands through the real service and repo, on both backends, with a fake clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FakeClock
from bot.db.uow import UnitOfWork
from bot.errors import KairosUserError
from bot.focus import repo
from bot.focus.grammar import parse_focus_command
from bot.focus.service import reschedule, run_command
from bot.focus.tables import HeldMention

USER = "U0FOCUS"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# Monday 23 November 2026, 09:00 UTC = 10:00 in Amsterdam.
MONDAY_0900_UTC = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _focus(uow: UnitOfWork, clock: FakeClock, text: str) -> str:
    with uow() as session:
        person = repo.get_person(session, USER) or repo.add_person(
            session, USER, "Europe/Amsterdam", clock.now()
        )
        return run_command(session, person, parse_focus_command(text), clock.now()).text


def _hold(uow: UnitOfWork, clock: FakeClock, ts: str) -> None:
    with uow() as session:
        session.add(
            HeldMention(
                recipient_id=USER,
                sender_id="U0SENDER",
                channel_id="C1",
                message_ts=ts,
                thread_ts=None,
                text="hi",
                kind="user",
                sent_at=clock.now(),
                held_at=clock.now(),
                status="held",
            )
        )


def test_add_block_is_stored_and_reported(uow: UnitOfWork, clock: FakeClock) -> None:
    clock.set(MONDAY_0900_UTC)
    reply = _focus(uow, clock, "mon-fri 9:00-11:30")
    assert reply.startswith("Added.")
    assert "Mon–Fri 09:00–11:30" in reply
    assert "in focus until 11:30" in reply
    with uow() as session:
        person = repo.get_person(session, USER)
        assert person is not None
        assert repo.state_of(person).in_focus(AMSTERDAM, clock.now())


def test_bad_input_changes_nothing(uow: UnitOfWork, clock: FakeClock) -> None:
    clock.set(MONDAY_0900_UTC)
    _focus(uow, clock, "mon 9:00-10:00")
    with pytest.raises(KairosUserError):
        _focus(uow, clock, "mon 25:00-26:00")
    with uow() as session:
        person = repo.get_person(session, USER)
        assert person is not None
        assert person.focus_blocks == "540-600"


def test_until_too_far_is_refused_and_changes_nothing(uow: UnitOfWork, clock: FakeClock) -> None:
    clock.set(MONDAY_0900_UTC)  # 10:00 local: 09:00 is 23 hours away
    with pytest.raises(KairosUserError, match="at most"):
        _focus(uow, clock, "until 9:00")
    with uow() as session:
        person = repo.get_person(session, USER)
        assert person is None or person.session_ends_at is None


def test_session_then_off_schedules_the_digest_now(uow: UnitOfWork, clock: FakeClock) -> None:
    clock.set(MONDAY_0900_UTC)
    assert "until 11:30" in _focus(uow, clock, "now 90m")
    _hold(uow, clock, "1700000000.000100")
    clock.advance(timedelta(minutes=10))
    reply = _focus(uow, clock, "off")
    assert "digest of 1 held mention is on its way" in reply
    with uow() as session:
        person = repo.get_person(session, USER)
        assert person is not None
        assert person.next_check_at == clock.now()


def test_off_with_nothing_held_says_so(uow: UnitOfWork, clock: FakeClock) -> None:
    clock.set(MONDAY_0900_UTC)
    _focus(uow, clock, "now")
    assert "Nothing was held for you" in _focus(uow, clock, "off")


def test_working_hours_replace_and_clear(uow: UnitOfWork, clock: FakeClock) -> None:
    clock.set(MONDAY_0900_UTC)
    _focus(uow, clock, "hours mon-fri 9:00-17:00")
    reply = _focus(uow, clock, "hours mon-thu 8:00-16:00")
    assert "Mon–Thu 08:00–16:00" in reply
    assert "Fri" not in reply.split("*Working hours*:")[1].splitlines()[0]
    assert "*Working hours*: not set" in _focus(uow, clock, "hours off")


def test_status_mentions_what_kairos_cannot_see(uow: UnitOfWork, clock: FakeClock) -> None:
    clock.set(MONDAY_0900_UTC)
    status = _focus(uow, clock, "status")
    assert "private channels" in status
    assert "Direct messages between people are not seen" in status
    assert "notifications" in status.lower()


def test_held_count_and_delivery_time_in_status(uow: UnitOfWork, clock: FakeClock) -> None:
    clock.set(MONDAY_0900_UTC)
    _focus(uow, clock, "now 2h")
    _hold(uow, clock, "1700000000.000200")
    _hold(uow, clock, "1700000000.000300")
    with uow() as session:
        person = repo.get_person(session, USER)
        assert person is not None
        reschedule(session, person, clock.now())
    status = _focus(uow, clock, "")
    assert "*Held for you*: 2 mentions, delivered 12:00." in status
