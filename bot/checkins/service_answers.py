"""Answering a round of a check-in: the answer modal, recording the answers (the database
only, so that a modal's ack is never kept waiting), posting them in the round's thread after
the ack, and skipping a round."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.checkins import repo, repo_asks, repo_rounds
from bot.checkins.messages import answer_modal, skipped_message
from bot.checkins.model import QuestionSet, blocker_question, names_a_blocker
from bot.checkins.service_asks import post_answer
from bot.checkins.tables import AskState, CheckIn, CheckInAsk, CheckInRound, RoundState
from bot.db.uow import UnitOfWork
from bot.i18n import _, speaking
from bot.i18n.languages import DEFAULT_LANGUAGE, Language
from bot.ports import SlackPort
from bot.retry import database_unavailable, describe
from bot.workspace.languages import channel_language

log = logging.getLogger(__name__)


def _closed() -> str:
    return _("This round is closed. You can answer in the next one.")


def _not_asked() -> str:
    return _("You're not asked in this round of the check-in.")


def _answered() -> str:
    return _("Your answers to this round are in already. Thank you!")


def _asked_in(
    session: Session, round_id: int, user_id: str
) -> tuple[CheckInRound, CheckIn, CheckInAsk] | None:
    """The round, its check-in and the person's ask in it; None when one of them is gone."""
    found = repo_rounds.get_round(session, round_id)
    checkin = repo.get(session, found.checkin_id) if found else None
    ask = repo_asks.get_ask(session, round_id, user_id)
    if found is None or checkin is None or ask is None:
        return None
    return found, checkin, ask


def answer_modal_for(uow: UnitOfWork, user_id: str, round_id: int) -> dict[str, Any] | str:
    """The answer modal of a round for the person, or a kind refusal."""
    with uow() as session:
        asked = _asked_in(session, round_id, user_id)
        if asked is None:
            return _not_asked()
        found, checkin, ask = asked
        if found.state not in {RoundState.OPENING, RoundState.OPEN}:
            return _closed()
        if ask.state in {AskState.ANSWERING, AskState.ANSWERED}:
            return _answered()
        return answer_modal(
            checkin.title,
            found.channel_id or checkin.channel_id,
            repo.questions_of_row(checkin),
            blocker_question(QuestionSet(checkin.question_set)),
            str(round_id),
        )


@dataclass(frozen=True)
class ToPost:
    """Answers recorded and not yet posted: what posting them in the thread needs."""

    round_id: int
    user_id: str
    language: Language


def record_answers(
    uow: UnitOfWork,
    user_id: str,
    round_id: int,
    answers: tuple[str, ...],
    now: datetime,
    *,
    language: Language = DEFAULT_LANGUAGE,
) -> ToPost | str | None:
    """Record a person's answers (the database only, so a modal's ack is not kept waiting);
    what to post, a refusal to show, or None when a modal submitted twice was counted
    already. The post will speak the channel's language, `language` (KAIROS_LANGUAGE) when
    the channel has none set."""
    if not any(text.strip() for text in answers):
        return _("Write at least one answer, or skip this round.")
    with uow() as session:
        found = repo_rounds.get_round(session, round_id)
        checkin = repo.get(session, found.checkin_id) if found else None
        if found is None or checkin is None:
            return _not_asked()
        index = blocker_question(QuestionSet(checkin.question_set))
        named = answers[index] if index is not None and index < len(answers) else ""
        blocker = named.strip() if names_a_blocker(named) else None
        recorded = repo_asks.record_answer(session, round_id, user_id, answers, blocker=blocker,
                                           now=now)  # fmt: skip
        speaks = channel_language(session, found.channel_id or checkin.channel_id, language)
    if recorded is repo_asks.Recorded.ALREADY:
        return None  # a modal submitted twice: the first one counts, and is posted
    if recorded is repo_asks.Recorded.CLOSED:
        return _closed()
    if recorded is repo_asks.Recorded.UNKNOWN:
        return _not_asked()
    return ToPost(round_id, user_id, speaks)


def post_recorded(uow: UnitOfWork, slack: SlackPort, recorded: ToPost) -> None:
    """Post recorded answers in the round's thread. Recording was the claim and the answers
    are kept: if Slack fails now, the sweep posts them once the claim is old (post_answers),
    so nothing is lost and the person was told nothing failed."""
    try:
        with speaking(recorded.language):
            post_answer(uow, slack, recorded.round_id, recorded.user_id)
    except Exception as error:
        if database_unavailable(error):
            raise
        log.warning(
            "answer of round %s kept; the sweep posts it (%s)", recorded.round_id, describe(error)
        )


def answer(  # noqa: PLR0917 - record, then post, in one call
    uow: UnitOfWork,
    slack: SlackPort,
    user_id: str,
    round_id: int,
    answers: tuple[str, ...],
    now: datetime,
    *,
    language: Language = DEFAULT_LANGUAGE,
) -> str | None:
    """Record a person's answers and post them in the round's thread; None when done, or
    a refusal to show."""
    recorded = record_answers(uow, user_id, round_id, answers, now, language=language)
    if isinstance(recorded, ToPost):
        post_recorded(uow, slack, recorded)
        return None
    return recorded


def skip(uow: UnitOfWork, user_id: str, round_id: int, now: datetime) -> str:
    """A person skips a round (nobody is told); the reply text."""
    with uow() as session:
        asked = _asked_in(session, round_id, user_id)
        if asked is None:
            return _not_asked()
        title = asked[1].title
        for was in (AskState.DUE, AskState.ASKED):
            repo_asks.claim_ask(session, round_id, user_id, was, AskState.SKIPPED, now=now)
        after = repo_asks.get_ask(session, round_id, user_id)
        if after is not None and after.state in {AskState.ANSWERING, AskState.ANSWERED}:
            return _answered()
        return skipped_message(title).text
