"""The demo transcript's text: Block Kit and mrkdwn reduced to lines a terminal shows."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.demo.shown import block_lines, clock_time, message_lines, plain_text
from bot.demo.transcript import ShownMessage
from bot.demo.workspace import ANA, BEN

NAMES = {"U0ANA": "Ana de Vries", "C0DSN": "design"}


def _mrkdwn(text: str) -> dict[str, str]:
    return {"type": "mrkdwn", "text": text}


@pytest.mark.parametrize(
    ("mrkdwn", "shown"),
    [
        ("<@U0ANA> is focusing", "@Ana de Vries is focusing"),
        ("<@U0NOBODY|kim> asked", "@kim asked"),
        ("in <#C0DSN|old-name>", "in #design"),
        ("<!here> deploy", "@here deploy"),
        ("<https://example.com/a?b=1|Open the message>", "Open the message"),
        ("<https://example.com/x>", "https://example.com/x"),
        ("<!date^1700000000^{date_short}|Nov 14>", "Nov 14"),
        ("*Working hours*: not set", "Working hours: not set"),
        ("_later_, ~never~", "later, never"),
        ("run `/focus holidays nl`", "run `/focus holidays nl`"),
        ("focus_day and snake_case stay", "focus_day and snake_case stay"),
        ("2 * 3 * 4", "2 * 3 * 4"),
        ("a &lt;b&gt; &amp; c", "a <b> & c"),
        (":rotating_light: now", "🚨 now"),
        (":no_such_emoji: kept", ":no_such_emoji: kept"),
        ("&gt;quoted\nnot quoted", "│ quoted\nnot quoted"),
    ],
)
def test_mrkdwn_reads_as_plain_text(mrkdwn: str, shown: str) -> None:
    assert plain_text(mrkdwn, NAMES) == shown


def test_each_kind_of_block_becomes_its_lines() -> None:
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Weekly meeting cleanup"}},
        {"type": "section", "text": _mrkdwn("*Weekly sync* has no agenda.\nSecond line")},
        {
            "type": "section",
            "fields": [_mrkdwn("*Meetings*\n2  ↑ from 0"), _mrkdwn("*Hours*\n1.8")],
        },
        {"type": "divider"},
        {"type": "context", "elements": [_mrkdwn("Only if it can't wait"), _mrkdwn("<@U0ANA>")]},
        {
            "type": "actions",
            "elements": [
                {"type": "button", "text": {"type": "plain_text", "text": "Add agenda"}},
                {"type": "button", "text": {"type": "plain_text", "text": "Not needed"}},
            ],
        },
        {"type": "image", "image_url": "https://example.com/c.png", "alt_text": "Hours chart"},
        {
            "type": "section",
            "text": _mrkdwn("Pick a day"),
            "accessory": {
                "type": "static_select",
                "placeholder": {"type": "plain_text", "text": "Choose a day"},
            },
        },
        {
            "type": "input",
            "label": {"type": "plain_text", "text": "Agenda"},
            "element": {"type": "plain_text_input"},
        },
        {"type": "video"},
    ]
    assert block_lines(blocks, NAMES) == [
        "Weekly meeting cleanup",
        "Weekly sync has no agenda.",
        "Second line",
        "Meetings 2 ↑ from 0",
        "Hours 1.8",
        "─" * 24,
        "Only if it can't wait  @Ana de Vries",
        "[Add agenda] [Not needed]",
        "[image: Hours chart]",
        "Pick a day",
        "[Choose a day]",
        "Agenda: [plain text input]",
        "[video]",
    ]


def test_rich_text_reads_with_names_and_link_labels() -> None:
    block = {
        "type": "rich_text",
        "elements": [
            {
                "type": "rich_text_section",
                "elements": [
                    {"type": "user", "user_id": "U0ANA"},
                    {"type": "text", "text": " see "},
                    {"type": "channel", "channel_id": "C0DSN"},
                    {"type": "text", "text": " and "},
                    {"type": "link", "url": "https://example.com", "text": "the doc"},
                    {"type": "emoji", "name": "wave"},
                ],
            }
        ],
    }
    assert block_lines([block], NAMES) == ["@Ana de Vries see #design and the doc👋"]


def test_a_message_without_blocks_shows_its_text() -> None:
    message = ShownMessage("#design", "Kairos", "Mon 14:00", "Hello <@U0ANA>\n*there*")
    assert message_lines(message, NAMES) == ["Hello @Ana de Vries", "there"]


def test_times_are_on_the_readers_clock_and_name_a_city_other_than_anas() -> None:
    moment = datetime(2025, 3, 10, 13, 0, tzinfo=UTC)  # 14:00 in Amsterdam, 09:00 New York
    assert clock_time(moment, ANA.user_id) == "Mon 14:00"
    assert clock_time(moment, None) == "Mon 14:00"
    assert clock_time(moment, BEN.user_id) == "Mon 09:00 New York"
