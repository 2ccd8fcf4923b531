"""A rendered summary, checked against Slack's Block Kit limits and the privacy rules."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.blocks import MAX_BLOCKS_MESSAGE, MAX_HEADER_TEXT, MAX_SECTION_TEXT
from bot.cleanup.answers import AsyncTally
from bot.cleanup.model import Candidate, FocusFigures, Reason, SeriesReview, Summary, WeekFigures
from bot.cleanup.summary_messages import review_messages, summary_message

NOW = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)
NAMES = {f"UORG{n}": f"Organizer {n}" for n in range(2, 25)} | {"UORG1": "Ada <3"}


def _candidate(n: int, title: str) -> Candidate:
    return Candidate(
        series_key=f"s{n}",
        title=title,
        organizer_id=f"UORG{n}",
        occurrences=3,
        minutes=60,
        people=9,
        attendee_hours=27.0 - n / 10,
        reasons=(Reason.RECURRING_NO_AGENDA, Reason.NOT_SPEEDY, Reason.FOCUS_DAY),
        action="Add an agenda, or move it to async",
    )


def _summary(*, quarterly: bool, review: int = 0) -> Summary:
    long_title = "Quarterly <planning> & review " + "x" * 400
    return Summary(
        last_week=WeekFigures(42, 31.5, 180.25, 0.64, FocusFigures(120.0, 340, 330, 3)),
        week_before=WeekFigures(48, 30.0, 185.0, 0.5, FocusFigures(100.0, 200, 200, 5)),
        candidates=[_candidate(n, long_title if n == 0 else f"Meeting {n}") for n in range(25)],
        async_results=[AsyncTally(f"s{n}", f"Standup {n}", 3, 1, 1) for n in range(200)],
        members_with_calendars=1000,
        starts=NOW,
        ends=NOW + timedelta(days=7),
        tz="Europe/Amsterdam",
        focus_day=4,
        hourly_rate=85.0,
        currency="EUR",
        quarterly=quarterly,
        history_hours=[30.0, 28.0, 35.0, 31.5] if quarterly else [],
        review=[
            SeriesReview(f"r{n}", f"Series {n} " + "y" * 80, f"U{n}", 1.0, 50, 6, 5.0, n % 2 == 0)
            for n in range(review)
        ],
    )


def _texts(block: dict[str, Any]) -> list[str]:
    texts = []
    if "text" in block:
        texts.append(block["text"]["text"])
    texts += [field["text"] for field in block.get("fields", [])]
    texts += [el.get("text", "") for el in block.get("elements", []) if isinstance(el, dict)]
    return texts


def check_limits(blocks: list[dict[str, Any]]) -> None:
    assert 0 < len(blocks) <= MAX_BLOCKS_MESSAGE
    for block in blocks:
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= MAX_HEADER_TEXT
            assert block["text"]["type"] == "plain_text"
        if block["type"] == "section":
            assert ("text" in block) or ("fields" in block)
            assert len(block.get("fields", [])) <= 10
            for field in block.get("fields", []):
                assert len(field["text"]) <= 2000
            if "text" in block:
                assert len(block["text"]["text"]) <= MAX_SECTION_TEXT
        if block["type"] == "context":
            assert len(block["elements"]) <= 10
            assert all(len(el["text"]) <= 2000 for el in block["elements"])
    json.dumps(blocks)  # plain data, as Slack receives it


def test_a_full_weekly_summary_stays_within_slacks_limits() -> None:
    rendered = summary_message(_summary(quarterly=False), NAMES)
    check_limits(rendered.blocks)
    text = json.dumps(rendered.blocks, ensure_ascii=False)
    assert "Weekly meeting cleanup" in text
    assert "&lt;planning&gt; &amp; review" in text  # titles are escaped, never markup
    assert "…and 15 more" in text  # 10 candidates shown of 25
    assert "≈ 15,321 EUR" in text  # 180.25 attendee-hours at 85
    assert "↓" in text
    assert "↑" in text
    assert "Friday, the focus day" in text
    assert "Standup 0: 3 yes · 1 partly · 1 no" in text
    assert "42 meetings" in rendered.text


def test_organizers_appear_by_name_next_to_their_meetings_and_are_never_pinged() -> None:
    rendered = summary_message(_summary(quarterly=False), NAMES)
    shown = [text for block in rendered.blocks for text in _texts(block)]
    assert not any("<@" in text for text in shown)  # a mention in a channel notifies
    named = [text for text in shown if "Organizer:" in text]
    assert len(named) == 9  # ten shown; UORG0 has no name Slack knows
    assert all("Suggested:" in text for text in named)
    assert "Organizer: Ada &lt;3" in json.dumps(rendered.blocks)  # names are escaped


def test_the_quarterly_edition_has_a_trend_and_a_review_thread_within_limits() -> None:
    summary = _summary(quarterly=True, review=300)
    rendered = summary_message(summary, NAMES)
    check_limits(rendered.blocks)
    text = json.dumps(rendered.blocks, ensure_ascii=False)
    assert "Quarterly Meeting Cleanup Day" in text
    assert "90-day trend" in text
    assert "▁" in text
    assert "300 series" in text
    thread = review_messages(summary.review, NAMES)
    assert len(thread) >= 1
    listed = 0
    for message in thread:
        check_limits(message.blocks)
        listed += sum(b["text"]["text"].count("*Series ") for b in message.blocks)
    assert listed == 300
    assert "keep" in json.dumps(thread[0].blocks)
    assert "make async" in json.dumps(thread[0].blocks)


def test_an_empty_week_says_so_kindly() -> None:
    empty = WeekFigures(0, 0.0, 0.0, None)
    summary = Summary(empty, empty, [], [], 0, NOW, NOW + timedelta(days=7), "UTC")
    rendered = summary_message(summary, NAMES)
    check_limits(rendered.blocks)
    text = json.dumps(rendered.blocks, ensure_ascii=False)
    assert "nothing to question" in text
    assert "at least 3 people" in text
    assert "EUR" not in text
    assert "Cost" not in text
