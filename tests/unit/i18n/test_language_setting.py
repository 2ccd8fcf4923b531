"""KAIROS_LANGUAGE: the workspace's language, English unless set, and one clear line when
it names a language Kairos does not speak."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError, load

VALID = {"SLACK_BOT_TOKEN": "xoxb-1-2-abc", "SLACK_SIGNING_SECRET": "0123456789abcdef"}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.delenv("KAIROS_LANGUAGE", raising=False)
    for key, value in VALID.items():
        monkeypatch.setenv(key, value)


def test_english_unless_set() -> None:
    assert load(Settings).kairos_language == "en"


@pytest.mark.parametrize(
    ("given", "language"), [("nl", "nl"), ("NL", "nl"), (" en ", "en"), ("nl-NL", "nl"), ("", "en")]
)
def test_the_setting_is_read_forgivingly(
    monkeypatch: pytest.MonkeyPatch, given: str, language: str
) -> None:
    monkeypatch.setenv("KAIROS_LANGUAGE", given)
    assert load(Settings).kairos_language == language


@pytest.mark.parametrize("given", ["de", "fr-FR", "dutch", "auto"])
def test_a_language_kairos_does_not_speak_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, given: str
) -> None:
    monkeypatch.setenv("KAIROS_LANGUAGE", given)
    with pytest.raises(SettingsError) as raised:
        load(Settings)
    (line,) = raised.value.lines
    assert line.startswith("Setting KAIROS_LANGUAGE is not valid")
    assert f"'{given}' is not a language Kairos speaks" in line
    assert "use en (English) or nl (Dutch)" in line
