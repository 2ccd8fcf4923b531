"""Issue 17 end to end: signed `/kairos` requests to a running Kairos on each database.

Each person is answered in their own language (here: their Slack locale), `/kairos language`
sets the language of a channel for whoever may change its norms (its creator, an admin) and
for nobody else, and what Kairos then posts in that channel speaks the channel's language,
whatever the language of the person whose action made it post."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.ids import View
from bot.norms.messages import EDITOR_INPUT
from bot.norms.model import KIND, NOT_FOR, PURPOSE, RESPONSE, URGENT_CHANNEL, URGENT_OTHER
from bot.workspace.tables import ChannelLanguage
from tests.e2e.conftest import RunningKairos, start_kairos, stop_and_show

pytestmark = pytest.mark.e2e

# The same message in both languages, as bot/locale/nl/LC_MESSAGES/kairos.po has it.
HELP_EN = "*Kairos* keeps your team's work async-first."
HELP_NL = "*Kairos* houdt het werk van je team async-first."
EXAMPLE_EN = "For example: `/kairos help`"
EXAMPLE_NL = "Bijvoorbeeld: `/kairos help`"
UNKNOWN_EN = "I don't know the command `/kairos xyz`."
REFUSED_EN = "Only the channel's creator, a workspace admin or owner, or someone in"
REFUSED_NL = "Alleen de maker van het kanaal, een beheerder of eigenaar van de workspace"


@pytest.fixture(scope="module")
def kairos(
    fake_slack: FakeSlack, e2e_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningKairos]:
    running = start_kairos(fake_slack, e2e_database_url, tmp_path_factory.mktemp("kairos-language"))
    try:
        yield running
    finally:
        stop_and_show(running)


def _new(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8].upper()}"


def _user(fake: FakeSlack, locale: str, **fields: Any) -> str:
    user = _new("U")
    fake.add_user(user, name=user.lower(), tz="Europe/Amsterdam", locale=locale, **fields)
    return user


def _channel(fake: FakeSlack, *members: str) -> str:
    """A public channel with Kairos in it; the fake makes its first member its creator."""
    channel = _new("C")
    fake.add_channel(channel, name=channel.lower(), members=list(members))
    return channel


def _command(
    kairos: RunningKairos, fake: FakeSlack, command: str, text: str, user: str, channel: str
) -> dict[str, Any]:
    body = payloads.slash_command_form(
        command, text, user_id=user, channel_id=channel,
        response_url=fake.new_response_url(), trigger_id=fake.new_trigger_id(user),
    )  # fmt: skip
    response = kairos.post_form(body)
    assert response.status_code == 200, response.text
    return response.json() if response.text else {}


def _kairos(kairos: RunningKairos, fake: FakeSlack, text: str, user: str, channel: str) -> str:
    """`/kairos <text>`: its ephemeral answer's text."""
    reply = _command(kairos, fake, "/kairos", text, user, channel)
    assert reply["response_type"] == "ephemeral", reply
    return str(reply["text"])


def _known(kairos: RunningKairos, fake: FakeSlack, user: str, channel: str) -> None:
    """Make Kairos store the person (with their Slack locale, and no language of their own):
    a person it never stored is answered in KAIROS_LANGUAGE (bot/focus/language.py)."""
    _command(kairos, fake, "/focus", "language", user, channel)


def _stored(kairos: RunningKairos, channel: str) -> list[tuple[str, str | None]]:
    """The channel's row in channel_languages: (language, set_by), or none."""
    where = ChannelLanguage.channel_id == channel
    languages = kairos.scalars(select(ChannelLanguage.language).where(where))
    setters = kairos.scalars(select(ChannelLanguage.set_by).where(where))
    return list(zip(languages, setters, strict=True))


def _posted(fake: FakeSlack, channel: str) -> list[str]:
    return [m["text"] for m in fake.messages_in(channel) if m.get("bot_id")]


def test_each_person_is_answered_in_their_slack_language(
    kairos: RunningKairos, fake_slack: FakeSlack
) -> None:
    fake = fake_slack
    anouk, james = _user(fake, "nl-NL"), _user(fake, "en-GB")
    room = _channel(fake, anouk, james)
    for person in (anouk, james):
        _known(kairos, fake, person, room)

    dutch_help = _kairos(kairos, fake, "help", anouk, room)
    assert dutch_help.startswith(HELP_NL)
    assert "Commando's: `/focus help` voor focusuren" in dutch_help
    assert "Je gegevens: `/kairos my-data` stuurt je alles" in dutch_help
    assert "keeps your team's work" not in dutch_help
    assert "Your data:" not in dutch_help
    english_help = _kairos(kairos, fake, "help", james, room)
    assert english_help.startswith(HELP_EN)
    assert "Your data: `/kairos my-data` sends you everything" in english_help
    assert "Commando's" not in english_help

    english_typo = _kairos(kairos, fake, "xyz", james, room)
    assert english_typo == f"{UNKNOWN_EN}\n{EXAMPLE_EN}"
    dutch_typo = _kairos(kairos, fake, "xyz", anouk, room)
    assert "`/kairos xyz`" in dutch_typo
    assert dutch_typo.endswith(EXAMPLE_NL)
    assert EXAMPLE_EN not in dutch_typo


def test_a_mistyped_command_is_dutch_throughout(
    kairos: RunningKairos, fake_slack: FakeSlack
) -> None:
    fake = fake_slack
    anouk = _user(fake, "nl-NL")
    room = _channel(fake, anouk)
    _known(kairos, fake, anouk, room)
    dutch_typo = _kairos(kairos, fake, "xyz", anouk, room)
    assert dutch_typo.endswith(EXAMPLE_NL)
    assert UNKNOWN_EN not in dutch_typo
    assert "I don't know" not in dutch_typo


def test_only_who_may_change_the_norms_sets_the_channel_language(
    kairos: RunningKairos, fake_slack: FakeSlack
) -> None:
    fake = fake_slack
    creator, member, dutch_member = _user(fake, "en-GB"), _user(fake, "en-GB"), _user(fake, "nl-NL")
    admin = _user(fake, "en-US", is_admin=True)
    room = _channel(fake, creator, member, dutch_member, admin)
    _known(kairos, fake, dutch_member, room)

    # A member who neither made the channel nor administers the workspace: a kind no.
    refused = _kairos(kairos, fake, "language nl", member, room)
    assert refused.startswith(REFUSED_EN)
    assert refused.endswith("Nothing was changed.")
    assert _stored(kairos, room) == []
    assert "has no language of its own" in _kairos(kairos, fake, "language", member, room)

    # Its creator may: the channel speaks Dutch from now on, and says so to whoever asks.
    done = _kairos(kairos, fake, "language nl", creator, room)
    assert done.startswith("Done. Kairos now posts in this channel in Dutch.")
    assert _stored(kairos, room) == [("nl", creator)]
    shown = _kairos(kairos, fake, "language", creator, room)
    assert shown.startswith("Kairos posts in this channel in Dutch: it was set for this channel.")
    # Each is answered in their own language, not the channel's: the member in English,
    # the Dutch member in Dutch.
    assert _kairos(kairos, fake, "language", member, room) == shown
    assert _kairos(kairos, fake, "language", dutch_member, room).startswith(
        "Kairos post in dit kanaal in het Nederlands: die taal is voor dit kanaal ingesteld."
    )

    # Neither member can undo or change it, in any language.
    for user, text in ((member, "language default"), (dutch_member, "language en")):
        no = _kairos(kairos, fake, text, user, room)
        assert no.startswith(REFUSED_NL if user == dutch_member else REFUSED_EN)
    dutch_no = _kairos(kairos, fake, "language nl", dutch_member, room)
    assert dutch_no.endswith("Er is niets veranderd.")
    assert REFUSED_EN not in dutch_no
    assert _stored(kairos, room) == [("nl", creator)]

    # A workspace admin who did not make the channel may: back to the workspace's language.
    back = _kairos(kairos, fake, "language default", admin, room)
    assert back == (
        "Done. This channel follows the workspace's language again: Kairos posts here in English."
    )
    assert _stored(kairos, room) == []


def _norms_form(urgent: str) -> dict[str, Any]:
    return {
        PURPOSE: "Questions about the payments API",
        KIND: {"type": "radio_buttons", "selected_option": {"value": "async"}},
        RESPONSE: "within 4 working hours",
        URGENT_CHANNEL: {"type": "conversations_select", "selected_conversation": urgent},
        URGENT_OTHER: None,
        NOT_FOR: "Incidents",
    }


def test_a_post_in_a_dutch_channel_is_dutch(kairos: RunningKairos, fake_slack: FakeSlack) -> None:
    fake = fake_slack
    creator = _user(fake, "en-GB")
    room, urgent = _channel(fake, creator), _channel(fake, creator)
    _known(kairos, fake, creator, room)
    assert _kairos(kairos, fake, "language nl", creator, room).startswith("Done.")

    # The creator, who reads English, opens the norms editor and saves it.
    before = len(fake.calls)
    assert _command(kairos, fake, "/kairos", "norms edit", creator, room) == {}
    view = fake.wait_for_call("views.open", after=before).args["view"]
    assert view["callback_id"] == View.NORMS_EDITOR
    values = {block: {EDITOR_INPUT: value} for block, value in _norms_form(urgent).items()}
    submission = payloads.view_submission_payload(
        view["callback_id"], values, user_id=creator,
        private_metadata=view["private_metadata"], blocks=view["blocks"],
    )  # fmt: skip
    saved = kairos.post_form(payloads.block_actions_form(submission))
    assert (saved.status_code, saved.text) == (200, "")

    # Everyone in the channel reads the post, so it speaks the channel's language.
    posted = _posted(fake, room)
    assert len(posted) == 1
    assert posted[0].startswith(f"Afspraken vastgelegd door <@{creator}>: ")
    assert "Questions about the payments API" in posted[0]
    assert "Norms set by" not in posted[0]
    post = fake.messages_in(room)[-1]
    note = post["blocks"][-1]["elements"][0]["text"]
    assert note == "`/kairos norms` laat ze altijd zien, alleen aan jou."
