"""A fast pre-pass over a feed's text: one-off events far from the sync window are cut out
before the line-by-line splitter (text.py) sees them.

Feeds carry years of history; most of it is one-off events that no window will show.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from bot.meetings.ics.lines import is_date_value, start_date

# A block with any of these is part of a series (or cut off): the splitter judges it.
_KEEP_MARKER = re.compile(r"\n(?:RRULE|RDATE|RECURRENCE-ID|BEGIN:VEVENT)")


def drop_far_one_offs(
    text: str,
    outside: Callable[[date | None], bool],
    absence: Callable[[str, date | None], bool],
) -> str:
    """The text without the one-off events that cannot reach the window.

    An all-day block, or one outside the window, stays when `absence(block, start)` says
    it could be an out-of-office absence reaching the window (the block is upper-cased).

    A fast pre-pass for feeds with years of history: blocks are found and judged with
    str.find (C speed) instead of line by line. It only looks at the common, well-formed
    shape (upper-case BEGIN/END lines, one block after another); anything else is left in
    the text for the line-by-line splitter to handle.
    """
    kept: list[str] = []
    position = 0  # end of the text copied into `kept` so far
    begin = text.find("\nBEGIN:VEVENT")
    while begin >= 0:
        end = text.find("\nEND:VEVENT", begin + 1)
        if end < 0:
            break
        end = text.find("\n", end + 1)
        end = len(text) if end < 0 else end
        # A marker as written is a marker in upper case too: most series are caught here,
        # without copying and upper-casing their block.
        if _KEEP_MARKER.search(text, begin + 1, end) is not None:
            begin = text.find("\nBEGIN:VEVENT", end)
            continue
        # From "BEGIN:VEVENT" to the end of "END:VEVENT"; names are case-insensitive.
        block = text[begin + 1 : end].upper()
        if _KEEP_MARKER.search(block) is None:
            day_start = block.find("\nDTSTART")
            nested = block.find("\nBEGIN:")  # a VALARM: its lines are not the event's
            if day_start >= 0 and (nested < 0 or day_start < nested):
                line = block[day_start + 1 : block.find("\n", day_start + 1)]
                # Meetings are timed and near the window; absences are rare and asked last.
                day = start_date(line)
                if (is_date_value(line) or outside(day)) and not absence(block, day):
                    kept.append(text[position : begin + 1])
                    position = end + 1
        begin = text.find("\nBEGIN:VEVENT", end)
    if not kept:
        return text
    kept.append(text[position:])
    return "".join(kept)
