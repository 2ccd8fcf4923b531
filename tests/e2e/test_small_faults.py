"""Issue 20's smaller faults, end to end: each refused kindly, nothing repeated raw or in full,
and an invite Slack sends only the id of is looked up and read."""

from __future__ import annotations

import time
import uuid

import pytest
from sqlalchemy import select

from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.meetings.tables import Meeting
from tests.e2e.conftest import RunningKairos, kairos_fixture, meeting_invite, with_calendars

pytestmark = pytest.mark.e2e

kairos = kairos_fixture("small", **with_calendars())


def _new_id(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8].upper()}"


def _kairos(kairos: RunningKairos, fake: FakeSlack, user: str, text: str) -> str:
    """Type `/kairos <text>`; the immediate, ephemeral answer."""
    body = payloads.slash_command_form(
        "/kairos", text, user_id=user, channel_id="C0ANY", response_url=fake.new_response_url()
    )
    response = kairos.post_form(body)
    assert response.status_code == 200
    return str(response.json()["text"])


def _output_since(kairos: RunningKairos, start: int) -> str:
    return kairos.process.output()[start:]


def test_focus_day_from_someone_slack_does_not_know_is_refused_kindly(
    kairos: RunningKairos, fake_slack: FakeSlack
) -> None:
    stranger = _new_id("U")  # users.info answers user_not_found
    start = len(kairos.process.output())
    answer = _kairos(kairos, fake_slack, stranger, "focus-day friday")
    assert "Slack couldn't tell me who you are" in answer
    assert "Nothing was changed" in answer
    assert "went wrong" not in answer
    assert "Traceback" not in _output_since(kairos, start)
    assert "The team has no focus day" in _kairos(kairos, fake_slack, stranger, "focus-day")


@pytest.mark.parametrize("typed", ["<!channel>", "&lt;!channel&gt;", "<@U0BOSS>&amp;"])
def test_kairos_never_repeats_control_sequences_raw(
    kairos: RunningKairos, fake_slack: FakeSlack, typed: str
) -> None:
    user = _new_id("U")
    fake_slack.add_user(user, name=user.lower())
    for text in (typed, f"channels {typed}", f"summary {typed}", f"focus-day {typed}"):
        answer = _kairos(kairos, fake_slack, user, text)
        assert "<" not in answer, answer
        assert ">" not in answer, answer
        assert "&lt;" in answer, answer


def test_a_calendar_address_with_a_huge_host_is_refused_without_repeating_it(
    kairos: RunningKairos, fake_slack: FakeSlack
) -> None:
    user = _new_id("U")
    fake_slack.add_user(user, name=user.lower())
    for host in ("a" * 10_000 + ".example.com", "b" * 64 + ".example.com", "c.example" * 30):
        answer = _kairos(kairos, fake_slack, user, f"calendar https://{host}/cal.ics")
        assert "Checking your calendar" not in answer
        assert "address" in answer
        assert len(answer) < 300, answer
        assert host[:20] not in answer


def _meeting_titles(kairos: RunningKairos) -> list[str]:
    return kairos.scalars(select(Meeting.title))


def test_an_invite_slack_sends_only_the_id_of_is_looked_up_and_read(
    kairos: RunningKairos, fake_slack: FakeSlack
) -> None:
    organizer, sharer, channel = _new_id("U"), _new_id("U"), _new_id("C")
    email = f"{organizer.lower()}@acme.test"
    fake_slack.add_user(organizer, name=organizer.lower(), email=email)
    fake_slack.add_user(sharer, name=sharer.lower())
    fake_slack.add_channel(channel, name=channel.lower(), members=[organizer, sharer])
    title = f"Shared-channel planning {organizer}"
    file_id = _new_id("F")
    invite = meeting_invite(email, title, f"{uuid.uuid4().hex}@acme")
    fake_slack.add_file(
        file_id, name="invite.ics", content=invite, user=sharer,
        mimetype="text/calendar", channels=[channel],
    )  # fmt: skip
    # Slack Connect: the message carries the file's id and nothing else.
    event = payloads.message_event(sharer, channel, "", subtype="file_share")
    event["files"] = [payloads.file_access_stub(file_id)]
    assert kairos.post_json(payloads.event_callback(event)).status_code == 200

    fake_slack.wait_for_call("files.info", 10, lambda call: call.args.get("file") == file_id)
    deadline = time.monotonic() + 10
    while title not in _meeting_titles(kairos):
        assert time.monotonic() < deadline, "the shared invite was not read"
        time.sleep(0.1)
