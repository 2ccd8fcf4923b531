"""The "Make it async" setup modal (pure Block Kit) and what its submission says: a plan, or
what is wrong, next to the input it is about.

Every input carries an initial value, so that submitting the modal unchanged sets up the
check-in Kairos proposes: the default channel, the stand-up, the meeting's attendees, the
series' own days and time, answers due 4 working hours later.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from bot.blocks import clip, modal
from bot.checkins.model import (
    MAX_PEOPLE,
    MAX_QUESTION_CHARS,
    MAX_QUESTIONS,
    Cadence,
    CheckInPlan,
    PlanProblem,
    QuestionSet,
    questions_of,
    validate_plan,
)
from bot.checkins.words import day_names, due_option, problem_text, question_text, set_name
from bot.i18n import _
from bot.ids import USER_ID, View

# Block ids of the inputs; every input's action_id is INPUT (the block ids tell them apart).
INPUT = "value"
CHANNEL = "channel"
QUESTION_SET = "question_set"
QUESTION = "question_{n}"  # question_1 … question_5
PEOPLE = "people"
WEEKDAYS = "weekdays"
TIME = "time"
DUE = "due"
DUE_CHOICES = (120, 240, 480)
DEFAULT_DUE = 240
MAX_TITLE = 200
_CHANNEL = re.compile(r"[CG][A-Z0-9]{1,20}")
_CLOCK = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")
_QUESTION_BLOCK = re.compile(r"question_([0-9]{1,3})")
# Slack refuses an option's text or description past 75 characters.
MAX_OPTION = 75


@dataclass(frozen=True)
class SetupDefaults:
    """What the modal proposes for a recurring meeting."""

    series_key: str
    title: str
    channel_id: str | None  # None: no channel to propose, the organizer picks one
    people: tuple[str, ...]  # the attendees who are Slack users
    cadence: Cadence  # the series' own days and time, in the organizer's zone


@dataclass(frozen=True)
class Editing:
    """A check-in being edited: its id and its plan now (the edit modal's initial values)."""

    checkin_id: int
    plan: CheckInPlan


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def _option(text: str, value: str, description: str = "") -> dict[str, Any]:
    option: dict[str, Any] = {"text": _plain(clip(text, MAX_OPTION)), "value": value}
    if description:
        option["description"] = _plain(clip(description, MAX_OPTION))
    return option


def _input(block_id: str, label: str, element: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": block_id,
        "label": _plain(label),
        "element": {"action_id": INPUT, **element},
        **extra,
    }


def _set_options() -> list[dict[str, Any]]:
    options = []
    for question_set in QuestionSet:
        asked = " ".join(question_text(q) for q in questions_of(question_set))
        options.append(_option(set_name(question_set), question_set.value, asked))
    return options


def metadata(defaults: SetupDefaults, checkin_id: int | None = None) -> str:
    """What the modal carries back: the series, its title, the organizer's zone and rhythm,
    and the check-in an edit changes.

    Within Slack's 3,000 characters: a series key has at most 512 (bot/meetings/model.py)
    and the title is clipped; the key is kept whole, as a clipped one would name no series.
    """
    cadence = defaults.cadence
    first = cadence.first_week.isoformat() if cadence.first_week else None
    carried = {
        "series": defaults.series_key,
        "title": clip(defaults.title, MAX_TITLE),
        "zone": cadence.zone,
        "every": cadence.every_weeks,
        "first": first,
    }
    if checkin_id is not None:
        carried["checkin"] = checkin_id
    return json.dumps(carried, ensure_ascii=False, separators=(",", ":"))


def setup_modal(defaults: SetupDefaults, editing: Editing | None = None) -> dict[str, Any]:
    """The "Make it async" modal, filled in so that submitting it unchanged sets it up; with
    `editing`, the same inputs filled in with a check-in's plan, to change it."""
    cadence = defaults.cadence
    channel: dict[str, Any] = {
        "type": "conversations_select",
        "placeholder": _plain(_("A channel for the check-in thread")),
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    if defaults.channel_id and _CHANNEL.fullmatch(defaults.channel_id):
        channel["initial_conversation"] = defaults.channel_id
    sets = _set_options()
    chosen_set = editing.plan.question_set if editing else QuestionSet.STANDUP
    initial_set = next((o for o in sets if o["value"] == chosen_set.value), sets[0])
    own = editing.plan.questions if editing and chosen_set is QuestionSet.CUSTOM else ()
    people: dict[str, Any] = {
        "type": "multi_users_select",
        "placeholder": _plain(_("Who answers")),
        "max_selected_items": MAX_PEOPLE,
    }
    chosen = [user for user in dict.fromkeys(defaults.people) if USER_ID.fullmatch(user)]
    if chosen:
        people["initial_users"] = chosen[:MAX_PEOPLE]
    days = [_option(name, str(day)) for day, name in enumerate(day_names())]
    weekdays: dict[str, Any] = {"type": "checkboxes", "options": days}
    initial_days = [days[day] for day in sorted(cadence.weekdays) if 0 <= day <= 6]
    if initial_days:
        weekdays["initial_options"] = initial_days
    dues = [_option(due_option(minutes), str(minutes)) for minutes in DUE_CHOICES]
    due = editing.plan.due_working_minutes if editing else DEFAULT_DUE
    initial_due = next((o for o in dues if o["value"] == str(due)), dues[1])
    title = _escaped(clip(defaults.title.strip() or _("Untitled meeting"), MAX_TITLE))
    if editing is None:
        lead = _(
            "*{title}* as an async check-in: Kairos asks each person privately and "
            "posts their answers in a thread. Your calendar is not changed.",
            title=title,
        )
    else:
        lead = _(
            "Change *{title}*: the rounds still to come follow what you save here. A round "
            "that is open now runs as it was, up to its wrap-up.",
            title=title,
        )
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": lead}},
        _input(CHANNEL, _("Channel"), channel),
        _input(
            QUESTION_SET, _("Questions"),
            {"type": "radio_buttons", "options": sets, "initial_option": initial_set},
        ),
        *(
            _input(
                QUESTION.format(n=n), _("Your own question {n}", n=n),
                _question_input(own[n - 1] if n <= len(own) else ""),
                optional=True,
            )
            for n in range(1, MAX_QUESTIONS + 1)
        ),
        _input(
            PEOPLE, _("People"), people,
            hint=_plain(_("At most 50 people.")),
        ),
        _input(WEEKDAYS, _("Ask on"), weekdays),
        _input(
            TIME, _("At ({zone})", zone=cadence.zone),
            {"type": "timepicker", "initial_time": _clock(cadence.local_time)},
            hint=_plain(
                _("Each person is asked in their own working hours, outside focus and leave.")
            ),
        ),
        _input(
            DUE, _("Answers due"),
            {"type": "static_select", "options": dues, "initial_option": initial_due},
        ),
    ]  # fmt: skip
    if editing is not None:
        # TRANSLATORS: the edit modal's title and button (Slack allows 24 characters each).
        return modal(
            View.CHECKIN_EDIT,
            _("Edit check-in"),
            blocks,
            submit=_("Save"),
            private_metadata=metadata(defaults, editing.checkin_id),
        )
    # TRANSLATORS: the setup modal's title and button (Slack allows 24 characters each).
    return modal(
        View.CHECKIN_SETUP,
        _("Make it async"),
        blocks,
        submit=_("Set up"),
        private_metadata=metadata(defaults),
    )


def _question_input(initial: str) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "plain_text_input", "max_length": MAX_QUESTION_CHARS}
    if initial:
        element["initial_value"] = initial[:MAX_QUESTION_CHARS]
    return element


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clock(moment: time) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


# Reading the submission ---------------------------------------------------------------------


def _element(state: object, block_id: str) -> dict[str, Any]:
    block = state.get(block_id) if isinstance(state, dict) else None
    element = block.get(INPUT) if isinstance(block, dict) else None
    return element if isinstance(element, dict) else {}


def _selected(element: dict[str, Any]) -> str:
    option = element.get("selected_option")
    value = option.get("value") if isinstance(option, dict) else None
    return value if isinstance(value, str) else ""


def _questions(state: object) -> list[str]:
    """The questions typed, in the order of their inputs (empty ones left out)."""
    numbered = []
    for block_id in state if isinstance(state, dict) else ():
        found = _QUESTION_BLOCK.fullmatch(block_id)
        typed = _element(state, block_id).get("value") if found else None
        if found and isinstance(typed, str) and typed.strip():
            numbered.append((int(found.group(1)), " ".join(typed.split())))
    return [question for _number, question in sorted(numbered)]


def _people(element: dict[str, Any]) -> list[str] | None:
    users = element.get("selected_users")
    if not isinstance(users, list) or not all(isinstance(u, str) for u in users):
        return None
    return list(dict.fromkeys(users))


def _weekdays(element: dict[str, Any]) -> frozenset[int] | None:
    options = element.get("selected_options")
    if not isinstance(options, list):
        return frozenset()
    values = [o.get("value") if isinstance(o, dict) else None for o in options]
    if not all(isinstance(v, str) and v.isdigit() and int(v) <= 6 for v in values):
        return None
    return frozenset(int(str(v)) for v in values)


def _read_time(element: dict[str, Any]) -> time | None:
    found = _CLOCK.fullmatch(str(element.get("selected_time") or ""))
    return time(int(found.group(1)), int(found.group(2))) if found else None


def _carried(private_metadata: str) -> dict[str, Any] | None:
    try:
        carried = json.loads(private_metadata)
    except ValueError:
        return None
    ok = isinstance(carried, dict) and all(
        isinstance(carried.get(key), kind)
        for key, kind in (("series", str), ("title", str), ("zone", str), ("every", int))
    )
    return carried if ok else None


def series_key(private_metadata: str) -> str | None:
    """The series the submitted modal sets up (None when the metadata is unreadable)."""
    carried = _carried(private_metadata)
    return None if carried is None else str(carried["series"])


def checkin_of(private_metadata: str) -> int | None:
    """The check-in a submitted edit modal changes (None: not an edit, or unreadable)."""
    carried = _carried(private_metadata)
    found = carried.get("checkin") if carried else None
    # bool is an int too: only a real id counts.
    return found if isinstance(found, int) and not isinstance(found, bool) and found > 0 else None


def _first_week(carried: dict[str, Any]) -> date | None:
    try:
        return date.fromisoformat(carried["first"]) if carried.get("first") else None
    except (TypeError, ValueError):
        return None


# Where each of the model's problems is said: next to the input it is about.
PROBLEM_BLOCKS = {
    PlanProblem.NO_CHANNEL: CHANNEL,
    PlanProblem.NO_QUESTIONS: QUESTION.format(n=1),
    PlanProblem.TOO_MANY_QUESTIONS: QUESTION.format(n=1),
    PlanProblem.EMPTY_QUESTION: QUESTION.format(n=1),
    PlanProblem.LONG_QUESTION: QUESTION.format(n=1),
    PlanProblem.NO_PEOPLE: PEOPLE,
    PlanProblem.TOO_MANY_PEOPLE: PEOPLE,
    PlanProblem.NO_WEEKDAY: WEEKDAYS,
    PlanProblem.BAD_WEEKDAY: WEEKDAYS,
    PlanProblem.BAD_EVERY_WEEKS: TIME,
    PlanProblem.UNKNOWN_ZONE: TIME,
    PlanProblem.BAD_DUE: DUE,
}


def parse_setup(view_state: object, private_metadata: str) -> CheckInPlan | dict[str, str]:
    """The plan the submitted modal describes, or what is wrong by block id (for Slack's
    `response_action: errors`), each problem next to its input."""
    carried = _carried(private_metadata)
    if carried is None:
        return {CHANNEL: _("This form is out of date. Close it and click “Make it async” again.")}
    errors: dict[str, str] = {}
    channel = _element(view_state, CHANNEL).get("selected_conversation")
    if not isinstance(channel, str) or not _CHANNEL.fullmatch(channel):
        errors[CHANNEL] = problem_text(PlanProblem.NO_CHANNEL)
    chosen = _selected(_element(view_state, QUESTION_SET))
    question_set = QuestionSet(chosen) if chosen in set(QuestionSet) else None
    typed = _questions(view_state)
    if question_set is None:
        errors[QUESTION_SET] = _("Pick a set of questions, or your own.")
    elif question_set is not QuestionSet.CUSTOM and typed:
        own = set_name(QuestionSet.CUSTOM)
        errors[QUESTION_SET] = _(
            "Pick “{own}” to ask the questions you wrote, or clear them.", own=own
        )
    questions = tuple(typed) if question_set is QuestionSet.CUSTOM else ()
    if question_set not in (None, QuestionSet.CUSTOM):
        questions = questions_of(question_set)
    people = _people(_element(view_state, PEOPLE))
    if people is None or not all(USER_ID.fullmatch(user) for user in people):
        errors[PEOPLE] = _("Pick people from your workspace.")
    weekdays = _weekdays(_element(view_state, WEEKDAYS))
    if weekdays is None:
        errors[WEEKDAYS] = problem_text(PlanProblem.BAD_WEEKDAY)
    local_time = _read_time(_element(view_state, TIME))
    if local_time is None:
        errors[TIME] = _("Pick a time of day, like 09:30.")
    due = _selected(_element(view_state, DUE))
    if due not in {str(minutes) for minutes in DUE_CHOICES}:
        errors[DUE] = problem_text(PlanProblem.BAD_DUE)
    cadence = Cadence(
        weekdays=weekdays or frozenset(),
        local_time=local_time or time(9),
        zone=str(carried["zone"]),
        every_weeks=int(carried["every"]),
        first_week=_first_week(carried),
    )
    plan = CheckInPlan(
        title=str(carried["title"]),
        channel_id=channel if isinstance(channel, str) else "",
        questions=questions,
        question_set=question_set or QuestionSet.CUSTOM,
        people=tuple(people or ()),
        cadence=cadence,
        due_working_minutes=int(due) if due.isdigit() else DEFAULT_DUE,
    )
    for problem in validate_plan(plan):
        block_id = PROBLEM_BLOCKS[problem]
        if question_set is not QuestionSet.CUSTOM and block_id == QUESTION.format(n=1):
            continue  # a ready-made set is never wrong; the set's own error says the rest
        errors.setdefault(block_id, problem_text(problem))
    return errors or plan
