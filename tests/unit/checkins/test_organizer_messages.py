"""What a check-in says to its organizer, in English: the one-time ask to cancel or shorten
the meeting, the `/kairos async` list with its buttons (within 50 blocks), and the
confirmations."""

from __future__ import annotations

from datetime import time

from bot.checkins.model import Cadence
from bot.checkins.organizer_messages import (
    ACTIVE,
    PAUSED,
    STOPPED,
    ListedCheckIn,
    cancel_ask,
    checkins_list,
    paused_message,
    resumed_message,
    stopped_message,
)
from bot.ids import Action
from tests.unit.checkins.test_messages import CADENCE, message_checks, texts_of


def test_the_one_time_ask_to_cancel_or_shorten_the_series() -> None:
    rendered = cancel_ask("Team sync", 3.26)
    text = texts_of(rendered.blocks)
    assert rendered.text.startswith("The first round of the check-in for *Team sync* is done.")
    assert "cancel *Team sync* in your calendar, or shorten it" in text
    assert "That gives 3.5 attendee-hours a week back." in text
    assert "I only ask this once." in text
    assert "a week back" not in texts_of(cancel_ask("Team sync", None).blocks)
    assert "1 attendee-hour a week" in texts_of(cancel_ask("Team sync", 1.1).blocks)
    message_checks(rendered.blocks)


def _listed(n: int, status: str, organizer: bool = True) -> ListedCheckIn:
    return ListedCheckIn(str(n), f"Sync {n}", "C0TEAM", CADENCE, status, organizer)


def test_the_list_of_check_ins_with_their_buttons() -> None:
    rendered = checkins_list(
        [_listed(1, ACTIVE), _listed(2, PAUSED), _listed(3, STOPPED), _listed(4, ACTIVE, False)]
    )
    message_checks(rendered.blocks)
    assert rendered.text == "*Your 4 check-ins*"
    assert rendered.blocks[1]["text"]["text"] == (
        "*Sync 1* in <#C0TEAM>\nMon, Wed at 09:30 (Europe/Amsterdam) · active"
    )
    actions = [b for b in rendered.blocks if b["type"] == "actions"]
    assert [[e["action_id"] for e in b["elements"]] for b in actions] == [
        [Action.CHECKIN_PAUSE, Action.CHECKIN_EDIT, Action.CHECKIN_STOP],
        [Action.CHECKIN_RESUME, Action.CHECKIN_EDIT, Action.CHECKIN_STOP],
    ]
    assert actions[0]["elements"][2]["confirm"]["title"]["text"] == "Stop this check-in?"
    assert "· stopped" in texts_of(rendered.blocks)
    fortnightly = Cadence(frozenset({4}), time(16), "UTC", 2)
    one = checkins_list([ListedCheckIn("9", "Demo", "C0T", fortnightly, ACTIVE, True)])
    assert one.text == "*Your check-in*"
    assert "every 2 weeks on Fri at 16:00 (UTC) · active" in texts_of(one.blocks)
    assert checkins_list([]).text.startswith("You have no check-ins.")


def test_a_long_list_stays_within_50_blocks() -> None:
    rendered = checkins_list([_listed(n, ACTIVE) for n in range(40)])
    message_checks(rendered.blocks)
    assert rendered.blocks[-1]["elements"][0]["text"] == "…and 16 more."


def test_the_confirmations() -> None:
    assert paused_message("Team sync").text == (
        "Paused *Team sync*: no rounds until you resume it with `/kairos async`."
    )
    assert resumed_message("Team sync", CADENCE).text == (
        "Resumed *Team sync*: rounds open again, Mon, Wed at 09:30 (Europe/Amsterdam)."
    )
    assert stopped_message("Team sync", "C0TEAM").text == (
        "Stopped *Team sync*: no more rounds. The answers already posted stay in <#C0TEAM>."
    )
