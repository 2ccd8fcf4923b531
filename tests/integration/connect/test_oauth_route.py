"""The OAuth callback over real HTTP (uvicorn in a thread), with the fake Slack behind it."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from cryptography.fernet import Fernet
from slack_sdk import WebClient
from slack_sdk.models.blocks import Block
from starlette.applications import Starlette

from bot.clock import FakeClock
from bot.connect import tables  # noqa: F401 - registers user_connections
from bot.connect.crypto import STATE_LIFETIME, TokenCipher
from bot.connect.gateway import ConnectGateway
from bot.connect.messages import CONNECT_ACTION, DISCONNECT_ACTION, connect_section
from bot.connect.ports import Grant
from bot.connect.routes import HideOAuthQuery, oauth_callback_route
from bot.connect.service import CALLBACK_PATH, REQUIRED_SCOPES, ConnectService, is_connected
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.slack.blocks.home import home_view
from tests.support.asgi import serving

ALICE, BOB = "U0ALICE", "U0BOB"
REDIRECT = "https://kairos.example.com" + CALLBACK_PATH
KEY = Fernet.generate_key().decode()
CODE = "4724469134.4644010092847.232b4e6d82c333b475fc30f5f5a341d2"


@pytest.fixture
def fake_slack(_fake_slack_server: FakeSlack) -> Iterator[FakeSlack]:
    _fake_slack_server.reset()
    _fake_slack_server.add_user(ALICE, name="alice")
    _fake_slack_server.add_user(BOB, name="bob")
    yield _fake_slack_server
    assert not _fake_slack_server.internal_errors, "\n".join(_fake_slack_server.internal_errors)


@pytest.fixture
def service(fake_slack: FakeSlack) -> ConnectService:
    return ConnectService(
        client_id=fake_slack.client_id, redirect_uri=REDIRECT, cipher=TokenCipher(KEY)
    )


@pytest.fixture
def connected() -> list[str]:
    """Who on_connected was called for."""
    return []


@pytest.fixture
def base_url(
    uow: UnitOfWork,
    clock: FakeClock,
    fake_slack: FakeSlack,
    service: ConnectService,
    connected: list[str],
) -> Iterator[str]:
    """The callback route alone, served over HTTP; uvicorn's access log filtered as in run."""
    port = ConnectGateway(fake_slack.api_url, fake_slack.client_id, fake_slack.client_secret)
    route = oauth_callback_route(
        service=service, uow=uow, port=port, clock=clock, on_connected=connected.append
    )
    access = logging.getLogger("uvicorn.access")
    hide, level = HideOAuthQuery(), access.level
    # The fake Slack's own uvicorn turns uvicorn's loggers down to WARNING process-wide.
    access.setLevel(logging.INFO)
    access.addFilter(hide)
    try:
        with serving(Starlette(routes=[route])) as base:
            yield base
    finally:
        access.removeFilter(hide)
        access.setLevel(level)


def _state(service: ConnectService, user_id: str, now: datetime) -> str:
    return parse_qs(urlsplit(service.authorize_url(user_id, now)).query)["state"][0]


def _callback(base: str, **params: str) -> httpx.Response:
    return httpx.get(f"{base}{CALLBACK_PATH}", params=params, timeout=10)


def _stored(uow: UnitOfWork, user_id: str) -> bool:
    with uow() as session:
        return is_connected(session, user_id)


def _assert_kind_page(response: httpx.Response) -> None:
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "Traceback" not in response.text
    assert "Home tab" in response.text or "close this tab" in response.text


def test_a_good_code_connects_the_person(
    base_url: str,
    uow: UnitOfWork,
    clock: FakeClock,
    fake_slack: FakeSlack,
    service: ConnectService,
    connected: list[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    token = fake_slack.add_oauth_code(
        CODE, user_id=ALICE, scopes=list(REQUIRED_SCOPES), redirect_uri=REDIRECT
    )

    response = _callback(base_url, code=CODE, state=_state(service, ALICE, clock.now()))

    assert response.status_code == 200
    _assert_kind_page(response)
    assert "<h1>Connected</h1>" in response.text
    assert _stored(uow, ALICE)
    assert connected == [ALICE]
    exchange = fake_slack.calls_to("oauth.v2.access")
    assert len(exchange) == 1
    assert exchange[0].args["redirect_uri"] == REDIRECT
    # The code is single-use and the token secret: neither reaches Kairos's logs (the
    # test's own HTTP client, httpx, logs the URL it called: that is not the server).
    logged = "\n".join(
        r.getMessage() for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))
    )
    assert "callback?[hidden]" in logged
    assert CODE not in logged
    assert token not in logged
    assert fake_slack.client_secret not in logged


def test_a_forged_state_is_refused_before_asking_slack(
    base_url: str,
    uow: UnitOfWork,
    clock: FakeClock,
    fake_slack: FakeSlack,
    service: ConnectService,
    connected: list[str],
) -> None:
    fake_slack.add_oauth_code(CODE, user_id=ALICE, scopes=list(REQUIRED_SCOPES))
    user, issued, nonce, _signature = _state(service, ALICE, clock.now()).split(".")
    forged = f"{user}.{issued}.{nonce}.{'A' * 43}"

    response = _callback(base_url, code=CODE, state=forged)

    assert response.status_code == 400
    _assert_kind_page(response)
    assert "couldn&#x27;t recognise this Connect link" in response.text
    assert fake_slack.calls_to("oauth.v2.access") == []
    assert not _stored(uow, ALICE)
    assert connected == []


def test_an_expired_state_is_refused_with_a_way_forward(
    base_url: str,
    uow: UnitOfWork,
    clock: FakeClock,
    fake_slack: FakeSlack,
    service: ConnectService,
) -> None:
    fake_slack.add_oauth_code(CODE, user_id=ALICE, scopes=list(REQUIRED_SCOPES))
    old = _state(service, ALICE, clock.now() - STATE_LIFETIME - timedelta(minutes=1))

    response = _callback(base_url, code=CODE, state=old)

    assert response.status_code == 400
    _assert_kind_page(response)
    assert "more than an hour old" in response.text
    assert "press Connect again" in response.text
    assert fake_slack.calls_to("oauth.v2.access") == []
    assert not _stored(uow, ALICE)


def test_a_state_for_another_person_than_the_code_is_refused(
    base_url: str,
    uow: UnitOfWork,
    clock: FakeClock,
    fake_slack: FakeSlack,
    service: ConnectService,
    connected: list[str],
) -> None:
    # Bob pressed Connect; Alice approved on Slack's page (or Bob's link was sent to her).
    fake_slack.add_oauth_code(CODE, user_id=ALICE, scopes=list(REQUIRED_SCOPES))

    response = _callback(base_url, code=CODE, state=_state(service, BOB, clock.now()))

    assert response.status_code == 400
    _assert_kind_page(response)
    assert "different Slack account" in response.text
    assert not _stored(uow, ALICE)
    assert not _stored(uow, BOB)
    assert connected == []


def test_a_code_slack_refuses_stores_nothing(
    base_url: str, uow: UnitOfWork, clock: FakeClock, service: ConnectService
) -> None:
    response = _callback(base_url, code="never-issued", state=_state(service, ALICE, clock.now()))

    assert response.status_code == 400
    _assert_kind_page(response)
    assert "already been used or is too old" in response.text
    assert not _stored(uow, ALICE)


def test_declining_on_slacks_page_gets_a_kind_answer(
    base_url: str,
    uow: UnitOfWork,
    clock: FakeClock,
    fake_slack: FakeSlack,
    service: ConnectService,
) -> None:
    response = _callback(base_url, error="access_denied", state=_state(service, ALICE, clock.now()))

    assert response.status_code == 200
    _assert_kind_page(response)
    assert "Nothing was connected" in response.text
    assert fake_slack.calls == []
    assert not _stored(uow, ALICE)


@pytest.mark.parametrize(
    "params",
    [{}, {"code": CODE}, {"state": "x"}, {"error": "<script>alert(1)</script>"}],
)
def test_incomplete_or_odd_requests_get_a_page_not_an_error(
    params: dict[str, str], base_url: str, uow: UnitOfWork
) -> None:
    response = _callback(base_url, **params)

    assert response.status_code == 400
    _assert_kind_page(response)
    assert "<script>" not in response.text
    assert not _stored(uow, ALICE)


def test_a_failure_on_our_side_is_a_page_without_a_traceback(
    uow: UnitOfWork, clock: FakeClock, service: ConnectService
) -> None:
    class BrokenPort(ConnectGateway):
        def exchange_code(self, code: str, redirect_uri: str) -> Grant:
            raise RuntimeError("database on fire")

    route = oauth_callback_route(
        service=service, uow=uow, port=BrokenPort("http://127.0.0.1:9/api/", "x", "y"), clock=clock
    )
    with serving(Starlette(routes=[route])) as base:
        response = _callback(base, code=CODE, state=_state(service, ALICE, clock.now()))

    assert response.status_code == 500
    assert "went wrong on Kairos" in response.text
    assert "database on fire" not in response.text
    assert "Traceback" not in response.text


def test_a_failing_home_refresh_does_not_undo_the_connection(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack, service: ConnectService
) -> None:
    def broken_home(_user_id: str) -> None:
        raise RuntimeError("views.publish failed")

    fake_slack.add_oauth_code(
        CODE, user_id=ALICE, scopes=list(REQUIRED_SCOPES), redirect_uri=REDIRECT
    )
    port = ConnectGateway(fake_slack.api_url, fake_slack.client_id, fake_slack.client_secret)
    route = oauth_callback_route(
        service=service, uow=uow, port=port, clock=clock, on_connected=broken_home
    )
    with serving(Starlette(routes=[route])) as base:
        response = _callback(base, code=CODE, state=_state(service, ALICE, clock.now()))

    assert response.status_code == 200
    assert _stored(uow, ALICE)


def test_a_wrong_client_secret_tells_the_person_to_ask_the_admin(
    uow: UnitOfWork,
    clock: FakeClock,
    fake_slack: FakeSlack,
    service: ConnectService,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake_slack.add_oauth_code(CODE, user_id=ALICE, scopes=list(REQUIRED_SCOPES))
    port = ConnectGateway(fake_slack.api_url, fake_slack.client_id, "a-wrong-secret")
    route = oauth_callback_route(service=service, uow=uow, port=port, clock=clock)
    with serving(Starlette(routes=[route])) as base:
        response = _callback(base, code=CODE, state=_state(service, ALICE, clock.now()))

    assert response.status_code == 400
    assert "Slack admin" in response.text
    assert "bad_client_secret" in caplog.text  # the operator learns what to fix
    assert "a-wrong-secret" not in caplog.text
    assert not _stored(uow, ALICE)


def test_too_few_scopes_store_nothing(
    base_url: str, uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack, service: ConnectService
) -> None:
    fake_slack.add_oauth_code(CODE, user_id=ALICE, scopes=["dnd:write"], redirect_uri=REDIRECT)

    response = _callback(base_url, code=CODE, state=_state(service, ALICE, clock.now()))

    assert response.status_code == 400
    _assert_kind_page(response)
    assert "allow all the permissions" in response.text
    assert not _stored(uow, ALICE)


def test_the_authorize_url_asks_for_the_user_scopes_only(
    service: ConnectService, clock: FakeClock
) -> None:
    url = service.authorize_url(ALICE, clock.now())
    assert url.startswith("https://slack.com/oauth/v2/authorize?")
    assert "user_scope=dnd:write,users.profile:read,users.profile:write" in url
    query = parse_qs(urlsplit(url).query)
    assert query["redirect_uri"] == [REDIRECT]
    assert "scope" not in query  # no bot scopes: this is not an install


@pytest.mark.parametrize(
    ("configured", "connected", "shows"),
    [
        (True, False, "Connect"),
        (True, True, "Disconnect"),
        (False, False, "admin can enable"),
    ],
)
def test_the_home_section_is_valid_block_kit_that_slack_accepts(
    configured: bool,
    connected: bool,
    shows: str,
    fake_slack: FakeSlack,
    service: ConnectService,
    clock: FakeClock,
) -> None:
    url = service.authorize_url(ALICE, clock.now()) if configured else None
    blocks = connect_section(configured=configured, connected=connected, authorize_url=url)

    for block in blocks:
        parsed = Block.parse(block)
        assert parsed is not None
        parsed.validate_json()
    bot = WebClient(token=fake_slack.bot_token, base_url=fake_slack.api_url)
    assert bot.views_publish(user_id=ALICE, view=home_view([blocks]))["ok"]
    assert shows in json.dumps(fake_slack.home_view(ALICE))
    buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    if configured and not connected:
        assert [(b["action_id"], b["url"]) for b in buttons] == [(CONNECT_ACTION, url)]
    elif connected:
        assert [b["action_id"] for b in buttons] == [DISCONNECT_ACTION]
    else:
        assert buttons == []
