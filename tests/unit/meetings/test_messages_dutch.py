"""What meetings say, in Dutch: the agenda nudge and its buttons, the agenda modal, the digest's
meeting lines, the anonymous ask, the `/kairos calendar` answers, feed errors and the call
prompt. English stays as it was (the other tests in this folder hold it to the letter)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.errors import KairosUserError
from bot.i18n import speaking
from bot.ids import Action
from bot.meetings.agenda.call_prompts import agenda_request_text
from bot.meetings.agenda.calls import detect_call_invite
from bot.meetings.feeds.addresses import normalise_feed_url
from bot.meetings.messages import (
    NudgeMessage,
    agenda_modal,
    agenda_saved_message,
    ask_text,
    asked_text,
    async_how_to,
    calendar_modal,
    connected_text,
    feed_text,
    notice_blocks,
    nudge_message,
    reading_text,
    unreadable_feed_text,
)
from bot.meetings.model import FeedReading, Notice

AMS = ZoneInfo("Europe/Amsterdam")
TUESDAY = datetime(2026, 1, 13, 8, 30, tzinfo=UTC)  # di 13 jan, 09:30 in Amsterdam
# Words an English sentence can hardly do without, and Dutch never uses.
ENGLISH = re.compile(r"\b(the|you|your|has|have|with|what|when|which|who|please|isn't)\b", re.I)


def _texts(value: Any) -> list[str]:
    """Every `text` string in a Block Kit structure."""
    if isinstance(value, dict):
        found = [value["text"]] if isinstance(value.get("text"), str) else []
        return found + [t for item in value.values() for t in _texts(item)]
    if isinstance(value, list):
        return [t for item in value for t in _texts(item)]
    return []


def _dutch(text: str) -> str:
    assert not ENGLISH.search(text), text
    return text


def test_the_nudge_speaks_dutch_with_a_dutch_date_and_the_same_action_ids() -> None:
    nudge = NudgeMessage("series-1", "Roadmap", TUESDAY, 4, reminder=False)
    with speaking("nl"):
        rendered = nudge_message(nudge, tz=AMS)
    assert rendered.text.startswith(
        "*Roadmap* (di 13 jan om 09:30 (Europe/Amsterdam), 4 personen) heeft nog geen agenda."
    )
    for text in _texts(rendered.blocks):
        _dutch(text)
    buttons = rendered.blocks[-1]["elements"]
    labels = {b["action_id"]: b["text"]["text"] for b in buttons}
    assert labels[Action.NUDGE_ASYNC] == "Maak het async"
    assert all(len(label) <= 75 for label in labels.values())


def test_the_reminder_and_the_english_date_stay_as_they_were() -> None:
    nudge = NudgeMessage("series-1", "", TUESDAY, 4, reminder=True)
    with speaking("nl"):
        dutch = nudge_message(nudge, tz=AMS).text
    english = nudge_message(nudge, tz=AMS).text
    assert dutch.startswith("Herinnering: *Meeting zonder titel* is op di 13 jan om 09:30")
    assert english.startswith(
        "Reminder: *Untitled meeting* is Tue 13 Jan at 09:30 (Europe/Amsterdam) and still"
    )


def test_the_largest_messages_leave_no_english_sentence() -> None:
    with speaking("nl"):
        how_to = async_how_to()
        modals = [agenda_modal("series-1", "Roadmap"), calendar_modal()]
        saved = agenda_saved_message("Roadmap").text
    assert how_to.startswith("*Async aanpakken*")
    _dutch(how_to)
    _dutch(saved)
    for view in modals:
        assert len(view["title"]["text"]) <= 24  # Slack's limit for a modal's title
        for text in _texts(view):
            if text != "Cancel":  # bot/blocks.py's, not this domain's
                _dutch(text)


def test_digest_lines_and_the_anonymous_ask() -> None:
    notices = [
        Notice("a", "Roadmap", TUESDAY, None),
        Notice("b", "Budget", TUESDAY, "Cijfers Q1 doornemen"),
    ]
    with speaking("nl"):
        blocks = notice_blocks(notices, tz=AMS)
        asked = asked_text(3)
        # The organizer's language, whatever the attendee who asked speaks.
        to_english_organizer = ask_text("Roadmap", 2, "en")
    with speaking("en"):
        to_dutch_organizer = ask_text("Roadmap", 2, "nl")
    texts = _texts(blocks)
    assert texts[0] == "*Binnenkort*"
    assert "*Roadmap*, di 13 jan om 09:30 (Europe/Amsterdam): nog geen agenda." in texts[1]
    assert "De agenda van de organisator:\nCijfers Q1 doornemen" in texts[-1]
    for text in texts:
        _dutch(text)
    assert asked.endswith("Nog 2 mensen vroegen het ook.")
    assert to_english_organizer.startswith("2 attendees have asked for an agenda for *Roadmap*")
    assert _dutch(to_dutch_organizer).startswith("2 deelnemers hebben om een agenda gevraagd")


def test_what_a_feed_left_out_is_one_dutch_sentence() -> None:
    reading = FeedReading({"cut_off": 1, "bad_repeat_rule": 3}, ("Mars",), None)
    with speaking("nl"):
        said = reading_text(reading)
        connected = connected_text(1, reading)
        state = feed_text("calendar.example.com", 12, "de server stuurde niets.", FeedReading())
    assert said == (
        "Ik heb 4 afspraken uit je kalender weggelaten: 3 herhalen zich op een manier die ik "
        "niet kan volgen en 1 is afgebroken (de download hield er halverwege mee op); en ik ken "
        "de tijdzone “Mars” niet, dus ik heb die tijden gelezen in je eigen tijdzone: kijk "
        "even of die meetings op het goede uur staan."
    )
    assert connected.startswith("Gekoppeld. Ik vond 1 meeting in de komende 14 dagen. Ik heb")
    assert state == (
        "Je kalender op calendar.example.com is gekoppeld: 12 meetings in de komende 14 dagen. "
        "De laatste controle mislukte: de server stuurde niets."
    )


def test_the_stopped_feed_dm_is_in_its_owners_language_whatever_is_spoken() -> None:
    assert unreadable_feed_text("x", "nl") == "Kairos kan je kalender niet meer lezen: x"
    with speaking("nl"):
        assert unreadable_feed_text("x", "en") == "Kairos can't read your calendar any more: x"


@pytest.mark.parametrize(
    ("address", "dutch"),
    [
        ("ftp://calendar.example.com/a.ics", "Dat adres begint met ftp://"),
        ("https://calendar.example.com/my cal.ics", "Er staat een spatie in dat adres"),
        ("https://olga:secret@calendar.example.com/a.ics", "Kairos verstuurt geen wachtwoorden"),
        ("calendar.example.com", "Dat lijkt geen webadres"),
    ],
)
def test_an_address_a_person_adds_is_refused_in_their_language(address: str, dutch: str) -> None:
    with speaking("nl"), pytest.raises(KairosUserError) as refused:
        normalise_feed_url(address, allow_private=False)
    assert dutch in refused.value.message
    _dutch(refused.value.message)


def test_the_call_prompt_in_the_channels_language_or_the_current_one() -> None:
    invite = detect_call_invite("Quick call? https://zoom.us/j/123456789", mentions_people=True)
    assert invite is not None
    assert not invite.has_agenda
    with speaking("nl"):
        spoken = agenda_request_text(invite)
    assert spoken.startswith("Fijn dat je de Zoom-call hebt opgezet!")
    assert "*Geen agenda, geen deelname*" in _dutch(spoken)
    assert agenda_request_text(invite, "nl") == spoken
    assert agenda_request_text(invite).startswith("Thanks for setting up the Zoom call!")
