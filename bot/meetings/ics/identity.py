"""A UID for events that have none: Outlook Web Access exports, Exchange invites sent as
mail attachments and some hand-made feeds leave it out (or empty).

The key is derived from what identifies the meeting as the feed states it: the organizer's
address, the start as written (its TZID included), the title and, for one changed instance
of a series, the slot it fills. The same event gives the same key on every sync, so a
re-sync finds the same meeting; events that differ in any of these never share one (a
128-bit digest). Reading the text before text.py moves a series' start forward keeps the
key fixed while the window moves.
"""

from __future__ import annotations

import hashlib

from bot.meetings.ics.lines import line_name

# Recognisable in logs and in the database; no "_R..." (Google's split suffix) and short of
# every series_key limit (512 characters, no NUL).
DERIVED_UID_PREFIX = "kairos-no-uid-"
_DIGEST_HEX = 32
_PARTS = ("ORGANIZER", "DTSTART", "SUMMARY", "RECURRENCE-ID")


def derived_uid(lines: list[str]) -> str:
    """The UID of a VEVENT block that has none, from its ORGANIZER address, DTSTART line,
    SUMMARY and RECURRENCE-ID line (each empty when missing)."""
    found: dict[str, str] = {}
    for line in lines:
        name = line_name(line)
        if name in _PARTS and name not in found:
            found[name] = _identity_text(name, line)
    material = "\x1f".join(found.get(name, "") for name in _PARTS)
    digest = hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()
    return DERIVED_UID_PREFIX + digest[:_DIGEST_HEX]


def _identity_text(name: str, line: str) -> str:
    if name == "ORGANIZER":
        # The address only: a renamed organizer (CN=...) is still the same meeting.
        _, colon, address = line.rpartition(":")  # after "mailto:" when there is one
        return address.strip().lower() if colon else ""
    if name == "SUMMARY":
        return line[_value_start(line) :].strip()
    # DTSTART and RECURRENCE-ID whole: the TZID is part of when the meeting is.
    return line.strip()


def _value_start(line: str) -> int:
    """Where the value starts: after the first colon outside a quoted parameter."""
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return index + 1
    return len(line)
