"""A validator for any message the Block Kit builders make: Slack's limits, mrkdwn that
Slack reads as meant, and plain JSON values."""

from __future__ import annotations

import json
import re
from typing import Any

from bot.blocks import (
    MAX_BLOCKS_MESSAGE,
    MAX_BUTTON_TEXT,
    MAX_CONTEXT_ELEMENTS,
    MAX_HEADER_TEXT,
    MAX_SECTION_TEXT,
)
from bot.demo.fake_slack.slack_messages import block_problems
from bot.digest.messages import MAX_MESSAGE_BLOCK_TEXT

MAX_BUTTON_VALUE = 2000
MAX_ACTION_ID = 255
KNOWN_MARKUP = re.compile(r"<(?:@[UW][A-Z0-9]+|#[CDG][A-Z0-9]+|https?://[^<>|\s]+\|[^<>]+)>")


def _text_object(obj: Any, limit: int) -> str:
    assert isinstance(obj, dict)
    assert obj["type"] in ("mrkdwn", "plain_text")
    assert set(obj) <= {"type", "text", "emoji", "verbatim"}
    text = obj["text"]
    assert isinstance(text, str)
    assert 0 < len(text) <= limit
    if obj["type"] == "mrkdwn":
        assert_mrkdwn_well_formed(text)
    return text


def assert_mrkdwn_well_formed(text: str) -> None:
    """Every `<…>` is markup Slack understands, and every `&` starts an entity."""
    bare = KNOWN_MARKUP.sub("", text)
    assert "<" not in bare, text
    assert ">" not in bare.replace("\n>", "\n"), text  # a `>` may only start a quote line
    assert re.fullmatch(r"(?:[^&]|&(?:amp|lt|gt);)*", bare, re.DOTALL), text


def _plain(value: Any) -> None:
    """JSON-ready plain values only: no enums, dataclasses or tuples sneak into a payload."""
    if isinstance(value, dict):
        assert all(type(key) is str for key in value)
        for child in value.values():
            _plain(child)
    elif isinstance(value, list):
        for child in value:
            _plain(child)
    else:
        assert type(value) in (str, int, bool), repr(value)


def assert_valid_message(text: str, blocks: list[dict[str, Any]]) -> list[str]:
    """Check a (fallback, blocks) pair against Slack's limits; returns every text in it."""
    assert isinstance(text, str)
    assert 0 < len(text) < MAX_SECTION_TEXT
    assert 0 < len(blocks) <= MAX_BLOCKS_MESSAGE
    _plain(blocks)
    json.dumps(blocks)
    assert block_problems(blocks, limit=MAX_BLOCKS_MESSAGE, pointer="/blocks") == []
    texts: list[str] = []
    for block in blocks:
        kind = block["type"]
        if kind == "section":
            assert set(block) <= {"type", "text", "block_id", "accessory", "fields"}
            texts.append(_text_object(block["text"], MAX_SECTION_TEXT))
        elif kind == "header":
            assert block["text"]["type"] == "plain_text"
            texts.append(_text_object(block["text"], MAX_HEADER_TEXT))
        elif kind == "context":
            assert 0 < len(block["elements"]) <= MAX_CONTEXT_ELEMENTS
            texts += [_text_object(e, MAX_SECTION_TEXT) for e in block["elements"]]
        elif kind == "actions":
            assert 0 < len(block["elements"]) <= 25
            for element in block["elements"]:
                assert element["type"] == "button"
                assert element["text"]["type"] == "plain_text"
                texts.append(_text_object(element["text"], MAX_BUTTON_TEXT))
                assert 0 < len(element["action_id"]) <= MAX_ACTION_ID
                assert 0 < len(element.get("value", "x")) <= MAX_BUTTON_VALUE
                assert element.get("style") in (None, "primary", "danger")
        else:
            assert kind == "divider", kind
    assert sum(len(t) for t in texts) <= MAX_MESSAGE_BLOCK_TEXT
    return texts
