"""Questions' pure rules: whom a message asks, where its answer goes, when and how the one
reminder goes out, and what the reminder says (privately, within Slack's limits)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.blocks import MAX_BLOCKS_MESSAGE, MAX_SECTION_TEXT
from bot.norms.messages import reminder_blocks, reminder_message, reminder_room
from bot.norms.model import ResponseKind, ResponseTime
from bot.norms.questions import (
    MAX_ASKED,
    MAX_PER_REMINDER,
    RECHECK,
    Reminder,
    Route,
    answer_thread,
    asked_of,
    look_again,
    reminder_key,
    response_of,
    route,
)

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
FOUR_HOURS = ResponseTime(ResponseKind.WORKING_MINUTES, 240)
LINK = "https://acme.slack.com/archives/C0ROOM/p1795424400000100"


def test_the_sender_is_never_asked_and_each_person_once() -> None:
    assert asked_of(["U2", "U1", "U2", "U0ME"], "U0ME") == ("U1", "U2")
    assert asked_of(["U0ME"], "U0ME") == ()


def test_a_crowd_is_not_asked() -> None:
    names = [f"U{n}" for n in range(MAX_ASKED + 1)]
    assert asked_of(names[:MAX_ASKED], "U0ME") == tuple(sorted(names[:MAX_ASKED]))
    assert asked_of(names, "U0ME") == ()


@given(st.lists(st.from_regex(r"U[0-9A-Z]{3}", fullmatch=True), max_size=15), st.text())
def test_asked_is_sorted_unique_and_without_the_sender(users: list[str], sender: str) -> None:
    asked = asked_of(users, sender)
    assert list(asked) == sorted(set(asked))
    assert sender not in asked
    assert set(asked) <= set(users)


@pytest.mark.parametrize(
    ("ts", "thread_ts", "thread"),
    [("1.000100", None, "1.000100"), ("2.000100", "1.000100", "1.000100")],
)
def test_an_answer_goes_in_the_questions_thread(
    ts: str, thread_ts: str | None, thread: str
) -> None:
    assert answer_thread(ts, thread_ts) == thread


@pytest.mark.parametrize(
    ("available", "digest_coming", "expected"),
    [
        (NOW, False, Route.DM),
        (NOW, True, Route.DIGEST),
        (NOW + timedelta(hours=1), False, Route.WAIT),
        (NOW + timedelta(hours=1), True, Route.WAIT),
        (None, False, Route.WAIT),
    ],
)
def test_the_reminder_waits_for_the_person_and_rides_a_digest(
    available: datetime | None, digest_coming: bool, expected: Route
) -> None:
    assert route(available, NOW, digest_coming=digest_coming) is expected


def test_someone_away_is_looked_at_when_back_or_after_a_day() -> None:
    assert look_again(NOW + timedelta(hours=3), NOW) == NOW + timedelta(hours=3)
    assert look_again(None, NOW) == NOW + RECHECK
    assert look_again(NOW, NOW) == NOW + RECHECK  # never the same instant again


def test_the_key_is_the_smallest_question() -> None:
    assert reminder_key([7, 3, 9]) == 3
    with pytest.raises(ValueError, match="empty"):
        reminder_key([])


def test_the_stored_response_time_reads_back() -> None:
    assert response_of("working_minutes", 240) == FOUR_HOURS
    with pytest.raises(ValueError, match="not a valid"):
        response_of("eventually", 1)


def test_one_reminder_says_where_the_norm_and_links_it() -> None:
    message = reminder_message([Reminder(1, "C0ROOM", "1795424400.000100", FOUR_HOURS, LINK)])
    assert message.text == (
        "A question for you in <#C0ROOM> is waiting for an answer (the channel's norm: within "
        f"4 working hours) · <{LINK}|Open>"
    )
    assert "Only you see this" in str(message.blocks)


def test_a_question_without_a_link_still_reads_well() -> None:
    day = ResponseTime(ResponseKind.NEXT_WORKING_DAY, 1)
    message = reminder_message([Reminder(1, "C0ROOM", "1795424400.000100", day)])
    assert message.text.endswith("(the channel's norm: by the next working day).")


def test_many_reminders_fit_one_message_and_the_room_kept_for_them() -> None:
    many = [
        Reminder(n, "C0ROOM", f"1795424400.{n:06d}", FOUR_HOURS, LINK + "x" * 900)
        for n in range(MAX_PER_REMINDER)
    ]
    message = reminder_message(many)
    assert message.text == f"{MAX_PER_REMINDER} questions for you are waiting for an answer."
    assert len(message.blocks) <= MAX_BLOCKS_MESSAGE
    assert all(len(b["text"]["text"]) <= MAX_SECTION_TEXT for b in message.blocks[:-1])
    blocks = reminder_blocks(many)
    room_blocks, room_chars = reminder_room(len(many))
    assert len(blocks) == room_blocks
    assert sum(len(b.get("text", {}).get("text", "")) for b in blocks) <= room_chars
    assert reminder_blocks([]) == []
    assert reminder_room(0) == (0, 0)
