"""Choosing who takes a series' notes (plain dicts): the part of the notes modal the
organizer sees, and reading it back.

The choice sits in the notes modal because that is where an organizer meets the notes: the
first prompt after a meeting is theirs, and below the notes they say who is asked from the
next meeting on (themselves, one person, or the attendees in turn). A rotating or fixed
note-taker sees the modal without this part: the series is the organizer's to decide.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.i18n import _
from bot.ids import USER_ID
from bot.meetings.model import SERIES_KEY_CHARS
from bot.notes.messages import plain, section
from bot.notes.model import NoteTaker

# Block ids of the choice's inputs (their action_id is the modal's INPUT, as every input's).
TAKER = "taker"
TAKER_PERSON = "taker.person"
_INPUT = "value"
# A prompt id in private_metadata: a database id, well inside 64 bits.
_MAX_ID_DIGITS = 18


@dataclass(frozen=True)
class TakerChoice:
    """A series' note-taker as stored: what the organizer's modal starts from."""

    series_key: str
    mode: NoteTaker = NoteTaker.ORGANIZER
    fixed_user_id: str | None = None


@dataclass(frozen=True)
class ModalMetadata:
    """What the notes modal carries back: its prompt, and the choice it was opened with."""

    prompt_id: int
    taker: TakerChoice | None = None


def _option(mode: NoteTaker) -> dict[str, Any]:
    labels = {
        NoteTaker.ORGANIZER: _("Me, as the organizer"),
        NoteTaker.ROTATING: _("The attendees in turn"),
        NoteTaker.FIXED: _("The person picked below"),
    }
    return {"text": plain(labels[mode]), "value": mode.value}


def taker_blocks(choice: TakerChoice) -> list[dict[str, Any]]:
    """The organizer's part of the notes modal: who is asked from the next meeting on."""
    person: dict[str, Any] = {"type": "users_select", "action_id": _INPUT}
    if choice.fixed_user_id is not None and USER_ID.fullmatch(choice.fixed_user_id):
        person["initial_user"] = choice.fixed_user_id
    return [
        {"type": "divider"},
        section(
            _(
                "*Who takes the notes of this series?* I ask them from the next meeting on. "
                "The attendees in turn: each attendee on Slack, one after the other."
            )
        ),
        {
            "type": "input", "block_id": TAKER, "label": plain(_("Next time, ask")),
            "element": {
                "type": "static_select", "action_id": _INPUT,
                "options": [_option(mode) for mode in NoteTaker],
                "initial_option": _option(choice.mode),
            },
        },
        {
            "type": "input", "block_id": TAKER_PERSON, "optional": True,
            "label": plain(_("The note-taker")),
            "element": person,
        },
    ]  # fmt: skip


def metadata(prompt_id: int, choice: TakerChoice | None) -> str:
    """The notes modal's private_metadata: the prompt id alone, or with the choice."""
    if choice is None:
        return str(prompt_id)
    return json.dumps(
        {"p": prompt_id, "s": choice.series_key, "t": choice.mode.value, "f": choice.fixed_user_id}
    )


def _prompt_id(value: object) -> int | None:
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value) if len(value) <= _MAX_ID_DIGITS else 0
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10**_MAX_ID_DIGITS:
        return value
    return None


def read_metadata(text: str) -> ModalMetadata | None:
    """The notes modal's private_metadata read back; None when Kairos did not write it."""
    plain_id = _prompt_id(text)
    if plain_id is not None:
        return ModalMetadata(plain_id)
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    prompt_id, series, mode, fixed = (data.get(k) for k in ("p", "s", "t", "f"))
    if (
        _prompt_id(prompt_id) is None
        or not isinstance(series, str)
        or not 0 < len(series) <= SERIES_KEY_CHARS
        or mode not in {m.value for m in NoteTaker}
        or not (fixed is None or (isinstance(fixed, str) and USER_ID.fullmatch(fixed)))
    ):
        return None
    return ModalMetadata(_prompt_id(prompt_id) or 0, TakerChoice(series, NoteTaker(mode), fixed))


def _selected(values: Mapping[str, Any], block_id: str, key: str) -> object:
    block = values.get(block_id)
    element = block.get(_INPUT) if isinstance(block, dict) else None
    return element.get(key) if isinstance(element, dict) else None


def picked_taker(
    values: Mapping[str, Any], opened_with: TakerChoice | None
) -> TakerChoice | dict[str, str] | None:
    """The choice as submitted when it differs from what the modal opened with; None when
    unchanged (or the modal had no choice); block_id -> message when a person is missing."""
    if opened_with is None:
        return None
    option = _selected(values, TAKER, "selected_option")
    value = option.get("value") if isinstance(option, dict) else None
    if value not in {m.value for m in NoteTaker}:
        return None  # nothing readable chosen: keep what the series has
    mode = NoteTaker(str(value))
    person = _selected(values, TAKER_PERSON, "selected_user")
    fixed = person if isinstance(person, str) and USER_ID.fullmatch(person) else None
    if mode is NoteTaker.FIXED and fixed is None:
        return {TAKER_PERSON: _("Pick the person who takes the notes.")}
    if mode is not NoteTaker.FIXED:
        fixed = None
    picked = TakerChoice(opened_with.series_key, mode, fixed)
    unchanged = picked.mode is opened_with.mode and (
        mode is not NoteTaker.FIXED or fixed == opened_with.fixed_user_id
    )
    return None if unchanged else picked
