"""The weekly cleanup summary as Block Kit (pure): figures, candidates, answers, review.

Meetings and sums only. Organizers appear next to their own meeting, as on a shared
calendar; nobody is ranked, and private events never show a title.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.blocks import (
    MAX_BLOCKS_MESSAGE,
    MAX_HEADER_TEXT,
    MAX_SECTION_TEXT,
    Rendered,
    clip,
    escape_mrkdwn,
)
from bot.cleanup.answers import AsyncTally
from bot.cleanup.channel_questions import QuestionFigures
from bot.cleanup.model import (
    WEEKDAYS,
    Candidate,
    Direction,
    SeriesReview,
    Summary,
    Trend,
    WeekFigures,
    reason_text,
    sparkline,
)
from bot.focus.text import format_duration

MAX_CANDIDATES_SHOWN = 10
MAX_IMAGE_ALT_TEXT = 2000
MAX_IMAGE_TITLE = 2000
TITLE_CHARS = 120
REVIEW_QUESTION = "For each: *keep*, *shorten*, *make async* or *cancel*? Answer in this thread."


def summary_message(summary: Summary, names: Mapping[str, str]) -> Rendered:
    """The summary post: last week against the week before, then the coming week.

    Organizers are shown by name (`names`: user id to the name Slack shows), not mentioned:
    a mention in a channel notifies, and the summary must not call anyone out.
    """
    last, before = summary.last_week, summary.week_before
    heading = "Quarterly Meeting Cleanup Day" if summary.quarterly else "Weekly meeting cleanup"
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": clip(heading, MAX_HEADER_TEXT)}},
        _context(_scope(summary)),
        _section("*Last 7 days* (against the 7 before)"),
        {"type": "section", "fields": _figure_fields(summary)},
    ]
    if summary.quarterly:
        blocks.append(_section(_history(summary.history_hours)))
    blocks += [{"type": "divider"}, *_candidate_blocks(summary, names)]
    blocks += [{"type": "divider"}, _section(_async_text(summary.async_results))]
    if summary.response is not None and summary.questions is not None:
        blocks.append(_section(questions_text(summary.response, summary.questions)))
    if summary.quarterly:
        count = len(summary.review)
        blocks.append(
            _section(
                f"*Every recurring meeting, for review:* {count} series, listed in the thread. "
                + REVIEW_QUESTION
                if count
                else "*Every recurring meeting, for review:* none in these calendars."
            )
        )
    blocks.append(
        _context(
            "Counts and meetings, never names. Rules: speedy meetings (25 or 50 "
            "minutes), an agenda for every meeting, a meeting-free focus day."
        )
    )
    text = (
        f"{heading}: {last.meetings} meetings in the last 7 days ({before.meetings} the week "
        f"before), {len(summary.candidates)} to question in the coming week."
    )
    return Rendered(text, blocks[:MAX_BLOCKS_MESSAGE])


def with_chart(message: Rendered, file_id: str, alt_text: str, title: str) -> Rendered:
    """The summary post with its chart (a file Kairos uploaded) below the figures."""
    image = {
        "type": "image",
        "slack_file": {"id": file_id},
        "alt_text": clip(alt_text, MAX_IMAGE_ALT_TEXT),
        "title": {"type": "plain_text", "text": clip(title, MAX_IMAGE_TITLE)},
    }
    blocks = list(message.blocks)
    after = next((i + 1 for i, b in enumerate(blocks) if "fields" in b), len(blocks))
    blocks.insert(after, image)
    return Rendered(message.text, blocks[:MAX_BLOCKS_MESSAGE])


def review_messages(reviews: Sequence[SeriesReview], names: Mapping[str, str]) -> list[Rendered]:
    """The quarterly list of recurring series, as thread replies within Slack's limits."""
    lines = [_review_line(n, review, names) for n, review in enumerate(reviews, start=1)]
    sections = _pack(lines)
    per_message = MAX_BLOCKS_MESSAGE - 1
    messages = []
    for first in range(0, len(sections), per_message):
        part = sections[first : first + per_message]
        blocks = [_section(REVIEW_QUESTION), *part] if first == 0 else list(part)
        messages.append(Rendered("Recurring meetings for review", blocks))
    return messages


def _scope(summary: Summary) -> str:
    people = summary.members_with_calendars
    who = f"{people} member{'s' if people != 1 else ''} of this channel"
    return (
        f"Meetings in the calendars of the {who} who connected one, each counted once. "
        "Private events count as busy time only."
    )


def _number(value: float) -> str:
    return f"{value:,.1f}" if abs(value) < 10 else f"{round(value):,}"


def _trend(trend: Trend, *, unit: str = "", percent_points: bool = False) -> str:
    arrow = trend.direction.value
    if trend.direction is Direction.FLAT:
        return f"{arrow} same as the week before"
    if percent_points:
        return f"{arrow} from {round(trend.before * 100)}%"
    change = trend.percent
    if change is None:
        return f"{arrow} from 0"
    return f"{arrow} {abs(change)}% (was {_number(trend.before)}{unit})"


def _figure_fields(summary: Summary) -> list[dict[str, Any]]:
    last, before = summary.last_week, summary.week_before
    fields = [
        ("Meetings", f"{last.meetings:,}", _trend(Trend(last.meetings, before.meetings))),
        (
            "Meeting hours",
            f"{_number(last.hours)} h",
            _trend(Trend(last.hours, before.hours), unit=" h"),
        ),
        (
            "Attendee-hours",
            f"{_number(last.attendee_hours)} h",
            _trend(Trend(last.attendee_hours, before.attendee_hours), unit=" h"),
        ),
    ]
    cost = last.cost(summary.hourly_rate)
    if cost is not None:
        previous = before.cost(summary.hourly_rate) or 0.0
        money = f"{round(cost):,} {summary.currency}".strip()
        fields.append(("Cost of attendee-hours", f"≈ {money}", _trend(Trend(cost, previous))))
    fields.append(("With an agenda", *_agenda(last, before)))
    focus, earlier = last.focus, before.focus
    fields.append(
        (
            "Focus hours protected",
            f"{_number(focus.focus_hours)} h",
            f"{focus.mentions_held:,} mentions held, {focus.mentions_delivered:,} delivered "
            f"later ({_trend(Trend(focus.focus_hours, earlier.focus_hours), unit=' h')})",
        )
    )
    fields.append(
        ("Urgent interruptions", f"{focus.urgent:,}", _trend(Trend(focus.urgent, earlier.urgent)))
    )
    return [
        {"type": "mrkdwn", "text": clip(f"*{name}*\n{value}  {change}", 2000)}
        for name, value, change in fields
    ]


def _agenda(last: WeekFigures, before: WeekFigures) -> tuple[str, str]:
    if last.agenda_share is None:
        return "–", "no meetings to judge"
    share = f"{round(last.agenda_share * 100)}%"
    if before.agenda_share is None:
        return share, ""
    return share, _trend(Trend(last.agenda_share, before.agenda_share), percent_points=True)


def _candidate_blocks(summary: Summary, names: Mapping[str, str]) -> list[dict[str, Any]]:
    if not summary.candidates:
        return [_section("*Coming 7 days:* nothing to question. Speedy, with agendas. Thank you!")]
    shown = summary.candidates[:MAX_CANDIDATES_SHOWN]
    blocks = [_section("*Coming 7 days: meetings to question*, most attendee-hours first")]
    blocks += [
        _section(_candidate_text(n, c, summary, names)) for n, c in enumerate(shown, start=1)
    ]
    more = len(summary.candidates) - len(shown)
    if more:
        blocks.append(_context(f"…and {more} more with fewer attendee-hours."))
    return blocks


def _title(title: str) -> str:
    return escape_mrkdwn(clip(title.strip() or "Untitled meeting", TITLE_CHARS))


def _organizer(user_id: str | None, names: Mapping[str, str]) -> str | None:
    name = names.get(user_id or "")
    return escape_mrkdwn(clip(name, 80)) if name else None


def _candidate_text(
    number: int, candidate: Candidate, summary: Summary, names: Mapping[str, str]
) -> str:
    times = f"{candidate.occurrences}× · " if candidate.occurrences > 1 else ""
    head = (
        f"*{number}. {_title(candidate.title)}*  {times}{candidate.minutes} min · "
        f"{candidate.people} people · {_number(candidate.attendee_hours)} attendee-hours"
    )
    reasons = ", ".join(reason_text(reason, candidate) for reason in candidate.reasons)
    if summary.focus_day is not None:
        reasons = reasons.replace("the focus day", WEEKDAYS[summary.focus_day] + ", the focus day")
    lines = [head, f"Why: {reasons}", f"Suggested: {candidate.action}"]
    organizer = _organizer(candidate.organizer_id, names)
    if organizer:
        lines.append(f"Organizer: {organizer}")
    return clip("\n".join(lines), MAX_SECTION_TEXT)


def _async_text(results: Sequence[AsyncTally]) -> str:
    title = "*Could these meetings have been async?*"
    if not results:
        return (
            f"{title}\nNo answers to show yet: a recurring meeting's answers appear here once "
            "at least 3 people have answered. Attendees are asked after a meeting, in their "
            "digest."
        )
    lines = [f"• {_title(t.title)}: {t.yes} yes · {t.partly} partly · {t.no} no" for t in results]
    return _fit(title, lines)


def questions_text(response: str, figures: QuestionFigures) -> str:
    """The channel line: questions asked here, the share answered within the channel's
    response time, and the median time to a first answer (counts only, no names)."""
    title = f"*Questions in this channel* (response time: {response})"
    if not figures.asked:
        return f"{title}\nNo questions asked of anyone by mention in the last 7 days."
    asked = "1 question" if figures.asked == 1 else f"{figures.asked:,} questions"
    parts = [f"{asked} asked of someone by mention in the last 7 days"]
    share = figures.share_within
    parts.append(
        "none due yet"
        if share is None
        else f"{round(share * 100)}% answered within the response time"
    )
    first = figures.median_first_answer
    parts.append(
        "none answered yet" if first is None else f"median first answer {format_duration(first)}"
    )
    return f"{title}\n" + " · ".join(parts)


def _history(hours: Sequence[float]) -> str:
    if len(hours) < 2:
        return "*Meeting hours, 90-day trend:* not enough weeks recorded yet."
    return (
        f"*Meeting hours, 90-day trend* ({len(hours)} weeks): {sparkline(hours)}  "
        f"from {_number(hours[0])} h to {_number(hours[-1])} h a week"
    )


def _review_line(number: int, review: SeriesReview, names: Mapping[str, str]) -> str:
    cadence = f"{review.per_week:.1f}".rstrip("0").rstrip(".")
    agenda = "agenda" if review.has_agenda else "no agenda"
    line = (
        f"{number}. *{_title(review.title)}*: {cadence}× a week · {review.minutes} min · "
        f"{review.people} people · {_number(review.attendee_hours_per_week)} attendee-hours "
        f"a week · {agenda}"
    )
    organizer = _organizer(review.organizer_id, names)
    if organizer:
        line += f" · organizer {organizer}"
    return line


def _fit(title: str, lines: Sequence[str]) -> str:
    text = title
    for line in lines:
        if len(text) + len(line) + 1 > MAX_SECTION_TEXT - 40:
            return text + "\n…and more."
        text += "\n" + line
    return text


def _pack(lines: Sequence[str]) -> list[dict[str, Any]]:
    """Lines joined into as few sections as fit Slack's text limit."""
    sections: list[dict[str, Any]] = []
    current = ""
    for whole in lines:
        line = clip(whole, MAX_SECTION_TEXT)
        if current and len(current) + 1 + len(line) > MAX_SECTION_TEXT:
            sections.append(_section(current))
            current = ""
        current = f"{current}\n{line}" if current else line
    if current:
        sections.append(_section(current))
    return sections


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, MAX_SECTION_TEXT)}}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(text, 2000)}]}
