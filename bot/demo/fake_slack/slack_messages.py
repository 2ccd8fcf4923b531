"""Messages as the fake Slack takes and stores them: Slack's Block Kit checks, the content
arguments of chat.postMessage and its friends, and the message objects the methods return."""

from __future__ import annotations

import copy
import json
from typing import Any

from bot.demo.fake_slack.slack_methods import Ctx
from bot.demo.fake_slack.slack_records import SlackError
from bot.demo.fake_slack.slack_state import SlackState

# Slack's own limits that the fake enforces (documented per method / Block Kit reference).
MAX_TEXT = 40_000
MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_SECTION_TEXT = 3000


def block_problems(blocks: list[Any], *, limit: int, pointer: str) -> list[str]:
    """Block Kit mistakes Slack refuses, in Slack's "[ERROR] ... [json-pointer:...]" form."""
    problems: list[str] = []
    if len(blocks) > limit:
        problems.append(f"[ERROR] no more than {limit} items allowed [json-pointer:{pointer}]")
    seen: set[str] = set()
    for i, block in enumerate(blocks):
        here = f"{pointer}/{i}"
        if not isinstance(block, dict) or not isinstance(block.get("type"), str):
            problems.append(f"[ERROR] missing required field: type [json-pointer:{here}]")
            continue
        block_id = block.get("block_id")
        if block_id is not None:
            if not isinstance(block_id, str) or not 0 < len(block_id) <= 255:
                problems.append(f"[ERROR] invalid block_id [json-pointer:{here}/block_id]")
            elif block_id in seen:
                problems.append(f"[ERROR] duplicate block_id [json-pointer:{here}/block_id]")
            else:
                seen.add(block_id)
        problems += _block_content_problems(block, here)
    return problems


def _text_length(obj: Any) -> int | None:
    if isinstance(obj, dict) and isinstance(obj.get("text"), str):
        return len(obj["text"])
    return None


def _block_content_problems(block: dict[str, Any], here: str) -> list[str]:
    problems: list[str] = []
    kind = block["type"]
    if kind == "section":
        text, fields = block.get("text"), block.get("fields")
        if text is None and not fields:
            problems.append(f"[ERROR] must provide either text or fields [json-pointer:{here}]")
        if text is not None and _text_length(text) is None:
            problems.append(f"[ERROR] missing required field: text [json-pointer:{here}/text]")
        elif (_text_length(text) or 0) > MAX_SECTION_TEXT:
            problems.append(
                f"[ERROR] must be less than {MAX_SECTION_TEXT + 1} characters "
                f"[json-pointer:{here}/text/text]"
            )
        if isinstance(fields, list):
            if len(fields) > 10:
                problems.append(
                    f"[ERROR] no more than 10 items allowed [json-pointer:{here}/fields]"
                )
            for j, f in enumerate(fields):
                if (_text_length(f) or 0) > 2000:
                    problems.append(
                        f"[ERROR] must be less than 2001 characters "
                        f"[json-pointer:{here}/fields/{j}/text]"
                    )
    elif kind == "header":
        if (_text_length(block.get("text")) or 0) > 150:
            problems.append(
                f"[ERROR] must be less than 151 characters [json-pointer:{here}/text/text]"
            )
    elif kind in ("actions", "context"):
        limit = 25 if kind == "actions" else 10
        elements = block.get("elements")
        if not isinstance(elements, list) or not elements:
            problems.append(f"[ERROR] missing required field: elements [json-pointer:{here}]")
        elif len(elements) > limit:
            problems.append(
                f"[ERROR] no more than {limit} items allowed [json-pointer:{here}/elements]"
            )
    return problems


def image_problems(ctx: Ctx, blocks: list[Any]) -> list[str]:
    """Image blocks Slack refuses: no alt_text, or a slack_file the poster cannot see (not
    uploaded, or someone else's and shared nowhere)."""
    problems: list[str] = []
    for i, block in enumerate(blocks):
        if not isinstance(block, dict) or block.get("type") != "image":
            continue
        here = f"/blocks/{i}"
        alt = block.get("alt_text")
        if not isinstance(alt, str) or not 0 < len(alt) <= 2000:
            problems.append(f"[ERROR] missing required field: alt_text [json-pointer:{here}]")
        slack_file = block.get("slack_file")
        if slack_file is None and not block.get("image_url"):
            problems.append(
                f"[ERROR] must provide either image_url or slack_file [json-pointer:{here}]"
            )
            continue
        if slack_file is None:
            continue
        file_id = slack_file.get("id") if isinstance(slack_file, dict) else None
        record = ctx.state.files.get(file_id) if isinstance(file_id, str) else None
        if record is None or (record["user"] != ctx.actor and not record["channels"]):
            problems.append(f"[ERROR] invalid slack file [json-pointer:{here}/slack_file]")
    return problems


def _decode_list(raw: Any, error: str) -> list[Any]:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError:
            raise SlackError(error) from None
    if not isinstance(raw, list):
        raise SlackError(error)
    return raw


def message_content(ctx: Ctx, *, required: bool = True) -> dict[str, Any]:
    """text/blocks/attachments/metadata of chat.postMessage and friends, checked like Slack."""
    args = ctx.args
    text = ctx.text("text")
    markdown = ctx.text("markdown_text")
    content: dict[str, Any] = {}
    if markdown and (text or args.get("blocks")):
        raise SlackError("markdown_text_conflict")
    if args.get("blocks") not in (None, ""):
        blocks = _decode_list(args["blocks"], "invalid_blocks_format")
        problems = block_problems(blocks, limit=MAX_MESSAGE_BLOCKS, pointer="/blocks")
        problems += image_problems(ctx, blocks)
        if problems:
            raise SlackError("invalid_blocks", response_metadata={"messages": problems})
        content["blocks"] = blocks
    if markdown:
        content["blocks"] = [{"type": "markdown", "text": markdown}]
    if args.get("attachments") not in (None, ""):
        attachments = _decode_list(args["attachments"], "invalid_attachments")
        if not all(isinstance(a, dict) for a in attachments):
            raise SlackError("invalid_attachments")
        if len(attachments) > 100:
            raise SlackError("too_many_attachments")
        # Slack numbers attachments in the stored message.
        content["attachments"] = [{**a, "id": i + 1} for i, a in enumerate(attachments)]
    if args.get("metadata") not in (None, ""):
        content["metadata"] = _metadata(ctx, args["metadata"])
    if len(text) > MAX_TEXT:
        raise SlackError("msg_too_long")
    if required and not (text or content.get("blocks") or content.get("attachments")):
        raise SlackError("no_text")
    content["text"] = text or markdown
    return content


def _metadata(ctx: Ctx, raw: Any) -> dict[str, Any]:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError:
            raise SlackError("invalid_metadata_format") from None
    if not (
        isinstance(raw, dict)
        and isinstance(raw.get("event_type"), str)
        and isinstance(raw.get("event_payload"), dict)
    ):
        raise SlackError("invalid_metadata_format")
    if not ctx.is_bot:
        raise SlackError("metadata_must_be_sent_from_app")
    return {"event_type": raw["event_type"], "event_payload": raw["event_payload"]}


def bot_profile(state: SlackState) -> dict[str, Any]:
    return {
        "id": state.identity.bot_id,
        "app_id": state.identity.app_id,
        "name": state.identity.bot_name,
        "icons": {
            "image_36": "https://fake.slack-edge.com/bot_36.png",
            "image_48": "https://fake.slack-edge.com/bot_48.png",
            "image_72": "https://fake.slack-edge.com/bot_72.png",
        },
        "deleted": False,
        "updated": 1700000000,
        "team_id": state.identity.team_id,
    }


def new_message(ctx: Ctx, content: dict[str, Any], ts: str) -> dict[str, Any]:
    """A message as the caller posts it: bot messages carry bot_id, app_id and bot_profile."""
    state = ctx.state
    message: dict[str, Any] = {"user": ctx.actor, "type": "message", "ts": ts}
    if ctx.is_bot:
        message.update(bot_id=state.identity.bot_id, app_id=state.identity.app_id)
    message["text"] = content["text"]
    for key in ("blocks", "attachments", "metadata", "files"):
        if key in content:
            message[key] = content[key]
    message["team"] = state.identity.team_id
    if ctx.is_bot:
        message["bot_profile"] = bot_profile(state)
    return message


def shown(message: dict[str, Any], *, with_metadata: bool) -> dict[str, Any]:
    """A stored message as a read method returns it (metadata only on request)."""
    out = copy.deepcopy(message)
    if not with_metadata:
        out.pop("metadata", None)
    return out
