"""App Home: the tab, the focus-hours editor, and the help button.

The focus form's buttons and the admin section are parts of the tab: they are registered
with it (listeners/focus_editor.py, listeners/admin.py). publish_home lives in
listeners/home_tab.py and is imported from here too.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.connect.messages import CONNECT_ACTION, DISCONNECT_ACTION
from bot.errors import UnreadableValue
from bot.focus.editor import FOCUS_FIELD, HOURS_FIELD, parse_schedule_lines
from bot.focus.editor_form import draft_of
from bot.focus.editor_messages import editor_form
from bot.focus.home import editor_lines, home_opened
from bot.focus.messages import EDITOR_INPUT
from bot.focus.service import save_focus_hours
from bot.ids import Action, View
from bot.slack.blocks.help import help_blocks, help_text, unreadable_form
from bot.slack.deps import Deps
from bot.slack.listeners import admin, focus_editor
from bot.slack.listeners.home_tab import publish_home
from bot.slack.parse import event_id, parse_home_opened, parse_interaction, submitted_text

__all__ = ["publish_home", "register"]


def register(app: App, deps: Deps) -> None:
    """Attach the App Home listeners."""
    connect = deps.connect_link
    focus_editor.register(app, deps)
    admin.register(app, deps)

    @app.event("app_home_opened")
    def on_home_opened(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        opened = parse_home_opened(event)
        if opened is None:
            return  # no one to show a tab to: acknowledged, nothing done
        # The Messages tab sends this event too; only the Home tab has a view to render.
        if opened.tab == "home":
            publish_home(deps, client, opened.user_id)
        home_opened(deps.uow, event_id(body))  # recorded as handled once the view is published

    @app.action(Action.FOCUS_EDIT)
    def on_edit(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        pressed = parse_interaction(body)
        if pressed is None or pressed.trigger_id is None:
            return  # no one to open the editor for
        draft = draft_of(*editor_lines(deps.uow, pressed.user_id))
        client.views_open(trigger_id=pressed.trigger_id, view=editor_form(draft))

    @app.view(View.FOCUS_EDITOR)
    def on_editor_saved(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        submitted = parse_interaction(body)
        focus_text = submitted_text(view, FOCUS_FIELD, EDITOR_INPUT)
        hours_text = submitted_text(view, HOURS_FIELD, EDITOR_INPUT)
        if submitted is None or focus_text is None or hours_text is None:
            raise UnreadableValue(unreadable_form(), field=FOCUS_FIELD)
        # Parse errors are raised before anything is stored; the error handler shows them
        # next to the input they belong to.
        blocks = parse_schedule_lines(focus_text, field=FOCUS_FIELD)
        hours = parse_schedule_lines(hours_text, field=HOURS_FIELD)
        user_id, now = submitted.user_id, deps.clock.now()
        save_focus_hours(
            deps.uow, deps.slack, connect, user_id, blocks=blocks, working_hours=hours, now=now
        )
        ack()
        deps.wake_sweep()
        publish_home(deps, client, user_id)

    @app.action(CONNECT_ACTION)
    def on_connect(ack: Ack) -> None:
        # A URL button: Slack opens the link itself and only wants the payload acknowledged.
        ack()

    @app.action(DISCONNECT_ACTION)
    def on_disconnect(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        pressed = parse_interaction(body)
        if pressed is None:
            return
        connect.disconnect(deps.uow, pressed.user_id, deps.clock.now())
        publish_home(deps, client, pressed.user_id)

    @app.action(Action.HOME_SHOW_HELP)
    def on_show_help(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        pressed = parse_interaction(body)
        if pressed is None:
            return
        # Home tab actions carry no response_url: reply in the app's DM with the user.
        client.chat_postMessage(channel=pressed.user_id, text=help_text(), blocks=help_blocks())
