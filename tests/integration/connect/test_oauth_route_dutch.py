"""The page after connecting speaks the language of whoever the Connect link was made for (its
signed state names them), else KAIROS_LANGUAGE; the Home tab refreshed after connecting is
built in their language too. Over real HTTP, with the fake Slack, on both backends: Anouk
chose Dutch, Alice has no language, so the workspace's is hers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
from starlette.applications import Starlette

from bot.clock import FakeClock
from bot.connect.crypto import STATE_LIFETIME
from bot.connect.gateway import ConnectGateway
from bot.connect.routes import oauth_callback_route
from bot.connect.service import CALLBACK_PATH, REQUIRED_SCOPES, ConnectService
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus import repo
from bot.i18n import current_language
from bot.i18n.languages import Language
from tests.integration.connect.connect_world import ALICE, REDIRECT
from tests.support.asgi import serving

ANOUK = "U0ANOUK"
CODE = "4724469134.4644010092847.232b4e6d82c333b475fc30f5f5a341d2"


def _anouk_speaks_dutch(uow: UnitOfWork, clock: FakeClock, fake: FakeSlack) -> None:
    fake.add_user(ANOUK, name="anouk", tz="Europe/Amsterdam", locale="en-GB")
    with uow() as session:
        person = repo.add_person(
            session, ANOUK, "Europe/Amsterdam", clock.now(), slack_locale="en-GB"
        )
        person.language = "nl"


@contextmanager
def _route(
    uow: UnitOfWork,
    clock: FakeClock,
    fake: FakeSlack,
    service: ConnectService,
    language: Language,
    on_connected: Callable[[str], None] = lambda _user_id: None,
) -> Iterator[str]:
    port = ConnectGateway(fake.api_url, fake.client_id, fake.client_secret)
    route = oauth_callback_route(
        service=service, uow=uow, port=port, clock=clock, on_connected=on_connected,
        language=language,
    )  # fmt: skip
    with serving(Starlette(routes=[route])) as base:
        yield base


def _state(service: ConnectService, user_id: str, clock: FakeClock, age: timedelta) -> str:
    url = service.authorize_url(user_id, clock.now() - age)
    return parse_qs(urlsplit(url).query)["state"][0]


def _callback(base: str, **params: str) -> httpx.Response:
    return httpx.get(f"{base}{CALLBACK_PATH}", params=params, timeout=10)


def test_anouk_is_told_she_is_connected_in_dutch_and_her_home_is_built_in_dutch(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack, service: ConnectService
) -> None:
    _anouk_speaks_dutch(uow, clock, fake_slack)
    fake_slack.add_oauth_code(
        CODE, user_id=ANOUK, scopes=list(REQUIRED_SCOPES), redirect_uri=REDIRECT
    )
    spoken: list[tuple[str, str]] = []

    def on_connected(user_id: str) -> None:
        spoken.append((user_id, current_language()))

    with _route(uow, clock, fake_slack, service, "en", on_connected) as base:
        response = _callback(base, code=CODE, state=_state(service, ANOUK, clock, timedelta()))

    assert response.status_code == 200
    assert "<html lang=nl>" in response.text
    assert "<title>Kairos · Gekoppeld</title>" in response.text
    assert "Je kunt dit tabblad sluiten en teruggaan naar Slack." in response.text
    assert "close this tab" not in response.text
    assert spoken == [(ANOUK, "nl")]


def test_a_refusal_from_the_service_speaks_dutch_for_anouk(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack, service: ConnectService
) -> None:
    _anouk_speaks_dutch(uow, clock, fake_slack)
    old = _state(service, ANOUK, clock, STATE_LIFETIME + timedelta(minutes=1))

    with _route(uow, clock, fake_slack, service, "en") as base:
        expired = _callback(base, code=CODE, state=old)
        declined = _callback(base, error="access_denied", state=old)

    assert expired.status_code == 400
    assert "<h1>Niet gekoppeld</h1>" in expired.text
    assert "meer dan een uur oud" in expired.text
    assert "more than an hour old" not in expired.text
    assert "Er is niets gekoppeld." in declined.text
    assert fake_slack.calls_to("oauth.v2.access") == []


def test_someone_without_a_language_and_a_link_naming_nobody_get_kairos_language(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack, service: ConnectService
) -> None:
    _anouk_speaks_dutch(uow, clock, fake_slack)
    forged = _state(service, ANOUK, clock, timedelta())[:-4] + "AAAA"

    with _route(uow, clock, fake_slack, service, "en") as base:
        alice = _callback(
            base, error="access_denied", state=_state(service, ALICE, clock, timedelta())
        )
        forged_en = _callback(base, code=CODE, state=forged)
    with _route(uow, clock, fake_slack, service, "nl") as base:
        alice_nl = _callback(
            base, error="access_denied", state=_state(service, ALICE, clock, timedelta())
        )
        missing = _callback(base)

    assert "<html lang=en>" in alice.text
    assert "Nothing was connected." in alice.text
    # A state whose signature does not match names nobody: not even Anouk gets Dutch from it.
    assert "couldn&#x27;t recognise this Connect link" in forged_en.text
    assert "Er is niets gekoppeld." in alice_nl.text
    assert missing.status_code == 400
    assert "<h1>Niets te koppelen</h1>" in missing.text
