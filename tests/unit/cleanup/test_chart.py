"""The summary's chart: a PNG of the promised size, alt text with every figure, no chart
with fewer than two weeks, and the image block it goes in."""

from __future__ import annotations

import struct
from datetime import date, timedelta

import pytest

from bot.blocks import Rendered
from bot.cleanup.chart import MAX_ALT_TEXT, alt_text, chart_for
from bot.cleanup.model import WeekPoint
from bot.cleanup.summary_messages import with_chart

FIRST = date(2026, 10, 2)


def _weeks(count: int) -> list[WeekPoint]:
    return [
        WeekPoint(FIRST + timedelta(days=7 * n), 10.0 + n, 40.0 + 5.5 * n) for n in range(count)
    ]


def _png_size(content: bytes) -> tuple[int, int]:
    assert content[:8] == b"\x89PNG\r\n\x1a\n"
    assert content[12:16] == b"IHDR"
    width, height = struct.unpack(">II", content[16:24])
    return width, height


@pytest.mark.parametrize("count", [0, 1])
def test_fewer_than_two_weeks_make_no_chart(count: int) -> None:
    assert chart_for(_weeks(count)) is None


def test_the_chart_is_an_800_by_360_png_of_the_last_eight_weeks() -> None:
    chart = chart_for(_weeks(11))
    assert chart is not None
    assert _png_size(chart.png) == (800, 360)
    assert len(chart.png) < 100_000
    assert chart.title == "Meeting hours, last 8 weeks"
    assert "week of 23 Oct" in chart.alt_text  # the 4th of 11: the first of the last 8
    assert "week of 16 Oct" not in chart.alt_text
    assert chart.filename == "meetings-2026-12-11.png"


def test_the_same_weeks_draw_the_same_bytes() -> None:
    first, second = chart_for(_weeks(3)), chart_for(_weeks(3))
    assert first is not None
    assert second is not None
    assert first.png == second.png
    other = chart_for([*_weeks(2), WeekPoint(date(2026, 10, 16), 30.0, 200.0)])
    assert other is not None
    assert other.png != first.png


def test_alt_text_states_every_weeks_figures() -> None:
    text = alt_text(
        [WeekPoint(date(2026, 11, 20), 6.0, None), WeekPoint(date(2026, 11, 27), 2.5, 12.25)]
    )
    assert text == (
        "Chart of meeting hours (line) and attendee-hours (bars) a week, last 2 weeks. "
        "week of 20 Nov: 6 meeting hours, attendee-hours not recorded; "
        "week of 27 Nov: 2.5 meeting hours, 12.2 attendee-hours."
    )


def test_alt_text_stays_within_block_kits_limit() -> None:
    long = [WeekPoint(FIRST + timedelta(days=7 * n), 1e9 + n, 1e12) for n in range(60)]
    assert len(alt_text(long)) <= MAX_ALT_TEXT


def test_the_image_block_goes_below_the_figures() -> None:
    message = Rendered(
        "summary",
        [
            {"type": "header", "text": {"type": "plain_text", "text": "h"}},
            {"type": "section", "fields": [{"type": "mrkdwn", "text": "x"}]},
            {"type": "divider"},
        ],
    )
    blocks = with_chart(message, "F123", "what it shows", "Meeting hours").blocks
    assert [b["type"] for b in blocks] == ["header", "section", "image", "divider"]
    assert blocks[2]["slack_file"] == {"id": "F123"}
    assert blocks[2]["alt_text"] == "what it shows"
