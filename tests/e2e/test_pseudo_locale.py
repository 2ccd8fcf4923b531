"""Under the pseudo-translation, nothing Kairos sends to Slack bypasses the message catalogs.

Kairos runs with KAIROS_PSEUDO_TRANSLATIONS on and KAIROS_LANGUAGE=nl, and everyone's Slack
language is Dutch: every message from the catalogs then arrives marked `⟦…⟧`
(bot/i18n/pseudo.py). The flows below are the ones a person meets first; everything they
produced (answers to commands, ephemeral notes, DMs, App Home) is read, and a Latin word
outside the marks is text that no translator could translate. People's names and the
messages they write are Greek, so that data is not mistaken for a missed message.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from tests.e2e.conftest import RunningKairos, start_kairos, stop_and_show
from tests.support.untranslated import OPEN, missed, read_texts

pytestmark = pytest.mark.e2e

# Methods whose arguments people read.
_SHOWN = ("chat.postMessage", "chat.postEphemeral", "chat.update", "views.publish", "views.open")


@pytest.fixture(scope="module")
def kairos(
    fake_slack: FakeSlack, e2e_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningKairos]:
    running = start_kairos(
        fake_slack,
        e2e_database_url,
        tmp_path_factory.mktemp("pseudo"),
        KAIROS_SWEEP_SECONDS="5",
        KAIROS_LANGUAGE="nl",
        KAIROS_PSEUDO_TRANSLATIONS="true",
    )
    try:
        yield running
    finally:
        stop_and_show(running)


def _person(fake: FakeSlack, name: str) -> str:
    user = f"U{uuid.uuid4().hex[:8].upper()}"
    fake.add_user(user, name=name, tz="Europe/Amsterdam", locale="nl-NL")
    return user


def _command(
    kairos: RunningKairos, fake: FakeSlack, command: str, text: str, user: str, channel: str
) -> dict[str, Any]:
    body = payloads.slash_command_form(
        command, text, user_id=user, channel_id=channel, response_url=fake.new_response_url()
    )
    response = kairos.post_form(body)
    assert response.status_code == 200
    return response.json() if response.content else {}


def test_the_first_flows_say_nothing_outside_the_catalogs(
    kairos: RunningKairos, fake_slack: FakeSlack
) -> None:
    anna, bram = _person(fake_slack, "Άννα"), _person(fake_slack, "Μπραμ")
    room = f"C{uuid.uuid4().hex[:8].upper()}"
    fake_slack.add_channel(room, name="ομάδα", members=[anna, bram])
    before = len(fake_slack.calls)
    answers: list[dict[str, Any]] = []
    for command, text, user in [
        ("/focus", "mon 25:00-26:00", anna),  # bad input
        ("/focus", "", anna),
        ("/focus", "now 60m", anna),
        ("/focus", "status", anna),
        ("/kairos", "help", anna),
        ("/kairos", "πράσινο", anna),  # an unknown subcommand
        ("/kairos", "my-data", anna),
        ("/kairos", "my-data κάτι", anna),
        ("/focus", "hours mon-fri 09:00-17:00", anna),
        ("/focus", "hours", anna),
        ("/focus", "hours off", anna),  # the digest must not wait for a working morning
        ("/focus", "away tomorrow", anna),
        ("/focus", "back", anna),
        ("/focus", "away κάτι", anna),
        ("/focus", "holidays nl", anna),
        ("/focus", "holidays ζζ", anna),
        ("/focus", "language", anna),
        ("/focus", "language ζζ", anna),
        ("/focus", "mon-fri 09:00-11:00", anna),
        ("/focus", "remove all", anna),
        ("/kairos", "norms", anna),
        ("/kairos", "norms κάτι", anna),
        ("/kairos", "channels", anna),
        ("/kairos", "channels κάτι", anna),
        ("/kairos", "summary", anna),
        ("/kairos", "summary κάτι", anna),
        ("/kairos", "summary here κάτι", anna),
        ("/kairos", "summary here friday 25:00", anna),
        ("/kairos", "focus-day", anna),
        ("/kairos", "focus-day κάτι", anna),
        ("/kairos", "calendar", anna),
        ("/kairos", "calendar α β", anna),
        ("/kairos", "language", anna),
        ("/kairos", "language ζζ", anna),
    ]:
        answers.append(_command(kairos, fake_slack, command, text, user, room))

    # A mention held during focus: the sender is told; focus ends and the digest goes out.
    answers.append(_command(kairos, fake_slack, "/focus", "now 60m", anna, room))
    ts = payloads.new_ts()
    text = f"<@{anna}> μπορείς να δεις το σχέδιο;"
    fake_slack.add_message(room, user=bram, text=text, ts=ts)
    event = payloads.message_event(bram, room, text, ts=ts)
    assert kairos.post_json(payloads.event_callback(event)).status_code == 200
    fake_slack.wait_for_call(
        "chat.postEphemeral", predicate=lambda c: c.args.get("user") == bram, after=before
    )
    answers.append(_command(kairos, fake_slack, "/focus", "off", anna, room))
    fake_slack.wait_for_call(
        "chat.postMessage",
        predicate=lambda c: c.args.get("channel") == fake_slack.open_dm(anna),
        after=before,
        timeout=15,
    )
    home = payloads.event_callback(payloads.app_home_opened_event(anna))
    assert kairos.post_json(home).status_code == 200
    fake_slack.wait_for_call("views.publish", after=before)

    shown = [c for c in fake_slack.calls[before:] if c.method in _SHOWN]
    texts = [*read_texts(answers), *(t for c in shown for t in read_texts(c.args))]
    # The check reads real output: answers, the note, the digest and App Home are all there.
    assert {c.method for c in shown} >= {"chat.postEphemeral", "chat.postMessage", "views.publish"}
    assert sum(OPEN in t for t in texts) >= 10
    assert missed(texts) == {}
