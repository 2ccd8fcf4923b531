"""Check-ins from App Home and the edit flow: the tab's Pause, Resume and Stop (which publish
the tab again), "Make it async" next to one's own recurring meetings, and Edit (in the tab
and in `/kairos async`'s list) with its modal."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.checkins.service import pause, resume, stop
from bot.checkins.service_edit import Refused, edit_modal_for, update_checkin
from bot.checkins.setup_messages import CHANNEL, checkin_of, parse_setup
from bot.errors import UnreadableValue
from bot.ids import Action, View
from bot.slack.blocks.help import unreadable_form
from bot.slack.deps import Deps
from bot.slack.listeners.checkins import OrganizerStep, make_async_press
from bot.slack.listeners.forms import modal_parts, submitter
from bot.slack.listeners.home_tab import publish_home
from bot.slack.parse import parse_interaction
from bot.slack.replies import answer_press

_HOME_STEPS: dict[Action, OrganizerStep] = {
    Action.HOME_CHECKIN_PAUSE: pause,
    Action.HOME_CHECKIN_RESUME: resume,
    Action.HOME_CHECKIN_STOP: stop,
}


def _checkin_id(value: object) -> int | None:
    """A check-in's id as a button carries it back (digits; anything else was not Kairos's)."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


def register(app: App, deps: Deps) -> None:
    """The Home tab's check-in buttons, and Edit with its modal."""

    def home_step(step: OrganizerStep) -> Callable[..., None]:
        def on_press(
            ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
        ) -> None:
            ack()
            pressed = parse_interaction(body, action)
            checkin_id = _checkin_id(pressed.value) if pressed else None
            if pressed is None or checkin_id is None:
                return  # not a press Kairos made: nothing to change
            # The tab published again is the answer: it shows the check-in as it is now (a
            # refusal, say a check-in stopped elsewhere meanwhile, shows as its absence).
            step(deps.uow, pressed.user_id, checkin_id, deps.clock.now())
            publish_home(deps, client, pressed.user_id)

        return on_press

    # Resuming asks Slack first whether Kairos can still post in the check-in's channel.
    steps: dict[Action, OrganizerStep] = {
        **_HOME_STEPS,
        Action.HOME_CHECKIN_RESUME: partial(resume, slack=deps.slack),
    }
    for action_id, step in steps.items():
        app.action(action_id)(home_step(step))

    # The same modal as the agenda nudge's button.
    app.action(Action.HOME_MAKE_ASYNC)(make_async_press(deps))

    @app.action(Action.CHECKIN_EDIT)
    def on_edit(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        ack()
        pressed = parse_interaction(body, action)
        checkin_id = _checkin_id(pressed.value) if pressed else None
        if pressed is None or pressed.trigger_id is None or checkin_id is None:
            return  # no one to open the modal for
        found = edit_modal_for(deps.uow, pressed.user_id, checkin_id)
        if isinstance(found, str):
            answer_press(deps.slack, respond, pressed, found)
            return
        client.views_open(trigger_id=pressed.trigger_id, view=found)

    @app.view(View.CHECKIN_EDIT)
    def on_edited(ack: Ack, body: dict[str, Any], view: object, client: WebClient) -> None:
        organizer, parts = submitter(body), modal_parts(view)
        checkin_id = checkin_of(parts.metadata)
        if checkin_id is None:
            raise UnreadableValue(unreadable_form(), field=CHANNEL)
        plan = parse_setup(parts.values, parts.metadata)
        if isinstance(plan, dict):
            ack(response_action="errors", errors=plan)
            return
        saved = update_checkin(deps.uow, deps.slack, organizer, checkin_id, plan, deps.clock.now())
        if isinstance(saved, Refused):
            ack(response_action="errors", errors=saved.errors)
            return
        ack()
        deps.wake_sweep()  # a round of the new plan due now opens at once
        publish_home(deps, client, organizer)
