"""What a feed's owner is told about events left out of the last read: one kind sentence."""

from __future__ import annotations

import pytest

from bot.meetings.ics.report import SkipReason
from bot.meetings.messages import reading_text
from bot.meetings.model import FeedReading


def test_nothing_left_out_says_nothing() -> None:
    assert reading_text(FeedReading()) == ""
    assert FeedReading().to_json() is None


def test_one_reason_one_event() -> None:
    said = reading_text(FeedReading({"no_start": 1}))
    assert said == "I left out 1 event of your calendar: 1 has no start time."


def test_several_reasons_most_common_first() -> None:
    said = reading_text(FeedReading({"cut_off": 1, "bad_repeat_rule": 3}))
    assert said == (
        "I left out 4 events of your calendar: 3 repeat in a way I can't follow and "
        "1 was cut off (the download ended inside it)."
    )


@pytest.mark.parametrize("reason", list(SkipReason))
def test_every_reason_is_phrased_for_one_and_for_several(reason: SkipReason) -> None:
    for count in (1, 2):
        said = reading_text(FeedReading({reason.value: count}))
        assert "had a problem" not in said
        assert reason.value not in said


def test_unknown_zones_are_named_escaped_and_capped() -> None:
    zones = ("Mars <Olympus>", "Pluto", "Ceres", "Vesta", "Io")
    said = reading_text(FeedReading({}, zones, "Europe/Amsterdam"))
    assert said.startswith(
        "I don't know the time zones “Mars &lt;Olympus&gt;”, “Pluto”, “Ceres” and 2 more, "
        "so I read those times in Europe/Amsterdam"
    )
    assert said.count(".") == 1
    assert said.endswith(".")


def test_skipped_events_and_a_zone_make_one_sentence() -> None:
    said = reading_text(FeedReading({"unreadable": 2}, ("Mars",), None))
    assert said == (
        "I left out 2 events of your calendar: 2 could not be read at all; and I don't know "
        "the time zone “Mars”, so I read those times in your own time zone: please check that "
        "those meetings are at the right hour."
    )


def test_the_stored_form_round_trips_and_garbage_reads_as_nothing() -> None:
    reading = FeedReading({"cut_off": 2}, ("Mars",), "Asia/Tokyo")
    assert FeedReading.from_json(reading.to_json()) == reading
    for garbage in (None, "", "not json", "[1, 2]", '{"skipped": {"x": "many"}}'):
        assert FeedReading.from_json(garbage) == FeedReading()
