"""A validator for modals and Home tab blocks with inputs: the fake Slack's own block checks,
plus Slack's documented element limits that the fake does not enforce (action ids, options,
initial values, labels, time pickers)."""

from __future__ import annotations

import json
import re
from typing import Any

from bot.blocks import MAX_BLOCKS_VIEW, MAX_BUTTON_TEXT
from bot.demo.fake_slack.slack_messages import block_problems
from bot.ids import Action, View

MAX_ACTION_ID = 255
MAX_LABEL = 2000
MAX_HINT = 2000
MAX_OPTION_TEXT = 75
MAX_OPTION_VALUE = 150
MAX_BUTTON_VALUE = 2000
MAX_TITLE = 24
MAX_METADATA = 3000
OPTION_LIMITS = {"checkboxes": 10, "radio_buttons": 10, "static_select": 100}
INPUT_ELEMENTS = {
    "plain_text_input", "checkboxes", "radio_buttons", "static_select", "timepicker",
    "conversations_select", "channels_select", "users_select", "datepicker",
    "multi_users_select",
}  # fmt: skip
TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
# Action ids Kairos matches on, and the one every input shares (block ids tell them apart).
KNOWN_ACTIONS = {str(a) for a in Action} | {"value"}


def _plain(obj: Any, limit: int) -> str:
    assert isinstance(obj, dict), obj
    assert obj["type"] == "plain_text", obj
    text = obj["text"]
    assert isinstance(text, str)
    assert 0 < len(text) <= limit, text
    return text


def _json_values(value: Any) -> None:
    """Plain JSON values only: a tuple, a dataclass or a None must not reach Slack (a StrEnum
    member is a str, and json writes its value)."""
    if isinstance(value, dict):
        assert all(type(key) is str for key in value)
        for child in value.values():
            _json_values(child)
    elif isinstance(value, list):
        for child in value:
            _json_values(child)
    else:
        assert isinstance(value, str | int | bool), repr(value)


def _option(option: Any) -> tuple[str, str]:
    assert set(option) <= {"text", "value", "description"}
    text = _plain(option["text"], MAX_OPTION_TEXT)
    value = option["value"]
    assert isinstance(value, str)
    assert 0 < len(value) <= MAX_OPTION_VALUE
    return text, value


def check_element(element: dict[str, Any]) -> str:
    """One interactive element; returns its action_id."""
    kind = element["type"]
    action_id = element["action_id"]
    assert isinstance(action_id, str)
    assert 0 < len(action_id) <= MAX_ACTION_ID
    assert action_id in KNOWN_ACTIONS, action_id
    if kind == "button":
        _plain(element["text"], MAX_BUTTON_TEXT)
        assert len(element.get("value", "")) <= MAX_BUTTON_VALUE
    elif kind in OPTION_LIMITS:
        options = [_option(o) for o in element["options"]]
        assert 0 < len(options) <= OPTION_LIMITS[kind]
        assert len({value for _, value in options}) == len(options), "option values repeat"
        initial = element.get("initial_option")
        if initial is not None:
            assert _option(initial) in options, "initial_option must be one of the options"
        for chosen in element.get("initial_options", []):
            assert _option(chosen) in options
    elif kind == "timepicker":
        if "initial_time" in element:
            assert TIME.fullmatch(element["initial_time"])
    elif kind == "conversations_select":
        if "initial_conversation" in element:
            assert re.fullmatch(r"[CDG][A-Z0-9]+", element["initial_conversation"])
    elif kind == "multi_users_select":
        chosen = element.get("initial_users", [])
        assert all(re.fullmatch(r"[UW][A-Z0-9]+", user) for user in chosen), chosen
        assert len(chosen) <= element.get("max_selected_items", 100)
    else:
        assert kind in INPUT_ELEMENTS, kind
    if "placeholder" in element:
        _plain(element["placeholder"], 150)
    return action_id


def check_blocks(blocks: list[dict[str, Any]]) -> list[str]:
    """Blocks of a view; returns every action_id in them, in order."""
    assert block_problems(blocks, limit=MAX_BLOCKS_VIEW, pointer="/view/blocks") == []
    actions: list[str] = []
    for block in blocks:
        kind = block["type"]
        in_block: list[str] = []
        if kind == "input":
            assert isinstance(block["block_id"], str)
            _plain(block["label"], MAX_LABEL)
            if "hint" in block:
                _plain(block["hint"], MAX_HINT)
            assert block["element"]["type"] in INPUT_ELEMENTS
            in_block.append(check_element(block["element"]))
        elif kind == "actions":
            in_block += [check_element(e) for e in block["elements"]]
        elif kind == "section" and "accessory" in block:
            in_block.append(check_element(block["accessory"]))
        assert len(set(in_block)) == len(in_block), "action_ids repeat within a block"
        actions += in_block
    return actions


def check_modal(view: dict[str, Any]) -> list[str]:
    """A modal as views.open or views.update takes it; returns its action_ids."""
    _json_values(view)
    json.dumps(view)
    assert view["type"] == "modal"
    assert view["callback_id"] in {str(v) for v in View}
    for key in ("title", "submit", "close"):
        _plain(view[key], MAX_TITLE)
    assert len(view.get("private_metadata", "")) <= MAX_METADATA
    return check_blocks(view["blocks"])


def texts(blocks: list[dict[str, Any]]) -> str:
    """Every text in the blocks, one string, to look for what a person reads."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("text"), str):
                found.append(value["text"])
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    walk(blocks)
    return "\n".join(found)


def buttons(blocks: list[dict[str, Any]]) -> dict[str, str]:
    """action_id -> value of every button in the blocks (actions blocks and accessories)."""
    found = {}
    for block in blocks:
        elements = block.get("elements", []) if block["type"] == "actions" else []
        accessory = [block["accessory"]] if "accessory" in block else []
        for element in [*elements, *accessory]:
            if element.get("type") == "button":
                found[element["action_id"]] = element.get("value", "")
    return found
