"""Meeting notes end to end: a meeting ends and its organizer gets the prompt DM; Post notes
opens the notes modal (a due date in the past is answered on its field); the notes are posted
in the channel once, even when the modal is submitted twice; the action's owner is told and
reminded on the due date, and Done updates the posted notes. The organizer chose the
attendees in turn, so the next meeting's prompt goes to the colleague (in Dutch, their
language), who answers "Not this time"; "Never for this meeting" keeps a series' later
meetings without a prompt; a channel Kairos cannot post in loses nothing.

The Kairos process runs on the real clock: as test_checkin_flow.py moves a round, this test
moves a stored meeting's times so that it has just ended, and Kairos's own sweep does the rest.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update

from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.ids import Action, View
from bot.meetings.tables import Meeting
from bot.notes.tables import NotesAction, NotesPrompt, NotesSeries
from tests.e2e import surfaces
from tests.e2e.conftest import RunningKairos, ics_stamp, kairos_fixture, wait_until, with_calendars
from tests.support.feeds import FeedServer, Route
from tests.unit.meetings.ics_helpers import calendar

pytestmark = pytest.mark.e2e

kairos = kairos_fixture("notes", **with_calendars())

# The sweep runs every 5 seconds (with_calendars); a step takes one or two of them.
SWEEPS = 30.0


def _daily(organizer: str, colleague: str, title: str) -> str:
    """A daily 30-minute meeting of the two, first in two days (moved to the past below)."""
    start = (datetime.now(UTC) + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    return (
        f"UID:{uuid.uuid4().hex}@acme\nDTSTART:{ics_stamp(start)}\n"
        f"DTEND:{ics_stamp(start + timedelta(minutes=30))}\nRRULE:FREQ=DAILY\n"
        f"SUMMARY:{title}\nORGANIZER:mailto:{organizer}\n"
        f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{organizer}\n"
        f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{colleague}\n"
    )


def _command(
    kairos: RunningKairos, fake: FakeSlack, command: str, text: str, user: str
) -> tuple[dict[str, Any], str]:
    response_url = fake.new_response_url()
    body = payloads.slash_command_form(
        command, text, user_id=user, channel_id="C0ANY", response_url=response_url,
        trigger_id=fake.new_trigger_id(user),
    )  # fmt: skip
    response = kairos.post_form(body)
    assert response.status_code == 200, response.text
    return (response.json() if response.text else {}), response_url


def _connect(kairos: RunningKairos, fake: FakeSlack, user: str, url: str) -> None:
    """`/kairos calendar <url>`, and its first read done."""
    _reply, response_url = _command(kairos, fake, "/kairos", f"calendar <{url}>", user)
    answer = fake.wait_for_response(response_url, timeout=15)[-1]["text"]
    assert "I found" in answer or "Ik vond" in answer  # the colleague speaks Dutch


def _notes(
    channel: str, summary: str, action: str, owner: str, due: str, **more: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """view.state.values of the notes modal: a summary, one action, the channel."""
    return {
        "summary": {"value": {"type": "plain_text_input", "value": summary}},
        "action.0.text": {"value": {"type": "plain_text_input", "value": action}},
        "action.0.owner": {"value": {"type": "users_select", "selected_user": owner}},
        "action.0.due": {"value": {"type": "datepicker", "selected_date": due}},
        "channel": {"value": {"type": "conversations_select", "selected_conversation": channel}},
        **more,
    }


def _dms(fake: FakeSlack, user: str, words: str) -> list[dict[str, Any]]:
    return [
        m
        for m in fake.messages_in(fake.open_dm(user))
        if words in m.get("text", "") and m.get("bot_id") == fake.bot_id
    ]


def _dms_showing(fake: FakeSlack, user: str, words: str) -> list[dict[str, Any]]:
    """Kairos's DMs to `user` with `words` in their text or blocks."""
    return [
        m
        for m in fake.messages_in(fake.open_dm(user))
        if words in m.get("text", "") + str(m.get("blocks")) and m.get("bot_id") == fake.bot_id
    ]


def _dm_with(fake: FakeSlack, user: str, words: str) -> dict[str, Any]:
    """The (first) DM from Kairos to `user` that says `words`, waiting for it."""
    return dict(wait_until(lambda: _dms(fake, user, words), timeout=SWEEPS)[0])


def _posted(fake: FakeSlack, channel: str, words: str) -> list[dict[str, Any]]:
    return [m for m in fake.messages_in(channel) if words in m.get("text", "")]


def _meetings(kairos: RunningKairos, title: str) -> list[int]:
    found = select(Meeting.id).where(Meeting.title == title).order_by(Meeting.starts_at)
    return list(wait_until(lambda: kairos.scalars(found), timeout=SWEEPS))


def _end_now(kairos: RunningKairos, *meeting_ids: int) -> None:
    """The meetings ended a minute ago: the process runs on the real clock."""
    now = datetime.now(UTC)
    engine = kairos.engine()
    try:
        with engine.begin() as connection:
            connection.execute(
                update(Meeting)
                .where(Meeting.id.in_(meeting_ids))
                .values(starts_at=now - timedelta(minutes=31), ends_at=now - timedelta(minutes=1))
            )
    finally:
        engine.dispose()


def _prompt_of(kairos: RunningKairos, meeting_id: int) -> Callable[[], list[Any]]:
    return lambda: kairos.scalars(
        select(NotesPrompt.id).where(NotesPrompt.meeting_id == meeting_id)
    )


def _modal(
    kairos: RunningKairos, fake: FakeSlack, user: str, prompt: dict[str, Any], trigger: str = ""
) -> Any:
    before = surfaces.press(
        kairos, fake, user, prompt, Action.NOTES_POST, trigger_id=trigger or None
    )
    view = fake.wait_for_call("views.open", after=before).args["view"]
    assert view["callback_id"] == View.NOTES
    return view


def test_a_meeting_leaves_notes_and_actions_that_are_reminded_and_done(
    kairos: RunningKairos, fake_slack: FakeSlack, feeds: FeedServer
) -> None:
    fake, tag = fake_slack, uuid.uuid4().hex[:6].upper()
    organizer, colleague = f"UORG{tag}", f"UCOL{tag}"
    team, secret = f"CTEAM{tag}", f"CSECRET{tag}"
    emails = {organizer: f"o{tag.lower()}@acme.test", colleague: f"c{tag.lower()}@acme.test"}
    fake.add_user(organizer, name=f"org{tag}", email=emails[organizer], tz="UTC")
    fake.add_user(colleague, name=f"col{tag}", email=emails[colleague], tz="UTC", locale="nl-NL")
    fake.add_channel(team, name=f"team{tag.lower()}", members=[organizer, colleague])
    # A private channel Kairos is not in: it cannot post there, nor join it.
    fake.add_channel(
        secret, name=f"secret{tag.lower()}", members=[organizer], is_private=True,
        bot_is_member=False,
    )  # fmt: skip
    # Kairos stores the colleague with their Slack locale: they are spoken to in Dutch.
    _command(kairos, fake, "/focus", "language", colleague)
    planning, retro = f"Planning {tag}", f"Retro {tag}"
    path = f"/{uuid.uuid4().hex}/daily.ics"
    feeds.routes[path] = Route(
        body=calendar(
            _daily(emails[organizer], emails[colleague], planning),
            _daily(emails[organizer], emails[colleague], retro),
        ).encode()
    )
    _connect(kairos, fake, organizer, feeds.url(path))
    _connect(kairos, fake, colleague, feeds.url(path))
    plannings, retros = _meetings(kairos, planning), _meetings(kairos, retro)

    # The meeting ends: its organizer gets the one prompt.
    _end_now(kairos, plannings[0])
    prompt = _dm_with(fake, organizer, f"Post the notes of {planning}")
    assert {Action.NOTES_NOT_THIS_TIME, Action.NOTES_NEVER} <= {
        e["action_id"] for b in prompt["blocks"] if b["type"] == "actions" for e in b["elements"]
    }

    # Post notes opens the modal; the organizer also chooses who takes the next notes.
    trigger = fake.new_trigger_id(organizer)
    view = _modal(kairos, fake, organizer, prompt, trigger)
    inputs = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert inputs["taker"]["initial_option"]["value"] == "organizer"
    # A press whose trigger cannot open a modal any more (used, or older than 3 s) is told.
    stale_url = fake.new_response_url()
    surfaces.press(kairos, fake, organizer, prompt, Action.NOTES_POST, response_url=stale_url,
           trigger_id=trigger)  # fmt: skip
    assert "Press *Post notes* again" in fake.wait_for_response(stale_url)[-1]["text"]

    # A due date in the past is answered on its field, and nothing is recorded.
    past = (datetime.now(UTC) - timedelta(days=3)).date().isoformat()
    refused = surfaces.submit(
        kairos, view, organizer, _notes(team, "We planned", "Ship", colleague, past)
    )
    assert refused.json()["response_action"] == "errors"
    assert set(refused.json()["errors"]) == {"action.0.due"}
    assert kairos.scalars(select(func.count()).select_from(NotesAction)) == [0]
    # "One person" needs the person.
    fixed = {"taker": {"value": {"type": "static_select", "selected_option": {"value": "fixed"}}}}
    nobody = surfaces.submit(
        kairos, view, organizer, _notes(team, "We planned", "", "", "", **fixed)
    )
    assert nobody.json()["errors"] == {"taker.person": "Pick the person who takes the notes."}

    # Due today: accepted. The same modal submitted twice posts the notes once.
    today = datetime.now(UTC).date().isoformat()
    rotate = {
        "taker": {"value": {"type": "static_select", "selected_option": {"value": "rotating"}}}
    }
    written = _notes(team, f"We planned {tag}", f"Book the room {tag}", colleague, today, **rotate)
    assert surfaces.submit(kairos, view, organizer, written).text == ""
    assert surfaces.submit(kairos, view, organizer, written).text == ""
    posted = wait_until(lambda: _posted(fake, team, planning), timeout=SWEEPS)
    assert f"We planned {tag}" in str(posted[0]["blocks"])
    assert f"Book the room {tag}" in str(posted[0]["blocks"])
    # The organizer is told where the notes went, and that the attendees take turns now.
    _dm_with(fake, organizer, "attendees for the notes in turn")
    # The action's owner is told (in Dutch), and reminded once on its due date.
    told = wait_until(lambda: _dms_showing(fake, colleague, f"Book the room {tag}"), SWEEPS)
    reminder = _dm_with(fake, colleague, "moet vandaag af")  # "is due today", in Dutch
    assert f"Book the room {tag}" in reminder["text"]
    assert len(_dms(fake, colleague, "moet vandaag af")) == 1
    assert len(_posted(fake, team, planning)) == 1
    prompt_id = kairos.scalars(select(NotesPrompt.id).where(NotesPrompt.meeting_id == plannings[0]))
    actions = select(NotesAction.id).where(NotesAction.prompt_id == prompt_id[0])
    assert len(kairos.scalars(actions)) == 1
    assert told[0]["ts"] != reminder["ts"]
    # The series remembers its channel, and its new note-taker rule.
    stored = select(NotesSeries.note_taker).where(NotesSeries.channel_id == team)
    assert kairos.scalars(stored) == ["rotating"]

    # Done, from the reminder: the posted notes show the action done.
    surfaces.press(kairos, fake, colleague, reminder, Action.NOTES_DONE)
    done = wait_until(
        lambda: [m for m in _posted(fake, team, planning) if "~" in str(m["blocks"])], SWEEPS
    )
    assert f"~Book the room {tag}~" in str(done[0]["blocks"])
    assert len(_posted(fake, team, planning)) == 1

    # The next meeting's prompt goes to the colleague (the attendees in turn), in Dutch;
    # "Not this time" is theirs to say, and the prompt's buttons give way to the answer.
    _end_now(kairos, plannings[1])
    turn = _dm_with(fake, colleague, f"Deel de notulen van {planning}")
    answer_url = fake.new_response_url()
    surfaces.press(
        kairos, fake, colleague, turn, Action.NOTES_NOT_THIS_TIME, response_url=answer_url
    )
    answered = fake.wait_for_response(answer_url)[-1]
    assert answered["text"] == f"Helder: deze keer geen notulen van *{planning}*."
    assert answered["replace_original"] is True

    # "Never for this meeting": the retro's later meetings get no prompt, the planning's do.
    _end_now(kairos, retros[0])
    retro_prompt = _dm_with(fake, organizer, f"Post the notes of {retro}")
    never_url = fake.new_response_url()
    surfaces.press(
        kairos, fake, organizer, retro_prompt, Action.NOTES_NEVER, response_url=never_url
    )
    said = fake.wait_for_response(never_url)[-1]["text"]
    assert said == f"Got it: I won't ask for notes of *{retro}* again."
    _end_now(kairos, retros[1], plannings[2])
    wait_until(_prompt_of(kairos, plannings[2]), timeout=SWEEPS)
    # The attendees in turn: the organizer again, after the colleague.
    taker = select(NotesPrompt.user_id).where(NotesPrompt.meeting_id == plannings[2])
    assert kairos.scalars(taker) == [organizer]
    assert _prompt_of(kairos, retros[1])() == []
    assert len(_dms(fake, organizer, f"Post the notes of {retro}")) == 1

    # A channel Kairos cannot post in: the note-taker is told, with what they wrote and the
    # prompt's buttons, and posts them elsewhere.
    third = wait_until(
        lambda: [m for m in _dms(fake, organizer, f"Post the notes of {planning}")
                 if m["ts"] != prompt["ts"]],
        SWEEPS,
    )[0]  # fmt: skip
    view = _modal(kairos, fake, organizer, third)
    hidden = _notes(secret, f"Secret plans {tag}", "", "", "")
    hidden.pop("action.0.owner")
    hidden.pop("action.0.due")
    assert surfaces.submit(kairos, view, organizer, hidden).text == ""
    told = wait_until(lambda: _dms_showing(fake, organizer, f"in <#{secret}>"), SWEEPS)
    assert f"Secret plans {tag}" in str(told[0]["blocks"])
    assert _posted(fake, secret, planning) == []
    view = _modal(kairos, fake, organizer, told[0])
    hidden["channel"]["value"]["selected_conversation"] = team
    assert surfaces.submit(kairos, view, organizer, hidden).text == ""
    again = wait_until(
        lambda: [m for m in _posted(fake, team, planning) if f"Secret plans {tag}" in str(m)]
    )
    assert len(again) == 1
    # The modal submitted twice long ago: its note-taker choice was answered once.
    assert len(_dms(fake, organizer, "attendees for the notes in turn")) == 1
