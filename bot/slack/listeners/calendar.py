"""`/kairos calendar`: connecting a calendar feed, its first sync, and disconnecting it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.errors import KairosUserError, UnreadableValue
from bot.ids import Action, View
from bot.meetings.feeds.addresses import normalise_feed_url
from bot.meetings.messages import ADDRESS_FIELD, calendar_modal
from bot.meetings.service import connect_feed, feed_state, remove_feed
from bot.slack.blocks.help import UNREADABLE_FORM
from bot.slack.commands import Calendar
from bot.slack.deps import Deps
from bot.slack.listeners.home import publish_home
from bot.slack.parse import parse_interaction, submitted_text

log = logging.getLogger(__name__)

NOT_CONFIGURED = (
    "Calendar feeds aren't enabled in this workspace yet: their addresses are stored "
    "encrypted, and the person running Kairos has to set KAIROS_ENCRYPTION_KEY first."
)


def calendar_command(deps: Deps, user_id: str, asked: Calendar, respond: Respond) -> str:
    """The immediate reply; a new address is fetched beside the ack and answered later."""
    calendars = deps.calendars
    if calendars is None:
        return NOT_CONFIGURED
    if asked.off:
        if remove_feed(calendars.uow, user_id):
            return "Done: your calendar is disconnected, and what Kairos knew from it is deleted."
        return "You have no calendar connected."
    if asked.address is None:
        return feed_state(calendars.uow, user_id)
    allow_private = getattr(calendars.fetcher, "allow_private", False)
    # Checked now, so a plainly wrong address is answered at once and nothing is fetched.
    normalise_feed_url(asked.address, allow_private=allow_private)
    address, now = asked.address, deps.clock.now()

    def tell(text: str) -> None:
        respond(response_type="ephemeral", text=text, replace_original=True)

    deps.in_background(lambda: connect_and_tell(deps, user_id, address, now, tell))
    return "Checking your calendar… I'll tell you here in a moment."


def connect_and_tell(
    deps: Deps, user_id: str, address: str, now: datetime, tell: Callable[[str], None]
) -> None:
    """The first sync of a new address, and one message saying how it went."""
    assert deps.calendars is not None
    try:
        report = connect_feed(deps.calendars, user_id, address, now)
    except KairosUserError as error:
        tell(error.user_text())
        return
    except Exception:
        log.exception("connecting a calendar failed")
        tell(
            "Sorry, something went wrong on Kairos's side while reading your calendar. "
            "Nothing was saved; please try again in a few minutes."
        )
        return
    skipped = (
        f" ({report.skipped} events could not be read and were skipped.)" if report.skipped else ""
    )
    tell(
        f"Connected. I found {_meetings(report.upcoming)} in the next 14 days.{skipped} "
        "Kairos checks your calendar every few minutes; `/kairos calendar off` "
        "disconnects it and deletes what Kairos knew from it."
    )


def _meetings(count: int) -> str:
    return "1 meeting" if count == 1 else f"{count} meetings"


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
            raise KairosUserError(NOT_CONFIGURED, field=ADDRESS_FIELD)
        submitted = parse_interaction(body)
        address = submitted_text(view, ADDRESS_FIELD, ADDRESS_FIELD)
        if submitted is None or address is None:
            raise UnreadableValue(UNREADABLE_FORM, field=ADDRESS_FIELD)
        allow_private = getattr(calendars.fetcher, "allow_private", False)
        try:
            normalise_feed_url(address, allow_private=allow_private)
        except KairosUserError as error:
            raise KairosUserError(error.message, field=ADDRESS_FIELD) from None
        ack()
        user_id = submitted.user_id

        def tell(text: str) -> None:
            deps.slack.send_dm(user_id, text, [])
            publish_home(deps, client, user_id)

        now = deps.clock.now()
        deps.in_background(lambda: connect_and_tell(deps, user_id, address, now, tell))
