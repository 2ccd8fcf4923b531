"""KAIROS_SLACK_RATE_SCALE: a number above 0 that multiplies Slack's rate limits."""

from __future__ import annotations

import pytest

from bot.settings import Settings, SettingsError, load

VALID = {"SLACK_BOT_TOKEN": "xoxb-1-2-abc", "SLACK_SIGNING_SECRET": "0123456789abcdef"}


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.delenv("KAIROS_SLACK_RATE_SCALE", raising=False)
    for key, value in VALID.items():
        monkeypatch.setenv(key, value)


def test_slacks_own_limits_by_default() -> None:
    assert load(Settings).kairos_slack_rate_scale == 1.0


@pytest.mark.parametrize(("given", "scale"), [("0.5", 0.5), ("20", 20.0), (" 2.5 ", 2.5)])
def test_a_scale_is_read(monkeypatch: pytest.MonkeyPatch, given: str, scale: float) -> None:
    monkeypatch.setenv("KAIROS_SLACK_RATE_SCALE", given)
    assert load(Settings).kairos_slack_rate_scale == scale


@pytest.mark.parametrize("given", ["0", "-1", "fast", "inf", "nan"])
def test_a_bad_scale_is_refused_with_an_example(
    monkeypatch: pytest.MonkeyPatch, given: str
) -> None:
    monkeypatch.setenv("KAIROS_SLACK_RATE_SCALE", given)
    with pytest.raises(SettingsError) as caught:
        load(Settings)
    message = str(caught.value)
    assert "KAIROS_SLACK_RATE_SCALE" in message
    assert "e.g. 1" in message
