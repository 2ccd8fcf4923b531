"""`/kairos calendar` tells a feed's owner what the last read left out, and why."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.db.uow import UnitOfWork
from bot.meetings.service import Calendars, connect_and_report, feed_state, sync_feed
from tests.integration.meetings.feed_kit import ALICE
from tests.support.feeds import FeedServer, Route
from tests.unit.meetings.ics_helpers import calendar

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
GOOD = "UID:good@acme\nDTSTART:20261124T100000Z\nDTEND:20261124T110000Z\nSUMMARY:Roadmap"
BROKEN = "UID:broken@acme\nDTSTART:2026112XT100000Z\nSUMMARY:Broken"
ALSO_BROKEN = "UID:broken2@acme\nDTSTART:2026113XT100000Z\nSUMMARY:Broken too"
ODD_ZONE = (
    "UID:zone@acme\nDTSTART;TZID=Olympus Mons Time:20261125T100000\n"
    "DTEND;TZID=Olympus Mons Time:20261125T110000\nSUMMARY:On Mars"
)


def _serve(feeds: FeedServer, *events: str) -> str:
    feeds.routes["/a.ics"] = Route(body=calendar(*events).encode())
    return feeds.url("/a.ics")


def test_connecting_says_what_was_left_out_and_why(cal: Calendars, feeds: FeedServer) -> None:
    said = connect_and_report(cal, ALICE, _serve(feeds, GOOD, BROKEN, ALSO_BROKEN), NOW)
    assert "I found 1 meeting in the next 14 days." in said
    assert "I left out 2 events of your calendar: 2 have a start or end I can't make" in said
    assert not any(code in said for code in ("Skipped event", "bad_time", "{", "['"))


def test_calendar_status_tells_the_last_reads_gaps_until_a_clean_read(
    cal: Calendars, feeds: FeedServer, uow: UnitOfWork
) -> None:
    connect_and_report(cal, ALICE, _serve(feeds, GOOD, BROKEN, ODD_ZONE), NOW)
    state = feed_state(uow, ALICE)
    assert state.startswith("Your calendar at 127.0.0.1 is connected: 2 meetings")
    assert "I left out 1 event of your calendar: 1 has a start or end I can't make sense of" in (
        state
    )
    # The feed has no X-WR-TIMEZONE: the fake Slack's zone for Alice is the fallback.
    assert "I don't know the time zone “Olympus Mons Time”, so I read those times in " in state

    _serve(feeds, GOOD)
    sync_feed(cal, ALICE, NOW + timedelta(minutes=20))
    assert feed_state(uow, ALICE) == (
        "Your calendar at 127.0.0.1 is connected: 1 meeting in the next 14 days."
    )
