"""A person's language, from what Slack says of them, on both backends: stored with them on
first use (from the one users.info call that also gives their zone), refreshed on
user_change, overridden by their own choice; through the real gateway and the fake Slack."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.clock import FakeClock
from bot.connect.service import ConnectLink
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.demo.fake_slack.slack_records import truthy
from bot.focus import repo
from bot.focus.grammar import parse_focus_command
from bot.focus.language import language_for
from bot.focus.service import focus_command, profile_changed
from bot.i18n.languages import Language
from bot.ports import UnknownUser
from bot.slack.app import make_web_client
from bot.slack.gateway import SlackGateway
from bot.slack.parse import parse_user_change

ANOUK, ALEX, KLAUS, NOBODY = "U0ANOUK", "U0ALEX", "U0KLAUS", "U0NOBODY"
NO_CONNECT = ConnectLink(None, None)


@pytest.fixture
def fake_slack(fake_slack: FakeSlack) -> FakeSlack:
    fake_slack.add_user(ANOUK, name="anouk", tz="Europe/Amsterdam", locale="nl-NL")
    fake_slack.add_user(ALEX, name="alex", tz="Europe/London", locale="en-GB")
    fake_slack.add_user(KLAUS, name="klaus", tz="Europe/Berlin", locale="de-DE")
    return fake_slack


def _use_focus(uow: UnitOfWork, slack: SlackGateway, clock: FakeClock, user_id: str) -> None:
    command = parse_focus_command("now 30m")
    focus_command(uow, slack, NO_CONNECT, user_id, command, now=clock.now())


def _language(uow: UnitOfWork, user_id: str, default: Language = "en") -> Language:
    with uow() as session:
        return language_for(session, user_id, default)


def _stored(uow: UnitOfWork, user_id: str) -> tuple[str, str | None, str | None]:
    with uow() as session:
        person = repo.get_person(session, user_id)
        assert person is not None
        return person.tz, person.slack_locale, person.language


def _user_info_calls(fake_slack: FakeSlack, user_id: str) -> list[bool]:
    """Whether each users.info call about the person asked for the locale."""
    calls = fake_slack.calls_to("users.info")
    return [truthy(c.args.get("include_locale")) for c in calls if c.args.get("user") == user_id]


def test_a_dutch_person_is_stored_with_their_locale_from_one_users_info_call(
    uow: UnitOfWork, clock: FakeClock, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    _use_focus(uow, slack, clock, ANOUK)
    assert _stored(uow, ANOUK) == ("Europe/Amsterdam", "nl-NL", None)
    # One call gave the zone and the locale: with include_locale, and no second call.
    assert _user_info_calls(fake_slack, ANOUK) == [True]
    assert _language(uow, ANOUK, default="en") == "nl"


def test_an_english_person_gets_english_whatever_the_workspace_speaks(
    uow: UnitOfWork, clock: FakeClock, slack: SlackGateway
) -> None:
    _use_focus(uow, slack, clock, ALEX)
    assert _language(uow, ALEX, default="nl") == "en"


def test_a_slack_language_kairos_does_not_speak_gets_the_workspace_default(
    uow: UnitOfWork, clock: FakeClock, slack: SlackGateway
) -> None:
    _use_focus(uow, slack, clock, KLAUS)
    assert _stored(uow, KLAUS)[1] == "de-DE"
    assert _language(uow, KLAUS, default="nl") == "nl"
    assert _language(uow, KLAUS, default="en") == "en"


def test_someone_never_stored_gets_the_default_without_asking_slack(
    uow: UnitOfWork, fake_slack: FakeSlack
) -> None:
    assert _language(uow, NOBODY, default="nl") == "nl"
    assert _language(uow, ANOUK, default="en") == "en"  # not stored yet: Slack is not asked
    assert fake_slack.calls_to("users.info") == []


def test_the_persons_choice_wins_over_their_slack_locale(
    uow: UnitOfWork, clock: FakeClock, slack: SlackGateway
) -> None:
    _use_focus(uow, slack, clock, ANOUK)
    with uow() as session:
        person = repo.get_person(session, ANOUK)
        assert person is not None
        person.language = "en"
    assert _language(uow, ANOUK, default="nl") == "en"
    with uow() as session:
        person = repo.get_person(session, ANOUK)
        assert person is not None
        person.language = None  # auto: Slack's again
    assert _language(uow, ANOUK, default="en") == "nl"


def test_user_change_with_a_new_locale_changes_the_language(
    uow: UnitOfWork, clock: FakeClock, slack: SlackGateway
) -> None:
    _use_focus(uow, slack, clock, ALEX)
    clock.advance(timedelta(days=1))
    profile_changed(
        uow, NO_CONNECT, ALEX, "Europe/Brussels", locale="nl-BE", event_id=None, now=clock.now()
    )
    assert _stored(uow, ALEX) == ("Europe/Brussels", "nl-BE", None)
    assert _language(uow, ALEX) == "nl"


def test_user_change_without_a_locale_keeps_the_stored_one(
    uow: UnitOfWork, clock: FakeClock, slack: SlackGateway
) -> None:
    _use_focus(uow, slack, clock, ANOUK)
    profile_changed(uow, NO_CONNECT, ANOUK, "Asia/Tokyo", event_id=None, now=clock.now())
    assert _stored(uow, ANOUK) == ("Asia/Tokyo", "nl-NL", None)


def test_user_change_as_slack_sends_it_reaches_the_stored_person(
    uow: UnitOfWork, clock: FakeClock, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    _use_focus(uow, slack, clock, ALEX)
    event = payloads.user_change_event({**fake_slack.user(ALEX), "locale": "nl-NL"})
    changed = parse_user_change(event)
    assert changed is not None
    profile_changed(
        uow,
        NO_CONNECT,
        changed.user_id,
        changed.tz,
        locale=changed.locale,
        event_id="Ev0LOCALE1",
        now=clock.now(),
    )
    assert _stored(uow, ALEX) == ("Europe/London", "nl-NL", None)


def test_user_change_for_someone_kairos_does_not_keep_stores_nothing(
    uow: UnitOfWork, clock: FakeClock
) -> None:
    profile_changed(uow, NO_CONNECT, NOBODY, "UTC", locale="nl-NL", event_id=None, now=clock.now())
    with uow() as session:
        assert repo.get_person(session, NOBODY) is None


# ---- the gateway: one users.info call for the zone and the locale


def test_zone_and_locale_cost_one_users_info_call(
    slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    assert slack.user_locale(ANOUK) == "nl-NL"
    assert slack.user_timezone(ANOUK) == "Europe/Amsterdam"
    assert slack.user_locale(ANOUK) == "nl-NL"
    assert _user_info_calls(fake_slack, ANOUK) == [True]


def test_zone_locale_and_name_cost_one_users_info_call(
    slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    assert slack.user_name(ALEX) == "alex"
    assert (slack.user_timezone(ALEX), slack.user_locale(ALEX)) == ("Europe/London", "en-GB")
    assert slack.user_name(ALEX) == "alex"
    assert _user_info_calls(fake_slack, ALEX) == [True]


def test_the_name_of_someone_slack_does_not_know_is_empty(slack: SlackGateway) -> None:
    assert slack.user_name(NOBODY) == ""


def test_a_users_info_asked_for_another_reason_serves_the_locale_too(
    slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    assert slack.is_person(KLAUS)
    assert (slack.user_timezone(KLAUS), slack.user_locale(KLAUS)) == ("Europe/Berlin", "de-DE")
    assert _user_info_calls(fake_slack, KLAUS) == [True]


def test_the_locale_of_someone_slack_does_not_know_is_a_refusal(slack: SlackGateway) -> None:
    with pytest.raises(UnknownUser):
        slack.user_locale(NOBODY)


def test_the_fake_shows_the_locale_only_when_asked(fake_slack: FakeSlack) -> None:
    client = make_web_client(fake_slack.bot_token, fake_slack.api_url)
    assert "locale" not in client.users_info(user=ANOUK)["user"]
    assert client.users_info(user=ANOUK, include_locale=True)["user"]["locale"] == "nl-NL"
