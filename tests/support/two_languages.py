"""Anouk and Alex, the two people of the tests that each person is answered in their own
language: both have an English Slack (en-GB), and Anouk's own choice of Dutch is what makes
her Dutch."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus import repo

ANOUK, ALEX = "U0ANOUK", "U0ALEX"


def seat_both(fake: FakeSlack, channel: str, name: str) -> FakeSlack:
    """Anouk (Amsterdam) and Alex (London) in the fake Slack, both in the channel."""
    fake.add_user(ANOUK, name="anouk", tz="Europe/Amsterdam", locale="en-GB")
    fake.add_user(ALEX, name="alex", tz="Europe/London", locale="en-GB")
    fake.add_channel(channel, name=name, members=[ANOUK, ALEX])
    return fake


def store_both(session: Session, now: datetime) -> None:
    """Their rows in Kairos: Anouk in Amsterdam chose Dutch, Alex (UTC) chose nothing."""
    for user_id, tz, language in ((ANOUK, "Europe/Amsterdam", "nl"), (ALEX, "UTC", None)):
        person = repo.add_person(session, user_id, tz, now, slack_locale="en-GB")
        person.language = language
