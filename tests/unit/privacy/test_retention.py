"""The retention catalog: every table has a decision, each period fits the features that
read the rows, and the settings that shorten a period refuse what would break one."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.cleanup.model import ONE_A_DAY, SAME_SERIES_AGAIN_AFTER, WEEK
from bot.cleanup.service import ANSWERS_SINCE, HISTORY_WEEKS, REVIEW_BACK
from bot.db.base import UTCDateTime
from bot.db.registry import metadata
from bot.meetings.model import LOOK_BACK
from bot.meetings.people import FOUND_FOR, MISSING_FOR
from bot.privacy import retention
from bot.privacy.repo_retention import kinds_with_a_delete
from bot.privacy.retention import AGED, KEPT, SETTINGS, Period, Periods
from bot.settings import Settings, SettingsError, load

ROOT = Path(__file__).resolve().parents[3]
REQUIRED = {"SLACK_BOT_TOKEN": "xoxb-1-2-abc", "SLACK_SIGNING_SECRET": "0123456789abcdef"}


def _days(period: Period, *, least: bool = False) -> timedelta:
    return timedelta(days=period.minimum if least else period.days)


# ---- the catalog against the tables


def test_every_table_has_a_retention_decision() -> None:
    decided = {kind.table for kind in AGED} | {kept.table for kept in KEPT}
    undecided = sorted(set(metadata.tables) - decided)
    assert undecided == [], (
        f"tables without a retention entry: {undecided}. Add each to bot/privacy/retention.py: "
        "Aged (deleted after a period) or Kept (lives as long as what a person set up)."
    )


def test_the_catalog_names_only_tables_that_exist() -> None:
    named = {kind.table for kind in AGED} | {kept.table for kept in KEPT}
    assert sorted(named - set(metadata.tables)) == []


@pytest.mark.parametrize("kind", AGED, ids=lambda kind: kind.name)
def test_each_kind_is_aged_by_an_instant_column(kind: retention.Aged) -> None:
    column = metadata.tables[kind.table].c.get(kind.aged_by)
    assert column is not None, f"{kind.table} has no column {kind.aged_by}"
    assert isinstance(column.type, UTCDateTime)


def test_kinds_have_unique_names_and_every_one_a_delete() -> None:
    names = [kind.name for kind in AGED]
    assert len(names) == len(set(names))
    assert kinds_with_a_delete() == frozenset(names)


def test_every_entry_says_why() -> None:
    assert all(kind.why and kind.period.needs for kind in AGED)
    assert all(kept.lives and kept.why for kept in KEPT)


# ---- each period against the features that read its rows


def test_minimums_are_what_the_features_read() -> None:
    # The weekly summary compares two weeks; the quarterly one reviews REVIEW_BACK; a sync
    # stores meetings from LOOK_BACK on, and would store again what was deleted sooner.
    assert _days(retention.MEETINGS, least=True) >= max(2 * WEEK, REVIEW_BACK, LOOK_BACK)
    assert _days(retention.DELIVERED, least=True) >= 2 * WEEK
    assert _days(retention.ANSWERS, least=True) >= max(SAME_SERIES_AGAIN_AFTER, ONE_A_DAY)


def test_defaults_cover_what_the_features_read() -> None:
    assert _days(retention.ANSWERS) >= ANSWERS_SINCE
    assert _days(retention.SUMMARIES.period) >= (HISTORY_WEEKS + 1) * WEEK
    assert _days(retention.EMAIL_LOOKUPS.period) >= max(FOUND_FOR, MISSING_FOR)


@pytest.mark.parametrize("period", SETTINGS, ids=lambda period: str(period.setting))
def test_a_setting_shortens_down_to_its_minimum_and_never_lengthens(period: Period) -> None:
    assert period.minimum < period.days
    assert period.check(period.minimum) == period.minimum
    assert period.check(period.days) == period.days
    with pytest.raises(ValueError, match=f"shorter than {period.minimum}: {period.needs}"):
        period.check(period.minimum - 1)
    with pytest.raises(ValueError, match=f"longer than {period.days}"):
        period.check(period.days + 1)


def test_only_the_settings_have_a_setting() -> None:
    shortened = {kind.period.setting for kind in AGED if kind.period.setting}
    assert shortened == {period.setting for period in SETTINGS}
    fixed = [kind.period for kind in AGED if kind.period.setting is None]
    assert all(period.minimum == period.days for period in fixed)


# ---- periods in force


def test_default_periods_are_the_catalogs() -> None:
    periods = Periods()
    assert all(periods.of(kind) == timedelta(days=kind.period.days) for kind in AGED)
    assert periods.of(retention.EVENT_IDS) == timedelta(days=1)


def test_a_chosen_period_shortens_every_kind_that_shares_it() -> None:
    periods = Periods({"KAIROS_RETAIN_DELIVERED_DAYS": 20})
    sharing = [kind for kind in AGED if kind.period is retention.DELIVERED]
    assert [kind.name for kind in sharing] == ["delivered mentions", "digests", "urgent uses"]
    assert all(periods.of(kind) == timedelta(days=20) for kind in sharing)
    assert periods.of(retention.MEETINGS_ENDED) == timedelta(days=35)


@pytest.mark.parametrize(
    ("chosen", "reason"),
    [
        ({"KAIROS_RETAIN_MEETINGS_DAYS": 27}, "shorter than 28"),
        ({"KAIROS_RETAIN_ANSWERS_DAYS": 91}, "longer than 90"),
        ({"KAIROS_RETAIN_EVENT_IDS_DAYS": 1}, "not a retention setting"),
    ],
)
def test_periods_refuse_what_the_settings_refuse(chosen: dict[str, int], reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        Periods(chosen)


# ---- settings


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """The required settings and none of the retention ones, with no stray .env."""
    monkeypatch.chdir(tmp_path)
    for name, value in REQUIRED.items():
        monkeypatch.setenv(name, value)
    for period in SETTINGS:
        monkeypatch.delenv(str(period.setting), raising=False)
    return monkeypatch


def test_settings_default_to_the_catalog(environment: pytest.MonkeyPatch) -> None:
    assert load(Settings).retention_periods() == Periods(
        {
            "KAIROS_RETAIN_DELIVERED_DAYS": 30,
            "KAIROS_RETAIN_MEETINGS_DAYS": 35,
            "KAIROS_RETAIN_ANSWERS_DAYS": 90,
        }
    )


def test_a_setting_shortens_its_period(environment: pytest.MonkeyPatch) -> None:
    environment.setenv("KAIROS_RETAIN_DELIVERED_DAYS", "14")
    environment.setenv("KAIROS_RETAIN_ANSWERS_DAYS", " 60 ")
    environment.setenv("KAIROS_RETAIN_MEETINGS_DAYS", "")  # an empty line: the default
    periods = load(Settings).retention_periods()
    assert periods.of(retention.URGENT_USES) == timedelta(days=14)
    assert periods.of(retention.QUESTIONS) == timedelta(days=60)
    assert periods.of(retention.MEETINGS_ENDED) == timedelta(days=35)


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        (
            "KAIROS_RETAIN_MEETINGS_DAYS",
            "21",
            "21 days is shorter than 28: the quarterly summary reviews the last four weeks",
        ),
        ("KAIROS_RETAIN_DELIVERED_DAYS", "13", "13 days is shorter than 14: the weekly summary"),
        ("KAIROS_RETAIN_ANSWERS_DAYS", "365", "365 days is longer than 90"),
        ("KAIROS_RETAIN_ANSWERS_DAYS", "a month", "valid integer"),
        ("KAIROS_RETAIN_DELIVERED_DAYS", "-1", "shorter than 14"),
    ],
)
def test_a_setting_that_would_break_a_feature_is_refused(
    environment: pytest.MonkeyPatch, name: str, value: str, expected: str
) -> None:
    environment.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load(Settings)
    message = str(caught.value)
    assert message.startswith(f"Setting {name} is not valid (")
    assert expected in message
    assert "use a whole number of days from " in message
    assert "\n" not in message


@pytest.mark.parametrize("period", SETTINGS, ids=lambda period: str(period.setting))
def test_env_example_documents_each_setting(period: Period) -> None:
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert f"# {period.setting}={period.days}\n" in example
    assert f"{period.minimum}-{period.days} days" in example
