"""Values from feeds fit the columns they are stored in."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.meetings.ics.occurrences import series_key
from bot.meetings.model import SERIES_KEY_CHARS, bounded_series_key, is_series_key, storable_text


@given(st.text(max_size=2000))
def test_every_key_is_storable_and_a_storable_one_is_kept(uid: str) -> None:
    key = bounded_series_key(uid)
    if uid and is_series_key(uid):
        assert key == uid
    else:
        assert is_series_key(key)


@given(st.text(min_size=SERIES_KEY_CHARS - 20, max_size=SERIES_KEY_CHARS + 40), st.text(max_size=3))
def test_long_keys_stay_unique(start: str, tail: str) -> None:
    a, b = start + tail + "a", start + tail + "b"
    assert bounded_series_key(a) != bounded_series_key(b)


def test_a_long_uid_keeps_its_readable_start() -> None:
    uid = "040000008200E00074C5B7101A82E008" * 30 + "@outlook.example"
    key = series_key(uid)
    assert len(key) <= SERIES_KEY_CHARS
    assert key.startswith("040000008200E00074C5B7101A82E008")
    assert "#sha256:" in key


def test_google_split_halves_still_join() -> None:
    assert series_key("abc_R20261124T090000@google.com") == "abc@google.com"


def test_storable_text_drops_only_what_no_column_holds() -> None:
    assert storable_text("Stand\x00-up \ud800ok") == "Stand-up ok"
    assert storable_text("Plain\ttext\n") == "Plain\ttext\n"
