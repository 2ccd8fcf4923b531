"""Connecting a feed that is no calendar Kairos can read: the refusal in the requester's
language, its detail included (it is worded where it is shown, not where it was parsed)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.i18n import speaking
from bot.meetings.service import Calendars, connect_and_report
from tests.integration.meetings.feed_kit import ALICE, BOB
from tests.support.feeds import FeedServer, Route
from tests.unit.meetings.ics_helpers import calendar

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
CHINESE = calendar("UID:x\nDTSTART:20261124T100000Z", header="CALSCALE:CHINESE")


def test_a_dutch_requester_is_told_in_dutch_an_english_one_in_english(
    cal: Calendars, feeds: FeedServer
) -> None:
    feeds.routes["/chinese.ics"] = Route(body=CHINESE.encode())
    with speaking("nl"):
        dutch = connect_and_report(cal, ALICE, feeds.url("/chinese.ics"), NOW)
    with speaking("en"):
        english = connect_and_report(cal, BOB, feeds.url("/chinese.ics"), NOW)
    assert dutch.startswith(
        "Ik kon die kalender niet gebruiken: Op dat adres vond ik geen kalender die ik kan "
        "lezen (het gebruikt een andere jaartelling dan de gregoriaanse)."
    )
    assert "Er is niets opgeslagen." in dutch
    assert "calendar I can read" not in dutch
    assert "Nothing was saved" not in dutch
    assert english.startswith(
        "I couldn't use that calendar: That address didn't give me a calendar I can read "
        "(it uses a calendar scale other than Gregorian)."
    )
