"""The Home tab's Connect section in Dutch, in each of its three states, within Slack's limits
(a header 150 characters, a button 75, a confirmation's title 100 and its buttons 30)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from slack_sdk.models.blocks import Block

from bot.blocks import MAX_BLOCKS_VIEW, MAX_BUTTON_TEXT, MAX_HEADER_TEXT
from bot.connect.focus_sync import focus_status
from bot.connect.messages import CONNECT_ACTION, DISCONNECT_ACTION, connect_section
from bot.connect.model import looks_like_ours
from bot.demo.fake_slack.slack_messages import block_problems
from bot.i18n import speaking
from tests.unit.view_checks import texts

URL = "https://slack.com/oauth/v2/authorize?client_id=1.2&state=x"
ENGLISH = re.compile(r"\b(?:the|and|your|you|while|focus ends|Connect(?:ed)?|Disconnect|Keep)\b")


def _dutch(configured: bool, connected: bool) -> list[dict[str, Any]]:
    with speaking("nl"):
        return connect_section(
            configured=configured, connected=connected, authorize_url=URL if configured else None
        )


@pytest.mark.parametrize(
    ("configured", "connected", "actions"),
    [
        (True, False, [CONNECT_ACTION]),
        (True, True, [DISCONNECT_ACTION]),
        (False, False, []),
    ],
)
def test_each_state_is_dutch_and_within_slacks_limits(
    configured: bool, connected: bool, actions: list[str]
) -> None:
    blocks = _dutch(configured, connected)
    assert block_problems(blocks, limit=MAX_BLOCKS_VIEW, pointer="/view/blocks") == []
    buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert [b["action_id"] for b in buttons] == actions
    assert all(0 < len(b["text"]["text"]) <= MAX_BUTTON_TEXT for b in buttons)
    assert len(blocks[0]["text"]["text"]) <= MAX_HEADER_TEXT
    for block in blocks:
        parsed = Block.parse(block)
        assert parsed is not None
        parsed.validate_json()
    assert blocks[0]["text"]["text"] == "Meldingen pauzeren tijdens je focus"
    # The status Kairos sets stays as Slack shows it (in English): leave it out of the check.
    shown = texts(blocks).replace(":headphones: _Focusing until 11:30_", "")
    assert ENGLISH.search(shown) is None, ENGLISH.search(shown)


def test_the_buttons_and_the_confirmation_in_dutch() -> None:
    (connect,) = _dutch(True, False)[-1]["elements"]
    assert connect["text"]["text"] == "Koppelen"
    assert connect["url"] == URL
    (disconnect,) = _dutch(True, True)[-1]["elements"]
    assert disconnect["text"]["text"] == "Ontkoppelen"
    confirm = disconnect["confirm"]
    assert confirm["title"]["text"] == "Kairos ontkoppelen?"
    assert confirm["confirm"]["text"] == "Ontkoppelen"
    assert confirm["deny"]["text"] == "Gekoppeld laten"
    assert len(confirm["title"]["text"]) <= 100
    assert all(len(confirm[key]["text"]) <= 30 for key in ("confirm", "deny"))
    assert confirm["text"]["text"].startswith("Kairos pauzeert je meldingen dan niet meer")


def test_not_configured_says_so_in_dutch() -> None:
    blocks = _dutch(False, False)
    assert "Koppelen staat in deze werkruimte nog niet aan." in texts(blocks)
    with speaking("en"):
        english = connect_section(configured=False, connected=False)
    assert "Connecting isn't enabled in this workspace yet." in texts(english)


def test_the_slack_status_stays_english_whoever_is_focusing() -> None:
    # Colleagues of every language read it, and Kairos knows its own status by its words.
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    with speaking("nl"):
        status = focus_status(now + timedelta(days=1), ZoneInfo("Europe/Amsterdam"), now)
    assert status.text == "Focusing until tomorrow 10:00"
    assert looks_like_ours(status)
