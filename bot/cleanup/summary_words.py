"""How the weekly summary words its figures and its candidates' reasons, in the current
language (pure). English keeps the style it always had ("1,234.5", "31.5 h"); other
languages write numbers through bot/i18n/formats.py ("1.234,5")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.blocks import clip
from bot.cleanup.messages import weekday_name
from bot.cleanup.model import (
    LONG_MINUTES,
    Candidate,
    Direction,
    Reason,
    Summary,
    Trend,
    WeekFigures,
    deciding_reason,
    length_issue,
    speedy_target,
)
from bot.i18n import _, current_language, formats, ngettext


def number_text(value: float) -> str:
    """A figure: one decimal below 10, whole above (English keeps its own "1,234.5")."""
    language = current_language()
    if language == "en":
        return f"{value:,.1f}" if abs(value) < 10 else f"{round(value):,}"
    return formats.number(round(value, 1) if abs(value) < 10 else round(value), language)


def count_text(value: int) -> str:
    """A whole count with the language's thousands separator."""
    language = current_language()
    return f"{value:,}" if language == "en" else formats.number(value, language)


def hours_text(value: float) -> str:
    """A number of hours, short: `31.5 h` / `31,5 u`."""
    # TRANSLATORS: a number of hours, short ("31.5 h").
    return _("{hours} h", hours=number_text(value))


def _trend(
    trend: Trend, *, show: Callable[[float], str] = number_text, percent_points: bool = False
) -> str:
    arrow = trend.direction.value
    if trend.direction is Direction.FLAT:
        return _("{arrow} same as the week before", arrow=arrow)
    if percent_points:
        return _("{arrow} from {percent}%", arrow=arrow, percent=round(trend.before * 100))
    change = trend.percent
    if change is None:
        return _("{arrow} from 0", arrow=arrow)
    return _(
        "{arrow} {change}% (was {before})",
        arrow=arrow,
        change=abs(change),
        before=show(trend.before),
    )


def figure_fields(summary: Summary) -> list[dict[str, Any]]:
    """The figures of the last 7 days against the 7 before, as section fields."""
    last, before = summary.last_week, summary.week_before
    fields = [
        (_("Meetings"), count_text(last.meetings), _trend(Trend(last.meetings, before.meetings))),
        (
            _("Meeting hours"),
            hours_text(last.hours),
            _trend(Trend(last.hours, before.hours), show=hours_text),
        ),
        (
            _("Attendee-hours"),
            hours_text(last.attendee_hours),
            _trend(Trend(last.attendee_hours, before.attendee_hours), show=hours_text),
        ),
    ]
    cost = last.cost(summary.hourly_rate)
    if cost is not None:
        previous = before.cost(summary.hourly_rate) or 0.0
        # The currency is the operator's own text (KAIROS_CURRENCY), after the amount.
        money = f"{count_text(round(cost))} {summary.currency}".strip()
        fields.append((_("Cost of attendee-hours"), f"≈ {money}", _trend(Trend(cost, previous))))
    fields.append((_("With an agenda"), *_agenda(last, before)))
    focus, earlier = last.focus, before.focus
    focus_trend = _trend(Trend(focus.focus_hours, earlier.focus_hours), show=hours_text)
    fields.append(
        (
            _("Focus hours protected"),
            hours_text(focus.focus_hours),
            ngettext(
                "{held} mention held, {delivered} delivered later ({trend})",
                "{held} mentions held, {delivered} delivered later ({trend})",
                focus.mentions_held,
                held=count_text(focus.mentions_held),
                delivered=count_text(focus.mentions_delivered),
                trend=focus_trend,
            ),
        )
    )
    fields.append(
        (
            _("Urgent interruptions"),
            count_text(focus.urgent),
            _trend(Trend(focus.urgent, earlier.urgent)),
        )
    )
    return [
        {"type": "mrkdwn", "text": clip(f"*{name}*\n{value}  {change}", 2000)}
        for name, value, change in fields
    ]


def _agenda(last: WeekFigures, before: WeekFigures) -> tuple[str, str]:
    if last.agenda_share is None:
        return "–", _("no meetings to judge")
    share = f"{round(last.agenda_share * 100)}%"
    if before.agenda_share is None:
        return share, ""
    return share, _trend(Trend(last.agenda_share, before.agenda_share), percent_points=True)


# The words of each reason and action that needs no figure, looked up when the summary is
# built (the reader's language is known only then).
_REASONS: dict[Reason, Callable[[], str]] = {
    Reason.RECURRING_NO_AGENDA: lambda: _("recurring without an agenda"),
    Reason.NOT_SPEEDY: lambda: _("not speedy"),
    Reason.LARGE: lambda: _("8+ people"),
    Reason.FOCUS_DAY: lambda: _("on the focus day"),
    Reason.OVERLAPS_FOCUS: lambda: _("overlaps focus time"),
    Reason.NO_END: lambda: _("recurring with no end date"),
}
_ACTIONS: dict[Reason, Callable[[], str]] = {
    Reason.RECURRING_NO_AGENDA: lambda: _("Add an agenda, or move it to async"),
    Reason.LARGE: lambda: _("Invite only the people who decide; share notes with the rest"),
    Reason.FOCUS_DAY: lambda: _("Move it off the focus day"),
    Reason.OVERLAPS_FOCUS: lambda: _("Move it out of people's focus time"),
    Reason.NO_END: lambda: _("Give the series an end date, and review it then"),
}


def reason_text(reason: Reason, candidate: Candidate, focus_day: int | None) -> str:
    """A reason as the summary words it for this candidate (model.Reason names it)."""
    if reason is Reason.NOT_SPEEDY:
        issue = length_issue(candidate.minutes)
        if issue == "no break":
            return _("30 minutes leaves no break: 25 is the speedy length")
        if issue == "long":
            return _(
                "{minutes} minutes: longer than {limit}",
                minutes=candidate.minutes,
                limit=LONG_MINUTES,
            )
    if reason is Reason.FOCUS_DAY and focus_day is not None:
        return _("on {day}, the focus day", day=weekday_name(focus_day))
    return _REASONS[reason]()


def action_text(candidate: Candidate, focus_day: int | None) -> str:
    """The one suggested action, for the candidate's weightiest reason."""
    reason = deciding_reason(candidate.reasons)
    if reason is Reason.NOT_SPEEDY:
        return _("Shorten it to {target} minutes", target=speedy_target(candidate.minutes))
    if reason is Reason.FOCUS_DAY and focus_day is not None:
        return _("Move it off {day}", day=weekday_name(focus_day))
    return _ACTIONS[reason]()
