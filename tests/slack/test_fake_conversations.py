"""The fake Slack's channels and messages as slack_sdk sees them over HTTP: posting, history,
threads, membership, DMs, edits and reactions, ephemeral and scheduled messages, files, and
response_urls."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bot.demo.fake_slack.slack_api import FakeSlack
from tests.slack.answers import slack_error

# ---- channels and messages


def test_post_message_stores_and_returns_the_message(
    workspace: FakeSlack, bot_client: WebClient
) -> None:
    first = bot_client.chat_postMessage(channel="C1", text="hello")
    second = bot_client.chat_postMessage(channel="C1", text="again")
    assert first["channel"] == "C1"
    assert float(second["ts"]) > float(first["ts"])
    assert len(first["ts"].split(".")[1]) == 6
    message = first["message"]
    assert message["text"] == "hello"
    assert (message["user"], message["bot_id"], message["app_id"]) == ("UBOT", "BBOT", "A0001")
    assert message["ts"] == first["ts"]
    assert [m["text"] for m in workspace.messages_in("C1")] == ["hello", "again"]
    assert workspace.last_message("C1")["text"] == "again"


def test_form_encoded_json_fields_are_decoded(workspace: FakeSlack, bot_client: WebClient) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*hi*"}}]
    # As an older client would send it: a form body with blocks as a JSON string.
    bot_client.api_call("chat.postMessage", data={"channel": "C1", "blocks": json.dumps(blocks)})
    assert workspace.calls_to("chat.postMessage")[-1].args["blocks"] == blocks
    assert workspace.last_message("C1")["blocks"] == blocks


def test_metadata_only_with_include_all_metadata(
    workspace: FakeSlack, bot_client: WebClient
) -> None:
    metadata = {"event_type": "focus_digest", "event_payload": {"session": 7}}
    bot_client.chat_postMessage(channel="C1", text="digest", metadata=metadata)
    plain = bot_client.conversations_history(channel="C1")["messages"][0]
    assert "metadata" not in plain
    full = bot_client.conversations_history(channel="C1", include_all_metadata=True)
    assert full["messages"][0]["metadata"] == metadata
    error = slack_error(
        lambda: bot_client.chat_postMessage(channel="C1", text="x", metadata={"event_type": "a"})
    )
    assert error["error"] == "invalid_metadata_format"


def test_blocks_and_text_limits(workspace: FakeSlack, bot_client: WebClient) -> None:
    def post(text: str = "fallback", **kwargs: Any) -> dict[str, Any]:
        return slack_error(lambda: bot_client.chat_postMessage(channel="C1", text=text, **kwargs))

    divider = {"type": "divider"}
    assert post(blocks=[divider] * 51)["error"] == "invalid_blocks"
    assert post(blocks=[{"text": "no type"}])["error"] == "invalid_blocks"
    long_section = {"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}
    error = post(blocks=[long_section])
    assert error["error"] == "invalid_blocks"
    assert "json-pointer:/blocks/0/text/text" in error["response_metadata"]["messages"][0]
    assert post(text="x" * 40_001)["error"] == "msg_too_long"
    bot_client.chat_postMessage(channel="C1", blocks=[divider] * 50, text="fits")
    bot_client.chat_postMessage(channel="C1", text="x" * 40_000)


def test_history_pages_newest_first(workspace: FakeSlack, bot_client: WebClient) -> None:
    posted = [bot_client.chat_postMessage(channel="C1", text=f"m{n}")["ts"] for n in range(7)]
    pages = [p.data for p in bot_client.conversations_history(channel="C1", limit=3)]
    assert [[m["text"] for m in p["messages"]] for p in pages] == [
        ["m6", "m5", "m4"],
        ["m3", "m2", "m1"],
        ["m0"],
    ]
    assert [p["has_more"] for p in pages] == [True, True, False]
    assert pages[-1]["response_metadata"]["next_cursor"] == ""
    window = bot_client.conversations_history(channel="C1", oldest=posted[2], latest=posted[4])
    assert [m["text"] for m in window["messages"]] == ["m3"]
    inclusive = bot_client.conversations_history(
        channel="C1", oldest=posted[2], latest=posted[4], inclusive=True
    )
    assert [m["text"] for m in inclusive["messages"]] == ["m4", "m3", "m2"]


def test_threads_and_replies(workspace: FakeSlack, bot_client: WebClient) -> None:
    parent = workspace.add_message("C1", user="U1", text="agenda?")
    for n in range(3):
        bot_client.chat_postMessage(channel="C1", thread_ts=parent["ts"], text=f"r{n}")
    history = bot_client.conversations_history(channel="C1")["messages"]
    assert [m["text"] for m in history] == ["agenda?"]  # replies stay in the thread
    assert history[0]["reply_count"] == 3
    assert history[0]["reply_users"] == ["UBOT"]
    pages = [
        p.data for p in bot_client.conversations_replies(channel="C1", ts=parent["ts"], limit=2)
    ]
    texts = [m["text"] for p in pages for m in p["messages"]]
    assert texts == ["agenda?", "r0", "r1", "r2"]
    assert pages[0]["messages"][1]["parent_user_id"] == "U1"
    error = slack_error(lambda: bot_client.conversations_replies(channel="C1", ts="1.000001"))
    assert error["error"] == "thread_not_found"


def test_membership_rules(workspace: FakeSlack, bot_client: WebClient) -> None:
    workspace.add_channel("C2", name="random", members=["U1"], bot_is_member=False)
    assert slack_error(lambda: bot_client.chat_postMessage(channel="C2", text="x")) == {
        "ok": False,
        "error": "not_in_channel",
    }
    assert slack_error(lambda: bot_client.conversations_history(channel="C2"))["error"] == (
        "not_in_channel"
    )
    # A private channel does not exist for a bot outside it.
    assert slack_error(lambda: bot_client.conversations_info(channel="G1"))["error"] == (
        "channel_not_found"
    )
    assert slack_error(lambda: bot_client.conversations_join(channel="G1"))["error"] == (
        "channel_not_found"
    )
    joined = bot_client.conversations_join(channel="C2")
    assert joined["channel"]["is_member"] is True
    bot_client.chat_postMessage(channel="#random", text="now I can")
    assert workspace.last_message("C2")["text"] == "now I can"


def test_conversation_info_and_members(workspace: FakeSlack, bot_client: WebClient) -> None:
    channel = bot_client.conversations_info(channel="C1", include_num_members=True)["channel"]
    assert channel["id"] == "C1"
    assert channel["name"] == "general"
    assert (channel["is_channel"], channel["is_private"], channel["is_member"]) == (
        True,
        False,
        True,
    )
    assert channel["num_members"] == 3
    pages = [p.data for p in bot_client.conversations_members(channel="C1", limit=2)]
    assert [p["members"] for p in pages] == [["U1", "U2"], ["UBOT"]]
    assert pages[-1]["response_metadata"]["next_cursor"] == ""


def test_dms_have_stable_ids(workspace: FakeSlack, bot_client: WebClient) -> None:
    opened = bot_client.conversations_open(users="U1")
    dm = opened["channel"]["id"]
    assert dm.startswith("D")
    again = bot_client.conversations_open(users=["U1"], return_im=True)
    assert again["channel"]["id"] == dm
    assert (again["already_open"], again["channel"]["is_im"], again["channel"]["user"]) == (
        True,
        True,
        "U1",
    )
    assert workspace.open_dm("U1") == dm
    assert bot_client.conversations_open(users="U1,U2")["channel"]["id"].startswith("G")
    # Posting to a user id lands in the DM.
    assert bot_client.chat_postMessage(channel="U1", text="psst")["channel"] == dm
    assert workspace.last_message(dm)["text"] == "psst"
    error = slack_error(lambda: bot_client.conversations_open(users="U404"))
    assert error["error"] == "user_not_found"


def test_update_delete_permalink_reactions(workspace: FakeSlack, bot_client: WebClient) -> None:
    ts = bot_client.chat_postMessage(channel="C1", text="draft")["ts"]
    updated = bot_client.chat_update(channel="C1", ts=ts, text="final")
    assert (updated["ts"], updated["text"]) == (ts, "final")
    assert workspace.last_message("C1")["edited"]["user"] == "UBOT"
    link = bot_client.chat_getPermalink(channel="C1", message_ts=ts)["permalink"]
    assert link == f"https://fake.slack.com/archives/C1/p{ts.replace('.', '')}"
    bot_client.reactions_add(channel="C1", timestamp=ts, name="white_check_mark")
    assert workspace.last_message("C1")["reactions"] == [
        {"name": "white_check_mark", "users": ["UBOT"], "count": 1}
    ]
    error = slack_error(lambda: bot_client.reactions_add(channel="C1", timestamp=ts, name=":x:"))
    assert error["error"] == "invalid_name"
    again = lambda: bot_client.reactions_add(  # noqa: E731
        channel="C1", timestamp=ts, name="white_check_mark"
    )
    assert slack_error(again)["error"] == "already_reacted"
    theirs = workspace.add_message("C1", user="U1", text="mine")
    error = slack_error(lambda: bot_client.chat_delete(channel="C1", ts=theirs["ts"]))
    assert error["error"] == "cant_delete_message"
    assert bot_client.chat_delete(channel="C1", ts=ts)["ts"] == ts
    assert [m["text"] for m in workspace.messages_in("C1")] == ["mine"]
    error = slack_error(lambda: bot_client.chat_update(channel="C1", ts=ts, text="x"))
    assert error["error"] == "message_not_found"


def test_ephemeral_and_scheduled_messages(workspace: FakeSlack, bot_client: WebClient) -> None:
    answer = bot_client.chat_postEphemeral(channel="C1", user="U1", text="only you")
    assert answer["message_ts"]
    ephemeral = workspace.ephemeral_messages[-1]
    assert (ephemeral["user"], ephemeral["message"]["text"]) == ("U1", "only you")
    assert workspace.messages_in("C1") == []
    workspace.add_user("U3", name="grace")
    error = slack_error(lambda: bot_client.chat_postEphemeral(channel="C1", user="U3", text="x"))
    assert error["error"] == "user_not_in_channel"
    post_at = int(time.time()) + 3600
    scheduled = bot_client.chat_scheduleMessage(channel="C1", text="later", post_at=post_at)
    assert scheduled["scheduled_message_id"].startswith("Q")
    assert scheduled["post_at"] == post_at
    assert workspace.scheduled_messages[-1]["message"]["text"] == "later"
    past = lambda: bot_client.chat_scheduleMessage(  # noqa: E731
        channel="C1", text="x", post_at=int(time.time()) - 10
    )
    assert slack_error(past)["error"] == "time_in_past"


# ---- files and response_url


def test_private_files_need_a_token(workspace: FakeSlack, bot_client: WebClient) -> None:
    workspace.add_file("F1", name="agenda.ics", content=b"BEGIN:VCALENDAR", user="U1")
    file = bot_client.files_info(file="F1")["file"]
    assert file["name"] == "agenda.ics"
    assert file["size"] == len(b"BEGIN:VCALENDAR")
    with httpx.Client() as http:
        for url in (file["url_private"], file["url_private_download"]):
            ok = http.get(url, headers={"Authorization": f"Bearer {workspace.bot_token}"})
            assert (ok.status_code, ok.content) == (200, b"BEGIN:VCALENDAR")
            assert http.get(url).status_code == 403
            assert http.get(url, headers={"Authorization": "Bearer xoxb-bad"}).status_code == 403
        missing = http.get(f"{workspace.base_url}/files/F404/x.ics")
        assert missing.status_code == 404
    assert slack_error(lambda: bot_client.files_info(file="F404"))["error"] == "file_not_found"


def test_files_upload_v2(workspace: FakeSlack, bot_client: WebClient) -> None:
    upload = bot_client.files_upload_v2(
        content="a,b\n1,2\n", filename="report.csv", channel="C1", initial_comment="weekly"
    )
    file_id = upload["file"]["id"]
    message = workspace.last_message("C1")
    assert message["text"] == "weekly"
    assert message["files"][0]["id"] == file_id
    download = httpx.get(
        upload["file"]["url_private_download"],
        headers={"Authorization": f"Bearer {workspace.bot_token}"},
    )
    assert download.content == b"a,b\n1,2\n"


def test_response_urls_record_posts(fake_slack: FakeSlack) -> None:
    url = fake_slack.new_response_url()
    response = WebhookClient(url).send(text="done", response_type="ephemeral")
    assert (response.status_code, response.body) == (200, "ok")
    assert fake_slack.wait_for_response(url) == [{"text": "done", "response_type": "ephemeral"}]
    assert httpx.post(f"{fake_slack.base_url}/response/unknown", json={}).status_code == 404
