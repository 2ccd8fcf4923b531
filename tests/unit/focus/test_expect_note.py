"""The sender's note with a channel's norms: when to expect an answer, and the urgent route
for someone on leave; and the hint after an urgent marker."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.focus.absence import LEAVE
from bot.focus.mentions import HeldRecipient
from bot.focus.messages import held_note, urgent_route_hint, urgent_route_text
from bot.focus.model import FOCUSING

NOW = datetime(2026, 3, 5, 13, 0, tzinfo=UTC)  # Thursday 14:00 in Amsterdam
AMS = ZoneInfo("Europe/Amsterdam")


def _note(
    recipients: list[HeldRecipient],
    expected: dict[str, datetime] | None = None,
    route: str | None = None,
    tz: ZoneInfo = AMS,
) -> tuple[str, str]:
    text, blocks = held_note(
        recipients,
        sender_tz=tz,
        now=NOW,
        message_ts="1795424400.000100",
        channel_id="C0ROOM",
        expected=expected,
        urgent_route=route,
    )
    body: Any = blocks[0]["text"]["text"]
    return text, str(body)


def test_one_person_the_note_says_when_to_expect_an_answer_in_the_senders_time() -> None:
    ana = HeldRecipient("U0ANA", NOW + timedelta(hours=1), FOCUSING)
    text, _body = _note([ana], {"U0ANA": NOW + timedelta(hours=2, minutes=30)})
    assert text == (
        "<@U0ANA> is focusing until 15:00 (your time). Your message will reach them then. "
        "Expect an answer by 16:30."
    )
    # In New York the same instant is 10:30.
    text, _body = _note(
        [ana], {"U0ANA": NOW + timedelta(hours=2, minutes=30)}, tz=ZoneInfo("America/New_York")
    )
    assert text.endswith("Expect an answer by 10:30.")


def test_without_a_response_time_the_note_is_as_before() -> None:
    ana = HeldRecipient("U0ANA", NOW + timedelta(hours=1), FOCUSING)
    text, _body = _note([ana])
    assert "Expect" not in text


def test_several_people_one_line_each_with_their_own_time() -> None:
    until = NOW + timedelta(hours=1)
    held = [HeldRecipient("U0ANA", until, FOCUSING), HeldRecipient("U0BOB", until, FOCUSING)]
    expected = {"U0ANA": NOW + timedelta(hours=2), "U0BOB": NOW + timedelta(days=1)}
    _text, body = _note(held, expected)
    assert "• <@U0ANA> is focusing until 15:00; expect an answer by 15:00" not in body
    assert "• <@U0ANA> is focusing until 15:00; expect an answer by 16:00" in body
    assert "• <@U0BOB> is focusing until 15:00; expect an answer by tomorrow 14:00" in body


def test_someone_on_leave_gets_the_urgent_route_named() -> None:
    back = NOW + timedelta(days=5)
    _text, body = _note([HeldRecipient("U0ANA", back, LEAVE)], route=urgent_route_text("C0OPS"))
    assert body.endswith("Urgent? Use <#C0OPS>.")
    _text, body = _note([HeldRecipient("U0ANA", back, LEAVE)], route=urgent_route_text(None))
    assert body.endswith("Urgent? Call them.")


def test_someone_focusing_gets_no_route_they_will_be_back_soon() -> None:
    ana = HeldRecipient("U0ANA", NOW + timedelta(hours=1), FOCUSING)
    _text, body = _note([ana], route=urgent_route_text("C0OPS"))
    assert "Urgent?" not in body


def test_the_hint_names_the_route() -> None:
    assert "<#C0OPS>" in urgent_route_hint("C0OPS")
    assert "call the person" in urgent_route_hint(None)
