"""`/kairos calendar`: connecting a calendar feed, its first sync, and disconnecting it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.errors import KairosUserError, UnreadableValue
from bot.ids import Action, View
from bot.meetings.messages import (
    ADDRESS_FIELD,
    calendar_modal,
    calendars_off,
    checking,
    connect_failed,
    disconnected_text,
)
from bot.meetings.service import (
    Calendars,
    check_address,
    connect_and_report,
    feed_state,
    remove_feed,
)
from bot.slack.blocks.help import unreadable_form
from bot.slack.commands import Calendar
from bot.slack.deps import Deps
from bot.slack.listeners.home import publish_home
from bot.slack.parse import SlashCommand, parse_interaction, submitted_text

log = logging.getLogger(__name__)


def calendar_command(deps: Deps, typed: SlashCommand, asked: Calendar, respond: Respond) -> str:
    """The immediate reply; a new address is fetched beside the ack and answered later."""
    calendars, user_id = deps.calendars, typed.user_id
    if calendars is None:
        return calendars_off()
    if asked.off:
        return disconnected_text(remove_feed(calendars.uow, user_id, deps.clock.now()))
    if asked.address is None:
        return feed_state(calendars.uow, user_id)
    check_address(calendars, asked.address)
    where = f"/kairos calendar in {typed.channel_id}"

    def tell(text: str) -> None:
        respond(response_type="ephemeral", text=text, replace_original=True)

    now = deps.clock.now()
    deps.in_background(
        partial(connect_and_tell, calendars, user_id, asked.address, now, tell, where=where)
    )
    return checking()


def connect_and_tell(
    cal: Calendars,
    user_id: str,
    address: str,
    now: datetime,
    tell: Callable[[str], None],
    *,
    where: str,
) -> None:
    """The first sync of a new address, and one message saying how it went. It runs after
    the ack, where no error handler answers: a failure is logged and the person still told."""
    try:
        text = connect_and_report(cal, user_id, address, now)
    except Exception:
        # Who and from where, never the address: it is a credential.
        log.exception("connecting the calendar of %s (from %s) failed", user_id, where)
        text = connect_failed()
    tell(text)


def register(app: App, deps: Deps) -> None:
    """The Home tab's calendar button and its modal."""

    @app.action(Action.CALENDAR_OPEN)
    def on_open(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        pressed = parse_interaction(body)
        if pressed is None or pressed.trigger_id is None:
            return  # no one to open the modal for
        client.views_open(trigger_id=pressed.trigger_id, view=calendar_modal())

    @app.view(View.CALENDAR)
    def on_address(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        calendars = deps.calendars
        if calendars is None:
            raise KairosUserError(calendars_off(), field=ADDRESS_FIELD)
        submitted = parse_interaction(body)
        address = submitted_text(view, ADDRESS_FIELD, ADDRESS_FIELD)
        if submitted is None or address is None:
            raise UnreadableValue(unreadable_form(), field=ADDRESS_FIELD)
        check_address(calendars, address, field=ADDRESS_FIELD)
        ack()
        user_id, now = submitted.user_id, deps.clock.now()

        def tell(text: str) -> None:
            deps.slack.send_dm(user_id, text, [])
            publish_home(deps, client, user_id)

        where = "the Home tab's calendar form"
        deps.in_background(
            partial(connect_and_tell, calendars, user_id, address, now, tell, where=where)
        )
