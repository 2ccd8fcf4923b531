"""`/focus`, the "It's urgent" button, and profile changes."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond

from bot.connect.service import touch
from bot.focus import repo
from bot.focus.grammar import parse_focus_command
from bot.focus.holding import release_as_urgent
from bot.focus.service import person_for, run_command
from bot.focus.urgent import tell_urgent
from bot.slack.blocks.focus import status_reply
from bot.slack.blocks.notes import parse_urgent_value
from bot.slack.deps import Deps
from bot.slack.ids import Action, Command


def register(app: App, deps: Deps) -> None:
    """Attach the focus listeners."""

    @app.command(Command.FOCUS)
    def on_focus(ack: Ack, command: dict[str, Any]) -> None:
        parsed = parse_focus_command(command.get("text", ""))
        now = deps.clock.now()
        with deps.uow() as session:
            person = person_for(session, deps.slack, command["user_id"], now)
            result = run_command(session, person, parsed, now)
            # Focus may have started or ended: the sweep snoozes or restores Slack at once.
            touch(session, person.user_id, now)
        ack(response_type="ephemeral", text=result.text, blocks=status_reply(result.text))
        deps.wake_sweep()

    @app.action(Action.FOCUS_URGENT)
    def on_urgent(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        channel_id, message_ts = parse_urgent_value(str(action.get("value", "")))
        sender = body["user"]["id"]
        now = deps.clock.now()
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
            respond(text=f"Sent now to {names}: they'll see it right away.", replace_original=True)
        else:
            respond(text="That mention was already delivered.", replace_original=True)

    @app.event("user_change")
    def on_user_change(body: dict[str, Any], event: dict[str, Any]) -> None:
        user = event.get("user") or {}
        with deps.uow(event_id=body.get("event_id")) as session:
            person = repo.get_person(session, str(user.get("id")))
            if person is not None and user.get("tz"):
                person.tz = str(user["tz"])
                touch(session, person.user_id, deps.clock.now())
