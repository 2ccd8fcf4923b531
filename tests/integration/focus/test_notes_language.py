"""The mention path speaks to several people at once, each in their own language, on both
backends: the note to a held sender in the sender's, an urgent DM in each recipient's, the
workspace's language (KAIROS_LANGUAGE) for whoever Kairos has none for. receive_message runs
whole, with the real gateway against the fake Slack; and `/focus` answers in Dutch."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, event

from bot.connect.service import ConnectLink
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.errors import NotYours
from bot.focus import repo
from bot.focus.broadcast_sweep import finish_due_broadcasts
from bot.focus.grammar import parse_focus_command
from bot.focus.holding import IncomingMessage
from bot.focus.incoming import receive_message
from bot.focus.mentions import DEFAULT_URGENT_MARKERS
from bot.focus.service import run_command
from bot.focus.urgent import send_as_urgent
from bot.i18n import speaking
from bot.i18n.languages import Language
from bot.slack.gateway import SlackGateway

# Ana and Dave focus; Bob writes Dutch, Carol English; Erik and Fay never used Kairos.
ANA, BOB, CAROL, DAVE, ERIK, FAY = "U0ANA", "U0BOB", "U0CAROL", "U0DAVE", "U0ERIK", "U0FAY"
ROOM = "C0ROOM"
NOW = datetime(2026, 3, 5, 13, 0, tzinfo=UTC)  # Thursday 14:00 in Amsterdam
DUTCH_NOTE = "is in focus tot 15:30 (jouw tijd). Je bericht komt dan aan."
ENGLISH_NOTE = "is focusing until 15:30 (your time). Your message will reach them then."


@pytest.fixture
def room(fake_slack: FakeSlack) -> FakeSlack:
    """Everyone in one channel in Amsterdam; Erik's Slack is Dutch, Fay's German."""
    for user in (ANA, BOB, CAROL, DAVE):
        fake_slack.add_user(user, name=user.lower(), tz="Europe/Amsterdam")
    fake_slack.add_user(ERIK, name="erik", tz="Europe/Amsterdam", locale="nl-NL")
    fake_slack.add_user(FAY, name="fay", tz="Europe/Amsterdam", locale="de-DE")
    fake_slack.add_channel(ROOM, name="room", members=[ANA, BOB, CAROL, DAVE, ERIK, FAY])
    return fake_slack


@pytest.fixture
def people(uow: UnitOfWork) -> None:
    """Ana (Dutch) and Dave (English) in a focus session until 15:30; Bob chose Dutch."""
    with uow() as session:
        for user, language in ((ANA, "nl"), (BOB, "nl"), (CAROL, None), (DAVE, "en")):
            person = repo.add_person(session, user, "Europe/Amsterdam", NOW, slack_locale="en-US")
            person.language = language
            if user in (ANA, DAVE):
                run_command(session, person, parse_focus_command("now 90m"), NOW)


def _send(
    uow: UnitOfWork,
    slack: SlackGateway,
    sender: str,
    text: str,
    language: Language = "en",
    *,
    after_ack: bool = True,
) -> None:
    """The listener's work; with after_ack False, what it leaves for after the ack is lost
    (the process stopped), for the sweep to finish."""
    ran: list[Callable[[], None]] = []
    ts = f"1772715600.{len(text):06d}"
    message = IncomingMessage(channel_id=ROOM, ts=ts, thread_ts=None, sender_id=sender, text=text)
    receive_message(
        uow,
        slack,
        ConnectLink(None, None),
        message,
        event_id=f"Ev{sender}{len(text)}",
        now=NOW,
        markers=DEFAULT_URGENT_MARKERS,
        background=ran.append,
        language=language,
    )
    for work in ran if after_ack else ():
        work()


def _note_to(fake: FakeSlack, user: str) -> str:
    (note,) = [c.args for c in fake.calls_to("chat.postEphemeral") if c.args.get("user") == user]
    return json.dumps(note, ensure_ascii=False)


def _dm_to(fake: FakeSlack, user: str) -> str:
    (dm,) = fake.messages_in(fake.open_dm(user))
    return json.dumps(dm, ensure_ascii=False)


@pytest.mark.usefixtures("people")
def test_each_sender_gets_the_note_in_their_own_language(
    uow: UnitOfWork, slack: SlackGateway, room: FakeSlack
) -> None:
    _send(uow, slack, BOB, f"<@{ANA}> the invoice?")
    _send(uow, slack, CAROL, f"<@{ANA}> and the receipt?")
    bob, carol = _note_to(room, BOB), _note_to(room, CAROL)
    assert f"<@{ANA}> {DUTCH_NOTE}" in bob
    assert "Het is dringend" in bob
    assert f"<@{ANA}> {ENGLISH_NOTE}" in carol
    assert "It's urgent" in carol


@pytest.mark.usefixtures("people")
def test_the_senders_language_comes_with_the_acks_one_read_of_people(
    uow: UnitOfWork, slack: SlackGateway, room: FakeSlack, engine: Engine
) -> None:
    """The ack reads the people table once, the sender's language with it; the note after
    the ack reads no person again."""
    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        statements.append(statement)

    later: list[Callable[[], None]] = []
    message = IncomingMessage(
        channel_id=ROOM, ts="1772715600.000001", thread_ts=None, sender_id=BOB, text=f"<@{ANA}> hi"
    )
    event.listen(engine, "before_cursor_execute", seen)
    try:
        receive_message(
            uow,
            slack,
            ConnectLink(None, None),
            message,
            event_id="EvCOUNT",
            now=NOW,
            markers=DEFAULT_URGENT_MARKERS,
            background=later.append,
        )
        in_ack = len(statements)
        for work in later:
            work()
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    # On PostgreSQL the ack's read runs on the driver (bot/db/driver.py), unseen here.
    in_ack_reads = [s for s in statements[:in_ack] if "FROM people" in s]
    assert len(in_ack_reads) == (0 if engine.dialect.name == "postgresql" else 1)
    assert all("language" in s for s in in_ack_reads)
    assert [s for s in statements[in_ack:] if "FROM people" in s] == []
    assert "Je hoeft het niet opnieuw te sturen." in _note_to(room, BOB)


@pytest.mark.usefixtures("people")
def test_someone_kairos_never_stored_gets_their_slack_language_or_the_workspaces(
    uow: UnitOfWork, slack: SlackGateway, room: FakeSlack
) -> None:
    _send(uow, slack, ERIK, f"<@{DAVE}> a question")  # Slack says nl-NL
    _send(uow, slack, FAY, f"<@{DAVE}> another question", language="nl")  # de-DE: the default
    assert f"<@{DAVE}> {DUTCH_NOTE}" in _note_to(room, ERIK)
    assert f"<@{DAVE}> {DUTCH_NOTE}" in _note_to(room, FAY)


@pytest.mark.usefixtures("people")
def test_an_urgent_mention_reaches_each_recipient_in_their_language(
    uow: UnitOfWork, slack: SlackGateway, room: FakeSlack
) -> None:
    _send(uow, slack, CAROL, f"<@{ANA}> <@{DAVE}> urgent: prod is down", language="nl")
    assert "heeft een bericht voor je als dringend gemarkeerd" in _dm_to(room, ANA)
    assert "marked a message for you as urgent" in _dm_to(room, DAVE)


@pytest.mark.usefixtures("people")
def test_the_urgent_button_tells_each_recipient_in_their_language(
    uow: UnitOfWork, slack: SlackGateway, room: FakeSlack
) -> None:
    text = f"<@{ANA}> <@{DAVE}> can you look?"
    _send(uow, slack, BOB, text)
    ts = f"1772715600.{len(text):06d}"
    # The button runs in the presser's language (the middleware's); each DM in its reader's.
    with speaking("nl"):
        released = send_as_urgent(
            uow, slack, ConnectLink(None, None), BOB, channel_id=ROOM, message_ts=ts, now=NOW
        )
    assert sorted(released.recipients) == [ANA, DAVE]
    assert "als dringend gemarkeerd" in _dm_to(room, ANA)
    assert "marked a message for you as urgent" in _dm_to(room, DAVE)


@pytest.mark.usefixtures("people")
def test_someone_elses_urgent_button_is_refused_in_dutch(
    uow: UnitOfWork, slack: SlackGateway, room: FakeSlack
) -> None:
    text = f"<@{ANA}> can you look?"
    _send(uow, slack, BOB, text)
    ts = f"1772715600.{len(text):06d}"
    with speaking("nl"), pytest.raises(NotYours) as refused:
        send_as_urgent(
            uow, slack, ConnectLink(None, None), CAROL, channel_id=ROOM, message_ts=ts, now=NOW
        )
    assert str(refused.value).startswith("Dat is niet van jou")
    assert room.messages_in(room.open_dm(ANA)) == []


@pytest.mark.usefixtures("people")
def test_an_at_channel_the_sweep_holds_tells_its_sender_in_the_workspaces_language(
    uow: UnitOfWork, slack: SlackGateway, room: FakeSlack
) -> None:
    _send(uow, slack, FAY, "<!channel> the deploy is at four", after_ack=False)
    assert room.calls_to("chat.postEphemeral") == []  # stored as pending, nobody told yet
    later = NOW + timedelta(minutes=5)
    held = finish_due_broadcasts(
        uow, slack, ConnectLink(None, None), later, markers=DEFAULT_URGENT_MARKERS, language="nl"
    )
    assert held == 1
    note = _note_to(room, FAY)
    assert "mensen die je noemt zijn er niet" in note
    assert "zijn in focus tot 15:30" in note


@pytest.mark.usefixtures("people")
def test_focus_answers_in_dutch(uow: UnitOfWork) -> None:
    with uow() as session, speaking("nl"):
        ana = repo.get_person(session, ANA)
        assert ana is not None
        status = run_command(session, ana, parse_focus_command(""), NOW).text
        ended = run_command(session, ana, parse_focus_command("off"), NOW).text
    assert status.startswith("Je bent in focus tot 15:30. Vermeldingen wachten tot dan.")
    assert "*Focusblokken*: geen" in status
    assert "*Werktijden*: niet ingesteld" in status
    assert "*Voor je bewaard*: niets." in status
    assert ended == "Focus gestopt. Er lag niets voor je te wachten."
