"""The key Kairos keeps beside SQLite when KAIROS_ENCRYPTION_KEY is not set."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import keys
from bot.connect.crypto import check_keys
from bot.errors import ExitCode, StartupError


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A umask that lets every new file be world-readable, as on a careless host."""
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:////var/lib/kairos/kairos.db", Path("/var/lib/kairos/kairos.db.key")),
        ("sqlite:///data/k.sqlite", Path("data/k.sqlite.key").absolute()),
        ("sqlite://", None),
        ("sqlite:///:memory:", None),
        ("postgresql+psycopg://k:pw@db/k", None),
    ],
)
def test_the_key_file_sits_beside_the_database(url: str, expected: Path | None) -> None:
    assert keys.key_file_for(url) == expected


def test_a_new_key_is_owner_only_even_with_an_open_umask(tmp_path: Path, open_umask: None) -> None:
    path = tmp_path / "kairos.db.key"
    key, created = keys.load_or_create(path)
    assert created
    check_keys(key)  # a valid Fernet key, or it raises
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not keys.readable_by_others(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kairos.db.key"]  # no temporary left


def test_the_key_is_reused_afterwards(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "kairos.db.key"
    first, _ = keys.load_or_create(path)
    again, created = keys.load_or_create(path)
    assert (again, created) == (first, False)


def test_a_damaged_key_file_is_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "kairos.db.key"
    path.write_text("not-a-key\n")
    with pytest.raises(StartupError) as caught:
        keys.load_or_create(path)
    assert caught.value.exit_code is ExitCode.CONFIG
    assert str(path) in str(caught.value)
    assert "\n" not in str(caught.value)
    assert path.read_text() == "not-a-key\n"  # left alone for the operator to restore


def test_a_loosened_file_is_noticed(tmp_path: Path) -> None:
    path = tmp_path / "kairos.db.key"
    keys.load_or_create(path)
    path.chmod(0o644)
    assert keys.readable_by_others(path)


def test_keys_are_different_each_time() -> None:
    assert keys.new_key() != keys.new_key()
