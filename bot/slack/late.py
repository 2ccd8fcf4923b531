"""What Slack is told when a request's work has not finished by the deadline (pure).

Slack waits three seconds for an answer. Work that is still running then (a frozen
database, a slow Web API) keeps running, and may still finish and commit; the answer only
stops waiting for it:

- an event gets a 500 (in Socket Mode, no ack): Slack retries it, and the dedupe of
  event ids keeps the retry harmless whether or not the first delivery finished later;
- a slash command gets a kind ephemeral reply saying it may not have gone through;
- a modal keeps its input and shows the same words next to it;
- a button gets an empty 200 and, as a private note, the same words (by its response_url,
  else by DM).

The words are in the language the request was answered in (the requester's), when the
language middleware had chosen it before the deadline passed; else in English. They are
built outside the request (after the deadline, on another thread), so the language is
passed in rather than read from the current one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from slack_bolt import BoltResponse

from bot.i18n import translated
from bot.i18n.languages import DEFAULT_LANGUAGE, LANGUAGES, Language
from bot.slack.envelope import WEB_ADDRESS
from bot.slack.errors import as_object, ephemeral_response, id_of, view_error_response
from bot.slack.speaking import LANGUAGE_KEY


def request_language(context: Mapping[str, Any]) -> Language:
    """The language a request was being answered in, from Bolt's context; English when the
    middleware had not chosen one yet (it may be waiting on the same database)."""
    chosen = context.get(LANGUAGE_KEY)
    return next((language for language in LANGUAGES if language == chosen), DEFAULT_LANGUAGE)


def database_down(language: str = DEFAULT_LANGUAGE) -> str:
    """The late answer while the database does not answer."""
    return translated(language)._(
        "Kairos can't reach its database right now, so that may not have gone through. "
        "Please try again in a minute."
    )


def running_slow(language: str = DEFAULT_LANGUAGE) -> str:
    """The late answer while the database answers but the work is slow."""
    return translated(language)._(
        "Kairos is slower than usual right now, so that may not have gone through. "
        "Please try again in a minute."
    )


@dataclass(frozen=True)
class LateAnswer:
    """The answer Slack gets now, and where to send a private note, if anywhere."""

    response: BoltResponse
    note_url: str | None = None
    note_user: str | None = None


def late_answer(envelope: dict[str, Any], text: str) -> LateAnswer:
    """The answer for a request whose work missed the deadline."""
    if envelope.get("type") == "event_callback" or "event" in envelope:
        return LateAnswer(BoltResponse(status=500, body=""))
    if "command" in envelope:
        return LateAnswer(ephemeral_response(text))
    if envelope.get("type") == "view_submission":
        shown = view_error_response(envelope, None, text)
        if shown.body:
            return LateAnswer(shown)
    url = _response_url(envelope)
    user = None if url else id_of(envelope.get("user"))
    return LateAnswer(BoltResponse(status=200, body=""), note_url=url, note_user=user)


def _response_url(envelope: dict[str, Any]) -> str | None:
    url = envelope.get("response_url")
    if not isinstance(url, str):
        urls = envelope.get("response_urls")
        url = as_object(urls[0]).get("response_url") if isinstance(urls, list) and urls else None
    return url if isinstance(url, str) and WEB_ADDRESS.fullmatch(url) else None
