""" "Could this meeting have been async?" in each person's own language: the sweep asks
several people at once from fan_out's worker threads, and each DM is worded for the one who
gets it (their choice, else the workspace's language), against real databases and Slack's
Web API (a local fake)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.cleanup.questions import ask_due_questions
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus import repo as focus_repo
from bot.meetings.tables import CalendarFeed, Meeting, MeetingAttendee, MeetingSighting
from bot.slack.gateway import SlackGateway

ANNA, BEN, CEES = "U0ANNA", "U0BEN", "U0CEES"
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)  # Tuesday 11:00 in Amsterdam


@pytest.fixture
def fake_slack(fake_slack: FakeSlack) -> FakeSlack:
    for user in (ANNA, BEN, CEES):
        fake_slack.add_user(user, name=user.lower())
    return fake_slack


def _standup_attended_by(uow: UnitOfWork, people: list[str]) -> None:
    """A recurring standup that ended an hour ago, in the calendars of all who attended."""
    start = NOW - timedelta(hours=1, minutes=25)
    with uow() as session:
        for user in people:
            session.add(
                CalendarFeed(
                    user_id=user, url_encrypted="x", host="calendar.example.com",
                    created_at=NOW, next_poll_at=NOW + timedelta(days=30),
                )
            )  # fmt: skip
        meeting = Meeting(
            series_key="standup", slot=start, title="Standup", starts_at=start,
            ends_at=start + timedelta(minutes=25), people=len(people), is_recurring=True,
            is_private=False, has_agenda=False, agenda_reason="empty", minutes=25, flags="",
            updated_at=NOW,
        )  # fmt: skip
        session.add(meeting)
        session.flush()
        session.add_all(MeetingAttendee(meeting_id=meeting.id, user_id=u) for u in people)
        session.add_all(MeetingSighting(meeting_id=meeting.id, user_id=u) for u in people)


def _speaks(uow: UnitOfWork, user_id: str, language: str | None) -> None:
    with uow() as session:
        person = focus_repo.add_person(session, user_id, "Europe/Amsterdam", NOW)
        person.language = language


def _dm(fake: FakeSlack, user_id: str) -> dict[str, Any]:
    (sent,) = [
        call.args
        for call in fake.calls_to("chat.postMessage")
        if call.args.get("channel") == fake.open_dm(user_id)
    ]
    return sent


def _buttons(dm: dict[str, Any]) -> list[str]:
    blocks = dm["blocks"]
    return [button["text"]["text"] for button in blocks[1]["elements"]]


def test_each_person_is_asked_in_their_own_language(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    _standup_attended_by(uow, [ANNA, BEN, CEES])
    _speaks(uow, ANNA, "nl")
    _speaks(uow, BEN, "en")  # CEES was never stored: the workspace's language
    assert ask_due_questions(uow, slack, NOW, language="en") == 3
    anna, ben, cees = (_dm(fake_slack, user) for user in (ANNA, BEN, CEES))
    assert anna["text"] == "Had Standup ook async gekund?"
    assert "Antwoorden zijn anoniem" in str(anna["blocks"])
    assert _buttons(anna) == ["Ja", "Deels", "Nee"]
    assert ben["text"] == "Could Standup have been async?"
    assert _buttons(ben) == ["Yes", "Partly", "No"]
    assert cees["text"] == "Could Standup have been async?"


def test_someone_kairos_has_no_language_for_gets_the_workspaces(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    _standup_attended_by(uow, [BEN, CEES])
    _speaks(uow, BEN, "en")
    assert ask_due_questions(uow, slack, NOW, language="nl") == 2
    assert _dm(fake_slack, CEES)["text"] == "Had Standup ook async gekund?"
    assert _dm(fake_slack, BEN)["text"] == "Could Standup have been async?"
