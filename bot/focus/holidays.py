"""Public holidays of a country or region, from the maintained `holidays` package.

A region is stored as Kairos writes it: the ISO country code, and the package's
subdivision code after a dash (`NL`, `DE-BY`, `US-CA`). RegionHolidays answers "is this
date a holiday there?" for model.py, which takes any container of dates.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

import holidays
from babel import Locale

from bot.errors import KairosUserError
from bot.i18n import _, current_language

log = logging.getLogger(__name__)

_REGION = re.compile(r"([a-z]{2,3})(?:-([a-z0-9]{1,10}))?")


@dataclass(frozen=True)
class RegionHolidays:
    """The public holidays of one stored region, as a container of dates."""

    region: str

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and day in _holidays_in(self.region, day.year)


# (region, year) -> that year's holidays. Read without a lock (a dict lookup is atomic);
# filled under _BUILDING, so Bolt's worker threads never build the same year twice, and
# never run the package's lazy country imports side by side (not documented thread-safe).
_YEARS: dict[tuple[str, int], frozenset[date]] = {}
_BUILDING = threading.Lock()
_MAX_YEARS = 512


def _holidays_in(region: str, year: int) -> frozenset[date]:
    found = _YEARS.get((region, year))
    if found is not None:
        return found
    with _BUILDING:
        found = _YEARS.get((region, year))
        if found is None:
            found = _build(region, year)
            if len(_YEARS) >= _MAX_YEARS:
                _YEARS.pop(next(iter(_YEARS)))  # the oldest built: a bound, not an LRU
            _YEARS[(region, year)] = found
    return found


def _build(region: str, year: int) -> frozenset[date]:
    # A year takes about a millisecond, but a country's first one imports its module and
    # builds its tables (80-140 ms): warm() does that at start-up, off the message path.
    country, _dash, subdivision = region.partition("-")
    found = holidays.country_holidays(country, subdiv=subdivision or None, years=year)
    return frozenset(found)


def warm(regions: Iterable[str], today: date) -> int:
    """Build this year's and next year's holidays of each stored region ahead of the first
    message; returns how many regions were warmed. A region that fails is logged and
    skipped: a cold cache is only slower."""
    warmed = 0
    for region in sorted(set(regions)):
        try:
            for year in (today.year, today.year + 1):
                _holidays_in(region, year)
        except Exception:
            log.warning("could not warm the public holidays of %s", region, exc_info=True)
            continue
        warmed += 1
    return warmed


@cache
def _supported() -> dict[str, frozenset[str]]:
    return {
        country: frozenset(code.upper() for code in subdivisions)
        for country, subdivisions in holidays.list_supported_countries().items()
    }


def parse_region(text: str) -> str:
    """A typed `nl`, `DE-by`, `us-ca` checked against the package: the stored region code.

    Anything else is a KairosUserError that says what is known and how to write it.
    """
    cleaned = text.strip().lower().replace("_", "-")
    match = _REGION.fullmatch(cleaned)
    shown = text.strip()[:20].replace("`", "'")
    if match is None:
        raise KairosUserError(
            _(
                "I couldn't read `{shown}` as a country: use its two-letter code, with a region "
                "after a dash if holidays differ by region (`nl`, `de-by` or `us-ca`).",
                shown=shown,
            ),
            example="/focus holidays nl",
        )
    country, subdivision = match[1].upper(), (match[2] or "").upper()
    supported = _supported()
    if country not in supported:
        raise KairosUserError(
            _(
                "I don't know public holidays for `{shown}`. Use the country's two-letter ISO "
                "code (`nl`, `de-by` or `us-ca`).",
                shown=shown,
            ),
            example="/focus holidays nl",
        )
    if subdivision and subdivision not in supported[country]:
        known = ", ".join(sorted(code.lower() for code in supported[country])[:12])
        raise KairosUserError(
            _(
                "{country} has no region `{region}` that I know. Its regions: {known}.",
                country=country_name(country),
                region=subdivision.lower(),
                known=known,
            )
            if known
            else _(
                "{country} has no region `{region}` that I know. Its regions: none (use the "
                "country alone).",
                country=country_name(country),
                region=subdivision.lower(),
            ),
            example=f"/focus holidays {country.lower()}",
        )
    return f"{country}-{subdivision}" if subdivision else country


def country_name(country: str) -> str:
    """A country code's name in the current language (`NL` is "Netherlands", in Dutch
    "Nederland"), or the code itself."""
    # CLDR's names, through Babel: the same data formats.py writes dates with.
    territories = _locale(current_language()).territories
    return str(territories.get(country.upper(), country.upper()))


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(language)


def describe_region(region: str) -> str:
    """A stored region as people read it: `Netherlands (nl)`, `Germany, BY (de-by)`."""
    country, _dash, subdivision = region.partition("-")
    name = country_name(country) + (f", {subdivision}" if subdivision else "")
    return f"{name} ({region.lower()})"
