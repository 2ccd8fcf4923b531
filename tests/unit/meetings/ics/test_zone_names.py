"""Issue 18, fix 5: Outlook's display-name TZIDs read as IANA zones through CLDR (Babel).

The full list is the Windows registry's display names as PostgreSQL records them
(tests/fixtures/ics/cases/windows_display_names.tsv; origin in that folder's README.md).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.meetings.ics.calendar import parse_calendar
from bot.meetings.ics.timezones import iana_zone
from tests.unit.meetings.ics_helpers import at

CASES = Path(__file__).parents[3] / "fixtures" / "ics" / "cases"
_OFFSET = re.compile(r"\((?:UTC|GMT)(?:([+-])(\d\d):(\d\d))?\)")


def _display_names(era: str) -> list[str]:
    """The distinct display names of one era: "utc" (Windows 7 to Server 2019) or "gmt"
    (Windows 2003 R2, older Outlook)."""
    names: dict[str, None] = {}
    for line in (CASES / "windows_display_names.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            row_era, _windows_id, name = line.split("\t")
            if row_era == era:
                names[name] = None
    return list(names)


def _offset_in(name: str) -> timedelta:
    match = _OFFSET.match(name)
    assert match is not None, name
    sign, hours, minutes = match.groups()
    offset = timedelta(hours=int(hours or 0), minutes=int(minutes or 0))
    return -offset if sign == "-" else offset


def _standard_offset(zone: str) -> timedelta:
    """The zone's offset in standard time now: the lower of mid-January and mid-July."""
    info = ZoneInfo(zone)
    samples = (datetime(2026, 1, 15, 12, tzinfo=UTC), datetime(2026, 7, 15, 12, tzinfo=UTC))
    offsets = [sample.astimezone(info).utcoffset() for sample in samples]
    return min(offset for offset in offsets if offset is not None)


def test_a_display_name_tzid_without_vtimezone_is_read_in_its_zone() -> None:
    # Outlook's "(UTC-03:00) Brasília", sent without its VTIMEZONE: 13:30 in Brasília,
    # not 13:30 in the feed owner's zone (11:30 UTC in Amsterdam's summer).
    body = (CASES / "outlook_display_name_no_vtimezone.ics").read_bytes()
    parsed = parse_calendar(
        body, window_start=at(2017, 5, 1), window_end=at(2017, 6, 1), default_tz="Europe/Amsterdam"
    )
    assert parsed.unknown_zones == []
    assert [o.start for o in parsed.occurrences] == [at(2017, 5, 11, 16, 30)]


@pytest.mark.parametrize(
    ("tzid", "zone"),
    [
        ("(UTC-05:00) Eastern Time (US & Canada)", "America/New_York"),
        ('"(UTC-08:00) Pacific Time (US & Canada)"', "America/Los_Angeles"),
        # Cities come first (for "Greenwich Mean Time : Dublin..."): Tijuana keeps US DST.
        ("(GMT-08:00) Pacific Time (US & Canada); Tijuana", "America/Tijuana"),
        ("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", "Europe/Amsterdam"),
        ("(GMT+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", "Europe/Amsterdam"),
        # Swedish Outlook spells the cities its own way; the first is enough.
        ("(UTC+01:00) Amsterdam, Berlin, Bern, Rom, Stockholm, Wien", "Europe/Amsterdam"),
        ("(UTC+08:00) Kuala Lumpur, Singapore", "Asia/Kuala_Lumpur"),
        ("(UTC+00:00) Dublin, Edinburgh, Lisbon, London", "Europe/Dublin"),
        ("(GMT) Greenwich Mean Time : Dublin, Edinburgh, Lisbon, London", "Europe/Dublin"),
        ("(UTC-03:00) Brasília", "America/Araguaina"),  # Brasilia Time: one of its zones
        ("(UTC-07:00) Chihuahua, La Paz, Mazatlan", "America/Mazatlan"),  # the one at -07
        ("(UTC+13:00) Samoa", "Pacific/Apia"),  # the country, not the metazone at -11
        ("(UTC) Coordinated Universal Time", "Etc/UTC"),
        ("(UTC+12:00) Coordinated Universal Time+12", "Etc/GMT-12"),
    ],
)
def test_display_names_map_to_their_zone(tzid: str, zone: str) -> None:
    assert iana_zone(tzid) == zone


@pytest.mark.parametrize(
    "tzid",
    [
        "(UTC+02:00) Amman",  # Jordan has kept +03:00 since 2022: the name is stale
        "(UTC-06:00) Central America",  # not "Central Time" (Chicago keeps DST)
        "(UTC+05:00) Narnia",
        "(UTC+99:00) Amsterdam",
        "(UTC+15:00) Coordinated Universal Time+15",  # no such Etc/GMT zone
    ],
)
def test_display_names_that_cannot_be_placed_stay_unknown(tzid: str) -> None:
    assert iana_zone(tzid) is None


@pytest.mark.parametrize(("era", "at_least"), [("utc", 121), ("gmt", 82)])
def test_windows_registry_display_names(era: str, at_least: int) -> None:
    # Coverage as measured when this was written (121 of 144, 82 of 99): a floor, so that a
    # change that loses names fails. Each mapped zone must be in standard time at the
    # offset the name gives; the unmapped are unknown places or names whose offset is
    # stale (Amman, Damascus, Volgograd...).
    names = _display_names(era)
    mapped = {name: iana_zone(name) for name in names}
    placed = {name: zone for name, zone in mapped.items() if zone is not None}
    assert len(placed) >= at_least, sorted(set(names) - set(placed))
    wrong = {
        name: zone for name, zone in placed.items() if _standard_offset(zone) != _offset_in(name)
    }
    assert wrong == {}
