"""The focus-hours form (App Home modal): a draft of both schedules, and what its inputs do
to it (pure).

The draft travels in the modal's private_metadata until Save, so adding or removing a block
changes nothing stored, and Cancel leaves the schedules as they were. Every change goes
through the schedule model (add_windows, remove_windows) and the `/focus` grammar, so the
form, the text editor and the slash command agree on what a block is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from bot.errors import KairosUserError, UnreadableValue
from bot.focus.commands import AddBlocks
from bot.focus.editor import MAX_LINES, schedule_lines
from bot.focus.grammar import parse_focus_command, spec_text
from bot.focus.schedule import (
    DAYS_PER_WEEK,
    Schedule,
    WeeklySpec,
    add_windows,
    remove_windows,
    weekly_specs,
)
from bot.i18n import _

FOCUS, HOURS = "focus", "hours"
KINDS = (FOCUS, HOURS)
# The action_id of every input in the form (their block_ids tell them apart).
FORM_INPUT = "value"
# Slack's cap on private_metadata.
MAX_METADATA = 3000
# Slack's timepicker sends 24-hour "HH:mm".
_TIME = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")

# What the form says about an add input left half-picked, in English: the message ids of
# pick_hint() (tests compare with them), translated when the form says them.
PICK_ALL = "Pick the days, a start and an end, then press Add."
PICK_DAYS = "Pick at least one day."
PICK_START = "Pick a start time."
PICK_END = "Pick an end time."


def pick_hint(english: str) -> str:
    """One of the PICK_* hints in the current language."""
    # Literals, not the constants: the extractor reads only literals at the call.
    hints = {
        PICK_ALL: _("Pick the days, a start and an end, then press Add."),
        PICK_DAYS: _("Pick at least one day."),
        PICK_START: _("Pick a start time."),
        PICK_END: _("Pick an end time."),
    }
    return hints[english]


@dataclass(frozen=True)
class Problem:
    """What is wrong with an input of the form, shown next to it."""

    field: str
    message: str


@dataclass(frozen=True)
class Draft:
    """Both schedules as the form shows them, before they are saved."""

    blocks: Schedule = ()
    hours: Schedule = ()
    # How many blocks were added per kind. The add inputs' block_ids carry it: Slack keeps
    # what was typed into an input whose block_id survives an update, and an added block's
    # days and times must not linger there (Save would add them again).
    added: tuple[int, int] = (0, 0)

    def schedule(self, kind: str) -> Schedule:
        """The focus blocks or the working hours."""
        return self.blocks if kind == FOCUS else self.hours

    def with_schedule(self, kind: str, schedule: Schedule) -> Draft:
        """This draft with one schedule replaced."""
        if kind == FOCUS:
            return replace(self, blocks=schedule)
        return replace(self, hours=schedule)

    def specs(self, kind: str) -> tuple[WeeklySpec, ...]:
        """One schedule as the form lists it: days with the same times grouped."""
        return weekly_specs(self.schedule(kind))


def field_id(kind: str, part: str, draft: Draft) -> str:
    """The block_id of one add input: `focus.days.0`, `hours.start.2`."""
    return f"{kind}.{part}.{draft.added[KINDS.index(kind)]}"


def metadata(draft: Draft) -> str:
    """The draft as the modal carries it (JSON, the schedules as `/focus` lines)."""
    return json.dumps(
        {
            "f": schedule_lines(draft.blocks),
            "h": schedule_lines(draft.hours),
            "n": list(draft.added),
        },
        separators=(",", ":"),
    )


def parse_metadata(text: object) -> Draft:
    """The draft a modal carries; UnreadableValue when Kairos did not write it."""
    if not isinstance(text, str) or len(text) > MAX_METADATA:
        raise UnreadableValue()
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        raise UnreadableValue() from None
    if not isinstance(data, dict) or set(data) != {"f", "h", "n"}:
        raise UnreadableValue()
    added = data["n"]
    if not (
        isinstance(added, list)
        and len(added) == len(KINDS)
        and all(type(n) is int and 0 <= n < 10_000 for n in added)
    ):
        raise UnreadableValue()
    return Draft(_lines(data["f"]), _lines(data["h"]), (added[0], added[1]))


def draft_of(focus_lines: str, hours_lines: str) -> Draft:
    """The draft the form opens with, from the lines the text editor shows."""
    return Draft(_lines(focus_lines), _lines(hours_lines))


def _lines(text: object) -> Schedule:
    if not isinstance(text, str):
        raise UnreadableValue()
    schedule: Schedule = ()
    for line in filter(None, (part.strip() for part in text.split("\n"))):
        spec = _spec(line)
        schedule = add_windows(schedule, spec.days, spec.start, spec.end)
    return schedule


def _spec(line: str) -> AddBlocks:
    try:
        parsed = parse_focus_command(line)
    except KairosUserError:
        raise UnreadableValue() from None
    if not isinstance(parsed, AddBlocks):
        raise UnreadableValue()
    return parsed


def remove_value(kind: str, spec: WeeklySpec) -> str:
    """The value of a block's Remove button: `focus:mon-fri 09:00-11:30`."""
    return f"{kind}:{spec_text(spec.days, spec.start, spec.end)}"


def removed(draft: Draft, value: str) -> Draft:
    """The draft without the block a Remove button names."""
    kind, _colon, line = value.partition(":")
    if kind not in KINDS or len(line) > 100:
        raise UnreadableValue()
    spec = _spec(line)
    return draft.with_schedule(
        kind, remove_windows(draft.schedule(kind), spec.days, spec.start, spec.end)
    )


def added(draft: Draft, kind: str, values: Mapping[str, Any]) -> tuple[Draft, Problem | None]:
    """The draft with the block picked in the add inputs of `kind`, or the draft unchanged
    and what to fix (the Add button cannot show errors as a submission can)."""
    if kind not in KINDS:
        raise UnreadableValue()
    try:
        picked = _picked(draft, kind, values)
    except UnreadableValue:
        raise  # not what a person picked: refused as any forged value is
    except KairosUserError as error:
        return draft, Problem(error.field or field_id(kind, "days", draft), error.message)
    if picked is None:
        return draft, Problem(field_id(kind, "days", draft), pick_hint(PICK_ALL))
    schedule = add_windows(draft.schedule(kind), *picked)
    if len(weekly_specs(schedule)) > MAX_LINES:
        message = _(
            "That's more than {limit} blocks. Remove one, or pick more days for one.",
            limit=MAX_LINES,
        )
        return draft, Problem(field_id(kind, "days", draft), message)
    counts = list(draft.added)
    counts[KINDS.index(kind)] += 1
    return replace(draft.with_schedule(kind, schedule), added=(counts[0], counts[1])), None


def submitted(draft: Draft, values: Mapping[str, Any]) -> Draft:
    """The draft to save: a block picked but not added yet counts too (people press Save
    right after picking); a half-picked one is a KairosUserError on the input to fix."""
    for kind in KINDS:
        # Slack sends every input of a submitted modal; one missing means the payload was cut
        # or forged, and saving the draft alone would pass that off as "nothing picked".
        for part in ("days", "start", "end"):
            if not _state(values, field_id(kind, part, draft)):
                raise UnreadableValue()
        picked = _picked(draft, kind, values)
        if picked is not None:
            draft = draft.with_schedule(kind, add_windows(draft.schedule(kind), *picked))
    return draft


def _picked(
    draft: Draft, kind: str, values: Mapping[str, Any]
) -> tuple[tuple[int, ...], int, int] | None:
    """(days, start, end) from the add inputs; None when all three are empty."""
    days_id, start_id, end_id = (field_id(kind, part, draft) for part in ("days", "start", "end"))
    days = _days(_state(values, days_id).get("selected_options"))
    start = _minute(_state(values, start_id).get("selected_time"))
    end = _minute(_state(values, end_id).get("selected_time"))
    if not days and start is None and end is None:
        return None
    if not days:
        raise KairosUserError(pick_hint(PICK_DAYS), field=days_id)
    if start is None:
        raise KairosUserError(pick_hint(PICK_START), field=start_id)
    if end is None:
        raise KairosUserError(pick_hint(PICK_END), field=end_id)
    if start == end:
        raise KairosUserError(
            _("A block can't end when it starts. An end before the start runs past midnight."),
            field=end_id,
        )
    return days, start, end


def _state(values: Mapping[str, Any], block_id: str) -> Mapping[str, Any]:
    block = values.get(block_id)
    element = block.get(FORM_INPUT) if isinstance(block, dict) else None
    return element if isinstance(element, dict) else {}


def _days(options: object) -> tuple[int, ...]:
    if options is None:
        return ()
    if not isinstance(options, list) or len(options) > DAYS_PER_WEEK:
        raise UnreadableValue()
    days = set()
    for option in options:
        value = option.get("value") if isinstance(option, dict) else None
        if not isinstance(value, str) or value not in {str(d) for d in range(DAYS_PER_WEEK)}:
            raise UnreadableValue()
        days.add(int(value))
    return tuple(sorted(days))


def _minute(value: object) -> int | None:
    if value is None or value == "":
        return None
    match = _TIME.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise UnreadableValue()
    return int(match[1]) * 60 + int(match[2])
