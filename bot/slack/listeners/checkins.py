"""The async check-in: its setup modal, `/kairos async`, the ask's Answer and Skip buttons and
the answer modal, and the list's Pause, Resume and Stop."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.checkins.messages import ANSWER, parse_answers
from bot.checkins.organizer_messages import checkins_list
from bot.checkins.service import (
    Refused,
    answer_modal_for,
    checkins_of,
    create_checkin,
    pause,
    post_recorded,
    record_answers,
    resume,
    setup_defaults,
    skip,
    stop,
)
from bot.checkins.setup_messages import CHANNEL, parse_setup, series_key, setup_modal
from bot.db.uow import UnitOfWork
from bot.errors import UnreadableValue
from bot.ids import Action, View
from bot.meetings.messages import async_how_to
from bot.slack.blocks.help import unreadable_form
from bot.slack.deps import Deps
from bot.slack.listeners.forms import STALE_TRIGGER, modal_parts, submitter
from bot.slack.listeners.home_tab import publish_home
from bot.slack.parse import Interaction, SlashCommand, parse_interaction
from bot.slack.replies import answer_press

log = logging.getLogger(__name__)


OrganizerStep = Callable[[UnitOfWork, str, int, datetime], str]
_ORGANIZER_STEPS: dict[Action, OrganizerStep] = {
    Action.CHECKIN_PAUSE: pause,
    Action.CHECKIN_RESUME: resume,
    Action.CHECKIN_STOP: stop,
}


def _id(value: object, field: str | None = None) -> int:
    """A check-in's or round's id as a button or a modal carries it back (a database id:
    digits, well inside 64 bits; anything else was not made by Kairos)."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    raise UnreadableValue(unreadable_form() if field else None, field=field)


def offer_setup(
    deps: Deps, client: WebClient, respond: Respond, pressed: Interaction, series: str | None
) -> None:
    """Make it async, wherever its button is: the setup modal for a series, or the how-to
    when no modal can be opened (no trigger, or Slack refused it)."""
    trigger = pressed.trigger_id
    if trigger is None or not _open_setup(deps, client, pressed.user_id, series, trigger):
        answer_press(deps.slack, respond, pressed, async_how_to())


def make_async_press(deps: Deps) -> Callable[..., None]:
    """The listener of a "Make it async" button whose value is its series key (the agenda
    nudge's, App Home's): the setup modal, or the how-to."""

    def on_make_async(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        ack()
        pressed = parse_interaction(body, action)
        if pressed is not None:
            offer_setup(deps, client, respond, pressed, pressed.value or None)

    return on_make_async


def _open_setup(
    deps: Deps, client: WebClient, user_id: str, series: str | None, trigger_id: str
) -> bool:
    """Open the "Make it async" modal for a series; False when Slack would not open it."""
    defaults = setup_defaults(deps.uow, deps.slack, user_id, series, deps.clock.now())
    try:
        client.views_open(trigger_id=trigger_id, view=setup_modal(defaults))
    except SlackApiError as error:
        reason = error.response.get("error")
        level = logging.INFO if reason in STALE_TRIGGER else logging.WARNING
        log.log(level, "could not open the check-in setup: %s", reason)
        return False
    return True


def async_command(deps: Deps, typed: SlashCommand, ack: Ack) -> None:
    """`/kairos async`: the person's check-ins, with the organizer's buttons."""
    listed = checkins_list(checkins_of(deps.uow, typed.user_id, deps.clock.now()))
    ack(response_type="ephemeral", text=listed.text, blocks=listed.blocks)


def register(app: App, deps: Deps) -> None:
    """The setup modal's submission, the ask's buttons and modal, and the list's buttons."""

    @app.view(View.CHECKIN_SETUP)
    def on_setup(ack: Ack, body: dict[str, Any], view: object, client: WebClient) -> None:
        organizer, parts = submitter(body), modal_parts(view)
        plan = parse_setup(parts.values, parts.metadata)
        if isinstance(plan, dict):
            ack(response_action="errors", errors=plan)
            return
        series = series_key(parts.metadata) or None
        made = create_checkin(deps.uow, deps.slack, organizer, plan, series, deps.clock.now())
        if isinstance(made, Refused):
            ack(response_action="errors", errors=made.errors or {CHANNEL: unreadable_form()})
            return
        ack()
        deps.wake_sweep()  # a first round due now opens at once, not at the next tick
        publish_home(deps, client, organizer)  # App Home lists the check-in, not the meeting

    @app.action(Action.CHECKIN_ANSWER)
    def on_answer(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        ack()
        pressed = parse_interaction(body, action)
        if pressed is None or pressed.trigger_id is None:
            return  # no one to open the modal for
        found = answer_modal_for(deps.uow, pressed.user_id, _id(pressed.value))
        if isinstance(found, str):
            answer_press(deps.slack, respond, pressed, found)
            return
        client.views_open(trigger_id=pressed.trigger_id, view=found)

    @app.view(View.CHECKIN_ANSWERS)
    def on_answers(ack: Ack, body: dict[str, Any], view: object) -> None:
        person, parts = submitter(body), modal_parts(view)
        round_id = _id(parts.metadata, field=ANSWER.format(n=1))
        answers = parse_answers(parts.values)
        if isinstance(answers, dict):
            ack(response_action="errors", errors=answers)
            return
        now = deps.clock.now()
        got = record_answers(deps.uow, person, round_id, answers, now, language=deps.language)
        if isinstance(got, str):
            ack(response_action="errors", errors={ANSWER.format(n=1): got})
            return
        ack()  # before Slack is called: the post follows, or the sweep makes it
        if got is not None:
            deps.in_background(partial(post_recorded, deps.uow, deps.slack, got))

    @app.action(Action.CHECKIN_SKIP)
    def on_skip(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        pressed = parse_interaction(body, action)
        if pressed is not None:
            said = skip(deps.uow, pressed.user_id, _id(pressed.value), deps.clock.now())
            # The ask's buttons go: the reply takes its place.
            answer_press(deps.slack, respond, pressed, said, replace_original=True)

    def organizer_step(step: OrganizerStep) -> Callable[..., None]:
        def on_press(
            ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond
        ) -> None:
            ack()
            pressed = parse_interaction(body, action)
            if pressed is not None:
                said = step(deps.uow, pressed.user_id, _id(pressed.value), deps.clock.now())
                # In place of the list, whose buttons no longer match what the check-in is.
                answer_press(deps.slack, respond, pressed, said, replace_original=True)

        return on_press

    # Resuming asks Slack first whether Kairos can still post in the check-in's channel.
    steps: dict[Action, OrganizerStep] = {
        **_ORGANIZER_STEPS,
        Action.CHECKIN_RESUME: partial(resume, slack=deps.slack),
    }
    for action_id, step in steps.items():
        app.action(action_id)(organizer_step(step))
