"""The fake's files.* methods, and the file records whose URLs the fake serves (registered
on import)."""

from __future__ import annotations

import mimetypes
from typing import Any, TypedDict, Unpack
from urllib.parse import quote

from bot.demo.fake_slack.slack_channels import visible_channel
from bot.demo.fake_slack.slack_messages import new_message
from bot.demo.fake_slack.slack_methods import Ctx, handles, split_users
from bot.demo.fake_slack.slack_records import SlackError, invalid_arguments
from bot.demo.fake_slack.slack_state import SlackState


def file_object(state: SlackState, file_id: str) -> dict[str, Any]:
    """files.info's file object; its URLs point at the fake, which serves the content."""
    record = state.files[file_id]
    name = record["name"]
    url = f"{state.base_url}/files/{file_id}/{quote(name)}"
    return {
        "id": file_id,
        "created": record["created"],
        "timestamp": record["created"],
        "name": name,
        "title": record["title"],
        "mimetype": record["mimetype"],
        "filetype": record["filetype"],
        "pretty_type": record["filetype"].upper(),
        "user": record["user"],
        "user_team": state.identity.team_id,
        "editable": False,
        "size": len(state.file_contents.get(file_id, b"")),
        "mode": "hosted",
        "is_external": False,
        "external_type": "",
        "is_public": bool(record["channels"]),
        "public_url_shared": False,
        "display_as_bot": False,
        "username": "",
        "url_private": url,
        "url_private_download": f"{state.base_url}/files/{file_id}/download/{quote(name)}",
        "permalink": f"https://{state.identity.team_domain}.slack.com/files/{record['user']}/{file_id}/{name}",
        "permalink_public": f"https://slack-files.com/{state.identity.team_id}-{file_id}-0000000000",
        "comments_count": 0,
        "is_starred": False,
        "shares": {},
        "channels": list(record["channels"]),
        "groups": [],
        "ims": [],
        "has_rich_preview": False,
        "alt_txt": record.get("alt_txt", ""),
    }


class FileFields(TypedDict, total=False):
    """What a file record takes besides its id, name, content and owner."""

    title: str | None  # default: the name
    mimetype: str | None  # default: guessed from the name
    filetype: str | None  # default: the name's extension
    channels: list[str] | None  # where it is shared


def add_file_record(
    state: SlackState, file_id: str, *, name: str, content: bytes, user: str,
    **fields: Unpack[FileFields],
) -> dict[str, Any]:  # fmt: skip
    """Store a file and its content; returns it as files.info shows it."""
    title = fields.get("title")
    filetype = fields.get("filetype") or (
        name.rsplit(".", 1)[-1].lower() if "." in name else "binary"
    )
    guessed = mimetypes.guess_type(name)[0] or "application/octet-stream"
    state.files[file_id] = {
        "name": name,
        "title": title if title is not None else name,
        "mimetype": fields.get("mimetype") or guessed,
        "filetype": filetype,
        "user": user,
        "created": int(state.now()),
        "channels": list(fields.get("channels") or []),
    }
    state.file_contents[file_id] = content
    return file_object(state, file_id)


@handles("files.info")
def files_info(ctx: Ctx) -> dict[str, Any]:
    file_id = ctx.text("file")
    if file_id not in ctx.state.files:
        raise SlackError("file_not_found")
    return {
        "file": file_object(ctx.state, file_id),
        "comments": [],
        "response_metadata": {"next_cursor": ""},
    }


@handles("files.getUploadURLExternal")
def get_upload_url(ctx: Ctx) -> dict[str, Any]:
    state = ctx.state
    length = ctx.int_arg("length", 0)
    if length <= 0:
        raise invalid_arguments("[ERROR] length must be greater than 0")
    file_id = state.new_id("F")
    state.pending_uploads[file_id] = {
        "filename": ctx.text("filename"),
        "user": ctx.actor,
        "alt_txt": ctx.text("alt_txt"),
    }
    return {"upload_url": f"{state.base_url}/upload/{file_id}", "file_id": file_id}


@handles("files.completeUploadExternal")
def complete_upload(ctx: Ctx) -> dict[str, Any]:
    state = ctx.state
    files = ctx.args.get("files")
    if not isinstance(files, list) or not all(isinstance(f, dict) and "id" in f for f in files):
        raise invalid_arguments("[ERROR] files must be a list of objects with an id")
    for entry in files:
        if entry["id"] not in state.pending_uploads or entry["id"] not in state.file_contents:
            raise SlackError("file_not_found")
    # Shared to channel_id, or to the first of the older comma-separated "channels".
    target = ctx.text("channel_id") or next(iter(split_users(ctx.args.get("channels"))), "")
    channel = visible_channel(ctx, must_be_member=True, ref=target) if target else None
    done = []
    for entry in files:
        pending = state.pending_uploads.pop(entry["id"])
        add_file_record(
            state,
            entry["id"],
            name=pending["filename"],
            content=state.file_contents[entry["id"]],
            user=pending["user"],
            title=entry.get("title") or pending["filename"],
            channels=[channel.id] if channel else [],
        )
        state.files[entry["id"]]["alt_txt"] = pending["alt_txt"]
        done.append({"id": entry["id"], "title": state.files[entry["id"]]["title"]})
    if channel is not None:
        shared = [file_object(state, f["id"]) for f in done]
        content = {"text": ctx.text("initial_comment"), "files": shared}
        message = new_message(ctx, content, state.next_ts())
        message["upload"] = True
        if ctx.text("thread_ts"):
            message["thread_ts"] = ctx.text("thread_ts")
        state.add_message(channel, message)
    # Slack's reference example shows only id and title; today it answers whole file objects
    # (slack_sdk's files_upload_v2 relies on that), a superset of the example.
    return {"files": [file_object(state, f["id"]) for f in done]}
