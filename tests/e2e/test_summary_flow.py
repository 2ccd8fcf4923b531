"""The weekly summary end to end: `/kairos summary …` through signed requests to a running
Kairos, with a calendar feed served over HTTPS and Slack's Web API faked over HTTP."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.demo.fake_slack.slack_api import FakeSlack
from tests.e2e.conftest import (
    RunningKairos,
    ics_stamp,
    start_kairos_with_calendars,
    stop_and_show,
)
from tests.e2e.surfaces import kairos_command
from tests.support.feeds import FeedServer, Route
from tests.unit.meetings.ics_helpers import calendar

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def kairos(
    fake_slack: FakeSlack, e2e_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningKairos]:
    running = start_kairos_with_calendars(
        fake_slack,
        e2e_database_url,
        tmp_path_factory.mktemp("summary"),
        KAIROS_HOURLY_RATE="90",
        KAIROS_CURRENCY="EUR",
    )
    try:
        yield running
    finally:
        stop_and_show(running)


def _weekly_feed(feeds: FeedServer, organizer: str, title: str) -> str:
    """A weekly 60-minute meeting without an agenda, starting in two days."""
    start = (datetime.now(UTC) + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    event = (
        f"UID:{uuid.uuid4().hex}@acme\nDTSTART:{ics_stamp(start)}\n"
        f"DTEND:{ics_stamp(start + timedelta(minutes=60))}\nRRULE:FREQ=WEEKLY\n"
        f"SUMMARY:{title}\nORGANIZER:mailto:{organizer}\n"
        f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{organizer}\n"
        "ATTENDEE;PARTSTAT=ACCEPTED:mailto:someone@acme.test\n"
        "ATTENDEE;PARTSTAT=ACCEPTED:mailto:another@acme.test\n"
    )
    path = f"/{uuid.uuid4().hex}/weekly.ics"
    feeds.routes[path] = Route(body=calendar(event).encode())
    return feeds.url(path)


def _kairos(
    kairos: RunningKairos, fake: FakeSlack, user: str, text: str, channel: str
) -> tuple[dict[str, Any], str]:
    """`/kairos <text>`, answered only to the user: the answer and its response_url."""
    reply, response_url = kairos_command(kairos, fake, user, text, channel)
    assert reply["response_type"] == "ephemeral"
    return reply, response_url


def _wait_for_post(fake: FakeSlack, channel: str, title: str, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in fake.messages_in(channel):
            if title in json.dumps(message.get("blocks", [])):
                return message
        time.sleep(0.2)
    raise AssertionError(f"no summary naming {title!r} in {channel} within {timeout} s")


def test_an_admin_sets_up_previews_and_posts_the_summary_members_are_refused(
    kairos: RunningKairos, fake_slack: FakeSlack, feeds: FeedServer
) -> None:
    tag = uuid.uuid4().hex[:6].upper()
    admin, member = f"UADM{tag}", f"UMEM{tag}"
    fake_slack.add_user(admin, name=f"admin{tag}", is_admin=True, email=f"a{tag}@acme.test")
    fake_slack.add_user(member, name=f"member{tag}", email=f"m{tag}@acme.test")
    channel = f"CTEAM{tag}"
    fake_slack.add_channel(channel, name=f"team{tag}", members=[admin, member])

    refused, _ = _kairos(kairos, fake_slack, member, "summary here", channel)
    assert "Only a workspace admin or owner can set up the weekly summary" in refused["text"]
    bad, _ = _kairos(kairos, fake_slack, admin, "summary here someday 9:00", channel)
    assert "`someday` isn't a weekday" in bad["text"]
    assert "/kairos summary here friday 15:00" in bad["text"]
    shown, _ = _kairos(kairos, fake_slack, member, "summary", channel)
    assert "gets no weekly summary" in shown["text"]  # nothing changed

    done, _ = _kairos(kairos, fake_slack, admin, "summary here", channel)
    assert "every Friday at 15:00 (Europe/Amsterdam)" in done["text"]
    day, _ = _kairos(kairos, fake_slack, admin, "focus-day friday", channel)
    assert "Friday is the team's focus day" in day["text"]

    title = f"Weekly sync {tag}"
    url = _weekly_feed(feeds, f"m{tag}@acme.test", title)
    connected, response_url = _kairos(kairos, fake_slack, member, f"calendar <{url}>", channel)
    assert "Checking your calendar" in connected["text"]
    assert "I found" in fake_slack.wait_for_response(response_url, timeout=15)[-1]["text"]

    preparing, preview_url = _kairos(kairos, fake_slack, member, "summary preview", channel)
    assert "Preparing your preview" in preparing["text"]
    preview = fake_slack.wait_for_response(preview_url, timeout=15)[-1]
    assert preview["response_type"] == "ephemeral"
    previewed = json.dumps(preview["blocks"])
    assert title in previewed
    assert "recurring without an agenda" in previewed
    assert fake_slack.messages_in(channel) == []  # a preview is for the asker only

    in_dm, _ = _kairos(kairos, fake_slack, member, "summary preview", f"D{tag}")
    assert "not in a DM" in in_dm["text"]

    no, _ = _kairos(kairos, fake_slack, member, "summary post", channel)
    assert "Only a workspace admin or owner can post the summary" in no["text"]
    posting, _ = _kairos(kairos, fake_slack, admin, "summary post", channel)
    assert "Posting" in posting["text"]
    posted = _wait_for_post(fake_slack, channel, title, timeout=30)
    text = json.dumps(posted["blocks"], ensure_ascii=False)
    assert "recurring without an agenda" in text
    assert "EUR" in text
    assert len(posted["blocks"]) <= 50

    off, _ = _kairos(kairos, fake_slack, admin, "summary off", channel)
    assert "No more weekly summaries here" in off["text"]
