"""The check-in's words (pure): ready-made questions, days, the cadence, due times and what is
wrong with a plan, in the current language."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.checkins.model import Cadence, PlanProblem, QuestionSet
from bot.i18n import _, current_language, ngettext, pgettext
from bot.i18n.formats import number, time_of_day, weekday, weekday_date_time

# A Monday: weekday names come from Babel for a day of this week.
_A_MONDAY = date(2024, 1, 1)
UTC_ZONE = ZoneInfo("UTC")


def question_text(question: str) -> str:
    """A question as the reader reads it: a ready-made one translated, one's own as typed."""
    # The model keeps the English texts (its message ids); a literal each, so that the
    # extractor finds them.
    ready_made = {
        "What did you finish?": _("What did you finish?"),
        "What's next?": _("What's next?"),
        "Anything blocking?": _("Anything blocking?"),
        "What moved forward?": _("What moved forward?"),
        "Anything at risk or blocked?": _("Anything at risk or blocked?"),
        "What went well?": _("What went well?"),
        "What could have gone better?": _("What could have gone better?"),
        "What should we try next time?": _("What should we try next time?"),
    }
    return ready_made.get(question, question)


def set_name(question_set: QuestionSet) -> str:
    """The name of a question set, as the setup modal offers it."""
    names = {
        QuestionSet.STANDUP: _("Stand-up"),
        QuestionSet.STATUS: _("Status update"),
        QuestionSet.RETRO: _("Retro"),
        QuestionSet.CUSTOM: _("Your own questions (below)"),
    }
    return names[question_set]


def day_names() -> tuple[str, ...]:
    """The days of the week as the setup modal's checkboxes name them, Monday first."""
    return (
        pgettext("check-in days", "Monday"),
        pgettext("check-in days", "Tuesday"),
        pgettext("check-in days", "Wednesday"),
        pgettext("check-in days", "Thursday"),
        pgettext("check-in days", "Friday"),
        pgettext("check-in days", "Saturday"),
        pgettext("check-in days", "Sunday"),
    )


def _short_day(day: int, language: str) -> str:
    noon = datetime.combine(_A_MONDAY + timedelta(days=day), datetime.min.time(), UTC)
    return weekday(noon + timedelta(hours=12), UTC_ZONE, language)


def cadence_text(cadence: Cadence) -> str:
    """When rounds open, in a few words: `Mon, Wed at 09:30 (Europe/Amsterdam)`."""
    language = current_language()
    days = ", ".join(_short_day(day, language) for day in sorted(cadence.weekdays))
    clock = datetime.combine(_A_MONDAY, cadence.local_time.replace(tzinfo=None), UTC)
    at = time_of_day(clock, UTC_ZONE, language)
    if cadence.every_weeks <= 1:
        return _("{days} at {time} ({zone})", days=days, time=at, zone=cadence.zone)
    return ngettext(
        "every {n} week on {days} at {time} ({zone})",
        "every {n} weeks on {days} at {time} ({zone})",
        cadence.every_weeks,
        days=days,
        time=at,
        zone=cadence.zone,
    )


def due_text(due_at: datetime, zone: ZoneInfo, *, with_zone: bool) -> str:
    """When answers are due: `Tue 8 Dec at 13:30`, with the zone for a channel's readers."""
    when = weekday_date_time(due_at, zone, current_language())
    return f"{when} ({zone.key})" if with_zone else when


def due_option(minutes: int) -> str:
    """An option of "Answers due": `4 working hours later`."""
    hours = minutes // 60
    return ngettext("{n} working hour later", "{n} working hours later", hours)


def hours_text(hours: float) -> str:
    """Attendee-hours, rounded to a half: `4.5` / `4,5`."""
    return number(round(hours * 2) / 2, current_language())


def problem_text(problem: PlanProblem) -> str:
    """What is wrong with a plan, said next to the input it is about (at most 150 chars)."""
    texts = {
        PlanProblem.NO_CHANNEL: _("Pick the channel to post the check-in in."),
        PlanProblem.NO_QUESTIONS: _("Write at least one question, or pick a ready-made set."),
        PlanProblem.TOO_MANY_QUESTIONS: _("A check-in has at most 5 questions."),
        PlanProblem.EMPTY_QUESTION: _("A question can't be empty."),
        PlanProblem.LONG_QUESTION: _("Keep each question to 150 characters."),
        PlanProblem.NO_PEOPLE: _("Pick at least one person to ask."),
        PlanProblem.TOO_MANY_PEOPLE: _("A check-in asks at most 50 people."),
        PlanProblem.NO_WEEKDAY: _("Pick at least one day."),
        PlanProblem.BAD_WEEKDAY: _("Pick days from Monday to Sunday."),
        PlanProblem.BAD_EVERY_WEEKS: _(
            "This meeting repeats too rarely for a check-in. Close this and try again."
        ),
        PlanProblem.UNKNOWN_ZONE: _(
            "I don't know your time zone. Set it in Slack, then try again."
        ),
        PlanProblem.BAD_DUE: _("Pick when answers are due."),
    }
    return texts[problem]
