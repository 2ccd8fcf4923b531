"""What forget-me and my-data use of Slack: auth.revoke (a token revoking itself) and a file
uploaded into a person's DM (files_upload_v2), as the fake answers them."""

from __future__ import annotations

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.demo.fake_slack.slack_api import FakeSlack
from bot.slack.app import make_web_client
from bot.slack.gateway import SlackGateway

USER_TOKEN = "xoxp-ada-0001"


def _error(call: object) -> str:
    with pytest.raises(SlackApiError) as raised:
        call()  # type: ignore[operator]
    return str(raised.value.response["error"])


def test_a_user_token_revoked_is_refused_afterwards(workspace: FakeSlack) -> None:
    workspace.add_user_token(USER_TOKEN, "U1", ["dnd:write"])
    client = WebClient(token=USER_TOKEN, base_url=workspace.api_url)

    assert client.auth_revoke().data == {"ok": True, "revoked": True}

    assert _error(client.auth_test) == "invalid_auth"
    assert _error(client.auth_revoke) == "invalid_auth"
    assert workspace.calls_to("auth.revoke")[0].token == USER_TOKEN


def test_a_test_revocation_leaves_the_token_working(workspace: FakeSlack) -> None:
    workspace.add_user_token(USER_TOKEN, "U1", ["dnd:write"])
    client = WebClient(token=USER_TOKEN, base_url=workspace.api_url)

    assert client.auth_revoke(test=True).data == {"ok": True, "revoked": False}

    assert client.auth_test()["user_id"] == "U1"


def test_revoking_needs_a_token(workspace: FakeSlack) -> None:
    assert _error(WebClient(token=None, base_url=workspace.api_url).auth_revoke) == "not_authed"


def test_the_gateway_sends_a_file_into_the_person_s_dm(workspace: FakeSlack) -> None:
    gateway = SlackGateway(make_web_client(workspace.bot_token, workspace.api_url))
    content = b'{"user_id": "U1"}'

    file_id = gateway.send_file_dm(
        "U1", "kairos-data-U1-2026-12-03.json", content, title="Your data", comment="Here it is"
    )

    dm = workspace.open_dm("U1")
    message = workspace.last_message(dm)
    assert message["text"] == "Here it is"
    assert [f["id"] for f in message["files"]] == [file_id]
    assert message["files"][0]["name"] == "kairos-data-U1-2026-12-03.json"
    assert message["files"][0]["title"] == "Your data"
    complete = workspace.calls_to("files.completeUploadExternal")[-1]
    assert complete.args["channel_id"] == dm  # a conversation id, not the user id
    assert [c.method for c in workspace.calls if c.method.startswith("files.")] == [
        "files.getUploadURLExternal",
        "files.completeUploadExternal",
    ]
    download = httpx.get(
        message["files"][0]["url_private_download"],
        headers={"Authorization": f"Bearer {workspace.bot_token}"},
    )
    assert download.content == content
