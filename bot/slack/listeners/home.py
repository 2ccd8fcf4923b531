"""App Home: the tab, the focus-hours editor, and the help button."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.connect.messages import CONNECT_ACTION, DISCONNECT_ACTION, connect_section
from bot.connect.service import is_connected, touch
from bot.digest.repo import last_digest_items
from bot.errors import UnreadableValue
from bot.focus import repo
from bot.focus.editor import FOCUS_FIELD, HOURS_FIELD, parse_schedule_lines, schedule_lines
from bot.focus.messages import (
    EDITOR_INPUT,
    DeliveredItem,
    editor_modal,
    home_focus_section,
)
from bot.focus.service import NEW_USER_TEXT, person_for, save_schedules, status_text, zone
from bot.ids import Action, View
from bot.meetings.messages import calendar_section
from bot.meetings.service import feed_state
from bot.slack.blocks.help import HELP_TEXT, UNREADABLE_FORM, help_blocks
from bot.slack.blocks.home import home_view
from bot.slack.deps import Deps
from bot.slack.parse import event_id, parse_home_opened, parse_interaction, submitted_text

CALENDAR_OFF = (
    "Calendars aren't enabled here yet (the person running Kairos sets "
    "KAIROS_ENCRYPTION_KEY to turn them on)."
)


def publish_home(deps: Deps, client: WebClient, user_id: str) -> None:
    """Render and publish one person's Home tab."""
    now = deps.clock.now()
    with deps.uow() as session:
        person = repo.get_person(session, user_id)
        text = status_text(session, person, now) if person else NEW_USER_TEXT
        tz = zone(person) if person else ZoneInfo("UTC")
        items = [
            DeliveredItem(r.channel_id, r.sender_id, r.sent_at, r.permalink)
            for r in last_digest_items(session, user_id)
        ]
        connected = is_connected(session, user_id)
        calendar = feed_state(deps.calendars.uow, user_id) if deps.calendars else CALENDAR_OFF
    url = None
    if deps.connect is not None and not connected:
        url = deps.connect.authorize_url(user_id, now)
    connect = connect_section(
        configured=deps.connect is not None, connected=connected, authorize_url=url
    )
    client.views_publish(
        user_id=user_id,
        view=home_view(
            [
                home_focus_section(text, items, tz=tz, now=now),
                connect,
                calendar_section(calendar, enabled=deps.calendars is not None),
            ]
        ),
    )


def register(app: App, deps: Deps) -> None:
    """Attach the App Home listeners."""

    @app.event("app_home_opened")
    def on_home_opened(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        opened = parse_home_opened(event)
        if opened is None:
            return  # no one to show a tab to: acknowledged, nothing done
        # The Messages tab sends this event too; only the Home tab has a view to render.
        if opened.tab == "home":
            publish_home(deps, client, opened.user_id)
        with deps.uow(event_id=event_id(body)):
            pass  # recorded as handled only once the view is published

    @app.action(Action.FOCUS_EDIT)
    def on_edit(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        pressed = parse_interaction(body)
        if pressed is None or pressed.trigger_id is None:
            return  # no one to open the editor for
        with deps.uow() as session:
            person = repo.get_person(session, pressed.user_id)
            state = repo.state_of(person) if person else None
        focus = schedule_lines(state.blocks) if state else ""
        hours = schedule_lines(state.working_hours) if state else ""
        client.views_open(trigger_id=pressed.trigger_id, view=editor_modal(focus, hours))

    @app.view(View.FOCUS_EDITOR)
    def on_editor_saved(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        submitted = parse_interaction(body)
        focus_text = submitted_text(view, FOCUS_FIELD, EDITOR_INPUT)
        hours_text = submitted_text(view, HOURS_FIELD, EDITOR_INPUT)
        if submitted is None or focus_text is None or hours_text is None:
            raise UnreadableValue(UNREADABLE_FORM, field=FOCUS_FIELD)
        # Parse errors are raised before anything is stored; the error handler shows them
        # next to the input they belong to.
        blocks = parse_schedule_lines(focus_text, field=FOCUS_FIELD)
        hours = parse_schedule_lines(hours_text, field=HOURS_FIELD)
        user_id, now = submitted.user_id, deps.clock.now()
        with deps.uow() as session:
            person = person_for(session, deps.slack, user_id, now)
            save_schedules(session, person, blocks, hours, now)
            touch(session, user_id, now)
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
        if deps.connect is not None and deps.connect_port is not None:
            with deps.uow() as session:
                deps.connect.disconnect(
                    session, deps.connect_port, pressed.user_id, deps.clock.now()
                )
        publish_home(deps, client, pressed.user_id)

    @app.action(Action.HOME_SHOW_HELP)
    def on_show_help(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        pressed = parse_interaction(body)
        if pressed is None:
            return
        # Home tab actions carry no response_url: reply in the app's DM with the user.
        client.chat_postMessage(channel=pressed.user_id, text=HELP_TEXT, blocks=help_blocks())
