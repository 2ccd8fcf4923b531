"""Connect during leave and public holidays, through the real gateway and the fake Slack, on
both backends: notifications paused and the status set until the run of days off ends,
renewed in steps for a long leave, and given back after `/focus back` or at the end.

Alice is in Amsterdam; the clock starts on Monday 23 November 2026, 09:00 UTC (10:00).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.connect import tables  # noqa: F401 - registers user_connections
from bot.connect.model import MAX_SNOOZE
from tests.integration.connect.connect_world import ALICE, BREWING, MONDAY_0900_UTC, World

PALM = ":palm_tree:"
# Leave to Friday 27 November ends at Saturday 00:00 in Amsterdam: 23:00 UTC on Friday.
FRIDAY_END = MONDAY_0900_UTC + timedelta(days=4, hours=14)
GRACE = timedelta(minutes=5)


def _ts(instant: datetime) -> int:
    return int(instant.timestamp())


def test_going_away_snoozes_and_says_until_when(w: World) -> None:
    w.connect()
    w.set_own_status(*BREWING[:2])
    w.focus("away today to fri")

    w.sync()

    # Slack is asked for at most MAX_SNOOZE at a time; the sweep renews it.
    assert w.snoozes() == [int(MAX_SNOOZE / timedelta(minutes=1))]
    assert w.profile() == ("On leave until Fri 27 Nov", PALM, _ts(FRIDAY_END + GRACE))
    assert w.connection().saved_status_text == "Brewing"
    assert w.connection().focus_ends_at == FRIDAY_END
    assert w.connection().next_change_at == MONDAY_0900_UTC + MAX_SNOOZE - timedelta(minutes=2)


def test_a_long_leave_stays_snoozed_to_its_end_then_gives_the_status_back(w: World) -> None:
    w.connect()
    w.set_own_status(*BREWING[:2])
    w.focus("away today to fri")
    w.sync()

    # Sweep whenever the connection is due, as the scheduler would, checking Slack between.
    for _ in range(20):
        due = w.connection().next_change_at
        assert due is not None
        if due >= FRIDAY_END:
            break
        w.clock.set(due + timedelta(seconds=20))
        assert w.snoozing()  # the snooze never lapsed before the renewal
        w.sync()
    assert w.fake.dnd(ALICE)["snooze_endtime"] == _ts(FRIDAY_END)
    assert w.profile()[:2] == ("On leave until Fri 27 Nov", PALM)
    assert all(minutes <= 720 for minutes in w.snoozes())
    assert len(w.snoozes()) == 10  # 110 hours in steps of 11 h 58 min, the last shorter

    w.clock.set(FRIDAY_END + timedelta(seconds=20))
    w.sync()

    assert w.profile() == BREWING
    assert not w.snoozing()
    assert w.fake.calls_to("dnd.endSnooze") == []  # it ran out at the end by itself
    assert not w.connection().snoozing


def test_coming_back_early_ends_the_snooze_and_restores_the_status(w: World) -> None:
    w.connect()
    w.set_own_status(*BREWING[:2])
    w.focus("away today to fri")
    w.sync()

    w.later(hours=2)
    w.focus("back")
    w.sync()

    assert len(w.fake.calls_to("dnd.endSnooze")) == 1
    assert not w.snoozing()
    assert w.profile() == BREWING
    assert w.connection().saved_status_text is None


def test_a_focus_block_inside_leave_changes_nothing(w: World) -> None:
    w.connect()
    w.focus("mon-fri 11:00-12:00")  # 10:00-11:00 UTC
    w.focus("away today to fri")
    w.sync()
    calls = len(w.fake.calls)

    w.later(hours=1, seconds=20)  # the block has started
    w.focus("status")  # anything that makes the sweep look again
    w.sync()

    assert len(w.fake.calls) == calls
    assert w.profile()[:2] == ("On leave until Fri 27 Nov", PALM)


def test_a_status_set_during_leave_stays_and_a_palm_tree_of_ones_own_comes_back(
    w: World,
) -> None:
    w.connect()
    # The person's own words with Kairos's emoji are still theirs.
    w.set_own_status("Away, ask Bob", PALM)
    w.focus("away today")
    w.sync()
    assert w.profile()[:2] == ("On leave today", PALM)

    w.later(hours=2)
    w.focus("back")
    w.sync()
    assert w.profile() == ("Away, ask Bob", PALM, 0)

    w.focus("away today")
    w.sync()
    w.set_own_status("Checking mail once", ":email:")
    w.later(hours=1)
    w.focus("back")
    w.sync()
    assert w.profile() == ("Checking mail once", ":email:", 0)


def test_a_public_holiday_pauses_from_its_first_minute(w: World) -> None:
    # Sunday 26 April 2026, 10:00 UTC; King's Day, Monday 27 April, starts at 22:00 UTC.
    sunday = datetime(2026, 4, 26, 10, tzinfo=MONDAY_0900_UTC.tzinfo)
    kings_day, its_end = sunday + timedelta(hours=12), sunday + timedelta(days=1, hours=12)
    w.clock.set(sunday)
    w.connect()
    w.focus("holidays nl")
    w.sync()
    assert w.calls_as_alice() == []
    # The sweep looks again when the holiday starts, not a day later.
    assert w.connection().next_change_at == kings_day

    w.clock.set(kings_day + timedelta(seconds=20))
    w.sync()

    assert w.profile() == ("Public holiday", PALM, _ts(its_end + GRACE))
    assert w.snoozing()
    assert w.fake.dnd(ALICE)["snooze_endtime"] == _ts(kings_day + MAX_SNOOZE) + 20

    w.clock.set(its_end + timedelta(seconds=20))
    w.sync()
    assert w.profile() == ("", "", 0)
    assert not w.snoozing()
