"""Each request a person makes is answered in their language.

A Bolt middleware reads who made the request (a slash command, a button, a modal, a
shortcut, opening App Home) and speaks their language for the rest of the request, so
replies, modals, App Home and the error handler need not pass a language around. Not a
`with speaking()` around next_(): Bolt's next_() only marks the request to go on, and the
listener runs after every middleware has returned. The language is set instead for the
rest of the request's own context (bot/slack/dispatch.py runs each request in one), and
kept on the request's context for an answer built elsewhere (a late one, bot/slack/late.py).

Message events are left out: the mention path speaks to several people at once (each
recipient and the sender) and chooses each one's language itself, and a database read per
message would cost the ack.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from bot.db.uow import UnitOfWork
from bot.focus.repo import get_person
from bot.i18n.catalog import speak
from bot.i18n.languages import Language, person_language
from bot.ports import SlackPort, UnknownUser

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


# Where the middleware leaves the request's language on Bolt's context.
LANGUAGE_KEY = "kairos_language"


def speak_their_language(
    uow: UnitOfWork, slack: SlackPort, default: Language
) -> Callable[[dict[str, Any], dict[str, Any], Callable[[], None]], None]:
    """The middleware: the listener runs in the requester's language (else `default`)."""

    def middleware(
        body: dict[str, Any], context: dict[str, Any], next_: Callable[[], None]
    ) -> None:
        language = _language_of(uow, slack, requester(body), default)
        context[LANGUAGE_KEY] = language
        speak(language)
        next_()

    return middleware


def _language_of(
    uow: UnitOfWork, slack: SlackPort, user: str | None, default: Language
) -> Language:
    if user is None:
        return default
    try:
        with uow() as session:
            person = get_person(session, user)
            chosen, locale = (person.language, person.slack_locale) if person else (None, None)
    except SQLAlchemyError:
        # The listener meets the same database and answers for it; this only picks words.
        log.warning("could not read a person's language; answering in %s", default)
        return default
    if chosen is None and locale is None:
        # Someone Kairos has not met (or stored before it kept locales): their first answer
        # is in their Slack language too. users.info's answer is kept for an hour, and the
        # listener of a first command asks it anyway (for the zone).
        locale = _slack_locale(slack, user)
    return person_language(chosen, locale, default)


def _slack_locale(slack: SlackPort, user: str) -> str | None:
    try:
        return slack.user_locale(user)
    except (UnknownUser, SlackApiError, OSError) as error:
        log.warning("could not ask Slack for a person's language (%s)", type(error).__name__)
        return None
