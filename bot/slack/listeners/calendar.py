"""`/kairos calendar`: connecting a calendar feed, its first sync, and disconnecting it."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Respond

from bot.errors import KairosUserError
from bot.meetings.addresses import normalise_feed_url
from bot.meetings.sync import connect_feed, feed_state, remove_feed
from bot.slack.commands import Calendar
from bot.slack.deps import Deps

log = logging.getLogger(__name__)

NOT_CONFIGURED = (
    "Calendar feeds aren't enabled in this workspace yet: their addresses are stored "
    "encrypted, and the person running Kairos has to set KAIROS_ENCRYPTION_KEY first."
)


def calendar_command(deps: Deps, command: dict[str, Any], asked: Calendar, respond: Respond) -> str:
    """The immediate reply; a new address is fetched beside the ack and answered later."""
    calendars = deps.calendars
    if calendars is None:
        return NOT_CONFIGURED
    user_id = str(command["user_id"])
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

    def first_sync() -> None:
        try:
            report = connect_feed(calendars, user_id, address, now)
        except KairosUserError as error:
            respond(response_type="ephemeral", text=error.user_text(), replace_original=True)
            return
        except Exception:
            log.exception("connecting a calendar failed")
            respond(
                response_type="ephemeral",
                text="Sorry, something went wrong on Kairos's side while reading your "
                "calendar. Nothing was saved; please try again in a few minutes.",
                replace_original=True,
            )
            return
        skipped = (
            f" ({report.skipped} events could not be read and were skipped.)"
            if report.skipped
            else ""
        )
        respond(
            response_type="ephemeral",
            replace_original=True,
            text=f"Connected. I found {_meetings(report.upcoming)} in the next 14 days.{skipped} "
            "Kairos checks your calendar every few minutes; `/kairos calendar off` "
            "disconnects it and deletes what Kairos knew from it.",
        )

    deps.in_background(first_sync)
    return "Checking your calendar… I'll tell you here in a moment."


def _meetings(count: int) -> str:
    return "1 meeting" if count == 1 else f"{count} meetings"
