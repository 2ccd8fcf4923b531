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
from bot.cleanup.model import Candidate, SeriesReview, Summary, sparkline
from bot.cleanup.ranking import ranked_by_answers
from bot.cleanup.summary_async import candidates_heading, made_async_button, made_async_text
from bot.cleanup.summary_words import (
    action_text,
    count_text,
    figure_fields,
    number_text,
    reason_text,
)
from bot.i18n import _, current_language, formats, ngettext, pgettext

MAX_CANDIDATES_SHOWN = 10
MAX_IMAGE_ALT_TEXT = 2000
MAX_IMAGE_TITLE = 2000
TITLE_CHARS = 120


def review_question() -> str:
    """What the quarterly review asks of each recurring meeting."""
    return _("For each: *keep*, *shorten*, *make async* or *cancel*? Answer in this thread.")


def summary_message(summary: Summary, names: Mapping[str, str]) -> Rendered:
    """The summary post: last week against the week before, then the coming week.

    Organizers are shown by name (`names`: user id to the name Slack shows), not mentioned:
    a mention in a channel notifies, and the summary must not call anyone out.
    """
    last, before = summary.last_week, summary.week_before
    heading = (
        _("Quarterly Meeting Cleanup Day") if summary.quarterly else _("Weekly meeting cleanup")
    )
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": clip(heading, MAX_HEADER_TEXT)}},
        _context(_scope(summary)),
        _section(_("*Last 7 days* (against the 7 before)")),
        {"type": "section", "fields": figure_fields(summary)},
    ]
    if summary.quarterly:
        blocks.append(_section(_history(summary.history_hours)))
    blocks += [{"type": "divider"}, *_candidate_blocks(summary, names)]
    blocks += [{"type": "divider"}, _section(_async_text(summary.async_results))]
    async_work = made_async_text(summary.made_async)
    if async_work:
        blocks.append(_section(async_work))
    if summary.response is not None and summary.questions is not None:
        blocks.append(_section(questions_text(summary.response, summary.questions)))
    if summary.quarterly:
        count = len(summary.review)
        listed = _(
            "*Every recurring meeting, for review:* {count} series, listed in the thread.",
            count=count,
        )
        blocks.append(
            _section(
                listed + " " + review_question()
                if count
                else _("*Every recurring meeting, for review:* none in these calendars.")
            )
        )
    blocks.append(
        _context(
            _(
                "Counts and meetings, never names. Rules: speedy meetings (25 or 50 "
                "minutes), an agenda for every meeting, a meeting-free focus day."
            )
        )
    )
    text = _(
        "{heading}: {last} meetings in the last 7 days ({before} the week before), "
        "{count} to question in the coming week.",
        heading=heading,
        last=last.meetings,
        before=before.meetings,
        count=len(summary.candidates),
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
        blocks = [_section(review_question()), *part] if first == 0 else list(part)
        messages.append(Rendered(_("Recurring meetings for review"), blocks))
    return messages


def _scope(summary: Summary) -> str:
    people = summary.members_with_calendars
    return ngettext(
        "Meetings in the calendars of the {n} member of this channel who connected one, each "
        "counted once. Private events count as busy time only.",
        "Meetings in the calendars of the {n} members of this channel who connected one, each "
        "counted once. Private events count as busy time only.",
        people,
    )


def _candidate_blocks(summary: Summary, names: Mapping[str, str]) -> list[dict[str, Any]]:
    if not summary.candidates:
        return [
            _section(_("*Coming 7 days:* nothing to question. Speedy, with agendas. Thank you!"))
        ]
    shown = summary.candidates[:MAX_CANDIDATES_SHOWN]
    by_answers = ranked_by_answers(shown, summary.async_results)
    blocks = [_section(candidates_heading(by_answers))]
    for n, candidate in enumerate(shown, start=1):
        block = _section(_candidate_text(n, candidate, summary, names))
        button = made_async_button(candidate)
        if button:
            block["accessory"] = button
        blocks.append(block)
    more = len(summary.candidates) - len(shown)
    if more:
        blocks.append(_context(_("…and {more} more with fewer attendee-hours.", more=more)))
    return blocks


def _title(title: str) -> str:
    return escape_mrkdwn(clip(title.strip() or _("Untitled meeting"), TITLE_CHARS))


def _organizer(user_id: str | None, names: Mapping[str, str]) -> str | None:
    name = names.get(user_id or "")
    return escape_mrkdwn(clip(name, 80)) if name else None


def _candidate_text(
    number: int, candidate: Candidate, summary: Summary, names: Mapping[str, str]
) -> str:
    times = f"{candidate.occurrences}× · " if candidate.occurrences > 1 else ""
    head = _(
        "*{number}. {title}*  {times}{minutes} min · {people} people · {hours} attendee-hours",
        number=number,
        title=_title(candidate.title),
        times=times,
        minutes=candidate.minutes,
        people=candidate.people,
        hours=number_text(candidate.attendee_hours),
    )
    reasons = ", ".join(
        reason_text(reason, candidate, summary.focus_day) for reason in candidate.reasons
    )
    lines = [
        head,
        _("Why: {reasons}", reasons=reasons),
        _("Suggested: {action}", action=action_text(candidate, summary.focus_day)),
    ]
    organizer = _organizer(candidate.organizer_id, names)
    if organizer:
        lines.append(_("Organizer: {name}", name=organizer))
    return clip("\n".join(lines), MAX_SECTION_TEXT)


def _async_text(results: Sequence[AsyncTally]) -> str:
    title = _("*Could these meetings have been async?*")
    if not results:
        return (
            title
            + "\n"
            + _(
                "No answers to show yet: a recurring meeting's answers appear here once "
                "at least 3 people have answered. Attendees are asked after a meeting, in their "
                "digest."
            )
        )
    lines = [
        _(
            "• {title}: {yes} yes · {partly} partly · {no} no",
            title=_title(t.title),
            yes=t.yes,
            partly=t.partly,
            no=t.no,
        )
        for t in results
    ]
    return _fit(title, lines)


def questions_text(response: str, figures: QuestionFigures) -> str:
    """The channel line: questions asked here, the share answered within the channel's
    response time, and the median time to a first answer (counts only, no names)."""
    title = _("*Questions in this channel* (response time: {response})", response=response)
    if not figures.asked:
        return title + "\n" + _("No questions asked of anyone by mention in the last 7 days.")
    parts = [
        ngettext(
            "{n} question asked of someone by mention in the last 7 days",
            "{n} questions asked of someone by mention in the last 7 days",
            figures.asked,
            n=count_text(figures.asked),
        )
    ]
    share = figures.share_within
    parts.append(
        _("none due yet")
        if share is None
        else _("{percent}% answered within the response time", percent=round(share * 100))
    )
    first = figures.median_first_answer
    parts.append(
        _("none answered yet")
        if first is None
        else _("median first answer {time}", time=formats.duration(first, current_language()))
    )
    return title + "\n" + " · ".join(parts)


def _history(hours: Sequence[float]) -> str:
    if len(hours) < 2:
        return _("*Meeting hours, 90-day trend:* not enough weeks recorded yet.")
    return _(
        "*Meeting hours, 90-day trend* ({weeks} weeks): {chart}  from {first} h to {last} h a week",
        weeks=len(hours),
        chart=sparkline(hours),
        first=number_text(hours[0]),
        last=number_text(hours[-1]),
    )


def _review_line(number: int, review: SeriesReview, names: Mapping[str, str]) -> str:
    language = current_language()
    if language == "en":
        cadence = f"{review.per_week:.1f}".rstrip("0").rstrip(".")
    else:
        cadence = formats.number(round(review.per_week, 1), language)
    if review.has_agenda:
        agenda = pgettext("quarterly review", "agenda")
    else:
        agenda = pgettext("quarterly review", "no agenda")
    line = _(
        "{number}. *{title}*: {cadence}× a week · {minutes} min · {people} people · "
        "{hours} attendee-hours a week · {agenda}",
        number=number,
        title=_title(review.title),
        cadence=cadence,
        minutes=review.minutes,
        people=review.people,
        hours=number_text(review.attendee_hours_per_week),
        agenda=agenda,
    )
    organizer = _organizer(review.organizer_id, names)
    if organizer:
        line += " · " + pgettext("quarterly review", "organizer {name}", name=organizer)
    return line


def _fit(title: str, lines: Sequence[str]) -> str:
    text = title
    for line in lines:
        if len(text) + len(line) + 1 > MAX_SECTION_TEXT - 40:
            return text + "\n" + _("…and more.")
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
