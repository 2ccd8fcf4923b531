"""Message events as Kairos reads them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.slack.parse import DeletedMessage, EditedMessage, IncomingMessage, parse_message_event


def test_plain_message() -> None:
    parsed = parse_message_event(
        {
            "type": "message",
            "channel": "C1",
            "user": "U1",
            "text": "hi <@U2>",
            "ts": "1700000000.000100",
        }
    )
    assert parsed == IncomingMessage("C1", "1700000000.000100", None, "U1", "hi <@U2>", [])
    assert isinstance(parsed, IncomingMessage)
    assert parsed.sent_at == datetime.fromtimestamp(1700000000.0001, UTC)
    assert parsed.from_person


def test_thread_reply_keeps_its_thread_but_a_parent_does_not() -> None:
    reply = parse_message_event(
        {"channel": "C1", "user": "U1", "text": "x", "ts": "2.0", "thread_ts": "1.0"}
    )
    parent = parse_message_event(
        {"channel": "C1", "user": "U1", "text": "x", "ts": "1.0", "thread_ts": "1.0"}
    )
    assert isinstance(reply, IncomingMessage)
    assert reply.thread_ts == "1.0"
    assert isinstance(parent, IncomingMessage)
    assert parent.thread_ts is None


def test_bot_message_is_examined_but_gets_no_note() -> None:
    parsed = parse_message_event(
        {
            "subtype": "bot_message",
            "channel": "C1",
            "bot_id": "B9",
            "text": "<@U2> build failed",
            "ts": "1.0",
        }
    )
    assert isinstance(parsed, IncomingMessage)
    assert not parsed.from_person


def test_edit_and_delete() -> None:
    edit = parse_message_event(
        {
            "subtype": "message_changed",
            "channel": "C1",
            "message": {"ts": "1.0", "text": "new", "blocks": [{"type": "rich_text"}, "junk"]},
        }
    )
    assert edit == EditedMessage("C1", "1.0", "new", [{"type": "rich_text"}])
    assert parse_message_event(
        {"subtype": "message_deleted", "channel": "C1", "deleted_ts": "1.0"}
    ) == (DeletedMessage("C1", "1.0"))


@pytest.mark.parametrize(
    "event",
    [
        {"subtype": "channel_join", "channel": "C1", "user": "U1", "ts": "1.0"},
        {"subtype": "message_changed", "channel": "C1", "message": {}},
        {"subtype": "message_deleted", "channel": "C1"},
        {"channel": "C1", "text": "no sender", "ts": "1.0"},
        {"user": "U1", "text": "no channel", "ts": "1.0"},
        {},
    ],
)
def test_events_that_mean_nothing(event: dict) -> None:
    assert parse_message_event(event) is None


def test_shared_ics_files_are_found_and_other_files_ignored() -> None:
    event = {
        "type": "message",
        "subtype": "file_share",
        "channel": "C1",
        "user": "U1",
        "ts": "1700000000.000100",
        "text": "",
        "files": [
            {"id": "F1", "name": "Invite.ICS", "url_private_download": "https://files.slack.com/1"},
            {"id": "F2", "name": "x", "mimetype": "text/calendar; method=REQUEST",
             "url_private": "https://files.slack.com/2"},
            {"id": "F3", "name": "notes.pdf", "url_private_download": "https://files.slack.com/3"},
            {"id": "F4", "name": "no-url.ics"},
            "junk",
        ],
    }  # fmt: skip
    message = parse_message_event(event)
    assert isinstance(message, IncomingMessage)
    assert message.calendar_files == (
        ("F1", "https://files.slack.com/1"),
        ("F2", "https://files.slack.com/2"),
    )
