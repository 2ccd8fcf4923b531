"""Map the TZID names found in calendar feeds to IANA zone names."""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# The Windows names Outlook and Exchange write most often, from the same CLDR table
# (windowsZones.xml) that icalendar ships complete. The table below is the fallback for an
# icalendar without it, and documents what we rely on; icalendar's full table wins.
COMMON_WINDOWS_ZONES: dict[str, str] = {
    "W. Europe Standard Time": "Europe/Berlin",
    "Romance Standard Time": "Europe/Paris",
    "Central Europe Standard Time": "Europe/Budapest",
    "Central European Standard Time": "Europe/Warsaw",
    "GMT Standard Time": "Europe/London",
    "Greenwich Standard Time": "Atlantic/Reykjavik",
    "FLE Standard Time": "Europe/Kiev",
    "GTB Standard Time": "Europe/Bucharest",
    "E. Europe Standard Time": "Europe/Chisinau",
    "Russian Standard Time": "Europe/Moscow",
    "Turkey Standard Time": "Europe/Istanbul",
    "Israel Standard Time": "Asia/Jerusalem",
    "South Africa Standard Time": "Africa/Johannesburg",
    "W. Central Africa Standard Time": "Africa/Lagos",
    "Arabian Standard Time": "Asia/Dubai",
    "India Standard Time": "Asia/Calcutta",
    "China Standard Time": "Asia/Shanghai",
    "Singapore Standard Time": "Asia/Singapore",
    "Tokyo Standard Time": "Asia/Tokyo",
    "Korea Standard Time": "Asia/Seoul",
    "AUS Eastern Standard Time": "Australia/Sydney",
    "New Zealand Standard Time": "Pacific/Auckland",
    "Eastern Standard Time": "America/New_York",
    "Central Standard Time": "America/Chicago",
    "Mountain Standard Time": "America/Denver",
    "US Mountain Standard Time": "America/Phoenix",
    "Pacific Standard Time": "America/Los_Angeles",
    "Alaskan Standard Time": "America/Anchorage",
    "Hawaiian Standard Time": "Pacific/Honolulu",
    "Atlantic Standard Time": "America/Halifax",
    "Central Standard Time (Mexico)": "America/Mexico_City",
    "SA Pacific Standard Time": "America/Bogota",
    "E. South America Standard Time": "America/Sao_Paulo",
    "Argentina Standard Time": "America/Buenos_Aires",
    "UTC": "Etc/UTC",
    # Not in CLDR: Exchange writes these for UTC and for a user-defined zone.
    "Coordinated Universal Time": "Etc/UTC",
    "tzone://Microsoft/Utc": "Etc/UTC",
}


def _windows_zones() -> dict[str, str]:
    try:
        from icalendar.timezone.windows_to_olson import (  # noqa: PLC0415
            WINDOWS_TO_OLSON,
        )
    except ImportError:  # pragma: no cover - older icalendar without the CLDR table
        return dict(COMMON_WINDOWS_ZONES)
    return {**COMMON_WINDOWS_ZONES, **WINDOWS_TO_OLSON}


WINDOWS_ZONES = _windows_zones()


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
    """The IANA name for a TZID (IANA, Windows, or "/vendor/Area/City"), or None."""
    name = tzid.strip().strip('"').strip()
    if zone_exists(name):
        return name
    windows = WINDOWS_ZONES.get(name)
    if windows is not None and zone_exists(windows):
        return windows
    # Globally unique TZIDs (libical, Evolution, Lightning): "/freeassociation.sourceforge.net/
    # Europe/Berlin". Try the longest trailing part that is a zone.
    parts = [part for part in name.split("/") if part]
    for start in range(1, len(parts)):
        candidate = "/".join(parts[start:])
        if zone_exists(candidate):
            return candidate
    return None
