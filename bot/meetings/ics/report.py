"""What parsing a feed could not use, counted by reason, for its owner to be told.

`/kairos calendar` turns this into one kind sentence ("2 events were cut off, 1 repeats in a
way I can't follow"), so the reasons are few and stable codes, not error texts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class SkipReason(StrEnum):
    """Why an event of a feed was left out."""

    UNREADABLE = "unreadable"  # the event's text could not be parsed at all
    CUT_OFF = "cut_off"  # the download ended inside the event (no END:VEVENT)
    NO_UID = "no_uid"  # kept for completeness: events without a UID now get a derived one
    NO_START = "no_start"  # no DTSTART
    BAD_TIME = "bad_time"  # start, end, length or slot unreadable or impossible
    BAD_REPEAT_RULE = "bad_repeat_rule"  # a repetition that is broken or cannot be worked out
    TOO_OLD = "too_old"  # a series starting before 1970: years of expanding for nothing


@dataclass
class ParseReport:
    """Filled while a feed is parsed: each skipped event, and the zones no one knows."""

    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    reasons: dict[str, int] = field(default_factory=dict)
    unknown_zones: list[str] = field(default_factory=list)
    fallback_zone: str | None = None  # where the unknown zones' times were read

    def skip(self, uid: str, reason: SkipReason, why: str) -> None:
        """Count one skipped event under its reason, with a line for the logs."""
        self.skipped += 1
        # str(): plain strings, so the counts pickle without this module.
        key = str(reason.value)
        self.reasons[key] = self.reasons.get(key, 0) + 1
        self.errors.append(f"Skipped event {uid or '(no UID)'}: {why}.")

    def unknown_zone(self, name: str) -> None:
        """Note a time zone name that was read with a fallback zone (once per name)."""
        if name not in self.unknown_zones:
            self.unknown_zones.append(name)
