"""Meeting notes: the prompt DM's Post notes (the notes modal), Not this time and Never for
this meeting, the modal's submission (with the organizer's choice of note-taker), and an
action's Done. What goes to Slack after the ack (posting the notes, updating them after Done)
runs beside it; the notes sweep catches what a crash left."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import UnreadableValue
from bot.i18n import _
from bot.ids import Action, View
from bot.notes.modal import earliest_today
from bot.notes.model import SUMMARY, Answer
from bot.notes.service import (
    Refused,
    answer_prompt,
    mark_done,
    notes_modal_for,
    post_notes,
    record_notes,
    set_note_taker,
    update_posted,
)
from bot.notes.taker_messages import TakerChoice, picked_taker, read_metadata
from bot.slack.blocks.help import unreadable_form
from bot.slack.deps import Deps
from bot.slack.listeners.forms import STALE_TRIGGER, modal_parts, submitter
from bot.slack.parse import Interaction, parse_interaction
from bot.slack.replies import answer_press

log = logging.getLogger(__name__)

_ANSWERS = {Action.NOTES_NOT_THIS_TIME: Answer.NOT_THIS_TIME, Action.NOTES_NEVER: Answer.NEVER}
# A prompt's or action's id as a button carries it: a database id, well inside 64 bits.
_MAX_ID_DIGITS = 18


def _id(value: str) -> int:
    if value.isascii() and value.isdigit() and 0 < len(value) <= _MAX_ID_DIGITS:
        return int(value)
    raise UnreadableValue()


def _pressed(body: dict[str, Any], action: dict[str, Any]) -> tuple[Interaction, int] | None:
    pressed = parse_interaction(body, action)
    return None if pressed is None else (pressed, _id(pressed.value))


def open_notes(deps: Deps, client: WebClient, respond: Respond, pressed: Interaction) -> None:
    """Post notes: the notes modal (database only before views.open, inside Slack's three
    seconds), or why there is none (not yours, posted already, answered "never")."""
    found = notes_modal_for(deps.uow, pressed.user_id, _id(pressed.value), deps.clock.now())
    if isinstance(found, str):
        answer_press(deps.slack, respond, pressed, found)
        return
    if pressed.trigger_id is None:
        return  # no one to open the modal for
    try:
        client.views_open(trigger_id=pressed.trigger_id, view=found)
    except SlackApiError as error:
        reason = error.response.get("error")
        if reason not in STALE_TRIGGER:
            raise
        log.info("could not open the notes modal: %s", reason)
        answer_press(
            deps.slack,
            respond,
            pressed,
            _("Slack took too long to open the notes. Press *Post notes* again."),
        )


def _post_after_ack(deps: Deps, prompt_id: int, user_id: str, taker_said: str | None) -> None:
    """After the ack: the notes in the channel, then the note-taker choice's reply. Only the
    call that posted the notes replies: a modal submitted twice is answered once (the choice
    is stored either way, and the next notes modal shows it)."""
    try:
        posted = post_notes(
            deps.uow, deps.slack, prompt_id, deps.clock.now(), language=deps.language
        )
    except Exception:
        # The notes are recorded: the sweep posts them; nobody waits for this thread.
        log.exception("posting the notes of prompt %s failed; the sweep retries", prompt_id)
        return
    if posted and taker_said is not None:
        deps.slack.send_dm(user_id, taker_said, [])


def _choose_taker(deps: Deps, user_id: str, taker: TakerChoice | None) -> str | None:
    if taker is None:
        return None
    return set_note_taker(
        deps.uow, user_id, taker.series_key, taker.mode, taker.fixed_user_id, deps.clock.now()
    )


def _update_after_ack(deps: Deps, action_id: int) -> None:
    try:
        update_posted(deps.uow, deps.slack, action_id, deps.clock.now(), language=deps.language)
    except Exception:
        log.exception("updating the notes after action %s was done failed", action_id)


def register(app: App, deps: Deps) -> None:
    """The prompt's buttons, the notes modal's submission, and Done."""

    @app.action(Action.NOTES_POST)
    def on_post(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        ack()
        pressed = parse_interaction(body, action)
        if pressed is not None:
            open_notes(deps, client, respond, pressed)

    def answer_step(answer: Answer) -> Callable[..., None]:
        def on_answer(
            ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond
        ) -> None:
            ack()
            found = _pressed(body, action)
            if found is not None:
                pressed, prompt_id = found
                said = answer_prompt(deps.uow, pressed.user_id, prompt_id, answer, deps.clock.now())
                # In place of the prompt, whose buttons no longer apply.
                answer_press(deps.slack, respond, pressed, said, replace_original=True)

        return on_answer

    for action_id, answer in _ANSWERS.items():
        app.action(action_id)(answer_step(answer))

    @app.view(View.NOTES)
    def on_notes(ack: Ack, body: dict[str, Any], view: object) -> None:
        person, parts = submitter(body), modal_parts(view)
        opened = read_metadata(parts.metadata)
        if opened is None:
            raise UnreadableValue(unreadable_form(), field=SUMMARY)
        taker = picked_taker(parts.values, opened.taker)
        if isinstance(taker, dict):
            ack(response_action="errors", errors=taker)
            return
        now = deps.clock.now()
        made = record_notes(
            deps.uow, person, opened.prompt_id, parts.values, now, today=earliest_today(now)
        )
        if isinstance(made, Refused):
            ack(response_action="errors", errors=made.errors)
            return
        ack()
        said = _choose_taker(deps, person, taker)
        if made.fresh:  # a second submission's notes are the first one's to post
            deps.in_background(lambda: _post_after_ack(deps, made.prompt_id, person, said))

    @app.action(Action.NOTES_DONE)
    def on_done(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        found = _pressed(body, action)
        if found is None:
            return
        pressed, action_id = found
        said = mark_done(deps.uow, pressed.user_id, action_id, deps.clock.now())
        if said is None:
            deps.in_background(lambda: _update_after_ack(deps, action_id))
            return
        answer_press(deps.slack, respond, pressed, said)
