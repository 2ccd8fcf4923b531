"""Connect through the real gateway and the fake Slack over HTTP, on both backends.

The fake Slack runs on the test's clock, so snoozes run out and statuses expire as the
clock moves.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, text

from bot.connect import repo, tables  # noqa: F401 - registers user_connections
from bot.connect.crypto import TokenCipher
from bot.connect.service import RETRY_AFTER_FAILURE, touch
from tests.integration.connect.connect_world import (
    ALICE,
    ALICE_TOKEN,
    BOB,
    BREWING,
    KEY,
    MONDAY_0900_UTC,
    World,
)

FOCUSING = ("Focusing until 11:30", ":headphones:")


def _ts(instant: datetime) -> int:
    return int(instant.timestamp())


def test_focus_start_snoozes_for_its_length_and_sets_an_expiring_status(
    w: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    w.connect()
    w.focus("now 90m")

    assert w.sync() == 1

    assert w.snoozes() == [90]
    assert w.fake.dnd(ALICE)["snooze_endtime"] == _ts(MONDAY_0900_UTC + timedelta(minutes=90))
    # 10:30 UTC is 11:30 in Amsterdam; the status outlives the end by a small grace only.
    assert w.profile() == (*FOCUSING, _ts(MONDAY_0900_UTC + timedelta(minutes=95)))
    assert w.connection().snoozing
    assert w.connection().next_change_at == MONDAY_0900_UTC + timedelta(minutes=90)

    # Nothing more to do until the end: no further calls, even if swept again.
    calls = len(w.fake.calls)
    w.later(minutes=30)
    assert w.sync() == 0
    assert len(w.fake.calls) == calls
    # Neither the token nor the OAuth code was logged, at any level.
    assert ALICE_TOKEN not in caplog.text
    assert "code-alice" not in caplog.text


def test_focus_end_gives_the_previous_status_back(w: World) -> None:
    w.brewing_then_focusing()
    assert w.profile()[:2] == FOCUSING

    w.later(minutes=90, seconds=15)
    w.sync()

    assert w.profile() == BREWING
    assert not w.snoozing()
    # The snooze ran out by itself at the end: nothing to end.
    assert w.fake.calls_to("dnd.endSnooze") == []
    assert not w.connection().snoozing
    assert w.connection().saved_status_text is None


def test_a_status_changed_during_focus_is_left_alone(w: World) -> None:
    w.brewing_then_focusing()

    w.later(minutes=20)
    w.set_own_status("Out for lunch", ":sandwich:")
    w.later(minutes=70)
    w.sync()

    assert w.profile() == ("Out for lunch", ":sandwich:", 0)


def test_a_saved_status_that_would_have_expired_is_not_brought_back(w: World) -> None:
    w.connect()
    w.set_own_status("In a call", ":phone:", _ts(w.clock.now() + timedelta(minutes=45)))
    w.focus("now 90m")
    w.sync()

    w.later(minutes=90)
    w.sync()

    assert w.profile() == ("", "", 0)


def test_status_cleared_by_slack_while_kairos_was_down_is_still_restored(w: World) -> None:
    w.brewing_then_focusing()

    # Kairos misses the end by more than the grace: Slack has cleared "Focusing until".
    w.later(hours=3)
    assert w.profile() == ("", "", 0)
    w.sync()

    assert w.profile() == BREWING


def test_ending_focus_early_ends_the_snooze_and_restores_the_status(w: World) -> None:
    w.brewing_then_focusing()

    w.later(minutes=10)
    w.focus("off")
    w.sync()

    assert len(w.fake.calls_to("dnd.endSnooze")) == 1
    assert not w.snoozing()
    assert w.profile() == BREWING


def test_a_longer_session_moves_the_snooze_and_the_status(w: World) -> None:
    w.connect()
    w.focus("now 30m")
    w.sync()

    w.later(minutes=10)
    w.focus("now 90m")
    w.sync()

    assert w.snoozes() == [30, 90]
    assert w.fake.dnd(ALICE)["snooze_endtime"] == _ts(w.clock.now() + timedelta(minutes=90))
    assert w.profile()[:2] == ("Focusing until 11:40", ":headphones:")


def test_a_weekly_block_is_acted_on_when_it_starts(w: World) -> None:
    w.connect()
    w.focus("mon-fri 11:00-12:00")  # 10:00-11:00 UTC
    w.sync()
    assert w.calls_as_alice() == []
    assert w.connection().next_change_at == MONDAY_0900_UTC + timedelta(hours=1)

    w.later(hours=1, seconds=20)  # the sweep runs a little after 10:00
    w.sync()

    # Rounded up to whole minutes: never a gap before the block ends.
    assert w.snoozes() == [60]
    assert w.profile()[:2] == ("Focusing until 12:00", ":headphones:")


def test_a_focus_longer_than_a_snooze_is_renewed_before_it_runs_out(w: World) -> None:
    w.connect()
    w.focus("daily 00:00-24:00")
    w.sync()
    first_end = w.fake.dnd(ALICE)["snooze_endtime"]
    assert first_end == _ts(w.clock.now() + timedelta(hours=12))

    w.later(hours=11, minutes=58)
    w.sync()

    assert w.snoozes() == [720, 720]
    assert w.fake.dnd(ALICE)["snooze_endtime"] > first_end


def test_an_urgent_mention_ends_the_snooze_for_the_rest_of_the_period(w: World) -> None:
    w.connect()
    w.focus("now 90m")
    w.sync()

    w.later(minutes=5)
    assert w.urgent() is True
    assert not w.snoozing()
    assert len(w.fake.calls_to("dnd.endSnooze")) == 1

    # A second urgent mention has nothing to end; an unrelated edit does not snooze again.
    assert w.urgent() is False
    with w.uow() as session:
        touch(session, ALICE, w.clock.now())
    w.sync()
    assert w.snoozes() == [90]
    assert len(w.fake.calls_to("dnd.endSnooze")) == 1
    assert w.profile()[:2] == FOCUSING


def test_urgent_mentions_for_people_not_snoozed_do_nothing(w: World) -> None:
    w.connect()
    assert w.urgent(ALICE) is False
    assert w.urgent(BOB) is False
    assert w.calls_as_alice() == []


def test_a_rate_limited_call_is_retried(w: World) -> None:
    w.connect()
    w.focus("now 90m")
    w.fake.rate_limit_next("dnd.setSnooze", retry_after=1)

    w.sync()

    assert [c.status for c in w.fake.calls_to("dnd.setSnooze")] == [429, 200]
    assert w.snoozing()


@pytest.mark.parametrize("error", ["invalid_auth", "token_revoked"])
def test_a_revoked_token_removes_the_connection(error: str, w: World) -> None:
    w.connect()
    w.focus("now 90m")
    w.fake.fail_next("users.profile.get", error)

    w.sync()

    assert not w.connected()
    assert w.calls_as_alice() == ["users.profile.get"]
    # From now on Kairos leaves Alice's Slack alone.
    w.focus("now 60m")
    w.later(minutes=1)
    w.sync()
    assert w.urgent() is False
    assert w.calls_as_alice() == ["users.profile.get"]


def test_a_token_slack_does_not_know_removes_the_connection(w: World) -> None:
    w.connect()
    w.focus("now 90m")
    with w.uow() as session:
        connection = repo.get(session, ALICE)
        assert connection is not None
        connection.token_encrypted = TokenCipher(KEY).encrypt("xoxp-never-issued")

    w.sync()

    assert w.fake.calls[-1].error == "invalid_auth"
    assert not w.connected()
    assert not w.snoozing()


def test_a_passing_failure_is_retried_later_without_losing_the_saved_status(w: World) -> None:
    w.connect()
    w.set_own_status("Brewing", ":coffee:")
    w.focus("now 90m")
    w.fake.fail_next("dnd.setSnooze", "snooze_failed")

    w.sync()

    assert w.connection().next_change_at == w.clock.now() + RETRY_AFTER_FAILURE
    w.later(seconds=RETRY_AFTER_FAILURE.total_seconds())
    w.sync()
    assert w.snoozing()
    # The status was read once only: Kairos's own status was never taken for Alice's.
    assert len(w.fake.calls_to("users.profile.get")) == 1

    w.clock.set(MONDAY_0900_UTC + timedelta(minutes=90))
    w.sync()
    assert w.profile() == BREWING


def test_the_token_is_stored_encrypted(w: World, engine: Engine) -> None:
    w.connect()

    with engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM user_connections")).all()
    assert len(rows) == 1
    raw = " ".join(str(value) for value in rows[0])
    assert ALICE_TOKEN not in raw
    assert "xoxp" not in raw
    stored = rows[0]._mapping["token_encrypted"]
    assert TokenCipher(KEY).decrypt(stored) == ALICE_TOKEN


def test_people_who_did_not_connect_are_left_alone(w: World) -> None:
    w.focus("now 90m")
    assert w.sync() == 0
    assert not w.connected()
    assert w.urgent() is False
    assert w.fake.calls == []


def test_disconnecting_mid_focus_gives_slack_back_and_forgets_the_token(w: World) -> None:
    w.brewing_then_focusing()

    w.later(minutes=10)
    w.service.disconnect(w.uow, w.port, ALICE, w.clock.now())

    assert not w.connected()
    assert not w.snoozing()
    assert w.profile() == BREWING


def test_connecting_again_keeps_what_kairos_set(w: World) -> None:
    w.brewing_then_focusing()

    w.later(minutes=10)
    w.connect(token="xoxp-alice-second")
    w.clock.set(MONDAY_0900_UTC + timedelta(minutes=90))
    w.sync()

    assert w.profile() == BREWING
    assert w.fake.calls_to("users.profile.set")[-1].token == "xoxp-alice-second"
