"""`/focus`, the "It's urgent" button, and profile changes."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond

from bot.focus.commands import SetLanguage, ShowLanguage
from bot.focus.grammar import parse_focus_command
from bot.focus.language_command import language_command
from bot.focus.leave_messages import parse_calendar_leave_value
from bot.focus.messages import parse_urgent_value, status_reply, urgent_sent_text
from bot.focus.service import count_calendar_leave, focus_command, profile_changed
from bot.focus.urgent import send_as_urgent
from bot.ids import Action, Command
from bot.slack.blocks.help import unreadable_command
from bot.slack.deps import Deps
from bot.slack.parse import event_id, parse_command, parse_interaction, parse_user_change
from bot.slack.replies import answer_press


def register(app: App, deps: Deps) -> None:
    """Attach the focus listeners."""
    connect = deps.connect_link

    @app.command(Command.FOCUS)
    def on_focus(ack: Ack, command: dict[str, Any]) -> None:
        typed = parse_command(command)
        if typed is None:
            ack(response_type="ephemeral", text=unreadable_command())
            return
        parsed = parse_focus_command(typed.text)
        if isinstance(parsed, ShowLanguage | SetLanguage):
            text = language_command(
                deps.uow, deps.slack, typed.user_id, parsed, default=deps.language,
                now=deps.clock.now(),
            )  # fmt: skip
            ack(response_type="ephemeral", text=text)
            return
        result = focus_command(
            deps.uow, deps.slack, connect, typed.user_id, parsed, now=deps.clock.now()
        )
        blocks = status_reply(result.text, result.calendar_leave)
        ack(response_type="ephemeral", text=result.text, blocks=blocks)
        deps.wake_sweep()

    @app.action(Action.FOCUS_CALENDAR_LEAVE)
    def on_calendar_leave(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond
    ) -> None:
        ack()
        pressed = parse_interaction(body, action)
        if pressed is None:
            return  # no one pressed it that Kairos could answer
        key, ignore = parse_calendar_leave_value(pressed.value)
        result = count_calendar_leave(
            deps.uow, pressed.user_id, key, ignore=ignore, now=deps.clock.now()
        )
        blocks = status_reply(result.text, result.calendar_leave)
        answer_press(
            deps.slack, respond, pressed, result.text, blocks=blocks, replace_original=True
        )
        deps.wake_sweep()

    @app.action(Action.FOCUS_URGENT)
    def on_urgent(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        pressed = parse_interaction(body, action)
        if pressed is None:
            return  # no one pressed it that Kairos could answer
        channel_id, message_ts = parse_urgent_value(pressed.value)
        released = send_as_urgent(
            deps.uow,
            deps.slack,
            connect,
            pressed.user_id,
            channel_id=channel_id,
            message_ts=message_ts,
            now=deps.clock.now(),
            language=deps.language,
        )
        text = urgent_sent_text(released.recipients)
        answer_press(deps.slack, respond, pressed, text, replace_original=True)

    @app.event("user_change")
    def on_user_change(body: dict[str, Any], event: dict[str, Any]) -> None:
        changed = parse_user_change(event)
        if changed is None:
            return  # no one, or no zone Kairos knows: nothing to keep
        profile_changed(
            deps.uow,
            connect,
            changed.user_id,
            changed.tz,
            locale=changed.locale,
            event_id=event_id(body),
            now=deps.clock.now(),
        )
