"""The check-in service against the fake Slack, on SQLite and PostgreSQL: setting one up
(defaults from the meeting, a channel Kairos cannot post in, a modal submitted twice, a
series that has one already), the organizer's pause, resume and stop, answering and
skipping a round."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

import pytest

from bot.checkins import repo, repo_asks, service
from bot.checkins.service import Created, Refused
from bot.checkins.service_asks import ANSWER_EVENT, STUCK_AFTER
from bot.checkins.service_rounds import ROUND_EVENT
from bot.checkins.setup_messages import CHANNEL
from bot.checkins.tables import AskState, RoundState, Status
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.i18n import speaking
from bot.meetings.tables import Meeting, MeetingAttendee
from bot.slack.gateway import SlackGateway
from tests.integration.checkins.building import (
    ANA,
    BOB,
    CAROL,
    HOUR,
    MEMBERS,
    MONDAY,
    ORGANIZER,
    PLAN,
    TEAM,
    WEDNESDAY,
    sweep,
)

SECRET = "C0SECRET"
SERIES = "series-standup"


@pytest.fixture
def fake_slack(fake_slack: FakeSlack) -> FakeSlack:
    """The team of conftest.py, and a private channel Kairos is not in."""
    fake_slack.add_channel(SECRET, name="secret", is_private=True, members=MEMBERS,
                           bot_is_member=False)  # fmt: skip
    return fake_slack


def _created(uow: UnitOfWork, slack: SlackGateway, series: str | None = SERIES) -> Created:
    made = service.create_checkin(uow, slack, ORGANIZER, PLAN, series, MONDAY)
    assert isinstance(made, Created)
    return made


def _round_id(uow: UnitOfWork, checkin_id: int) -> int:
    with uow() as session:
        return next(r.id for r in repo.rounds_of(session, checkin_id) if r.opens_at == WEDNESDAY)


def test_a_check_in_is_set_up_with_its_rounds_planned(uow: UnitOfWork, slack: SlackGateway) -> None:
    made = _created(uow, slack)
    assert made.channel_id == TEAM
    assert made.first_round == WEDNESDAY
    with uow() as session:
        row = repo.get(session, made.checkin_id)
        assert row is not None
        assert row.series_key == SERIES
        assert repo.people_of(session, made.checkin_id) == [ANA, BOB, CAROL]
        assert len(repo.rounds_of(session, made.checkin_id)) == 6  # two a week, three weeks


def test_a_modal_submitted_twice_sets_up_one_check_in(uow: UnitOfWork, slack: SlackGateway) -> None:
    first = _created(uow, slack)
    again = service.create_checkin(
        uow, slack, ORGANIZER, PLAN, SERIES, MONDAY + timedelta(seconds=5)
    )
    assert again == first
    with uow() as session:
        assert [c.id for c in repo.of_person(session, ORGANIZER)] == [first.checkin_id]


def test_a_series_with_a_check_in_is_refused_kindly(uow: UnitOfWork, slack: SlackGateway) -> None:
    _created(uow, slack)
    other = replace(PLAN, title="Another", people=(ANA,))
    refused = service.create_checkin(uow, slack, ORGANIZER, other, SERIES, MONDAY + HOUR)
    assert isinstance(refused, Refused)
    assert "already has a check-in" in refused.errors[CHANNEL]


def test_a_channel_kairos_cannot_post_in_is_refused(uow: UnitOfWork, slack: SlackGateway) -> None:
    refused = service.create_checkin(uow, slack, ORGANIZER, replace(PLAN, channel_id=SECRET),
                                     None, MONDAY)  # fmt: skip
    assert isinstance(refused, Refused)
    assert "/invite @Kairos" in refused.errors[CHANNEL]
    with uow() as session:
        assert repo.of_person(session, ORGANIZER) == []


def test_an_organizer_slack_does_not_know_is_refused(uow: UnitOfWork, slack: SlackGateway) -> None:
    refused = service.create_checkin(uow, slack, "U0NOBODY", PLAN, None, MONDAY)
    assert isinstance(refused, Refused)
    assert CHANNEL in refused.errors


def test_the_defaults_come_from_the_meeting_series(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    with uow() as session:
        for week in range(4):  # Tuesdays 14:00 in Amsterdam (13:00 UTC), before DST ends too
            starts = datetime(2026, 11, 3, 13, tzinfo=UTC) + timedelta(weeks=week)
            meeting = Meeting(
                series_key=SERIES, slot=starts, title="Team standup", starts_at=starts,
                ends_at=starts + HOUR / 2, people=3, is_recurring=True, is_private=False,
                has_agenda=False, agenda_reason="none", minutes=30, flags="",
                organizer_id=ORGANIZER, updated_at=starts,
            )  # fmt: skip
            session.add(meeting)
            session.flush()
            session.add_all(MeetingAttendee(meeting_id=meeting.id, user_id=u) for u in (BOB, ANA))
    asked_before = len(fake_slack.calls_to("users.info"))
    defaults = service.setup_defaults(uow, slack, ORGANIZER, SERIES, MONDAY)
    assert defaults.title == "Team standup"
    assert defaults.people == (ORGANIZER, ANA, BOB)
    # The modal opens on a 3-second trigger: nothing is asked of Slack per attendee.
    asked = fake_slack.calls_to("users.info")[asked_before:]
    assert [c.args.get("user") for c in asked] in ([], [ORGANIZER])
    assert defaults.cadence.weekdays == frozenset({1})
    assert defaults.cadence.local_time == time(14, 0)
    assert defaults.cadence.zone == "Europe/Amsterdam"


def test_without_a_series_the_defaults_are_a_weekly_check_in_of_the_organizer(
    uow: UnitOfWork, slack: SlackGateway
) -> None:
    _created(uow, slack, series=None)
    defaults = service.setup_defaults(uow, slack, ORGANIZER, None, MONDAY)
    assert defaults.title == "Check-in"
    assert defaults.people == (ORGANIZER,)
    assert defaults.channel_id == TEAM  # the channel of their latest check-in
    assert defaults.cadence.weekdays == frozenset({0})
    assert defaults.cadence.local_time == time(11, 0)  # 10:00 in Amsterdam, next full hour


def test_only_the_organizer_pauses_resumes_and_stops(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    made = _created(uow, slack)
    assert "Only the organizer" in service.pause(uow, ANA, made.checkin_id, MONDAY)
    assert "Only the organizer" in service.stop(uow, ANA, made.checkin_id, MONDAY)
    service.pause(uow, ORGANIZER, made.checkin_id, MONDAY)
    sweep(uow, slack, WEDNESDAY)  # paused: no round opens
    assert not [c for c in fake_slack.calls_to("chat.postMessage")
                if (c.args.get("metadata") or {}).get("event_type") == ROUND_EVENT]  # fmt: skip
    service.resume(uow, ORGANIZER, made.checkin_id, WEDNESDAY + HOUR)
    with uow() as session:
        row = repo.get(session, made.checkin_id)
        assert row is not None
        assert row.status == Status.ACTIVE
        assert repo.rounds_of(session, made.checkin_id)[0].opens_at > WEDNESDAY + HOUR
    listed = service.checkins_of(uow, ANA, MONDAY)
    assert [(e.title, e.organizer) for e in listed] == [("Standup", False)]
    service.stop(uow, ORGANIZER, made.checkin_id, WEDNESDAY + HOUR)
    assert service.checkins_of(uow, ORGANIZER, MONDAY) == []
    assert "couldn't find" in service.resume(uow, ORGANIZER, made.checkin_id, WEDNESDAY)


def test_answering_posts_once_in_the_thread_and_a_closed_round_refuses(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    made = _created(uow, slack)
    round_id = _round_id(uow, made.checkin_id)
    assert isinstance(service.answer_modal_for(uow, ANA, round_id), str)  # not asked yet
    sweep(uow, slack, WEDNESDAY)
    modal = service.answer_modal_for(uow, ANA, round_id)
    assert isinstance(modal, dict)
    assert modal["private_metadata"] == str(round_id)
    assert "Write at least one answer" in str(service.answer(uow, slack, ANA, round_id,
                                                             ("", " "), WEDNESDAY))  # fmt: skip
    answers = ("Export", "Import", "no")
    assert service.answer(uow, slack, ANA, round_id, answers, WEDNESDAY + HOUR) is None
    assert service.answer(uow, slack, ANA, round_id, answers, WEDNESDAY + HOUR) is None
    posts = [c for c in fake_slack.calls_to("chat.postMessage")
             if (c.args.get("metadata") or {}).get("event_type") == ANSWER_EVENT]  # fmt: skip
    assert len(posts) == 1
    assert posts[0].args["thread_ts"]
    assert "in already" in str(service.answer_modal_for(uow, ANA, round_id))
    assert "skipped" in service.skip(uow, BOB, round_id, WEDNESDAY + HOUR)
    with uow() as session:
        states = {a.user_id: a.state for a in repo_asks.asks_of(session, round_id)}
        assert states == {ANA: AskState.ANSWERED, BOB: AskState.SKIPPED, CAROL: AskState.ASKED}
    sweep(uow, slack, WEDNESDAY + 4 * HOUR)
    with uow() as session:
        found = repo.rounds_of(session, made.checkin_id)[0]
        assert found.state == RoundState.WRAPPED
    assert "closed" in str(
        service.answer(uow, slack, CAROL, round_id, answers, WEDNESDAY + 5 * HOUR)
    )
    assert "not asked" in str(service.answer_modal_for(uow, "U0OTHER", round_id))


def test_the_replies_speak_dutch(uow: UnitOfWork, slack: SlackGateway) -> None:
    made = _created(uow, slack)
    with speaking("nl"):
        refused = service.pause(uow, ANA, made.checkin_id, MONDAY)
        closed = service.answer_modal_for(uow, ANA, _round_id(uow, made.checkin_id))
    assert refused == "Alleen de organisator van deze check-in kan hem aanpassen."
    assert closed == "Je bent in deze ronde van de check-in niet gevraagd."


def test_an_answer_slack_refuses_to_post_is_kept_and_posted_once_by_thesweep(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    made = _created(uow, slack)
    round_id = _round_id(uow, made.checkin_id)
    sweep(uow, slack, WEDNESDAY)
    fake_slack.fail_next("chat.postMessage", "internal_error", only={"channel": TEAM})
    answers = ("Export", "Import", "Waiting for legal")
    assert service.answer(uow, slack, ANA, round_id, answers, WEDNESDAY + HOUR) is None
    sweep(uow, slack, WEDNESDAY + HOUR + STUCK_AFTER / 2)  # not stuck yet: left alone
    with uow() as session:
        kept = repo_asks.get_ask(session, round_id, ANA)
        assert kept is not None
        assert kept.state == AskState.ANSWERING
    sweep(uow, slack, WEDNESDAY + HOUR + 2 * STUCK_AFTER)
    sweep(uow, slack, WEDNESDAY + HOUR + 3 * STUCK_AFTER)
    calls = fake_slack.calls_to("chat.postMessage")
    posts = [c for c in calls if (c.args.get("metadata") or {}).get("event_type") == ANSWER_EVENT]
    assert [c.ok for c in posts] == [False, True]
    with uow() as session:
        ask = repo_asks.get_ask(session, round_id, ANA)
        assert ask is not None
        assert ask.state == AskState.ANSWERED
        assert ask.answers is None  # the text goes once it is posted


def test_only_the_series_organizer_makes_it_async(uow: UnitOfWork, slack: SlackGateway) -> None:
    with uow() as session:
        starts = datetime(2026, 11, 3, 13, tzinfo=UTC)
        session.add(
            Meeting(
                series_key=SERIES,
                slot=starts,
                title="Board review",
                starts_at=starts,
                ends_at=starts + HOUR,
                people=3,
                is_recurring=True,
                is_private=False,
                has_agenda=False,
                agenda_reason="none",
                minutes=60,
                flags="",
                organizer_id=ANA,
                updated_at=starts,
            )
        )
    # Someone else's series: the form shows nothing of it, and setting it up is refused.
    defaults = service.setup_defaults(uow, slack, ORGANIZER, SERIES, MONDAY)
    assert (defaults.series_key, defaults.title, defaults.people) == ("", "Check-in", (ORGANIZER,))
    refused = service.create_checkin(uow, slack, ORGANIZER, PLAN, SERIES, MONDAY)
    assert isinstance(refused, Refused)
    assert "Only the organizer" in refused.errors[CHANNEL]
    with uow() as session:
        assert repo.of_person(session, ORGANIZER) == []
    # Its organizer may.
    assert service.setup_defaults(uow, slack, ANA, SERIES, MONDAY).title == "Board review"


def test_resuming_where_kairos_still_cannot_post_keeps_the_check_in_paused(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    with uow() as session:  # as the sweep leaves it when Kairos was removed from the channel
        checkin_id = repo.create(session, ORGANIZER, replace(PLAN, channel_id=SECRET), MONDAY)
        repo.pause(session, checkin_id, MONDAY)
    said = service.resume(uow, ORGANIZER, checkin_id, MONDAY + HOUR, slack=slack)
    assert "still can't post in <#C0SECRET>" in said
    with uow() as session:
        row = repo.get(session, checkin_id)
        assert row is not None
        assert row.status == Status.PAUSED
        assert repo.rounds_of(session, checkin_id) == []
    # Invited back: resuming plans its rounds again.
    fake_slack.add_channel("C0BACK", name="back", members=[ORGANIZER, ANA])
    with uow() as session:
        repo.update_plan(session, checkin_id, replace(PLAN, channel_id="C0BACK"), MONDAY)
    assert "Resumed" in service.resume(uow, ORGANIZER, checkin_id, MONDAY + HOUR, slack=slack)
    with uow() as session:
        row = repo.get(session, checkin_id)
        assert row is not None
        assert row.status == Status.ACTIVE
        assert repo.rounds_of(session, checkin_id) != []


def test_with_no_team_channel_known_one_of_the_organizers_own_is_proposed(
    uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    fake_slack.add_channel("C0AAGENERAL", name="general", members=[ORGANIZER, ANA])
    # No summary channel, no earlier check-in: a public channel of theirs, never #general.
    assert service.setup_defaults(uow, slack, ORGANIZER, None, MONDAY).channel_id == TEAM
    # A private channel Kairos shares with them is likelier their team's own.
    fake_slack.add_channel("G0SQUAD", name="squad", is_private=True, members=[ORGANIZER, ANA])
    assert service.setup_defaults(uow, slack, ORGANIZER, None, MONDAY).channel_id == "G0SQUAD"
    # Slack failing to say gives no channel, and the form still opens.
    fake_slack.fail_next("users.conversations", "internal_error")
    assert service.setup_defaults(uow, slack, ORGANIZER, None, MONDAY).channel_id is None
