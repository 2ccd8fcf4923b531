"""The admin section of App Home: each Change button opens its modal, and each modal saves
through the same use case as its `/kairos` command (which checks who may, again)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.cleanup.admin import AdminSettings, change_summary, editable_settings
from bot.cleanup.admin_messages import (
    focus_day_modal,
    joining_modal,
    read_focus_day,
    read_joining,
    read_summary,
    summary_modal,
)
from bot.cleanup.config import Admins, focus_day_command, set_up_the_summary
from bot.i18n import _
from bot.ids import Action, View
from bot.slack.deps import Deps
from bot.slack.listeners.forms import modal_parts, submitter
from bot.slack.listeners.home_tab import publish_home
from bot.slack.parse import parse_interaction
from bot.workspace.messages import change_the_joining
from bot.workspace.service import channels_command


# What each button asks to do, as a refusal words it ("Only a workspace admin or owner can
# …"), and the command for it: built at each press, in the presser's language.
def _summary() -> tuple[str, str]:
    return set_up_the_summary(), "/kairos summary here"


def _focus_day() -> tuple[str, str]:
    # TRANSLATORS: completes "Only a workspace admin or owner can …".
    return _("set the focus day"), "/kairos focus-day friday"


def _joining() -> tuple[str, str]:
    return change_the_joining(), "/kairos channels all"


def _opener(
    deps: Deps,
    admins: Admins,
    asked: Callable[[], tuple[str, str]],
    modal: Callable[[AdminSettings, str], Any],
) -> Callable[[Ack, dict[str, Any], dict[str, Any], WebClient], None]:
    """A Change button: the modal, filled in with the settings, for an admin only."""

    def on_change(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        ack()
        pressed = parse_interaction(body, action)
        if pressed is None or pressed.trigger_id is None:
            return  # no one to open the modal for
        settings = editable_settings(deps.uow, deps.slack, admins, pressed.user_id, asked=asked())
        client.views_open(trigger_id=pressed.trigger_id, view=modal(settings, pressed.value))

    return on_change


def register(app: App, deps: Deps) -> None:
    """Attach the admin section's buttons and modals."""
    admins = Admins(deps.admin_users)
    app.action(Action.ADMIN_SUMMARY)(
        _opener(deps, admins, _summary, lambda got, value: summary_modal(got.summary(value)))
    )
    app.action(Action.ADMIN_FOCUS_DAY)(
        _opener(deps, admins, _focus_day, lambda got, _value: focus_day_modal(got.focus_day))
    )
    app.action(Action.ADMIN_JOINING)(
        _opener(deps, admins, _joining, lambda got, _value: joining_modal(got.joining_all))
    )

    @app.view(View.ADMIN_SUMMARY)
    def on_summary_saved(ack: Ack, body: dict[str, Any], view: object, client: WebClient) -> None:
        user_id, form = submitter(body), modal_parts(view)
        change = read_summary(form.values, form.metadata)
        change_summary(deps.uow, deps.slack, admins, user_id, change, now=deps.clock.now())
        ack()
        publish_home(deps, client, user_id)

    @app.view(View.ADMIN_FOCUS_DAY)
    def on_focus_day_saved(ack: Ack, body: dict[str, Any], view: object, client: WebClient) -> None:
        user_id, form = submitter(body), modal_parts(view)
        day = read_focus_day(form.values)
        focus_day_command(
            deps.uow, deps.slack, admins, user_id=user_id, day=day, now=deps.clock.now()
        )
        ack()
        publish_home(deps, client, user_id)

    @app.view(View.ADMIN_JOINING)
    def on_joining_saved(ack: Ack, body: dict[str, Any], view: object, client: WebClient) -> None:
        user_id, form = submitter(body), modal_parts(view)
        answer = channels_command(
            deps.uow, deps.slack, user_id, read_joining(form.values),
            admin_users=deps.admin_users, now=deps.clock.now(),
        )  # fmt: skip
        ack()
        if answer.changed:  # joining starts at once, not at the next tick
            deps.wake_sweep()
        publish_home(deps, client, user_id)
