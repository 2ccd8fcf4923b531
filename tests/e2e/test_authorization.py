"""Every button and form checks who may use it: signed presses with forged or foreign values.

The meetings, nudges and questions are stored rows (as a calendar sync and the sweeps would
leave them); the presses go to a running Kairos over signed HTTP, and a refusal must change
nothing: no row, no count, no DM, no modal, not even the meeting's title.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.cleanup.messages import answer_value
from bot.cleanup.tables import AsyncQuestion
from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import Call, FakeSlack
from bot.focus.tables import HeldMention, UrgentUse
from bot.meetings.messages import agenda_modal
from bot.meetings.tables import AgendaNotice, AgendaNudge, Meeting, MeetingAttendee
from tests.e2e.conftest import RunningKairos, start_kairos, stop_and_show

pytestmark = pytest.mark.e2e

NOT_YOURS = "That isn't yours"
UNREADABLE = "I couldn't read that"
# Longer than any key Kairos stores (PostgreSQL refused it with an apology), and a NUL byte
# (which PostgreSQL refuses in any text).
BAD_KEYS = ["k" * 616, "weekly\x00@acme"]


@pytest.fixture(scope="module")
def kairos(
    fake_slack: FakeSlack, e2e_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningKairos]:
    """Kairos sweeping often; the meetings below are stored as nudged already, so nothing but
    the presses talks to organizers."""
    running = start_kairos(
        fake_slack, e2e_database_url, tmp_path_factory.mktemp("authorization"),
        KAIROS_SWEEP_SECONDS="5",
    )  # fmt: skip
    try:
        yield running
    finally:
        stop_and_show(running)


@dataclass
class Cast:
    """The organizer, an attendee, and someone with no part in the meeting."""

    organizer: str
    attendee: str
    outsider: str


@pytest.fixture
def cast(fake_slack: FakeSlack) -> Cast:
    people = [f"U{role}{uuid.uuid4().hex[:6].upper()}" for role in ("ORG", "ATT", "OUT")]
    for user in people:
        fake_slack.add_user(user, name=user.lower())
    return Cast(*people)


def _store(kairos: RunningKairos, *rows: Any) -> None:
    engine = kairos.engine()
    try:
        with Session(engine) as session, session.begin():
            for row in rows:
                session.add(row)
                session.flush()  # a meeting's id, before its attendees refer to it
    finally:
        engine.dispose()


def _scalar(kairos: RunningKairos, statement: Any) -> Any:
    engine = kairos.engine()
    try:
        with engine.connect() as connection:
            return connection.scalar(statement)
    finally:
        engine.dispose()


def _meeting(
    kairos: RunningKairos, cast: Cast, title: str, *, starts_at: datetime, recurring: bool = False
) -> str:
    """A meeting without an agenda, organized by cast.organizer, stored with its nudge sent
    and reminded already, in one transaction: this Kairos's nudge sweep (calendars are on,
    with the key it keeps beside its database) must not nudge it meanwhile. Its series key."""
    series = f"{uuid.uuid4().hex}@acme"
    meeting = Meeting(
        series_key=series, slot=starts_at, title=title, starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=25), organizer_id=cast.organizer, people=2,
        is_recurring=recurring, is_private=False, has_agenda=False, agenda_reason="empty",
        minutes=25, flags="", updated_at=datetime.now(UTC),
    )  # fmt: skip
    nudge = AgendaNudge(
        series_key=series, organizer_id=cast.organizer, meeting_starts_at=starts_at,
        sent_at=datetime.now(UTC), reminded_at=datetime.now(UTC),
    )  # fmt: skip
    _store(kairos, meeting, nudge)
    meeting_id = _scalar(kairos, select(Meeting.id).where(Meeting.series_key == series))
    _store(
        kairos,
        *(
            MeetingAttendee(meeting_id=meeting_id, user_id=u)
            for u in (cast.organizer, cast.attendee)
        ),
    )
    return series


def _press(
    kairos: RunningKairos, fake: FakeSlack, action_id: str, value: str, user: str, channel: str
) -> str:
    """A signed button press; its response_url (which a refusal must leave unused)."""
    response_url = fake.new_response_url()
    payload = payloads.block_action_payload(
        action_id, value, user_id=user, channel_id=channel, response_url=response_url,
        trigger_id=fake.new_trigger_id(user),
    )  # fmt: skip
    assert kairos.post_form(payloads.block_actions_form(payload)).status_code == 200
    return response_url


def _refusal(fake: FakeSlack, user: str, before: int) -> str:
    """The private answer the person got for a refused press (the error handler sends it)."""
    call = fake.wait_for_call(
        "chat.postEphemeral", predicate=lambda c: c.args.get("user") == user, after=before
    )
    return str(call.args["text"])


def _since(fake: FakeSlack, before: int, method: str) -> list[Call]:
    return [call for call in fake.calls[before:] if call.method == method]


def _dms_to(fake: FakeSlack, user: str, before: int) -> list[Call]:
    dm = fake.open_dm(user)
    return [c for c in _since(fake, before, "chat.postMessage") if c.args.get("channel") == dm]


# --- the organizer's nudge: Add agenda, its modal, Not needed ------------------------------


def test_only_the_organizer_opens_saves_or_dismisses_the_agenda(
    kairos: RunningKairos, fake_slack: FakeSlack, cast: Cast
) -> None:
    title = f"Secret reorg {cast.organizer}"
    series = _meeting(kairos, cast, title, starts_at=datetime.now(UTC) + timedelta(days=3))
    outsider_dm = fake_slack.open_dm(cast.outsider)

    for action in ("nudge.add_agenda", "nudge.not_needed"):
        before = len(fake_slack.calls)
        url = _press(kairos, fake_slack, action, series, cast.outsider, outsider_dm)
        assert NOT_YOURS in _refusal(fake_slack, cast.outsider, before)
        assert _since(fake_slack, before, "views.open") == []
        assert title not in json.dumps([c.args for c in fake_slack.calls[before:]])
        assert fake_slack.responses(url) == []

    # The modal, submitted by someone else with the series in its metadata, saves nothing.
    modal = agenda_modal(series, "")
    values = {"agenda": {"agenda": "Take over the meeting"}}
    submitted = payloads.view_submission_payload(
        "nudge.agenda", values, user_id=cast.outsider, private_metadata=series,
        blocks=modal["blocks"],
    )  # fmt: skip
    refused = kairos.post_form(payloads.block_actions_form(submitted))
    assert refused.json()["response_action"] == "errors"
    assert NOT_YOURS in refused.json()["errors"]["agenda"]
    stored = select(AgendaNudge.agenda, AgendaNudge.dismissed_at).where(
        AgendaNudge.series_key == series
    )
    engine = kairos.engine()
    try:
        with engine.connect() as connection:
            assert tuple(connection.execute(stored).one()) == (None, None)
    finally:
        engine.dispose()

    # The organizer's own press still opens the modal with the title.
    before = len(fake_slack.calls)
    _press(
        kairos,
        fake_slack,
        "nudge.add_agenda",
        series,
        cast.organizer,
        fake_slack.open_dm(cast.organizer),
    )
    opened = fake_slack.wait_for_call("views.open", after=before)
    assert title in json.dumps(opened.args)


# --- attendees' "Ask for an agenda" ---------------------------------------------------------


def _asks(kairos: RunningKairos, series: str) -> int:
    return int(
        _scalar(
            kairos,
            select(func.count()).select_from(AgendaNotice).where(AgendaNotice.series_key == series),
        )
    )


def test_only_an_attendee_may_ask_for_an_agenda(
    kairos: RunningKairos, fake_slack: FakeSlack, cast: Cast
) -> None:
    series = _meeting(kairos, cast, "Budget", starts_at=datetime.now(UTC) + timedelta(days=2))
    for user in (cast.outsider, cast.organizer):
        before = len(fake_slack.calls)
        url = _press(
            kairos, fake_slack, "meeting.ask_agenda", series, user, fake_slack.open_dm(user)
        )
        assert NOT_YOURS in _refusal(fake_slack, user, before)
        assert _dms_to(fake_slack, cast.organizer, before) == []
        assert fake_slack.responses(url) == []
    assert _asks(kairos, series) == 0

    before = len(fake_slack.calls)
    url = _press(
        kairos, fake_slack, "meeting.ask_agenda", series, cast.attendee,
        fake_slack.open_dm(cast.attendee),
    )  # fmt: skip
    assert "Asked, anonymously" in fake_slack.wait_for_response(url)[0]["text"]
    dm = fake_slack.wait_for_call(
        "chat.postMessage",
        predicate=lambda c: c.args.get("channel") == fake_slack.open_dm(cast.organizer),
        after=before,
    )
    assert "An attendee has asked" in dm.args["text"]
    assert _asks(kairos, series) == 1


# --- "Could this have been async?" answers --------------------------------------------------


def _answers(kairos: RunningKairos, series: str) -> list[str]:
    engine = kairos.engine()
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(AsyncQuestion.user_id)
                .where(AsyncQuestion.series_key == series, AsyncQuestion.answer.is_not(None))
                .order_by(AsyncQuestion.user_id)
            )
            return [row.user_id for row in rows]
    finally:
        engine.dispose()


def test_only_the_person_asked_may_answer(
    kairos: RunningKairos, fake_slack: FakeSlack, cast: Cast
) -> None:
    starts_at = (datetime.now(UTC) - timedelta(hours=2)).replace(microsecond=0)
    series = _meeting(kairos, cast, "Weekly", starts_at=starts_at, recurring=True)
    _store(
        kairos,
        AsyncQuestion(
            user_id=cast.attendee, series_key=series, meeting_starts_at=starts_at,
            asked_at=datetime.now(UTC), via="dm", title="Weekly",
        ),
    )  # fmt: skip
    value = answer_value(series, starts_at, "dm")
    # Three strangers would reach the threshold at which the summary shows the counts.
    strangers = [f"UX{uuid.uuid4().hex[:6].upper()}" for _ in range(3)]
    for stranger in strangers:
        fake_slack.add_user(stranger, name=stranger.lower())
        before = len(fake_slack.calls)
        url = _press(kairos, fake_slack, "async.yes", value, stranger, fake_slack.open_dm(stranger))
        assert NOT_YOURS in _refusal(fake_slack, stranger, before)
        assert fake_slack.responses(url) == []
    assert _answers(kairos, series) == []

    url = _press(
        kairos, fake_slack, "async.no", value, cast.attendee, fake_slack.open_dm(cast.attendee)
    )
    assert "noted as *no*" in fake_slack.wait_for_response(url)[0]["text"]
    assert _answers(kairos, series) == [cast.attendee]


# --- values Kairos never made ---------------------------------------------------------------


@pytest.mark.parametrize("key", BAD_KEYS, ids=["616 characters", "NUL"])
def test_invented_keys_are_unreadable_and_change_nothing(
    kairos: RunningKairos, fake_slack: FakeSlack, cast: Cast, key: str
) -> None:
    dm = fake_slack.open_dm(cast.outsider)
    start = datetime.now(UTC) - timedelta(hours=2)
    presses = [
        ("nudge.add_agenda", key),
        ("nudge.not_needed", key),
        ("meeting.ask_agenda", key),
        ("async.yes", json.dumps({"s": key, "t": start.isoformat(), "v": "dm"})),
    ]
    for action, value in presses:
        before = len(fake_slack.calls)
        url = _press(kairos, fake_slack, action, value, cast.outsider, dm)
        assert UNREADABLE in _refusal(fake_slack, cast.outsider, before), action
        assert _since(fake_slack, before, "views.open") == []
        assert fake_slack.responses(url) == []
    submitted = payloads.view_submission_payload(
        "nudge.agenda", {"agenda": {"agenda": "An agenda"}}, user_id=cast.outsider,
        private_metadata=key, blocks=agenda_modal("x", "")["blocks"],
    )  # fmt: skip
    refused = kairos.post_form(payloads.block_actions_form(submitted))
    assert UNREADABLE in refused.json()["errors"]["agenda"]
    for table in (AgendaNotice, AsyncQuestion):  # no ask counted, no answer kept
        rows = select(func.count()).select_from(table).where(table.user_id == cast.outsider)
        assert _scalar(kairos, rows) == 0


# --- "It's urgent" --------------------------------------------------------------------------


def _held_mention(kairos: RunningKairos, fake: FakeSlack, cast: Cast) -> tuple[str, str]:
    """cast.attendee (focusing) is mentioned by cast.organizer: (channel, message ts)."""
    room = f"C{uuid.uuid4().hex[:8].upper()}"
    fake.add_channel(
        room, name=room.lower(), members=[cast.organizer, cast.attendee, cast.outsider]
    )
    focus = payloads.slash_command_form(
        "/focus", "now 2h", user_id=cast.attendee, channel_id=room,
        response_url=fake.new_response_url(),
    )  # fmt: skip
    assert kairos.post_form(focus).status_code == 200
    ts = payloads.new_ts()
    text = f"<@{cast.attendee}> the customer is on the phone"
    fake.add_message(room, user=cast.organizer, text=text, ts=ts)
    event = payloads.event_callback(payloads.message_event(cast.organizer, room, text, ts=ts))
    assert kairos.post_json(event).status_code == 200
    return room, ts


def _statuses(kairos: RunningKairos, recipient: str) -> list[str]:
    engine = kairos.engine()
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(HeldMention.status).where(HeldMention.recipient_id == recipient)
            )
            return [row.status for row in rows]
    finally:
        engine.dispose()


def test_only_the_sender_may_release_a_held_mention(
    kairos: RunningKairos, fake_slack: FakeSlack, cast: Cast
) -> None:
    room, ts = _held_mention(kairos, fake_slack, cast)
    assert _statuses(kairos, cast.attendee) == ["held"]
    value = json.dumps({"c": room, "ts": ts})

    before = len(fake_slack.calls)
    url = _press(kairos, fake_slack, "focus.urgent", value, cast.outsider, room)
    assert NOT_YOURS in _refusal(fake_slack, cast.outsider, before)
    assert fake_slack.responses(url) == []
    assert _dms_to(fake_slack, cast.attendee, before) == []
    assert _statuses(kairos, cast.attendee) == ["held"]
    uses = select(func.count()).select_from(UrgentUse).where(UrgentUse.message_ts == ts)
    assert _scalar(kairos, uses) == 0

    before = len(fake_slack.calls)
    url = _press(kairos, fake_slack, "focus.urgent", value, cast.organizer, room)
    assert "Sent now" in fake_slack.wait_for_response(url)[0]["text"]
    assert _statuses(kairos, cast.attendee) == ["urgent"]


@pytest.mark.parametrize(
    "value",
    ["not json", "{}", '{"c": "C0ROOM", "ts": "' + "1" * 40 + '.1"}', '{"c": 1, "ts": "1.2"}'],
)
def test_a_malformed_urgent_value_gets_a_kind_answer(
    kairos: RunningKairos, fake_slack: FakeSlack, cast: Cast, value: str
) -> None:
    room = f"C{uuid.uuid4().hex[:8].upper()}"
    fake_slack.add_channel(room, name=room.lower(), members=[cast.organizer])
    before = len(fake_slack.calls)
    url = _press(kairos, fake_slack, "focus.urgent", value, cast.organizer, room)
    assert UNREADABLE in _refusal(fake_slack, cast.organizer, before)
    assert fake_slack.responses(url) == []
