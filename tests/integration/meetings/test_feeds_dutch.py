"""A calendar feed in its owner's language: connecting one (`/kairos calendar <address>`, in
the requester's language) and being told, once, that it stopped working (from the calendar
job, whose worker threads speak no one's language until told), next to an English owner."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus import repo as focus_repo
from bot.i18n import speaking
from bot.meetings.service import Calendars, connect_and_report, connect_feed, feed_state, sync_due
from tests.integration.meetings.feed_kit import ALICE, BOB
from tests.support.feeds import FeedServer, Route
from tests.unit.meetings.ics_helpers import calendar

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
ROADMAP = (
    "UID:roadmap@acme\nDTSTART:20261124T100000Z\nDTEND:20261124T102500Z\nSUMMARY:Roadmap\n"
    "ORGANIZER:mailto:p0@acme.test\nATTENDEE;PARTSTAT=ACCEPTED:mailto:p1@acme.test\n"
)


def _store(uow: UnitOfWork, user_id: str, language: str) -> None:
    with uow() as session:
        person = focus_repo.add_person(session, user_id, "Europe/Amsterdam", NOW)
        person.language = language


def test_connecting_is_answered_in_the_requesters_language(
    cal: Calendars, feeds: FeedServer
) -> None:
    feeds.routes["/ok.ics"] = Route(body=calendar(ROADMAP).encode())
    feeds.routes["/gone.ics"] = Route(status=404)
    with speaking("nl"):
        connected = connect_and_report(cal, ALICE, feeds.url("/ok.ics"), NOW)
        refused = connect_and_report(cal, BOB, feeds.url("/gone.ics"), NOW)
        state = feed_state(cal.uow, ALICE)
    assert connected.startswith("Gekoppeld. Ik vond 1 meeting in de komende 14 dagen.")
    assert refused.startswith(
        "Ik kon die kalender niet gebruiken: Het kalenderadres werkt niet meer (de server "
        "antwoordt 404 Not Found)"
    )
    assert "Er is niets opgeslagen." in refused
    assert state == "Je kalender op 127.0.0.1 is gekoppeld: 1 meeting in de komende 14 dagen."


def test_a_feed_that_stops_working_is_told_in_each_owners_language(
    cal: Calendars, feeds: FeedServer, fake_slack: FakeSlack
) -> None:
    _store(cal.uow, ALICE, "nl")
    _store(cal.uow, BOB, "en")
    for user, path in ((ALICE, "/alice.ics"), (BOB, "/bob.ics")):
        feeds.routes[path] = Route(body=calendar(ROADMAP).encode())
        connect_feed(cal, user, feeds.url(path), NOW)
        feeds.routes[path] = Route(status=404)

    assert sync_due(cal, NOW + timedelta(hours=1)).synced == 2

    told = {
        c.args.get("channel"): str(c.args.get("text"))
        for c in fake_slack.calls_to("chat.postMessage")
    }
    assert told[fake_slack.open_dm(ALICE)].startswith(
        "Kairos kan je kalender niet meer lezen: Het kalenderadres werkt niet meer (de server "
        "antwoordt 404 Not Found); het is waarschijnlijk vernieuwd of niet meer gedeeld."
    )
    assert told[fake_slack.open_dm(BOB)].startswith(
        "Kairos can't read your calendar any more: The calendar address no longer works "
        "(the server answers 404 Not Found)"
    )
    # What `/kairos calendar` shows later is the same problem, in the owner's words.
    with speaking("nl"):
        assert "De laatste controle mislukte: Het kalenderadres werkt niet meer" in feed_state(
            cal.uow, ALICE
        )
