"""Each request a person makes is answered in their language.

A Bolt middleware reads who made the request (a slash command, a button, a modal, a
shortcut, opening App Home) and runs the listener inside `speaking(their language)`, so
replies, modals and App Home need not pass a language around. Message events are left out:
the mention path speaks to several people at once (each recipient and the sender) and
chooses each one's language itself, and a database read per message would cost the ack.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot.db.uow import UnitOfWork
from bot.focus.language import language_for
from bot.i18n import speaking
from bot.i18n.languages import Language

log = logging.getLogger(__name__)

# Events that come from one person looking at Kairos (the others are about other people).
_PERSONAL_EVENTS = frozenset({"app_home_opened"})


def requester(body: dict[str, Any]) -> str | None:
    """The Slack user id of whoever made this request, when it is one person's own request."""
    if isinstance(body.get("command"), str):
        user = body.get("user_id")
    elif body.get("type") == "event_callback":
        event = body.get("event") or {}
        user = event.get("user") if event.get("type") in _PERSONAL_EVENTS else None
    else:  # block_actions, view_submission, view_closed, shortcut, message_action
        user = (body.get("user") or {}).get("id") if isinstance(body.get("user"), dict) else None
    return user if isinstance(user, str) and user else None


def speak_their_language(
    uow: UnitOfWork, default: Language
) -> Callable[[dict[str, Any], Callable[[], None]], None]:
    """The middleware: the listener runs in the requester's language (else `default`)."""

    def middleware(body: dict[str, Any], next_: Callable[[], None]) -> None:
        user = requester(body)
        if user is None:
            with speaking(default):
                next_()
            return
        try:
            with uow() as session:
                language = language_for(session, user, default)
        except SQLAlchemyError:
            # The listener meets the same database and answers for it; this only picks words.
            log.warning("could not read a person's language; answering in %s", default)
            language = default
        with speaking(language):
            next_()

    return middleware
