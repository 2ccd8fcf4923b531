"""Agenda nudges in each organizer's language: the sweep's worker threads set it per person.

Two organizers, one Dutch and one English, each with a meeting without an agenda in a feed
a colleague connected; one sweep nudges both, each in their own words, with the same
buttons (action ids) under translated labels. Someone Kairos has no language for gets the
workspace's (KAIROS_LANGUAGE)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.fernet import Fernet

from bot.connect.crypto import TokenCipher
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus import repo as focus_repo
from bot.i18n.languages import Language
from bot.ids import Action
from bot.meetings.feeds.fetcher import HttpFeedFetcher
from bot.meetings.notices import ask_for_agenda, tell_organizer
from bot.meetings.nudges import send_due_nudges
from bot.meetings.service import Calendars, connect_feed
from bot.slack.app import make_web_client
from bot.slack.gateway import SlackGateway
from tests.support.feeds import FeedServer, Route
from tests.unit.meetings.ics_helpers import calendar

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # Monday 09:00 in Amsterdam
ANNA, OLGA, GUEST = "U0ANNA", "U0OLGA", "U0GUEST"


def _event(uid: str, title: str, start: str, organizer: str) -> str:
    return (
        f"UID:{uid}\nDTSTART:{start}\nDTEND:{start[:-5]}3000Z\nSUMMARY:{title}\n"
        f"ORGANIZER:mailto:{organizer}\n"
        f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{organizer}\n"
        "ATTENDEE;PARTSTAT=ACCEPTED:mailto:gus@acme.test\n"
        "ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:outsider@elsewhere.test\n"
    )


ROADMAP = _event("roadmap@acme", "Roadmap", "20261125T100000Z", "anna@acme.test")
BUDGET = _event("budget@acme", "Budget review", "20261126T140000Z", "olga@acme.test")


@pytest.fixture
def fake_slack(_fake_slack_server: FakeSlack) -> FakeSlack:
    _fake_slack_server.reset()
    for user, name in ((ANNA, "anna"), (OLGA, "olga"), (GUEST, "gus")):
        _fake_slack_server.add_user(
            user, name=name, email=f"{name}@acme.test", tz="Europe/Amsterdam"
        )
    return _fake_slack_server


@pytest.fixture
def cal(uow: UnitOfWork, fake_slack: FakeSlack, feeds: FeedServer) -> Iterator[Calendars]:
    slack = SlackGateway(make_web_client(fake_slack.bot_token, fake_slack.api_url))
    fetcher = HttpFeedFetcher(allow_private=True)
    feeds.routes["/gus.ics"] = Route(body=calendar(ROADMAP, BUDGET).encode())
    cipher = TokenCipher(Fernet.generate_key().decode())
    cal = Calendars(uow=uow, cipher=cipher, fetcher=fetcher, slack=slack)
    connect_feed(cal, GUEST, feeds.url("/gus.ics"), NOW)
    yield cal
    fetcher.close()


def _store(uow: UnitOfWork, user_id: str, language: str | None) -> None:
    with uow() as session:
        person = focus_repo.add_person(session, user_id, "Europe/Amsterdam", NOW)
        person.language = language


def _nudge(fake: FakeSlack, user_id: str) -> dict[str, Any]:
    sent = _sent(fake, user_id)
    assert len(sent) == 1, sent
    return sent[0]


def _sent(fake: FakeSlack, user_id: str) -> list[dict[str, Any]]:
    return [m for m in fake.messages_in(fake.open_dm(user_id)) if m.get("bot_id") == fake.bot_id]


def _buttons(message: dict[str, Any]) -> dict[str, str]:
    """Each button's action id and label."""
    actions = next(b for b in message["blocks"] if b["type"] == "actions")
    return {e["action_id"]: e["text"]["text"] for e in actions["elements"]}


def test_each_organizer_is_nudged_in_their_own_language(
    cal: Calendars, fake_slack: FakeSlack
) -> None:
    _store(cal.uow, ANNA, "nl")
    _store(cal.uow, OLGA, "en")

    assert send_due_nudges(cal.uow, cal.slack, NOW, language="en") == 2

    dutch = _nudge(fake_slack, ANNA)
    assert dutch["text"] == (
        "*Roadmap* (wo 25 nov om 11:00 (Europe/Amsterdam), 3 personen) heeft nog geen agenda. "
        "Geen agenda, geen deelname: mensen mogen een meeting afslaan als niet duidelijk is "
        "waar die voor is."
    )
    assert _buttons(dutch) == {
        Action.NUDGE_ADD_AGENDA: "Agenda toevoegen",
        Action.NUDGE_ASYNC: "Maak het async",
        Action.NUDGE_NOT_NEEDED: "Niet nodig",
    }
    english = _nudge(fake_slack, OLGA)
    assert english["text"] == (
        "*Budget review* (Thu 26 Nov at 15:00 (Europe/Amsterdam), 3 people) has no agenda "
        "yet. No agenda, no attendee: people may decline a meeting that doesn't say what "
        "it's for."
    )
    assert _buttons(english) == {
        Action.NUDGE_ADD_AGENDA: "Add agenda",
        Action.NUDGE_ASYNC: "Make it async",
        Action.NUDGE_NOT_NEEDED: "Not needed",
    }


@pytest.mark.parametrize(("default", "said"), [("nl", "heeft nog geen agenda"), ("en", "has no")])
def test_an_organizer_kairos_has_no_language_for_gets_the_workspace_default(
    cal: Calendars, fake_slack: FakeSlack, default: Language, said: str
) -> None:
    _store(cal.uow, ANNA, "nl")
    _store(cal.uow, OLGA, None)  # no choice, no Slack locale stored

    assert send_due_nudges(cal.uow, cal.slack, NOW, language=default) == 2

    assert "heeft nog geen agenda" in _nudge(fake_slack, ANNA)["text"]
    assert said in _nudge(fake_slack, OLGA)["text"]


def test_an_attendees_ask_reaches_the_organizer_in_the_organizers_language(
    cal: Calendars, fake_slack: FakeSlack
) -> None:
    _store(cal.uow, ANNA, "nl")
    _store(cal.uow, GUEST, "en")

    for series, organizer in (("roadmap@acme", ANNA), ("budget@acme", OLGA)):
        asked = ask_for_agenda(cal.uow, series, GUEST, NOW, default="en")
        assert asked.organizer_id == organizer
        tell_organizer(cal.slack, asked)

    [to_anna] = _sent(fake_slack, ANNA)
    assert to_anna["text"].startswith(
        "Een deelnemer heeft om een agenda gevraagd voor *Roadmap*. Kairos zegt niet wie."
    )
    [to_olga] = _sent(fake_slack, OLGA)  # never stored: the workspace's language
    assert to_olga["text"].startswith("An attendee has asked for an agenda for *Budget review*.")
