"""Tables for async check-ins: the check-in, its people, its rounds, and each person's ask.

Answers are not kept: an answer's text waits in its ask only until it is posted in the
round's thread, and a blocker's only until the round's wrap-up (both are then deleted).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime
from bot.focus.tables import SLACK_ID, SLACK_TS
from bot.meetings.model import SERIES_KEY_CHARS

STATE = String(16)


class Status(StrEnum):
    """A check-in's status: paused ones plan and open nothing; stopped is final."""

    ACTIVE = "active"
    PAUSED = "paused"
    STOPPED = "stopped"


class RoundState(StrEnum):
    """Where a round is: each step is claimed (opening, wrapping) before its post is sent."""

    DUE = "due"
    OPENING = "opening"
    OPEN = "open"
    WRAPPING = "wrapping"
    WRAPPED = "wrapped"
    SKIPPED = "skipped"


class AskState(StrEnum):
    """Where one person's ask is: claimed (asking) before the DM, recorded (answering)
    before the answer is posted in the thread."""

    DUE = "due"
    ASKING = "asking"
    ASKED = "asked"
    ANSWERING = "answering"
    ANSWERED = "answered"
    SKIPPED = "skipped"


class CheckIn(Base):
    """One async check-in: where and when it asks, what, and what it gave back."""

    __tablename__ = "checkins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # None once the organizer was forgotten (the check-in is stopped then: nobody could
    # pause, edit or stop it any more).
    organizer_id: Mapped[str | None] = mapped_column(SLACK_ID, index=True)
    title: Mapped[str] = mapped_column(Text)
    channel_id: Mapped[str] = mapped_column(SLACK_ID)
    # The meeting series it replaces (None: set up without one).
    series_key: Mapped[str | None] = mapped_column(String(SERIES_KEY_CHARS), index=True)
    question_set: Mapped[str] = mapped_column(String(16))
    # A JSON list of the questions: the ready-made sets' English ids, or the organizer's own.
    questions: Mapped[str] = mapped_column(Text)
    # The cadence (model.Cadence): weekdays as "0,2" (0 = Monday), local_time "HH:MM" in zone.
    weekdays: Mapped[str] = mapped_column(String(16))
    local_time: Mapped[str] = mapped_column(String(5))
    zone: Mapped[str] = mapped_column(String(64))
    every_weeks: Mapped[int] = mapped_column(Integer, default=1)
    first_week: Mapped[date | None] = mapped_column(Date)
    due_working_minutes: Mapped[int] = mapped_column(Integer)
    # active -> paused -> active ...; stopped is final.
    status: Mapped[str] = mapped_column(STATE, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Rounds are planned up to here; None: plan again from now (new, resumed or edited).
    planned_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The one-time "cancel or shorten your series" DM to the organizer, claimed when set.
    asked_to_cancel_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Attendee-hours a week the series gave back, once a sync showed it ended or shortened.
    hours_given_back: Mapped[float | None] = mapped_column(Float)
    given_back_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CheckInPerson(Base):
    """Someone a check-in asks: a row each, so forget-me and my-data find them by id."""

    __tablename__ = "checkin_people"

    checkin_id: Mapped[int] = mapped_column(
        ForeignKey("checkins.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(SLACK_ID, primary_key=True, index=True)
    # The order the organizer listed them in.
    position: Mapped[int] = mapped_column(Integer, default=0)


class CheckInRound(Base):
    """One occurrence of a check-in: its opening post, and its wrap-up in the thread."""

    __tablename__ = "checkin_rounds"
    __table_args__ = (
        # Planning twice (a second replica, a restart) inserts the same key and is skipped.
        UniqueConstraint("checkin_id", "opens_at", name="uq_checkin_rounds_opens"),
        Index("ix_checkin_rounds_sweep", "state", "opens_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    checkin_id: Mapped[int] = mapped_column(ForeignKey("checkins.id", ondelete="CASCADE"))
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    remind_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    # due -> opening (claimed, being posted) -> open -> wrapping (claimed) -> wrapped;
    # due -> skipped (a round missed while Kairos was down, past its due time).
    state: Mapped[str] = mapped_column(STATE, default="due")
    # When the step in flight (opening, wrapping) was claimed: a claim left by a replica
    # that died is taken over after a while (reclaim), and the post searched for first.
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Where the opening post is: the channel then (an edit may move later rounds).
    channel_id: Mapped[str | None] = mapped_column(SLACK_ID)
    message_ts: Mapped[str | None] = mapped_column(SLACK_TS)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    wrap_ts: Mapped[str | None] = mapped_column(SLACK_TS)
    wrapped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Counted at the wrap-up and kept: the summary's answer rates name nobody.
    asked_count: Mapped[int | None] = mapped_column(Integer)
    answered_count: Mapped[int | None] = mapped_column(Integer)


class CheckInAsk(Base):
    """One person asked in one round: the DM, its one reminder, and their answer's post."""

    __tablename__ = "checkin_asks"
    __table_args__ = (Index("ix_checkin_asks_sweep", "state", "ask_at"),)

    round_id: Mapped[int] = mapped_column(
        ForeignKey("checkin_rounds.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(SLACK_ID, primary_key=True, index=True)
    # The person's next reachable moment from the round's opening (outside focus, off hours
    # and leave).
    ask_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # due -> asking (claimed) -> asked -> answering (recorded, being posted) -> answered;
    # due -> skipped (never reachable before the round was due).
    state: Mapped[str] = mapped_column(STATE, default="due")
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    dm_channel: Mapped[str | None] = mapped_column(SLACK_ID)
    dm_ts: Mapped[str | None] = mapped_column(SLACK_TS)
    asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The reminder: reminded_at is its claim, reminder_ts set once it is sent.
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminder_ts: Mapped[str | None] = mapped_column(SLACK_TS)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The answers as JSON, only until they are posted in the thread (then None).
    answers: Mapped[str | None] = mapped_column(Text)
    answer_ts: Mapped[str | None] = mapped_column(SLACK_TS)
    # A blocker named in the answer, pulled to the top of the wrap-up, then deleted.
    blocker: Mapped[str | None] = mapped_column(Text)
