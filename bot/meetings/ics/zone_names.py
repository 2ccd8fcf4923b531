"""Outlook's display-name TZIDs, such as "(UTC+01:00) Amsterdam, Berlin, Bern, Rome,
Stockholm, Vienna", read as IANA zones.

Outlook writes the Windows display name as the TZID, often without a VTIMEZONE. No
maintained package ships those names, but they are made of an offset and of things CLDR
names in English: cities ("Amsterdam", zones' exemplar cities), metazones ("Eastern Time
(US & Canada)") and countries ("Haiti"). Babel ships CLDR, so the names are read with its
data instead of a hand-made table. A place counts only if its zone's standard offset is the
one the name gives: a stale name ("(UTC+02:00) Amman", Jordan is at +03:00 since 2022) or a
misread one stays unknown rather than landing hours off.

Babel is imported on the first display name a process meets: most feeds have none, and the
index costs about 0.2 s and 6 MB once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

_DISPLAY_NAME = re.compile(
    r"\(\s*(?:UTC|GMT)\s*(?:([+-])\s*(\d{1,2})(?:[:.]?(\d{2}))?)?\s*\)\s*(.*)",
    re.IGNORECASE | re.DOTALL,
)
# Places are listed between commas, semicolons ("Pacific Time (US & Canada); Tijuana"),
# a colon ("Greenwich Mean Time : Dublin") and parentheses ("Yangon (Rangoon)").
_PLACE_SEPARATORS = re.compile(r"[,;:()&/]| - ")
_NOT_A_LETTER = re.compile(r"[^\w]+")
_UNIVERSAL_TIME = "coordinated universal time"
# The standard offset is the lower of a January and a July instant, so that it is the
# same in either hemisphere; a fixed year keeps the answer independent of today's date.
_SAMPLES = (datetime(2026, 1, 15, 12, tzinfo=UTC), datetime(2026, 7, 15, 12, tzinfo=UTC))
_LONGEST_PLACE_WORDS = 4  # "Lord Howe Island", "City of Buenos Aires"


@dataclass(frozen=True)
class _Index:
    """Normalised English names -> IANA zones, by kind of name (most specific first)."""

    cities: dict[str, tuple[str, ...]]
    metazones: dict[str, tuple[str, ...]]
    countries: dict[str, tuple[str, ...]]


def display_name_zone(tzid: str) -> str | None:
    """The IANA zone for a Windows display name, or None if it is not one we can place."""
    match = _DISPLAY_NAME.fullmatch(tzid.strip())
    if match is None:
        return None
    sign, hours, minutes, label = match.groups()
    offset = timedelta(hours=int(hours or 0), minutes=int(minutes or 0))
    if sign == "-":
        offset = -offset
    return _zone_for(offset, label)


@lru_cache(maxsize=1024)
def _zone_for(offset: timedelta, label: str) -> str | None:
    phrases = [_words(part) for part in _PLACE_SEPARATORS.split(label)]
    phrases = [words for words in phrases if words]
    if phrases and " ".join(phrases[0]).startswith(_UNIVERSAL_TIME):
        return _fixed_zone(offset)
    index = _index()
    # Whole phrases first, cities before metazones before countries ("Samoa" is a metazone
    # at -11 and a country at +13); then cities inside a phrase ("City of Buenos Aires").
    wholes = [list(_whole(words)) for words in phrases]
    searches = [(table, wholes) for table in (index.cities, index.metazones, index.countries)]
    searches.append((index.cities, [list(_spans(words)) for words in phrases]))
    for table, candidates in searches:
        for names in candidates:
            for name in names:
                for zone in table.get(name, ()):
                    if _standard_offset(zone) == offset:
                        return zone
    return None


def _fixed_zone(offset: timedelta) -> str | None:
    """Etc/UTC or Etc/GMT-N: Windows' "Coordinated Universal Time+12" zones have no DST."""
    if offset == timedelta(0):
        return "Etc/UTC"
    hours, rest = divmod(offset, timedelta(hours=1))
    if rest:
        return None
    zone = f"Etc/GMT{-hours:+d}"  # POSIX sign: Etc/GMT-12 is 12 hours ahead of UTC
    return zone if _standard_offset(zone) == offset else None  # none beyond +14 and -12


def _words(text: str) -> tuple[str, ...]:
    """Lower-case words without accents: "São Tomé" and "Sao Tome" read the same."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    words = _NOT_A_LETTER.sub(" ", plain.replace("_", " ")).casefold().split()
    # Windows abbreviates islands ("Cabo Verde Is.", "Solomon Is."); CLDR does not.
    return tuple("islands" if word == "is" else word for word in words)


def _whole(words: tuple[str, ...]) -> Iterator[str]:
    """The phrase, and without a trailing "island(s)": "Lord Howe Island" is CLDR's "Lord
    Howe"."""
    yield " ".join(words)
    if len(words) > 1 and words[-1] in ("island", "islands"):
        yield " ".join(words[:-1])


def _spans(words: tuple[str, ...]) -> Iterator[str]:
    """The shorter runs of consecutive words in a phrase, longest first."""
    for size in range(min(len(words) - 1, _LONGEST_PLACE_WORDS), 0, -1):
        for start in range(len(words) - size + 1):
            yield from _whole(words[start : start + size])


@lru_cache(maxsize=1024)
def _standard_offset(zone: str) -> timedelta | None:
    try:
        info = ZoneInfo(zone)
    except (KeyError, ValueError, OSError):
        return None
    offsets = [sample.astimezone(info).utcoffset() for sample in _SAMPLES]
    return min(offset for offset in offsets if offset is not None)


@lru_cache(maxsize=1)
def _index() -> _Index:
    # Imported here: see the module docstring.
    from babel.core import Locale, get_global  # noqa: PLC0415

    english = Locale("en")
    windows_zones: dict[str, str] = dict(get_global("windows_zone_mapping"))
    golden = set(windows_zones.values())
    zone_metazones: dict[str, str] = dict(get_global("meta_zones"))
    metazone_names = {
        metazone: names.get("long", {}) for metazone, names in english.meta_zones.items()
    }
    zones = sorted(set(get_global("zone_territories")) | set(zone_metazones))
    cities = _cities(english.time_zones, zones, dict(get_global("zone_aliases")), metazone_names)

    metazones: dict[str, list[str]] = {}
    preferred: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    for zone, metazone in zone_metazones.items():
        members.setdefault(metazone, []).append(zone)
    by_windows_id = {name.casefold(): zone for name, zone in windows_zones.items()}
    for metazone, long_names in metazone_names.items():
        # "Eastern Standard Time" is also a Windows zone id: its zone comes first.
        windows_zone = by_windows_id.get(str(long_names.get("standard") or "").casefold())
        for kind in ("generic", "standard"):
            name = str(long_names.get(kind) or "")
            for spelling in (name, name.removesuffix(" Time")):
                for zone in members.get(metazone, []):
                    _add(metazones, spelling, zone)
                if windows_zone and spelling:
                    preferred[" ".join(_words(spelling))] = windows_zone

    countries: dict[str, list[str]] = {}
    territory_zones = get_global("territory_zones")
    for code, name in english.territories.items():
        for zone in territory_zones.get(code, ()):
            _add(countries, name, zone)

    return _Index(
        cities=_ranked(cities, golden),
        metazones=_ranked(metazones, golden, preferred),
        countries=_ranked(countries, golden),
    )


def _cities(
    exemplars: Any, zones: list[str], aliases: dict[str, str], metazone_names: dict[str, Any]
) -> dict[str, list[str]]:
    """Zones by city: CLDR's English exemplar city, the zone id's last part, and that of
    each alias ("Asia/Calcutta" is also "Kolkata"; "Canada/Saskatchewan" is Regina)."""
    # Metazones by their short name ("Central"): as a city, "US/Central" would make
    # "(UTC-06:00) Central America" Chicago.
    short_names = {
        " ".join(_words(str(names.get("generic") or "").removesuffix(" Time")))
        for names in metazone_names.values()
    }
    cities: dict[str, list[str]] = {}
    for zone in zones:
        if not zone.startswith("Etc/"):
            for name in (exemplars.get(zone, {}).get("city"), zone.rpartition("/")[2]):
                _add(cities, name, zone)
    for alias, zone in aliases.items():
        # "Cuba", "Greenwich" or "Etc/Zulu" name no city.
        area, _, place = alias.rpartition("/")
        if area and area != "Etc" and " ".join(_words(place)) not in short_names:
            _add(cities, place, zone)
    return cities


def _add(table: dict[str, list[str]], name: str | None, zone: str) -> None:
    if name:
        key = " ".join(_words(name))
        if key and zone not in table.setdefault(key, []):
            table[key].append(zone)


def _ranked(
    table: dict[str, list[str]], golden: set[str], preferred: dict[str, str] | None = None
) -> dict[str, tuple[str, ...]]:
    """Each name's zones: the zone of the Windows id the name is (if any), then the zones
    CLDR maps a Windows id to, then the rest, by name: the same choice in every process."""
    first = preferred or {}

    def order(name: str, zones: Iterable[str]) -> tuple[str, ...]:
        head = first.get(name)
        ranked = sorted(set(zones), key=lambda zone: (zone != head, zone not in golden, zone))
        return tuple(ranked)

    return {name: order(name, zones) for name, zones in table.items()}
