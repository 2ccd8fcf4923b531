"""The steps the check-in flows share, against a running Kairos and the fake Slack: a team
of two, and a weekly meeting of theirs in a served calendar that Kairos reads."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.demo.fake_slack.slack_api import FakeSlack
from tests.e2e import surfaces
from tests.e2e.conftest import RunningKairos, ics_stamp
from tests.support.feeds import FeedServer, Route
from tests.unit.meetings.ics_helpers import calendar

# The sweep and the calendar job run every 5 seconds (with_calendars); a step takes one or
# two of them.
SWEEPS = 30.0


@dataclass(frozen=True)
class Team:
    """An organizer (a workspace admin) and a colleague, in UTC, in a channel with Kairos;
    every id carries the tag, so tests sharing one fake Slack do not meet."""

    tag: str
    organizer: str
    colleague: str
    channel: str
    emails: dict[str, str]


def team_of_two(fake: FakeSlack) -> Team:
    """Add a new team of two to the fake Slack."""
    tag = uuid.uuid4().hex[:6].upper()
    organizer, colleague, channel = f"UORG{tag}", f"UCOL{tag}", f"CTEAM{tag}"
    emails = {organizer: f"o{tag.lower()}@acme.test", colleague: f"c{tag.lower()}@acme.test"}
    fake.add_user(organizer, name=f"org{tag}", email=emails[organizer], is_admin=True, tz="UTC")
    fake.add_user(colleague, name=f"col{tag}", email=emails[colleague], tz="UTC")
    fake.add_channel(
        channel, name=f"team{tag.lower()}", members=[organizer, colleague, fake.bot_user_id]
    )
    return Team(tag, organizer, colleague, channel, emails)


def weekly_event(organizer: str, colleague: str, title: str) -> str:
    """A weekly 30-minute meeting of the two (by email) without an agenda, first in two
    days, as an iCalendar VEVENT's body."""
    start = (datetime.now(UTC) + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    return (
        f"UID:{uuid.uuid4().hex}@acme\nDTSTART:{ics_stamp(start)}\n"
        f"DTEND:{ics_stamp(start + timedelta(minutes=30))}\nRRULE:FREQ=WEEKLY\n"
        f"SUMMARY:{title}\nORGANIZER:mailto:{organizer}\n"
        f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{organizer}\n"
        f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{colleague}\n"
    )


def weekly_feed(feeds: FeedServer, organizer: str, colleague: str, title: str) -> str:
    """Serve a calendar with that weekly meeting; its URL."""
    path = f"/{uuid.uuid4().hex}/weekly.ics"
    feeds.routes[path] = Route(body=calendar(weekly_event(organizer, colleague, title)).encode())
    return feeds.url(path)


def connect_calendar(kairos: RunningKairos, fake: FakeSlack, user: str, url: str) -> None:
    """`/kairos calendar <url>`, and its first read done."""
    _reply, response_url = surfaces.kairos_command(kairos, fake, user, f"calendar <{url}>", "C0ANY")
    assert "I found" in fake.wait_for_response(response_url, timeout=15)[-1]["text"]
