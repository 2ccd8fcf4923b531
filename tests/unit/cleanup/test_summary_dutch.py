"""The weekly summary, its chart and the "could it have been async?" question in Dutch: the
largest summary keeps Slack's limits in both languages, no English sentence is left in the
Dutch one, and numbers are written the Dutch way ("1.234,5"). English stays as it was."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file

from bot.blocks import MAX_BUTTON_TEXT, MAX_HEADER_TEXT, Rendered
from bot.cleanup.channel_questions import QuestionFigures
from bot.cleanup.chart import alt_text, chart_for
from bot.cleanup.messages import answered_text, question_message
from bot.cleanup.model import Candidate, FocusFigures, Reason, Summary, WeekPoint
from bot.cleanup.summary_messages import questions_text, review_messages, summary_message
from bot.cleanup.summary_words import figure_fields
from bot.i18n import speaking
from tests.unit.cleanup.test_summary_messages import NAMES, _summary, check_limits

CLEANUP = Path(__file__).resolve().parents[3] / "bot" / "cleanup"
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")


def _english_phrases() -> set[str]:
    """Every run of three or more words between placeholders in the cleanup messages: none
    of them may be left in Dutch output (shorter runs, like "Meetings", read the same)."""
    phrases = set()
    keywords = {"_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
    for path in CLEANUP.glob("*.py"):
        for _line, message, _comments, _context in extract_from_file(
            "python", str(path), keywords=keywords
        ):
            for text in [message] if isinstance(message, str) else message:
                for piece in _PLACEHOLDER.split(text):
                    words = _WORD.findall(piece)
                    if len(words) >= 3:
                        phrases.add(" ".join(words))
    return phrases


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text))


def _english_left(rendered: list[Rendered]) -> list[str]:
    shown = _words(" ".join(json.dumps([r.text, r.blocks], ensure_ascii=False) for r in rendered))
    return sorted(phrase for phrase in _english_phrases() if phrase in shown)


@pytest.fixture
def dutch() -> Iterator[None]:
    with speaking("nl"):
        yield


def test_the_extractor_finds_the_english_phrases_the_check_relies_on() -> None:
    phrases = _english_phrases()
    assert "Could these meetings have been async" in phrases
    assert "mentions held" not in phrases  # two words: too short to be told apart
    english = summary_message(_summary(quarterly=False), NAMES)
    assert "Could these meetings have been async" in _english_left([english])


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_largest_summary_and_its_thread_stay_within_slacks_limits(language: str) -> None:
    summary = _summary(quarterly=True, review=300)
    with speaking(language):
        weekly = summary_message(_summary(quarterly=False), NAMES)
        quarterly = summary_message(summary, NAMES)
        thread = review_messages(summary.review, NAMES)
    for message in [weekly, quarterly, *thread]:
        check_limits(message.blocks)
    header = quarterly.blocks[0]["text"]["text"]
    assert 0 < len(header) <= MAX_HEADER_TEXT
    listed = sum(b["text"]["text"].count("*Series ") for m in thread for b in m.blocks)
    assert listed == 300  # the longer Dutch lines still list every series


def test_the_largest_summary_is_dutch_through_and_through(dutch: None) -> None:
    summary = _summary(quarterly=True, review=300)
    rendered = [
        summary_message(_summary(quarterly=False), NAMES),
        summary_message(summary, NAMES),
        *review_messages(summary.review, NAMES),
    ]
    assert _english_left(rendered) == []
    text = json.dumps(rendered[0].blocks, ensure_ascii=False)
    assert "Wekelijkse meeting-opruiming" in text
    assert "≈ 15.321 EUR" in text  # 180.25 attendee-hours at 85, with a Dutch separator
    assert "*Meeting-uren*\\n32 u  ↑ 5% (was 30 u)" in text
    assert "op vrijdag, de focusdag" in text
    assert "Voorstel: Voeg een agenda toe, of maak het async" in text
    assert "Organisator: Ada &lt;3" in text  # names are still escaped
    assert "Standup 0: 3 ja · 1 deels · 1 nee" in text
    assert "…en nog 15 met minder deelnemersuren" in text
    assert "42 meetings in de afgelopen 7 dagen" in rendered[0].text
    quarterly = json.dumps(rendered[1].blocks, ensure_ascii=False)
    assert "Kwartaal-opruimdag voor meetings" in quarterly
    assert "trend over 90 dagen" in quarterly
    assert "*houden*" in json.dumps(rendered[2].blocks, ensure_ascii=False)


def test_english_is_what_it_was(dutch: None) -> None:
    with speaking("en"):
        blocks = summary_message(_summary(quarterly=False), NAMES).blocks
    text = json.dumps(blocks, ensure_ascii=False)
    assert "≈ 15,321 EUR" in text
    assert "Friday, the focus day" in text


def _candidate(minutes: int, reasons: tuple[Reason, ...]) -> Candidate:
    return Candidate("s1", "Sync", None, 1, minutes, 9, 9.5, reasons, "English action")


@pytest.mark.parametrize(
    ("minutes", "reasons", "why", "suggested"),
    [
        (28, (Reason.NOT_SPEEDY,), "30 minuten laat geen ruimte", "Kort het in tot 25 minuten"),
        (60, (Reason.NOT_SPEEDY,), "60 minuten: langer dan 50", "Kort het in tot 50 minuten"),
        (25, (Reason.LARGE, Reason.NO_END), "8+ personen, terugkerend zonder einddatum",
         "Nodig alleen wie beslist uit"),
        (25, (Reason.OVERLAPS_FOCUS,), "overlapt met focustijd",
         "Verplaats het buiten de focustijd"),
    ],
)  # fmt: skip
def test_each_reason_and_action_in_dutch(
    dutch: None, minutes: int, reasons: tuple[Reason, ...], why: str, suggested: str
) -> None:
    base = _summary(quarterly=False)
    summary = Summary(
        base.last_week, base.week_before, [_candidate(minutes, reasons)], [], 3,
        base.starts, base.ends, "UTC",
    )  # fmt: skip
    text = json.dumps(summary_message(summary, {}).blocks, ensure_ascii=False)
    assert "9 personen · 9,5 deelnemersuren" in text
    assert f"Waarom: {why}" in text
    assert f"Voorstel: {suggested}" in text
    assert "English action" not in text  # the model's English wording is never shown


def test_the_channel_line_writes_durations_and_counts_in_dutch(dutch: None) -> None:
    figures = QuestionFigures(1234, 4, 3, timedelta(hours=1, minutes=30))
    text = questions_text("binnen 4 werkuren", figures)
    assert text.startswith("*Vragen in dit kanaal* (reactietijd: binnen 4 werkuren)")
    assert "1.234 vragen met een vermelding" in text
    assert "75% beantwoord binnen de reactietijd" in text
    assert "eerste antwoord na 1 uur 30 min (mediaan)" in text
    one = questions_text("x", QuestionFigures(1, 0, 0, None))
    assert "1 vraag met" in one
    assert "nog niets beantwoord" in one


def _weeks(count: int) -> list[WeekPoint]:
    first = date(2026, 10, 2)
    return [WeekPoint(first + timedelta(days=7 * n), 10.5 + n, 1234.5) for n in range(count)]


def test_the_chart_is_labelled_in_dutch(dutch: None) -> None:
    chart = chart_for(_weeks(3))
    assert chart is not None
    assert chart.title == "Meeting-uren, laatste 3 weken"
    assert chart.alt_text.startswith("Grafiek van meeting-uren (lijn) en deelnemersuren")
    assert "week van 2 okt: 10,5 meeting-uren, 1.234,5 deelnemersuren" in chart.alt_text
    with speaking("en"):
        english = chart_for(_weeks(3))
    assert english is not None
    assert english.png != chart.png  # the labels drawn in the picture are Dutch too
    older = alt_text([WeekPoint(date(2026, 11, 20), 6.0, None), *_weeks(1)])
    assert "deelnemersuren niet bijgehouden" in older


def test_the_question_and_the_thanks_in_dutch(dutch: None) -> None:
    starts = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    asked = question_message("standup@example.com", starts, "Standup")
    assert asked.text == "Had Standup ook async gekund?"
    section, actions = asked.blocks
    assert "Antwoorden zijn anoniem" in section["text"]["text"]
    labels = [button["text"]["text"] for button in actions["elements"]]
    assert labels == ["Ja", "Deels", "Nee"]
    assert all(len(label) <= MAX_BUTTON_TEXT for label in labels)
    untitled = question_message("standup@example.com", starts, " ")
    assert untitled.text == "Had je laatste meeting ook async gekund?"
    assert answered_text("partly").startswith("Dank je: genoteerd als *deels*.")
    assert _english_left([asked, Rendered(answered_text("no"), [])]) == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "1 mention held, 1 delivered later"),
        ("nl", "1 vermelding vastgehouden, 1 later bezorgd"),
    ],
)
def test_one_mention_held_is_one_mention(language: str, expected: str) -> None:
    summary = _summary(quarterly=False)
    one = replace(summary.last_week, focus=FocusFigures(2.0, 1, 1, 0))
    with speaking(language):
        fields = figure_fields(replace(summary, last_week=one))
    assert expected in json.dumps(fields, ensure_ascii=False)
