"""What the sender and the person read about leave and holidays: the day back, named."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.focus.absence import HOLIDAY, LEAVE
from bot.focus.mentions import HeldRecipient
from bot.focus.messages import held_note
from bot.focus.model import FOCUSING, FocusStatus
from bot.focus.text import describe_status

NOW = datetime(2026, 12, 30, 15, 0, tzinfo=UTC)  # a Wednesday
BACK = datetime(2027, 1, 12, 8, 0, tzinfo=UTC)  # Tue 12 Jan, 09:00 in Amsterdam


def _note(*recipients: HeldRecipient, tz: str = "Europe/Amsterdam") -> str:
    text, _blocks = held_note(
        list(recipients),
        sender_tz=ZoneInfo(tz),
        now=NOW,
        message_ts="1795424400.000100",
        channel_id="C0ROOM",
    )
    return text


def test_the_note_names_the_day_back_in_the_senders_time() -> None:
    assert _note(HeldRecipient("U0ANA", BACK, LEAVE)) == (
        "<@U0ANA> is on leave until Tue 12 Jan 09:00 (your time). "
        "Your message will reach them then."
    )
    # In New York it is 03:00 that same Tuesday.
    assert "until Tue 12 Jan 03:00" in _note(
        HeldRecipient("U0ANA", BACK, LEAVE), tz="America/New_York"
    )


def test_people_away_for_different_reasons_get_a_line_each() -> None:
    text, blocks = held_note(
        [
            HeldRecipient("U0ANA", BACK, LEAVE),
            HeldRecipient("U0BOB", BACK, HOLIDAY),
            HeldRecipient("U0CAROL", NOW.replace(hour=16), FOCUSING),
        ],
        sender_tz=ZoneInfo("Europe/Amsterdam"),
        now=NOW,
        message_ts="1795424400.000100",
        channel_id="C0ROOM",
    )
    body = blocks[0]["text"]["text"]
    assert text.startswith("3 people you mentioned are away.")
    assert "• <@U0ANA> is on leave until Tue 12 Jan 09:00" in body
    assert "• <@U0BOB> is on a public holiday until Tue 12 Jan 09:00" in body
    assert "• <@U0CAROL> is focusing until 17:00" in body


def test_the_status_on_a_day_off() -> None:
    status = FocusStatus(
        at=NOW,
        focus=None,
        off_hours=False,
        available_at=BACK,
        next_focus_start=None,
        day_off=LEAVE,
    )
    amsterdam = ZoneInfo("Europe/Amsterdam")
    assert describe_status(status, amsterdam) == (
        "You're on leave today. Mentions wait until Tue 12 Jan 09:00."
    )
    never = FocusStatus(NOW, None, False, None, None, HOLIDAY)
    assert describe_status(never, amsterdam) == (
        "You're on a public holiday today. Mentions wait until you're back."
    )
