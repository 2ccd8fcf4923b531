"""`/kairos summary`, `/kairos focus-day`, and the answers to "could it have been async?"."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.cleanup.config import (
    Admins,
    focus_day_command,
    focus_day_state,
    summary_here,
    summary_off,
    summary_state,
)
from bot.cleanup.messages import answered_text, parse_answer_value
from bot.cleanup.posting import Summaries, check_post_now, check_preview, post_now, preview
from bot.cleanup.questions import Question, answer_question
from bot.slack.commands import FocusDay, Summary, SummaryAction
from bot.slack.deps import Deps
from bot.slack.parse import parse_interaction
from bot.slack.replies import answer_press

log = logging.getLogger(__name__)

ANSWER_ACTIONS = re.compile(r"^async\.(yes|partly|no)$")


def summaries(deps: Deps) -> Summaries:
    """The summary service's dependencies, from the listeners' ones."""
    return Summaries(deps.uow, deps.slack, deps.summary_options)


def summary_command(
    deps: Deps, command: dict[str, Any], asked: Summary, ack: Ack, respond: Respond
) -> None:
    """Answer `/kairos summary …`: settings at once, summaries beside the ack."""
    user_id, channel_id = str(command["user_id"]), str(command["channel_id"])
    admins, now = Admins(deps.admin_users), deps.clock.now()
    match asked.action:
        case SummaryAction.SHOW:
            ack(response_type="ephemeral", text=summary_state(deps.uow, channel_id))
        case SummaryAction.HERE:
            text = summary_here(
                deps.uow, deps.slack, admins,
                user_id=user_id, channel_id=channel_id, when=asked.when, now=now,
            )  # fmt: skip
            ack(response_type="ephemeral", text=text)
        case SummaryAction.OFF:
            text = summary_off(deps.uow, deps.slack, admins, user_id, channel_id)
            ack(response_type="ephemeral", text=text)
        case SummaryAction.PREVIEW:
            check_preview(summaries(deps), channel_id)
            # A big channel's summary takes a second or two: past Slack's 3 s for an ack.
            ack(response_type="ephemeral", text="Preparing your preview…")
            deps.in_background(
                lambda: _preview(deps, user_id, channel_id, asked.quarterly, respond)
            )
        case SummaryAction.POST:
            check_post_now(summaries(deps), admins, user_id, channel_id)
            ack(response_type="ephemeral", text="Posting this week's summary here now…")
            deps.in_background(lambda: _post(deps, user_id, channel_id, respond))


def _preview(deps: Deps, user_id: str, channel_id: str, quarterly: bool, respond: Respond) -> None:
    try:
        shown = preview(summaries(deps), user_id, channel_id, deps.clock.now(), quarterly=quarterly)
    except Exception:
        log.exception("preparing a summary preview failed")
        respond(
            response_type="ephemeral",
            replace_original=True,
            text="Sorry, I couldn't prepare the preview just now. Please try again in a minute.",
        )
        return
    message = shown.message
    respond(
        response_type="ephemeral", replace_original=True, text=message.text, blocks=message.blocks
    )


def _post(deps: Deps, user_id: str, channel_id: str, respond: Respond) -> None:
    try:
        post_now(summaries(deps), user_id, channel_id, deps.clock.now())
    except Exception:
        log.exception("posting the summary on request failed")
        respond(
            response_type="ephemeral",
            text="Sorry, Slack didn't take the summary just now. Please try again in a minute.",
        )


def focus_day(deps: Deps, command: dict[str, Any], asked: FocusDay) -> str:
    """Answer `/kairos focus-day …`."""
    if asked.show:
        return focus_day_state(deps.uow)
    return focus_day_command(
        deps.uow, deps.slack, Admins(deps.admin_users),
        user_id=str(command["user_id"]), day=asked.day, now=deps.clock.now(),
    )  # fmt: skip


def register(app: App, deps: Deps) -> None:
    """Attach the answer buttons of the async question."""

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
