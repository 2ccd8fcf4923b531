"""The `/focus` commands as typed values (see grammar.py for the text they come from).

Times of day are minutes after local midnight; 1440 (24:00) only ever ends a span, and an
end at or before the start means the span runs past midnight.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TypeAlias

from bot.focus.days import DaySpec
from bot.i18n.languages import Language


@dataclass(frozen=True)
class ShowStatus:
    """`/focus` or `/focus status`."""


@dataclass(frozen=True)
class AddBlocks:
    """`/focus mon-fri 9:00-11:30`: add start..end on each of the days."""

    days: tuple[int, ...]
    start: int
    end: int


@dataclass(frozen=True)
class RemoveBlocks:
    """`/focus remove mon 9:00-10:00`: take that time out of the focus blocks."""

    days: tuple[int, ...]
    start: int
    end: int


@dataclass(frozen=True)
class ClearBlocks:
    """`/focus clear`: no focus blocks at all."""


@dataclass(frozen=True)
class StartSession:
    """`/focus now 90m`: focus from now for a duration."""

    duration: timedelta


@dataclass(frozen=True)
class StartUntil:
    """`/focus until 17:00`: focus until the local time (minutes after midnight) next comes."""

    local_time: int


@dataclass(frozen=True)
class EndFocus:
    """`/focus off`: end the session or the running block, deliver held mentions now."""


@dataclass(frozen=True)
class SetWorkingHours:
    """`/focus hours mon-fri 9:00-17:30`: replace the working hours."""

    days: tuple[int, ...]
    start: int
    end: int


@dataclass(frozen=True)
class ClearWorkingHours:
    """`/focus hours off`: no working hours, reachable whenever not in focus."""


@dataclass(frozen=True)
class ShowHelp:
    """`/focus help`."""


@dataclass(frozen=True)
class TakeLeave:
    """`/focus away fri`, `/focus away 12 jan to 16 jan`, `/focus away until mon`.

    `until` names the day the person is back (the leave ends the day before), as in "away
    until Monday"; `last` alone is the last day of leave. Resolved against the person's
    today by days.leave_days.
    """

    first: DaySpec
    last: DaySpec | None = None
    until: bool = False


@dataclass(frozen=True)
class EndLeave:
    """`/focus back`: end the leave the person is on today."""


@dataclass(frozen=True)
class SetHolidays:
    """`/focus holidays nl`: that country's (or region's) public holidays are days off."""

    region: str


@dataclass(frozen=True)
class ClearHolidays:
    """`/focus holidays off`."""


@dataclass(frozen=True)
class ShowLanguage:
    """`/focus language`: which language Kairos speaks to the person, and why."""


@dataclass(frozen=True)
class SetLanguage:
    """`/focus language nl|en|auto`: speak that language; None (`auto`) follows Slack."""

    language: Language | None


# Not a FocusCommand: it changes no focus state, and the listener answers it in the language
# just chosen (bot/focus/language_command.py) rather than in the one it was asked in.
LanguageCommand: TypeAlias = ShowLanguage | SetLanguage

AwayCommand: TypeAlias = TakeLeave | EndLeave | SetHolidays | ClearHolidays

FocusCommand: TypeAlias = (
    ShowStatus
    | AddBlocks
    | RemoveBlocks
    | ClearBlocks
    | StartSession
    | StartUntil
    | EndFocus
    | SetWorkingHours
    | ClearWorkingHours
    | ShowHelp
    | AwayCommand
)
