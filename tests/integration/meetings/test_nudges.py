"""Agenda nudges from synced feeds: who gets one, when, once, and what the buttons change."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select

from bot.connect.crypto import TokenCipher
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.digest.service import METADATA_EVENT, deliver_due
from bot.errors import KairosUserError, NotYours
from bot.focus import repo as focus_repo
from bot.focus.grammar import parse_focus_command
from bot.focus.service import run_command
from bot.focus.tables import HeldMention
from bot.meetings.feeds.fetcher import HttpFeedFetcher
from bot.meetings.messages import ask_text
from bot.meetings.notices import ask_for_agenda
from bot.meetings.nudges import not_needed, save_agenda, send_due_nudges
from bot.meetings.people import look_up_people, remember_people
from bot.meetings.service import Calendars, connect_feed, sync_feed
from bot.meetings.tables import Meeting, MeetingAttendee
from bot.slack.app import make_web_client
from bot.slack.gateway import SlackGateway
from tests.support.feeds import FeedServer, Route
from tests.unit.meetings.ics_helpers import calendar

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # Monday 09:00 in Amsterdam
ORGANIZER, GUEST = "U0ORGANIZER", "U0GUEST"


def _event(uid: str, title: str, start: str, *, description: str = "") -> str:
    return (
        f"UID:{uid}\nDTSTART:{start}\nDTEND:{start[:-5]}3000Z\nSUMMARY:{title}\n"
        "ORGANIZER:mailto:olga@acme.test\n"
        "ATTENDEE;PARTSTAT=ACCEPTED:mailto:olga@acme.test\n"
        "ATTENDEE;PARTSTAT=ACCEPTED:mailto:gus@acme.test\n"
        "ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:outsider@elsewhere.test\n"
        + (f"DESCRIPTION:{description}\n" if description else "")
    )


PLANNING = _event("planning@acme", "Q1 planning", "20261125T100000Z")
WEEKLY = _event("weekly@acme", "Team weekly", "20261124T140000Z") + "RRULE:FREQ=WEEKLY;COUNT=4\n"
LUNCH = _event("lunch@acme", "Team lunch", "20261126T110000Z")
READY = _event(
    "ready@acme", "Launch review", "20261127T100000Z",
    description="Agenda:\\n- pricing page\\n- launch checklist",
)  # fmt: skip


@pytest.fixture
def fake_slack(_fake_slack_server: FakeSlack) -> FakeSlack:
    _fake_slack_server.reset()
    _fake_slack_server.add_user(ORGANIZER, name="olga", email="olga@acme.test")
    _fake_slack_server.add_user(GUEST, name="gus", email="gus@acme.test")
    return _fake_slack_server


@pytest.fixture
def cal(uow: UnitOfWork, fake_slack: FakeSlack, feeds: FeedServer) -> Iterator[Calendars]:
    slack = SlackGateway(make_web_client(fake_slack.bot_token, fake_slack.api_url))
    fetcher = HttpFeedFetcher(allow_private=True)
    feeds.routes["/olga.ics"] = Route(body=calendar(PLANNING, WEEKLY, LUNCH, READY).encode())
    cal = Calendars(uow=uow, cipher=TokenCipher(Fernet.generate_key().decode()),
                    fetcher=fetcher, slack=slack)  # fmt: skip
    connect_feed(cal, GUEST, feeds.url("/olga.ics"), NOW)
    yield cal
    fetcher.close()


def _dms(fake: FakeSlack) -> list[str]:
    channel = fake.open_dm(ORGANIZER)
    return [m["text"] for m in fake.messages_in(channel) if m.get("bot_id") == fake.bot_id]


def test_one_nudge_per_series_without_agenda_with_title_and_rule(
    cal: Calendars, fake_slack: FakeSlack
) -> None:
    assert send_due_nudges(cal.uow, cal.slack, NOW) == 2
    texts = _dms(fake_slack)
    assert len(texts) == 2
    assert any("Q1 planning" in t for t in texts)
    assert any("Team weekly" in t for t in texts)  # four occurrences, one nudge
    assert all("agenda" in t for t in texts)
    assert not any("Team lunch" in t or "Launch review" in t for t in texts)
    assert any("3 people" in t for t in texts)  # the outside guest counts; rooms would not

    assert send_due_nudges(cal.uow, cal.slack, NOW + timedelta(hours=1)) == 0
    assert len(_dms(fake_slack)) == 2


def test_email_lookups_are_remembered(
    cal: Calendars, fake_slack: FakeSlack, feeds: FeedServer
) -> None:
    feeds.routes["/olga.ics"] = Route(body=calendar(PLANNING, WEEKLY).encode())
    sync_feed(cal, GUEST, NOW + timedelta(minutes=20))
    looked_up = [c.args.get("email") for c in fake_slack.calls_to("users.lookupByEmail")]
    # Each person once, across two syncs: organizer and attendees (a miss is remembered too).
    assert sorted(looked_up) == ["gus@acme.test", "olga@acme.test", "outsider@elsewhere.test"]


def test_a_found_address_is_asked_again_after_a_week_and_a_miss_after_a_day(
    cal: Calendars, fake_slack: FakeSlack
) -> None:
    emails = ["gus@acme.test", "outsider@elsewhere.test"]

    def lookups(now: datetime) -> tuple[dict[str, str], list[str]]:
        before = len(fake_slack.calls_to("users.lookupByEmail"))
        people = look_up_people(cal.uow, cal.slack, emails, now)
        with cal.uow() as session:
            remember_people(session, people, now)
        found = people.users
        calls = fake_slack.calls_to("users.lookupByEmail")[before:]
        return found, sorted(str(c.args.get("email")) for c in calls)

    first, asked = lookups(NOW + timedelta(days=30))  # past the fixture's own lookups
    assert asked == emails
    assert list(first) == ["gus@acme.test"]
    assert lookups(NOW + timedelta(days=30, hours=23)) == (first, [])
    assert lookups(NOW + timedelta(days=31, hours=1)) == (first, ["outsider@elsewhere.test"])
    assert lookups(NOW + timedelta(days=36, hours=23)) == (first, ["outsider@elsewhere.test"])
    # A week after the first: the hit expires; the miss was checked two hours ago.
    assert lookups(NOW + timedelta(days=37, hours=1)) == (first, ["gus@acme.test"])


def test_reminder_once_a_day_before_unless_dismissed_or_answered(
    cal: Calendars, fake_slack: FakeSlack
) -> None:
    send_due_nudges(cal.uow, cal.slack, NOW)
    not_needed(cal.uow, "planning@acme", ORGANIZER, NOW)
    day_before_weekly = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
    assert send_due_nudges(cal.uow, cal.slack, day_before_weekly) == 1
    assert "Reminder: *Team weekly*" in _dms(fake_slack)[-1]
    assert send_due_nudges(cal.uow, cal.slack, day_before_weekly + timedelta(hours=1)) == 0
    # Planning was dismissed: its day-before passes without a reminder.
    assert send_due_nudges(cal.uow, cal.slack, datetime(2026, 11, 24, 12, 0, tzinfo=UTC)) == 0


def test_an_agenda_given_to_kairos_stops_the_reminder(cal: Calendars) -> None:
    send_due_nudges(cal.uow, cal.slack, NOW)
    save_agenda(cal.uow, "weekly@acme", ORGANIZER, "Decide the Q1 goals", NOW)
    assert send_due_nudges(cal.uow, cal.slack, datetime(2026, 11, 23, 15, tzinfo=UTC)) == 0


def test_only_the_organizer_may_answer_and_bad_agendas_change_nothing(cal: Calendars) -> None:
    send_due_nudges(cal.uow, cal.slack, NOW)
    with pytest.raises(KairosUserError, match="organizer"):
        not_needed(cal.uow, "planning@acme", GUEST, NOW)
    with pytest.raises(KairosUserError, match="a line or two"):
        save_agenda(cal.uow, "planning@acme", ORGANIZER, "  ", NOW)
    with pytest.raises(KairosUserError, match="at most"):
        save_agenda(cal.uow, "planning@acme", ORGANIZER, "x" * 3000, NOW)
    # The weekly has passed its first occurrence; planning's day-before reminder is due.
    day_before = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    assert send_due_nudges(cal.uow, cal.slack, day_before) == 1  # nothing was changed


def test_nudges_wait_while_the_organizer_focuses(cal: Calendars, fake_slack: FakeSlack) -> None:
    with cal.uow() as session:
        person = focus_repo.add_person(session, ORGANIZER, "Europe/Amsterdam", NOW)
        person.session_starts_at, person.session_ends_at = NOW, NOW + timedelta(hours=2)
    assert send_due_nudges(cal.uow, cal.slack, NOW + timedelta(minutes=30)) == 0
    assert _dms(fake_slack) == []
    assert send_due_nudges(cal.uow, cal.slack, NOW + timedelta(hours=3)) == 2


def test_nudges_wait_while_the_organizer_is_on_leave(cal: Calendars, fake_slack: FakeSlack) -> None:
    with cal.uow() as session:
        person = focus_repo.add_person(session, ORGANIZER, "Europe/Amsterdam", NOW)
        run_command(session, person, parse_focus_command("away until tue"), NOW)
    assert send_due_nudges(cal.uow, cal.slack, NOW + timedelta(hours=3)) == 0
    assert _dms(fake_slack) == []
    back = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)  # Tuesday 08:00 in Amsterdam
    assert send_due_nudges(cal.uow, cal.slack, back) == 2


def _held_digest_due(cal: Calendars, fake: FakeSlack) -> None:
    """GUEST was focusing until NOW and one mention of them is waiting."""
    room = "C0ROOM"
    fake.add_channel(room, name="room", members=[GUEST, ORGANIZER])
    ts = "1795424400.000100"
    fake.add_message(room, user=ORGANIZER, text=f"<@{GUEST}> hi", ts=ts)
    with cal.uow() as session:
        person = focus_repo.add_person(session, GUEST, "Europe/Amsterdam", NOW)
        person.session_starts_at = NOW - timedelta(hours=1)
        person.session_ends_at = NOW
        person.next_check_at = NOW
        session.add(
            HeldMention(
                recipient_id=GUEST, sender_id=ORGANIZER, channel_id=room, message_ts=ts,
                thread_ts=None, text=f"<@{GUEST}> hi", kind="user", sent_at=NOW,
                held_at=NOW - timedelta(minutes=5), status="held",
            )
        )  # fmt: skip


def _digests(fake: FakeSlack) -> list[str]:
    return [
        str(c.args.get("blocks"))
        for c in fake.calls_to("chat.postMessage")
        if c.ok and (c.args.get("metadata") or {}).get("event_type") == METADATA_EVENT
    ]


def test_attendees_see_meetings_without_agenda_once_in_their_digest(
    cal: Calendars, fake_slack: FakeSlack
) -> None:
    send_due_nudges(cal.uow, cal.slack, NOW)
    save_agenda(cal.uow, "weekly@acme", ORGANIZER, "Decide the Q1 goals", NOW)
    _held_digest_due(cal, fake_slack)
    assert deliver_due(cal.uow, cal.slack, NOW) == 1
    digest = _digests(fake_slack)[0]
    assert "Q1 planning" in digest
    assert "no agenda yet" in digest
    assert "Ask for an agenda" in digest
    assert "Decide the Q1 goals" in digest  # the agenda the organizer gave Kairos
    assert "Team lunch" not in digest  # exempt
    assert "Launch review" not in digest  # has an agenda

    _held_digest_due_again(cal, fake_slack)
    assert deliver_due(cal.uow, cal.slack, NOW + timedelta(hours=2)) == 1
    assert "Q1 planning" not in _digests(fake_slack)[1]  # once per series


def _held_digest_due_again(cal: Calendars, fake: FakeSlack) -> None:
    fake.add_message("C0ROOM", user=ORGANIZER, text="again", ts="1795424400.000200")
    with cal.uow() as session:
        person = focus_repo.get_person(session, GUEST)
        assert person is not None
        person.session_starts_at = NOW + timedelta(hours=1)
        person.session_ends_at = NOW + timedelta(hours=2)
        person.next_check_at = NOW + timedelta(hours=2)
        session.add(
            HeldMention(
                recipient_id=GUEST, sender_id=ORGANIZER, channel_id="C0ROOM",
                message_ts="1795424400.000200", thread_ts=None, text="again", kind="user",
                sent_at=NOW, held_at=NOW + timedelta(hours=1), status="held",
            )
        )  # fmt: skip


def test_asks_are_counted_once_per_person_and_anonymously(cal: Calendars) -> None:
    with cal.uow() as session:  # a third attendee, as a sync finds one by email
        meeting_id = session.scalar(select(Meeting.id).where(Meeting.series_key == "planning@acme"))
        session.add(MeetingAttendee(meeting_id=meeting_id, user_id="U0THIRD"))
    for stranger in (ORGANIZER, "U0STRANGER"):  # only attendees ask, never the organizer
        with pytest.raises(NotYours):
            ask_for_agenda(cal.uow, "planning@acme", stranger, NOW)
    first = ask_for_agenda(cal.uow, "planning@acme", GUEST, NOW)
    again = ask_for_agenda(cal.uow, "planning@acme", GUEST, NOW)
    other = ask_for_agenda(cal.uow, "planning@acme", "U0THIRD", NOW)
    assert (first.asks, first.new) == (1, True)
    assert (again.asks, again.new) == (1, False)
    assert (other.asks, other.new) == (2, True)
    assert other.organizer_id == ORGANIZER
    text = ask_text(other.title, other.asks)
    assert "2 attendees have asked for an agenda for *Q1 planning*" in text
    assert GUEST not in text
    assert "U0THIRD" not in text


def test_meetings_that_cut_into_an_attendees_focus_block_are_flagged(
    cal: Calendars, feeds: FeedServer
) -> None:
    with cal.uow() as session:
        person = focus_repo.add_person(session, GUEST, "Europe/Amsterdam", NOW)
        run_command(session, person, parse_focus_command("tue 15:00-16:00"), NOW)
    # Flags are worked out when the feed changes; this sync brings one more event.
    feeds.routes["/olga.ics"] = Route(body=calendar(PLANNING, WEEKLY, LUNCH).encode())
    sync_feed(cal, GUEST, NOW + timedelta(minutes=20))
    with cal.uow() as session:
        flags = {m.title: m.flags.split(",") for m in session.scalars(select(Meeting))}
    assert "overlaps_focus" in flags["Team weekly"]  # Tuesdays 15:00 in Amsterdam
    assert "overlaps_focus" not in flags["Q1 planning"]  # Wednesday
