"""What focus hours say, in Dutch: the note to a held sender, the urgent DM and hints, the
`/focus` status sentences, the Start focus modal, and the days and times in them. English
is what the other tests pin; here the same builders run under speaking("nl")."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.errors import KairosUserError
from bot.focus.grammar import parse_focus_command
from bot.focus.mentions import HeldRecipient
from bot.focus.messages import (
    editor_modal,
    held_note,
    home_focus_section,
    status_reply,
    urgent_dm,
    urgent_route_hint,
    urgent_route_text,
    urgent_sent_text,
)
from bot.focus.model import FOCUSING, HOLIDAY, LEAVE, OFF_HOURS, FocusSession, FocusState
from bot.focus.sessions import session_until
from bot.focus.start_messages import start_command, start_focus_modal, started_view
from bot.focus.text import (
    describe_schedule,
    describe_status,
    format_day_when,
    format_days,
    format_duration,
    format_when,
    help_text,
)
from bot.i18n import speaking

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 3, 5, 13, 0, tzinfo=UTC)  # Thursday 14:00 in Amsterdam
CHANNEL, TS = "C0ROOM", "1772715600.000100"
# Words of Kairos's English notes that no Dutch sentence of them should still carry.
ENGLISH = re.compile(
    r"\b(are|until|your|message|reach|them|resend|expect|answer|times|urgent|focusing"
    r"|leave|holiday|working|hours|others?|and|use|call|mentioned|away|now|tomorrow)\b",
    re.IGNORECASE,
)


def _note(recipients: list[HeldRecipient], **extra: Any) -> tuple[str, str]:
    text, blocks = held_note(
        recipients, sender_tz=AMS, now=NOW, message_ts=TS, channel_id=CHANNEL, **extra
    )
    return text, blocks[0]["text"]["text"]


def _english_left(text: str) -> list[str]:
    # Mentions (<@U…>, <#C…>) are Slack's markup, not words.
    return ENGLISH.findall(re.sub(r"<[^<>]*>", " ", text))


def test_one_person_in_focus_reads_dutch() -> None:
    with speaking("nl"):
        text, body = _note([HeldRecipient("U0ANA", NOW + timedelta(hours=1), FOCUSING)])
    assert text == "<@U0ANA> is in focus tot 15:00 (jouw tijd). Je bericht komt dan aan."
    assert body == f"{text} Je hoeft het niet opnieuw te sturen."


def test_the_largest_note_has_no_english_left() -> None:
    """A broadcast's note: every reason, for now, many names, expected answers, the route."""
    many = [f"U0P{n:03d}" for n in range(7)]
    recipients = [
        *(HeldRecipient(user, NOW + timedelta(hours=1), FOCUSING) for user in many),
        HeldRecipient("U0OFF", NOW + timedelta(hours=20), OFF_HOURS),
        HeldRecipient("U0LEAVE", NOW + timedelta(days=5), LEAVE),
        HeldRecipient("U0FEAST", NOW + timedelta(days=1), HOLIDAY),
        HeldRecipient("U0NOW", None, FOCUSING),
        HeldRecipient("U0NOWOFF", None, OFF_HOURS),
        HeldRecipient("U0NOWLEAVE", None, LEAVE),
        HeldRecipient("U0NOWFEAST", None, HOLIDAY),
        *(HeldRecipient(f"U0X{n}", NOW + timedelta(hours=2, minutes=n), FOCUSING) for n in (1, 2)),
    ]
    expected = {"U0OFF": NOW + timedelta(days=1)}
    with speaking("nl"):
        text, body = _note(recipients, expected=expected, urgent_route=urgent_route_text("C0OPS"))
    _english_text, english = _note(recipients, expected=expected, urgent_route="Use <#C0OPS>")
    assert len(_english_left(english)) > 20  # the check finds English where there is some
    assert text.startswith("16 mensen die je noemt zijn er niet.")
    assert (
        "<@U0P000>, <@U0P001>, <@U0P002>, <@U0P003>, <@U0P004> en 2 anderen zijn in focus" in body
    )
    assert (
        "<@U0OFF> is buiten werktijd tot morgen 10:00; reken uiterlijk morgen 14:00 op een" in body
    )
    assert "<@U0LEAVE> is met verlof tot di 10 mrt 14:00" in body
    assert "vrij voor een feestdag" in body
    assert "voorlopig" in body
    assert "zijn er later weer" in body  # the lines ran out: the rest in one line
    assert "_Tijden staan in jouw tijdzone._" in body
    assert body.endswith("Dringend? Gebruik <#C0OPS>.")
    assert _english_left(body) == [], (english, body)


def test_the_urgent_button_and_its_hint_read_dutch() -> None:
    with speaking("nl"):
        _text, blocks = held_note(
            [HeldRecipient("U0ANA", None, FOCUSING)],
            sender_tz=AMS,
            now=NOW,
            message_ts=TS,
            channel_id=CHANNEL,
        )
    assert blocks[1]["elements"][0]["text"]["text"] == "Het is dringend"
    assert blocks[2]["elements"][0]["text"].startswith("Alleen als het niet kan wachten")


def test_the_urgent_dm_and_the_senders_answers_read_dutch() -> None:
    with speaking("nl"):
        text, blocks = urgent_dm("U0BOB", "https://example.slack.com/archives/C1/p1", "help")
        sent = urgent_sent_text(["U0ANA", "U0CAROL"])
        already = urgent_sent_text([])
        hints = (urgent_route_hint("C0OPS"), urgent_route_hint(None), urgent_route_text(None))
    assert text == ":rotating_light: <@U0BOB> heeft een bericht voor je als dringend gemarkeerd"
    assert "|Open het bericht>" in blocks[0]["text"]["text"]
    assert sent == "Nu doorgestuurd naar <@U0ANA>, <@U0CAROL>: ze zien het meteen."
    assert already == "Die vermelding is al afgeleverd."
    assert hints[0].startswith("Meteen doorgestuurd.")
    assert "<#C0OPS>" in hints[0]
    assert "bel je" in hints[1]
    assert hints[2] == "Bel ze op"


def test_days_times_and_durations_read_dutch() -> None:
    tomorrow, monday, far = (
        NOW + timedelta(days=1),
        NOW + timedelta(days=4),
        NOW + timedelta(days=12),
    )
    with speaking("nl"):
        assert format_when(NOW, AMS, NOW) == "14:00"
        assert format_when(tomorrow, AMS, NOW) == "morgen 14:00"
        assert format_when(monday, AMS, NOW) == "ma 14:00"
        assert format_when(far, AMS, NOW) == "di 17 mrt 14:00"
        assert format_day_when(monday, AMS) == "ma 9 mrt 14:00"
        assert format_days((0, 1, 2, 3, 4)) == "ma–vr"
        assert format_days((5, 6)) == "za, zo"
        assert format_days(tuple(range(7))) == "Elke dag"
        assert format_duration(timedelta(minutes=90)) == "1 uur 30 min"
        assert describe_schedule(()) == "geen"
    # And English is as it was, once the block ends.
    assert format_when(tomorrow, AMS, NOW) == "tomorrow 14:00"
    assert format_days((0, 1, 2, 3, 4)) == "Mon–Fri"


def test_status_sentences_read_dutch() -> None:
    session = FocusSession(NOW - timedelta(minutes=30), NOW + timedelta(hours=1))
    status = FocusState(session=session).status(AMS, NOW)
    with speaking("nl"):
        said = describe_status(status, AMS)
    assert said == "Je bent in focus tot 15:00. Vermeldingen wachten tot dan."
    with speaking("nl"):
        free = describe_status(FocusState().status(AMS, NOW), AMS)
    assert free == "Je bent niet in focus, en er staat geen focus gepland."


def test_every_command_in_the_dutch_help_text_works() -> None:
    with speaking("nl"):
        text = help_text()
    assert text.startswith("*Focusuren*")
    commands = re.findall(r"`/focus([^`]*)`", text)
    assert len(commands) >= 8
    for command in commands:
        assert parse_focus_command(command)


def test_the_start_focus_modal_reads_dutch() -> None:
    with speaking("nl"):
        modal = start_focus_modal()
        done = started_view("Focussessie gestart.")
        with pytest.raises(KairosUserError) as refused:
            start_command("until", None)
    labels = [o["text"]["text"] for o in modal["blocks"][0]["element"]["options"]]
    assert labels == ["30 minuten", "1 uur", "90 minuten", "2 uur", "3 uur", "Tot een tijdstip…"]
    assert modal["title"]["text"] == "Focus starten"
    assert modal["submit"]["text"] == "Starten"
    assert done["title"]["text"] == "Focus gestart"
    assert done["close"]["text"] == "Klaar"
    assert "Kies tot hoe laat" in str(refused.value)
    # Slack's limits hold in Dutch too: a modal's title 24 characters, an option 75.
    assert all(len(label) <= 75 for label in labels)
    assert len(modal["title"]["text"]) <= 24


def test_a_too_long_session_is_refused_in_dutch() -> None:
    with speaking("nl"), pytest.raises(KairosUserError) as refused:
        session_until(NOW, AMS, 13 * 60 + 30)  # 13:30: next tomorrow, 23.5 hours away
    assert "Het is pas over ongeveer 23 uur weer 13:30" in str(refused.value)


def test_home_and_editor_read_dutch() -> None:
    with speaking("nl"):
        home = home_focus_section("status", [], tz=AMS, now=NOW)
        reply = status_reply("status")
        editor = editor_modal("", "")
    assert home[0]["text"]["text"] == "Focusuren"
    assert reply[1]["elements"][0]["text"]["text"] == "Focusuren bewerken"
    assert [b["label"]["text"] for b in editor["blocks"]] == ["Focusblokken", "Werktijden"]
