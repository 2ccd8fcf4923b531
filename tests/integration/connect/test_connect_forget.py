"""forget-me's part in Connect: Slack given back what Kairos changed, the token revoked at
Slack with auth.revoke, the row gone; through the real gateway and the fake Slack."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.connect import tables  # noqa: F401 - registers user_connections
from bot.connect.ports import SlackCallError
from bot.connect.service import ConnectLink
from tests.integration.connect.connect_world import ALICE, ALICE_TOKEN, BOB, BREWING, World


def _forget(w: World, user_id: str = ALICE) -> bool:
    return w.service.forget(w.uow, w.port, user_id, w.clock.now())


def _token_works(w: World, token: str = ALICE_TOKEN) -> bool:
    try:
        WebClient(token=token, base_url=w.fake.api_url).auth_test()
    except SlackApiError as error:
        refused = error.response["error"]
    else:
        return True
    assert refused == "invalid_auth"
    return False


def test_forgetting_mid_focus_gives_slack_back_revokes_and_drops_the_row(w: World) -> None:
    w.brewing_then_focusing()
    w.later(minutes=10)

    assert _forget(w) is True

    assert not w.connected()
    assert not w.snoozing()
    assert w.profile() == BREWING
    revoke = w.fake.calls_to("auth.revoke")
    assert [c.token for c in revoke] == [ALICE_TOKEN]  # called with her own token
    assert revoke[0].response == {"ok": True, "revoked": True}
    # Slack is given back first, then the token is revoked.
    calls = w.calls_as_alice()
    assert calls[-1] == "auth.revoke"
    assert {"dnd.endSnooze", "users.profile.set"} <= set(calls[:-1])
    assert not _token_works(w)


def test_forgetting_outside_focus_only_revokes(w: World) -> None:
    w.connect()

    assert _forget(w) is True

    assert w.calls_as_alice() == ["auth.revoke"]
    assert not w.connected()


@pytest.mark.parametrize("error", ["invalid_auth", "token_revoked", "account_inactive"])
def test_a_token_slack_already_refuses_counts_as_revoked(error: str, w: World) -> None:
    w.connect()
    w.fake.fail_next("auth.revoke", error)

    assert _forget(w) is True

    assert not w.connected()


def test_when_slack_cannot_revoke_now_the_row_stays_for_another_try(w: World) -> None:
    w.connect()
    w.fake.fail_next("auth.revoke", "internal_error")

    with pytest.raises(SlackCallError):
        _forget(w)

    assert w.connected()  # a live token is never forgotten while Slack still accepts it
    assert _token_works(w)
    assert _forget(w) is True
    assert not w.connected()


def test_someone_who_never_connected_is_left_alone(w: World) -> None:
    assert _forget(w, BOB) is False
    assert w.fake.calls == []


def test_forgetting_one_person_leaves_another_connected(w: World) -> None:
    w.connect()

    assert _forget(w, BOB) is False

    assert w.connected()
    assert _token_works(w)


def test_the_link_without_connect_configured_does_nothing(w: World) -> None:
    w.connect()

    ConnectLink(None, None).forget(w.uow, ALICE, w.clock.now())

    assert w.connected()
    assert w.fake.calls_to("auth.revoke") == []


def test_the_link_with_connect_configured_forgets(w: World) -> None:
    w.connect()

    ConnectLink(w.service, w.port).forget(w.uow, ALICE, w.clock.now())

    assert not w.connected()
    assert not _token_works(w)
