"""What privacy says: the forget-me confirmation, the reply once forgotten, the my-data file."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.blocks import MAX_SECTION_TEXT
from bot.ids import View
from bot.privacy.forgetting import ForgetReport, Inventory, Kind
from bot.privacy.messages import (
    export_content,
    export_failed,
    export_filename,
    export_preparing,
    forget_modal,
    forgotten_message,
    nothing_held,
)

HELD = Inventory(
    kinds=(
        Kind(label="focus hours and sessions", count=3),
        Kind(label="mentions held for you", count=12),
        Kind(label="your calendar feed", count=1),
        Kind(label="nudges", count=0),
    )
)
NOTHING = Inventory(kinds=())


def _text(blocks: list[dict[str, Any]]) -> str:
    parts = []
    for block in blocks:
        if "text" in block:
            parts.append(block["text"]["text"])
        parts += [e["text"] for e in block.get("elements", []) if "text" in e]
    return "\n".join(parts)


def test_the_confirmation_lists_each_kind_with_its_count_and_what_is_kept() -> None:
    view = forget_modal(HELD)

    assert view["type"] == "modal"
    assert view["callback_id"] == View.FORGET_ME
    assert view["submit"]["text"] == "Delete my data"
    assert view["close"]["text"] == "Cancel"
    shown = _text(view["blocks"])
    assert "• focus hours and sessions: 3" in shown
    assert "• mentions held for you: 12" in shown
    assert "• your calendar feed: 1" in shown
    assert "nudges" not in shown  # a kind with nothing in it is not worth a line
    assert "*Kept:*" in shown
    assert "Anonymous answers" in shown


def test_the_confirmation_carries_no_one_s_id() -> None:
    # Whose data goes is read from the submission, never from the modal.
    for view in (forget_modal(HELD), forget_modal(NOTHING)):
        assert "private_metadata" not in view


def test_nothing_held_says_so_and_offers_only_close() -> None:
    view = forget_modal(NOTHING)

    assert "submit" not in view
    assert view["close"]["text"] == "Close"
    assert _text(view["blocks"]) == nothing_held()


def test_modal_titles_fit_slack_s_limit() -> None:
    for view in (forget_modal(HELD), forget_modal(NOTHING)):
        for key in ("title", "submit", "close"):
            if key in view:
                assert 0 < len(view[key]["text"]) <= 24


def test_labels_are_shown_not_acted_on() -> None:
    odd = Inventory(kinds=(Kind(label="<!channel> & friends", count=2),))
    shown = _text(forget_modal(odd)["blocks"])
    assert "&lt;!channel&gt; &amp; friends: 2" in shown
    assert "<!channel>" not in shown


def test_a_long_inventory_stays_within_a_section() -> None:
    many = Inventory(kinds=tuple(Kind(label="x" * 200, count=n + 1) for n in range(40)))
    for block in forget_modal(many)["blocks"]:
        if "text" in block:
            assert len(block["text"]["text"]) <= MAX_SECTION_TEXT


def test_the_reply_says_what_was_deleted_and_what_cannot_be() -> None:
    report = ForgetReport(
        deleted=HELD, kept=("Weekly summaries already posted keep their totals.",)
    )
    told = forgotten_message(report)

    shown = _text(told.blocks)
    assert "• mentions held for you: 12" in shown
    assert "What cannot be deleted" in shown
    assert "Weekly summaries already posted keep their totals." in shown
    assert "deleted everything" in told.text
    assert "Weekly summaries" in told.text  # the notification says it too


def test_the_reply_when_nothing_was_held() -> None:
    told = forgotten_message(ForgetReport(deleted=NOTHING, kept=()))
    assert "nothing was deleted" in told.text
    assert "What cannot be deleted" not in _text(told.blocks)


@pytest.mark.parametrize(
    ("user_id", "now", "name"),
    [
        ("U123", datetime(2026, 12, 3, 23, 59, tzinfo=UTC), "kairos-data-U123-2026-12-03.json"),
        ("W0ABC", datetime(2027, 1, 1, 0, 0, tzinfo=UTC), "kairos-data-W0ABC-2027-01-01.json"),
    ],
)
def test_the_export_file_is_named_for_the_person_and_the_day(
    user_id: str, now: datetime, name: str
) -> None:
    assert export_filename(user_id, now) == name


def test_the_export_is_json_that_reads_back_the_same() -> None:
    export = {"user_id": "U123", "focus": [{"weekday": 0, "start": "09:00"}], "note": "café ✓"}
    content = export_content(export)

    assert json.loads(content.decode("utf-8")) == export
    assert "café ✓".encode() in content  # readable, not \\u-escaped
    assert export_content(dict(reversed(export.items()))) == content  # stable order


def test_the_words_around_my_data() -> None:
    assert export_preparing() == "Preparing your data… I'll send it to you in a direct message."
    assert "/kairos my-data" in export_failed()
