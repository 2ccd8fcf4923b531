"""Map the TZID names found in calendar feeds to IANA zone names."""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from bot.meetings.ics.zone_names import display_name_zone

# Windows zone names ("W. Europe Standard Time"), as Outlook and Exchange write them, come
# from the CLDR table (windowsZones.xml) that the pinned icalendar ships complete; the names
# Kairos relies on are checked in tests/unit/meetings/ics/test_calendar.py.
WINDOWS_ZONES: dict[str, str] = {
    # Not in CLDR: Exchange writes these for UTC and for a user-defined zone.
    "Coordinated Universal Time": "Etc/UTC",
    "tzone://Microsoft/Utc": "Etc/UTC",
    **WINDOWS_TO_OLSON,
}


@lru_cache(maxsize=2048)
def zone_exists(key: str) -> bool:
    """Whether zoneinfo knows this IANA key."""
    if not key or key != key.strip():
        return False
    try:
        ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # ValueError: not a valid key ("../x"); OSError: a directory such as "Europe".
        return False
    return True


@lru_cache(maxsize=2048)
def iana_zone(tzid: str) -> str | None:
    """The IANA name for a TZID (IANA, a Windows id or display name, "/vendor/Area/City"),
    or None."""
    name = tzid.strip().strip('"').strip()
    if zone_exists(name):
        return name
    windows = WINDOWS_ZONES.get(name)
    if windows is not None and zone_exists(windows):
        return windows
    if name.startswith("("):
        # Outlook's display names: "(UTC-05:00) Eastern Time (US & Canada)".
        return display_name_zone(name)
    # Globally unique TZIDs (libical, Evolution, Lightning): "/freeassociation.sourceforge.net/
    # Europe/Berlin". Try the longest trailing part that is a zone.
    parts = [part for part in name.split("/") if part]
    for start in range(1, len(parts)):
        candidate = "/".join(parts[start:])
        if zone_exists(candidate):
            return candidate
    return None
