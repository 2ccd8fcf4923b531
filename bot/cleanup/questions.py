"""Asking "could this meeting have been async?" after a recurring meeting; anonymous answers.

An attendee who uses Kairos is asked about a recurring meeting that ended in the last two
days: in their next digest, or in a DM when no digest is coming. At most one question in
24 hours per person, the same series at most once in four weeks, never during focus or off
hours. Answers feed the weekly summary as counts, shown once three people answered.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from sqlalchemy.orm import Session

from bot.cleanup import repo_questions
from bot.cleanup.answers import Answer
from bot.cleanup.messages import question_message
from bot.db.uow import UnitOfWork
from bot.errors import KairosUserError, NotYours
from bot.fanout import Budget, fan_out_due
from bot.focus import repo as focus_repo
from bot.focus.language import language_for
from bot.focus.model import zone_named
from bot.i18n import _, speaking
from bot.i18n.languages import DEFAULT_LANGUAGE, Language
from bot.ports import SlackPort
from bot.retry import Retries
from bot.scheduler import Outcome, more_due

log = logging.getLogger(__name__)

# People asked per sweep; the rest wait for the next one.
PER_SWEEP = 200


@dataclass(frozen=True)
class Question:
    """One question for one person about one occurrence of a series."""

    series_key: str
    starts_at: datetime
    title: str


def due_question(session: Session, user_id: str, now: datetime) -> Question | None:
    """The question to ask this person now, if any (the caller checks focus)."""
    if repo_questions.asked_lately(session, user_id, now):
        return None
    meeting = repo_questions.meeting_to_ask_about(session, user_id, now)
    if meeting is None:
        return None
    return Question(meeting.series_key, meeting.starts_at, meeting.title)


def mark_asked(session: Session, user_id: str, question: Question, via: str, now: datetime) -> None:
    """Record that the question went out (a second record of it is ignored)."""
    repo_questions.add_asked(
        session,
        user_id,
        series_key=question.series_key,
        starts_at=question.starts_at,
        title=question.title,
        via=via,
        now=now,
    )


def record_answer(
    session: Session, user_id: str, question: Question, answer: str, now: datetime
) -> None:
    """Keep a person's answer (a later click changes it)."""
    if answer not in {a.value for a in Answer}:
        raise KairosUserError(_("That answer isn't one I know: choose yes, partly or no."))
    if not repo_questions.may_answer(session, user_id, question.series_key, question.starts_at):
        raise NotYours(
            _("That isn't yours: this question was asked of someone else. Nothing was recorded.")
        )
    mark_asked(session, user_id, question, "dm", now)  # in case recording the ask was lost
    repo_questions.set_answer(
        session,
        user_id,
        series_key=question.series_key,
        starts_at=question.starts_at,
        answer=answer,
        now=now,
    )


def answer_question(
    uow: UnitOfWork, user_id: str, question: Question, answer: str, now: datetime
) -> None:
    """Record an answer in its own transaction."""
    with uow() as session:
        record_answer(session, user_id, question, answer, now)
    log.info("an async-question answer was recorded")  # never who, never what


def _ask_now(session: Session, user_id: str, now: datetime) -> Question | None:
    """A question to DM now: the person is free and no digest is waiting to carry it."""
    person = focus_repo.get_person(session, user_id)
    if person is not None:
        if focus_repo.state_of(person).available_at(zone_named(person.tz), now) != now:
            return None  # in focus or off hours: the digest, or a later sweep, asks
        if focus_repo.held_count(session, user_id):
            return None  # a digest is on its way and carries the question
    return due_question(session, user_id, now)


def ask_due_questions(
    uow: UnitOfWork,
    slack: SlackPort,
    now: datetime,
    retries: Retries | None = None,
    *,
    budget: Budget | None = None,
    language: Language = DEFAULT_LANGUAGE,
) -> int | Outcome:
    """DM the question to people who are free and have no digest coming, several at once
    (bot/fanout.py); how many were asked, or Outcome.MORE_DUE when the budget ran out first.
    A DM Slack refuses is retried after a backoff (`retries`); the others still go. Each
    person is asked in their language (`language`, KAIROS_LANGUAGE, when Kairos has none)."""
    retries = retries or Retries("ask could-it-be-async")
    with uow() as session:
        people = repo_questions.candidates(session, now, PER_SWEEP)
    work = partial(_ask_person, uow, slack, now, retries, default=language)
    ran = fan_out_due(people, str, work, retries=retries, now=now, budget=budget)
    return more_due(sum(ran.results), "people asked") if ran.stopped else sum(ran.results)


def _ask_person(
    uow: UnitOfWork,
    slack: SlackPort,
    now: datetime,
    retries: Retries,
    user_id: str,
    *,
    default: Language,
) -> int:
    with uow() as session:
        question = _ask_now(session, user_id, now)
        if question is None:
            return 0
        language = language_for(session, user_id, default)
    ask = partial(_ask, uow, slack, user_id, question, now, language=language)
    return retries.attempt(user_id, now, ask, context=f"about {question.series_key}") or 0


def _ask(
    uow: UnitOfWork,
    slack: SlackPort,
    user_id: str,
    question: Question,
    now: datetime,
    *,
    language: Language,
) -> int:
    # A fan_out worker thread: the caller's language does not reach it, so set the person's.
    with speaking(language):
        rendered = question_message(question.series_key, question.starts_at, question.title)
    slack.send_dm(user_id, rendered.text, rendered.blocks)
    with uow() as session:
        mark_asked(session, user_id, question, "dm", now)
    return 1
