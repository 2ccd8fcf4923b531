"""The weekly summary's async part as Block Kit (pure): hours given back by meetings made
async, check-in answer rates, notes and actions, and each candidate's "Make it async".

Counts only. A check-in is named by its title (its answers are in its own thread anyway);
nobody is named for not answering, for notes not left, or for an action still open.
"""

from __future__ import annotations

from typing import Any

from bot.blocks import MAX_SECTION_TEXT, clip, escape_mrkdwn
from bot.cleanup.async_figures import AsyncFigures, CheckInRate
from bot.cleanup.model import Candidate
from bot.cleanup.summary_words import count_text, number_text
from bot.i18n import _, ngettext
from bot.ids import Action

MAX_RATES_SHOWN = 8
TITLE_CHARS = 80
# Slack's limit on a button's value; a series key is far shorter (SERIES_KEY_CHARS).
MAX_BUTTON_VALUE = 2000


def made_async_button(candidate: Candidate) -> dict[str, Any] | None:
    """The candidate's "Make it async" button: for a recurring series only (a check-in
    replaces a series); whoever presses it, only its organizer can set one up."""
    if not candidate.recurring or not candidate.series_key:
        return None
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": _("Make it async")},
        "action_id": Action.SUMMARY_MAKE_ASYNC.value,
        "value": clip(candidate.series_key, MAX_BUTTON_VALUE),
    }


def candidates_heading(by_answers: bool) -> str:
    """The heading of the coming week's candidates, saying how they are ordered."""
    if by_answers:
        return _(
            "*Coming 7 days: meetings to question*, those your answers most say could be "
            "async first, then most attendee-hours"
        )
    return _("*Coming 7 days: meetings to question*, most attendee-hours first")


def _percent(share: float) -> int:
    # Half up, as people round (5 of 8 is 63%); round() would give the even 62.
    return int(share * 100 + 0.5)


def _given_back(figures: AsyncFigures) -> str | None:
    if figures.given_back_total <= 0:
        return None
    if figures.given_back_week <= 0:
        return _(
            "{total} attendee-hours a week given back by meetings made async",
            total=number_text(figures.given_back_total),
        )
    return _(
        "{total} attendee-hours a week given back by meetings made async ({week} of them "
        "this week)",
        total=number_text(figures.given_back_total),
        week=number_text(figures.given_back_week),
    )


def _rate_line(rate: CheckInRate) -> str:
    title = escape_mrkdwn(clip(rate.title.strip() or _("Check-in"), TITLE_CHARS))
    share = rate.share
    if share is None:
        return ngettext(
            "• {title}: nobody was asked in its {n} round",
            "• {title}: nobody was asked in its {n} rounds",
            rate.rounds,
            title=title,
        )
    return ngettext(
        "• {title}: {answered} of {asked} answers in {n} round ({percent}%)",
        "• {title}: {answered} of {asked} answers in {n} rounds ({percent}%)",
        rate.rounds,
        title=title,
        answered=count_text(rate.answered),
        asked=count_text(rate.asked),
        percent=_percent(share),
    )


def _rates(figures: AsyncFigures) -> list[str]:
    if not figures.rates:
        return []
    shown = figures.rates[:MAX_RATES_SHOWN]
    lines = [_("*Check-in answers* in the last 7 days:"), *(_rate_line(r) for r in shown)]
    more = len(figures.rates) - len(shown)
    if more:
        lines.append(ngettext("…and {n} more check-in.", "…and {n} more check-ins.", more))
    return lines


def _notes(figures: AsyncFigures) -> str | None:
    share = figures.notes_share
    if share is None:
        return None
    return ngettext(
        "*Notes:* {posted} of {n} meeting asked for notes left them ({percent}%)",
        "*Notes:* {posted} of {n} meetings asked for notes left them ({percent}%)",
        figures.notes_asked,
        posted=count_text(figures.notes_posted),
        percent=_percent(share),
    )


def _actions(figures: AsyncFigures) -> str | None:
    if not figures.actions_open and not figures.actions_done:
        return None
    return _(
        "*Actions from notes:* {open} open · {done} done in the last 7 days",
        open=count_text(figures.actions_open),
        done=count_text(figures.actions_done),
    )


def made_async_text(figures: AsyncFigures) -> str | None:
    """The summary's section on async work, or None when there is nothing to show."""
    if not figures.shown:
        return None
    lines = [_("*Async work*")]
    given = _given_back(figures)
    if given:
        lines.append(given)
    lines += _rates(figures)
    lines += [line for line in (_notes(figures), _actions(figures)) if line]
    return clip("\n".join(lines), MAX_SECTION_TEXT)
