"""Norms in Dutch against the fake Slack, on SQLite and PostgreSQL: the change is posted in
the channel's language (whoever saved it), and someone who joins gets the norms in theirs."""

from __future__ import annotations

import pytest

from bot.clock import FakeClock
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus import repo as focus_repo
from bot.i18n import speaking
from bot.i18n.languages import Language
from bot.norms.gateway import NormsGateway
from bot.norms.model import CALL, ChannelKind, Norms, ResponseKind, ResponseTime
from bot.norms.service import save_norms, welcome_member
from bot.slack.app import make_web_client
from bot.slack.gateway import SlackGateway
from bot.workspace.languages import set_channel_language

CREATOR, DUTCH_NEWCOMER, NEWCOMER = "U0CREATOR", "U0NIEUW", "U0NEW"
PAY, BETALEN = "C0PAY", "C0BETALEN"
NEXT_DAY = ResponseTime(ResponseKind.NEXT_WORKING_DAY, 1)
NORMS = Norms("Vragen over betalingen", ChannelKind.ASYNC, NEXT_DAY, CALL)


@pytest.fixture
def two_channels(fake_slack: FakeSlack) -> FakeSlack:
    """#payments follows the workspace's language; #betalen chose Dutch (see _dutch)."""
    for user in (CREATOR, DUTCH_NEWCOMER, NEWCOMER):
        fake_slack.add_user(user, name=user.lower())
    fake_slack.add_channel(PAY, name="payments", members=[CREATOR])
    fake_slack.add_channel(BETALEN, name="betalen", members=[CREATOR])
    return fake_slack


def _save(
    uow: UnitOfWork, slack: SlackGateway, fake: FakeSlack, clock: FakeClock, channel: str,
    language: Language = "en",
) -> None:  # fmt: skip
    norms_slack = NormsGateway(make_web_client(fake.bot_token, fake.api_url), clock)
    save_norms(
        uow, slack, norms_slack, CREATOR, channel, norms=NORMS, admin_users=frozenset(),
        now=clock.now(), language=language,
    )  # fmt: skip


def _posted(fake: FakeSlack, channel: str) -> list[str]:
    return [str(m["text"]) for m in fake.messages_in(channel) if m.get("bot_id")]


def _dutch(uow: UnitOfWork, clock: FakeClock) -> None:
    with uow() as session:
        set_channel_language(session, BETALEN, "nl", CREATOR, clock.now())


def test_the_change_is_posted_in_the_channels_language_not_the_editors(
    uow: UnitOfWork, slack: SlackGateway, two_channels: FakeSlack, clock: FakeClock
) -> None:
    _dutch(uow, clock)
    with speaking("en"):  # the person who saved the editor reads English
        _save(uow, slack, two_channels, clock, BETALEN)
    with speaking("nl"):  # and here Dutch, in a channel that follows the workspace's English
        _save(uow, slack, two_channels, clock, PAY)
    (betalen,) = _posted(two_channels, BETALEN)
    assert betalen.startswith("Afspraken vastgelegd door <@U0CREATOR>: doel: “Vragen")
    assert "reactietijd: uiterlijk de volgende werkdag; bij spoed: bel de persoon." in betalen
    (payments,) = _posted(two_channels, PAY)
    assert payments.startswith("Norms set by <@U0CREATOR>: purpose:")
    assert "response time: by the next working day" in payments
    blocks = str(two_channels.messages_in(BETALEN)[0]["blocks"])
    assert "*Reactietijd:* uiterlijk de volgende werkdag" in blocks
    assert "laat ze altijd zien, alleen aan jou" in blocks


def test_a_channel_without_a_language_speaks_the_workspaces(
    uow: UnitOfWork, slack: SlackGateway, two_channels: FakeSlack, clock: FakeClock
) -> None:
    _save(uow, slack, two_channels, clock, PAY, language="nl")
    (payments,) = _posted(two_channels, PAY)
    assert payments.startswith("Afspraken vastgelegd door <@U0CREATOR>")


def test_someone_who_joins_gets_the_norms_in_their_language(
    uow: UnitOfWork, slack: SlackGateway, two_channels: FakeSlack, clock: FakeClock
) -> None:
    _dutch(uow, clock)
    _save(uow, slack, two_channels, clock, BETALEN)
    with uow() as session:
        person = focus_repo.add_person(session, DUTCH_NEWCOMER, "Europe/Amsterdam", clock.now())
        person.language = "nl"
    for user, event in ((DUTCH_NEWCOMER, "Ev0JOIN1"), (NEWCOMER, "Ev0JOIN2")):
        assert welcome_member(uow, slack, BETALEN, user, event_id=event, now=clock.now())
    (dutch,) = [m["text"] for m in two_channels.messages_in(two_channels.open_dm(DUTCH_NEWCOMER))]
    (english,) = [m["text"] for m in two_channels.messages_in(two_channels.open_dm(NEWCOMER))]
    assert dutch.startswith("Welkom in <#C0BETALEN>! Dit zijn de afspraken van het kanaal:")
    assert "*Reactietijd:* uiterlijk de volgende werkdag" in dutch
    assert english.startswith("Welcome to <#C0BETALEN>. The channel agreed on these norms:")
    assert "*Response time:* by the next working day" in english


def test_a_newcomer_kairos_knows_nothing_of_gets_the_workspaces_language(
    uow: UnitOfWork, slack: SlackGateway, two_channels: FakeSlack, clock: FakeClock
) -> None:
    _save(uow, slack, two_channels, clock, PAY)
    assert welcome_member(
        uow, slack, PAY, NEWCOMER, event_id="Ev0JOIN", now=clock.now(), language="nl"
    )
    (note,) = [m["text"] for m in two_channels.messages_in(two_channels.open_dm(NEWCOMER))]
    assert note.startswith("Welkom in <#C0PAY>!")
