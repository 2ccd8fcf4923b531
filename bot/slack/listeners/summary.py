"""`/kairos summary`, `/kairos focus-day`, the answers to "could it have been async?", and the
summary candidates' "Make it async"."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.checkins.service_series import make_async_refusal
from bot.cleanup.config import (
    Admins,
    focus_day_command,
    focus_day_state,
    summary_here,
    summary_off,
    summary_state,
)
from bot.cleanup.messages import (
    answered_text,
    parse_answer_value,
    post_failed,
    posting,
    preparing,
    preview_failed,
)
from bot.cleanup.posting import Summaries, check_post_now, check_preview, post_now, preview
from bot.cleanup.questions import Question, answer_question
from bot.ids import Action
from bot.slack.commands import FocusDay, Summary, SummaryAction
from bot.slack.deps import Deps
from bot.slack.listeners.checkins import offer_setup
from bot.slack.parse import SlashCommand, parse_interaction
from bot.slack.replies import answer_press

log = logging.getLogger(__name__)

ANSWER_ACTIONS = re.compile(r"^async\.(yes|partly|no)$")


def summaries(deps: Deps) -> Summaries:
    """The summary service's dependencies, from the listeners' ones."""
    return Summaries(deps.uow, deps.slack, deps.summary_options, deps.language)


def summary_command(
    deps: Deps, typed: SlashCommand, asked: Summary, ack: Ack, respond: Respond
) -> None:
    """Answer `/kairos summary …`: settings at once, summaries beside the ack."""
    match asked.action:
        case SummaryAction.PREVIEW:
            _start_preview(deps, typed, asked.quarterly, ack, respond)
        case SummaryAction.POST:
            _start_post(deps, typed, ack, respond)
        case _:
            ack(response_type="ephemeral", text=_setting(deps, typed, asked))


def _setting(deps: Deps, typed: SlashCommand, asked: Summary) -> str:
    """`/kairos summary [here …|off]`: the channel's summary setting, shown or changed."""
    user_id, channel_id = typed.user_id, typed.channel_id
    admins = Admins(deps.admin_users)
    match asked.action:
        case SummaryAction.HERE:
            return summary_here(
                deps.uow, deps.slack, admins,
                user_id=user_id, channel_id=channel_id, when=asked.when, now=deps.clock.now(),
            )  # fmt: skip
        case SummaryAction.OFF:
            return summary_off(deps.uow, deps.slack, admins, user_id, channel_id)
        case _:  # SummaryAction.SHOW
            return summary_state(deps.uow, channel_id)


def _start_preview(
    deps: Deps, typed: SlashCommand, quarterly: bool, ack: Ack, respond: Respond
) -> None:
    check_preview(summaries(deps), typed.channel_id)
    # A big channel's summary takes a second or two: past Slack's 3 s for an ack.
    ack(response_type="ephemeral", text=preparing())
    deps.in_background(lambda: _preview(deps, typed, quarterly, respond))


def _start_post(deps: Deps, typed: SlashCommand, ack: Ack, respond: Respond) -> None:
    admins = Admins(deps.admin_users)
    check_post_now(summaries(deps), admins, typed.user_id, typed.channel_id)
    ack(response_type="ephemeral", text=posting())
    deps.in_background(lambda: _post(deps, typed, respond))


def _preview(deps: Deps, typed: SlashCommand, quarterly: bool, respond: Respond) -> None:
    """The preview, beside the ack: no error handler answers there, so a failure is logged
    and the person still hears back."""
    user_id, channel_id = typed.user_id, typed.channel_id
    try:
        shown = preview(summaries(deps), user_id, channel_id, deps.clock.now(), quarterly=quarterly)
    except Exception:
        log.exception("preparing the summary preview for %s in %s failed", user_id, channel_id)
        respond(response_type="ephemeral", replace_original=True, text=preview_failed())
        return
    message = shown.message
    respond(
        response_type="ephemeral", replace_original=True, text=message.text, blocks=message.blocks
    )


def _post(deps: Deps, typed: SlashCommand, respond: Respond) -> None:
    """The summary posted on request, beside the ack; a failure is logged and told."""
    user_id, channel_id = typed.user_id, typed.channel_id
    try:
        post_now(summaries(deps), user_id, channel_id, deps.clock.now())
    except Exception:
        log.exception("posting the summary for %s in %s failed", user_id, channel_id)
        respond(response_type="ephemeral", text=post_failed())


def focus_day(deps: Deps, typed: SlashCommand, asked: FocusDay) -> str:
    """Answer `/kairos focus-day …`."""
    if asked.show:
        return focus_day_state(deps.uow)
    return focus_day_command(
        deps.uow, deps.slack, Admins(deps.admin_users),
        user_id=typed.user_id, day=asked.day, now=deps.clock.now(),
    )  # fmt: skip


def register(app: App, deps: Deps) -> None:
    """Attach the answer buttons of the async question, and the candidates' Make it async."""

    @app.action(Action.SUMMARY_MAKE_ASYNC)
    def on_make_async(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        ack()
        pressed = parse_interaction(body, action)
        if pressed is None or not pressed.value:
            return  # no one pressed it that Kairos could answer
        # The summary is in a channel: anyone may press; only the organizer gets the modal,
        # anyone else a word to them alone.
        refused = make_async_refusal(deps.uow, pressed.user_id, pressed.value)
        if refused is not None:
            answer_press(deps.slack, respond, pressed, refused)
            return
        offer_setup(deps, client, respond, pressed, pressed.value)

    @app.action(ANSWER_ACTIONS)
    def on_answer(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        pressed = parse_interaction(body, action)
        if pressed is None:
            return  # no one pressed it that Kairos could answer
        series_key, starts_at, via = parse_answer_value(pressed.value)
        answer = str(action.get("action_id")).split(".", 1)[1]
        question = Question(series_key, starts_at, "")
        answer_question(deps.uow, pressed.user_id, question, answer, deps.clock.now())
        # In a digest the question shares the message with mentions: keep it, reply apart.
        answer_press(
            deps.slack, respond, pressed, answered_text(answer), replace_original=via == "dm"
        )
