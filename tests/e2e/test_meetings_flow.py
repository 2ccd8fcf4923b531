"""Meetings end to end: `/kairos calendar`, its first sync, the nudge DM and its buttons."""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest
from sqlalchemy import select

from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.meetings.messages import calendar_modal
from bot.meetings.tables import AgendaNudge
from tests.e2e.conftest import RunningKairos, kairos_fixture, meeting_invite, with_calendars
from tests.support.feeds import FeedServer, Route

pytestmark = pytest.mark.e2e

kairos = kairos_fixture("meetings", **with_calendars())


def _person(fake: FakeSlack) -> tuple[str, str]:
    """A new member with an email address, which calendar invites name them by: (id, email)."""
    user = f"U{uuid.uuid4().hex[:8].upper()}"
    email = f"{user.lower()}@acme.test"
    fake.add_user(user, name=user.lower(), email=email)
    return user, email


def _feed(feeds: FeedServer, organizer_email: str, title: str, uid: str) -> str:
    path = f"/{uuid.uuid4().hex}/basic.ics"
    feeds.routes[path] = Route(body=meeting_invite(organizer_email, title, uid))
    return feeds.url(path)


def _calendar(kairos: RunningKairos, fake: FakeSlack, user: str, text: str) -> tuple[str, str]:
    response_url = fake.new_response_url()
    body = payloads.slash_command_form(
        "/kairos", text, user_id=user, channel_id="C0ANY", response_url=response_url
    )
    response = kairos.post_form(body)
    assert response.status_code == 200
    return str(response.json()["text"]), response_url


def _nudge(kairos: RunningKairos, fake: FakeSlack, user: str, title: str) -> dict[str, Any]:
    """The nudge DM about the meeting, once Kairos has committed its record of it.

    Kairos sends the DM inside the unit of work that records it, so the DM arrives a moment
    before the record is visible; a person cannot press a button that fast, a test can.
    """
    channel = fake.open_dm(user)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        for message in fake.messages_in(channel):
            ours = title in message.get("text", "") and message.get("bot_id") == fake.bot_id
            if ours and _nudge_recorded(kairos, user, message["ts"]):
                return message
        time.sleep(0.2)
    raise AssertionError(f"no nudge about {title!r}")


def _nudge_recorded(kairos: RunningKairos, organizer: str, ts: str) -> bool:
    recorded = select(AgendaNudge.series_key).where(
        AgendaNudge.organizer_id == organizer, AgendaNudge.message_ts == ts
    )
    return bool(kairos.scalars(recorded))


def test_calendar_connects_at_once_and_the_organizer_is_nudged(
    kairos: RunningKairos, fake_slack: FakeSlack, feeds: FeedServer
) -> None:
    user, email = _person(fake_slack)
    title = f"Roadmap {user}"
    url = _feed(feeds, email, title, f"{user}@acme")

    first, response_url = _calendar(kairos, fake_slack, user, f"calendar <{url}>")
    assert "Checking your calendar" in first
    answer = fake_slack.wait_for_response(response_url, timeout=10)[-1]["text"]
    assert "I found 1 meeting in the next 14 days" in answer
    assert url.split("/")[3] not in answer  # the secret part of the address is not echoed

    nudge = _nudge(kairos, fake_slack, user, title)
    assert "agenda" in nudge["text"]

    # "Not needed" replaces the DM and no reminder follows.
    channel = fake_slack.open_dm(user)
    press_url = fake_slack.new_response_url()
    payload = payloads.block_action_payload(
        "nudge.not_needed", f"{user}@acme", user_id=user, channel_id=channel,
        message=nudge, response_url=press_url,
    )  # fmt: skip
    assert kairos.post_form(payloads.block_actions_form(payload)).status_code == 200
    replaced = fake_slack.wait_for_response(press_url)[-1]
    assert "no more agenda nudges" in replaced["text"]

    off, _ = _calendar(kairos, fake_slack, user, "calendar off")
    assert "disconnected" in off


def test_bad_calendar_addresses_get_a_kind_answer(
    kairos: RunningKairos, fake_slack: FakeSlack, feeds: FeedServer
) -> None:
    user = f"U{uuid.uuid4().hex[:8].upper()}"
    fake_slack.add_user(user, name=user.lower())
    text, _ = _calendar(kairos, fake_slack, user, "calendar ftp://calendar.example.com/x.ics")
    assert "starts with https://" in text
    feeds.routes["/page"] = Route(body=b"<html>Sign in</html>")
    _first, response_url = _calendar(kairos, fake_slack, user, f"calendar {feeds.url('/page')}")
    answer = fake_slack.wait_for_response(response_url, timeout=10)[-1]["text"]
    assert "Nothing was saved" in answer
    state, _ = _calendar(kairos, fake_slack, user, "calendar")
    assert "No calendar connected" in state


def test_an_ics_file_shared_in_a_channel_is_read_as_an_invite(
    kairos: RunningKairos, fake_slack: FakeSlack, feeds: FeedServer
) -> None:
    organizer, email = _person(fake_slack)
    sharer = f"U{uuid.uuid4().hex[:8].upper()}"
    fake_slack.add_user(sharer, name=sharer.lower())
    channel = f"C{uuid.uuid4().hex[:8].upper()}"
    fake_slack.add_channel(channel, name=channel.lower(), members=[organizer, sharer])
    title = f"Budget review {organizer}"
    url = _feed(feeds, email, title, f"{organizer}@acme")
    content = feeds.routes[url.split(str(feeds.port), 1)[1]].body
    shared = fake_slack.add_file(
        f"F{uuid.uuid4().hex[:8].upper()}", name="invite.ics", content=content, user=sharer,
        mimetype="text/calendar", channels=[channel],
    )  # fmt: skip
    event = payloads.message_event(sharer, channel, "", subtype="file_share")
    event["files"] = [shared]
    assert kairos.post_json(payloads.event_callback(event)).status_code == 200

    nudge = _nudge(kairos, fake_slack, organizer, title)
    assert "agenda" in nudge["text"]


def test_home_tab_modal_connects_a_calendar_and_refuses_bad_addresses(
    kairos: RunningKairos, fake_slack: FakeSlack, feeds: FeedServer
) -> None:
    user, email = _person(fake_slack)
    url = _feed(feeds, email, f"Standup {user}", f"{user}-home@acme")

    def submit(address: str) -> Any:
        values = {"address": {"address": {"type": "url_text_input", "value": address}}}
        payload = payloads.view_submission_payload(
            "calendar.address",
            payloads.state_values(values),
            user_id=user,
            blocks=calendar_modal()["blocks"],  # Slack sends the view as it was opened
        )
        return kairos.post_form(payloads.block_actions_form(payload))

    refused = submit("ftp://calendar.example.com/a.ics")
    assert refused.status_code == 200
    assert refused.json()["response_action"] == "errors"
    assert "https://" in refused.json()["errors"]["address"]

    assert submit(url).status_code == 200
    channel = fake_slack.open_dm(user)
    deadline = time.monotonic() + 10
    texts: list[str] = []
    while time.monotonic() < deadline and not any("Connected" in t for t in texts):
        texts = [m.get("text", "") for m in fake_slack.messages_in(channel)]
        time.sleep(0.1)
    assert any("I found 1 meeting in the next 14 days" in t for t in texts)
    home = fake_slack.home_view(user)
    assert home is not None
    assert "Your calendar at 127.0.0.1 is connected" in str(home["blocks"])
