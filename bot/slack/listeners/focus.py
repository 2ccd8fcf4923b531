"""`/focus`, the "It's urgent" button, and profile changes."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond

from bot.connect.service import touch
from bot.focus import repo
from bot.focus.grammar import parse_focus_command
from bot.focus.holding import release_as_urgent
from bot.focus.messages import parse_urgent_value, status_reply
from bot.focus.service import person_for, run_command
from bot.focus.urgent import tell_urgent
from bot.ids import Action, Command
from bot.slack.blocks.help import UNREADABLE_COMMAND
from bot.slack.deps import Deps
from bot.slack.parse import event_id, parse_command, parse_interaction, parse_user_change
from bot.slack.replies import answer_press


def register(app: App, deps: Deps) -> None:
    """Attach the focus listeners."""

    @app.command(Command.FOCUS)
    def on_focus(ack: Ack, command: dict[str, Any]) -> None:
        typed = parse_command(command)
        if typed is None:
            ack(response_type="ephemeral", text=UNREADABLE_COMMAND)
            return
        parsed = parse_focus_command(typed.text)
        now = deps.clock.now()
        with deps.uow() as session:
            person = person_for(session, deps.slack, typed.user_id, now)
            result = run_command(session, person, parsed, now)
            # Focus may have started or ended: the sweep snoozes or restores Slack at once.
            touch(session, person.user_id, now)
        ack(response_type="ephemeral", text=result.text, blocks=status_reply(result.text))
        deps.wake_sweep()

    @app.action(Action.FOCUS_URGENT)
    def on_urgent(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        pressed = parse_interaction(body, action)
        if pressed is None:
            return  # no one pressed it that Kairos could answer
        channel_id, message_ts = parse_urgent_value(pressed.value)
        sender, now = pressed.user_id, deps.clock.now()
        with deps.uow() as session:
            released = release_as_urgent(session, sender, channel_id, message_ts, now)
            # Before the DM, so that Slack notifies the recipient of it.
            for recipient in released.recipients:
                if deps.connect is not None and deps.connect_port is not None:
                    deps.connect.end_snooze_for_urgent(session, deps.connect_port, recipient, now)
                # Inside the transaction: if the DM fails, the mention stays held (and goes
                # out in the digest) instead of being marked sent and lost.
                tell_urgent(deps.slack, recipient, sender, channel_id, message_ts, released.text)
        if released.recipients:
            names = ", ".join(f"<@{r}>" for r in released.recipients)
            text = f"Sent now to {names}: they'll see it right away."
        else:
            text = "That mention was already delivered."
        answer_press(deps.slack, respond, pressed, text, replace_original=True)

    @app.event("user_change")
    def on_user_change(body: dict[str, Any], event: dict[str, Any]) -> None:
        changed = parse_user_change(event)
        if changed is None:
            return  # no one, or no zone Kairos knows: nothing to keep
        user_id, tz = changed
        with deps.uow(event_id=event_id(body)) as session:
            person = repo.get_person(session, user_id)
            if person is not None and person.tz != tz:
                person.tz = tz
                touch(session, person.user_id, deps.clock.now())
