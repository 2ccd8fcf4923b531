"""The fake's views.* methods: modals and the Home tab, checked as Slack checks them
(registered on import)."""

from __future__ import annotations

from typing import Any

from bot.demo.fake_slack.slack_messages import MAX_VIEW_BLOCKS, block_problems
from bot.demo.fake_slack.slack_methods import Ctx, handles
from bot.demo.fake_slack.slack_records import SlackError, invalid_arguments


def _checked_view(ctx: Ctx) -> dict[str, Any]:
    view = ctx.args.get("view")
    if not isinstance(view, dict):
        raise invalid_arguments("[ERROR] failed to match all allowed schemas [json-pointer:/view]")
    problems: list[str] = []
    kind = view.get("type")
    if kind not in ("modal", "home"):
        problems.append("[ERROR] must be one of modal, home [json-pointer:/view/type]")
    blocks = view.get("blocks")
    if not isinstance(blocks, list):
        problems.append("[ERROR] missing required field: blocks [json-pointer:/view/blocks]")
    else:
        problems += block_problems(blocks, limit=MAX_VIEW_BLOCKS, pointer="/view/blocks")
    if kind == "modal":
        for key, needed in (("title", True), ("submit", False), ("close", False)):
            obj = view.get(key)
            if obj is None:
                if needed:
                    problems.append(f"[ERROR] missing required field: {key} [json-pointer:/view]")
                continue
            text = obj.get("text") if isinstance(obj, dict) else None
            if not isinstance(text, str) or not 0 < len(text) <= 24:
                problems.append(
                    f"[ERROR] must be less than 25 characters [json-pointer:/view/{key}/text]"
                )
        has_inputs = isinstance(blocks, list) and any(
            isinstance(b, dict) and b.get("type") == "input" for b in blocks
        )
        if has_inputs and view.get("submit") is None:
            problems.append(
                "[ERROR] must provide submit when using input blocks [json-pointer:/view]"
            )
    if len(str(view.get("private_metadata", ""))) > 3000:
        problems.append(
            "[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]"
        )
    if len(str(view.get("callback_id", ""))) > 255:
        problems.append("[ERROR] must be less than 256 characters [json-pointer:/view/callback_id]")
    if problems:
        raise invalid_arguments(*problems)
    return view


def _store_view(
    ctx: Ctx, view: dict[str, Any], *, user_id: str | None, view_id: str | None = None
) -> dict[str, Any]:
    state = ctx.state
    external_id = str(view.get("external_id", ""))
    if external_id:
        for other in state.views.values():
            if other["external_id"] == external_id and other["id"] != view_id:
                raise SlackError("duplicate_external_id")
    vid = view_id or state.new_id("V")
    previous = state.views.get(vid, {})
    stored: dict[str, Any] = {
        "id": vid,
        "team_id": state.identity.team_id,
        "type": view["type"],
        "title": view.get("title"),
        "close": view.get("close"),
        "submit": view.get("submit"),
        "blocks": view["blocks"],
        "private_metadata": str(view.get("private_metadata", "")),
        "callback_id": str(view.get("callback_id", "")),
        "external_id": external_id,
        "state": {"values": {}},
        "hash": f"{int(state.now())}.{state.new_id('')[-8:].lower()}",
        "clear_on_close": bool(view.get("clear_on_close", False)),
        "notify_on_close": bool(view.get("notify_on_close", False)),
        "root_view_id": previous.get("root_view_id", vid),
        "previous_view_id": None,
        "app_id": state.identity.app_id,
        "app_installed_team_id": state.identity.team_id,
        "bot_id": state.identity.bot_id,
    }
    state.views[vid] = stored
    state.view_owner[vid] = user_id
    state.view_log.append((user_id, stored))
    return dict(stored)


def _check_hash(ctx: Ctx, view_id: str) -> None:
    sent = ctx.text("hash")
    if sent and sent != ctx.state.views[view_id]["hash"]:
        raise SlackError("hash_conflict")


@handles("views.open")
def views_open(ctx: Ctx) -> dict[str, Any]:
    state = ctx.state
    trigger = ctx.text("trigger_id") or ctx.text("interactivity_pointer")
    if not trigger:
        raise invalid_arguments("[ERROR] missing required field: trigger_id")
    # A trigger id opens one view; Slack refuses it the second time.
    if trigger in state.used_triggers:
        raise SlackError("exchanged_trigger_id")
    view = _checked_view(ctx)
    if view["type"] != "modal":
        raise invalid_arguments("[ERROR] must be modal [json-pointer:/view/type]")
    state.used_triggers.add(trigger)
    return {"view": _store_view(ctx, view, user_id=state.triggers.get(trigger))}


@handles("views.publish")
def views_publish(ctx: Ctx) -> dict[str, Any]:
    state = ctx.state
    user_id = ctx.text("user_id")
    view = _checked_view(ctx)
    if view["type"] != "home":
        raise invalid_arguments("[ERROR] must be home [json-pointer:/view/type]")
    current = state.home_views.get(user_id)
    if current is not None:
        _check_hash(ctx, current)
    stored = _store_view(ctx, view, user_id=user_id, view_id=current)
    state.home_views[user_id] = stored["id"]
    return {"view": stored}


@handles("views.update")
def views_update(ctx: Ctx) -> dict[str, Any]:
    state = ctx.state
    view_id = ctx.text("view_id")
    external_id = ctx.text("external_id")
    if not view_id and not external_id:
        raise invalid_arguments("[ERROR] either view_id or external_id is required")
    if not view_id:
        view_id = next(
            (v["id"] for v in state.views.values() if v["external_id"] == external_id), ""
        )
    if view_id not in state.views:
        raise SlackError("not_found")
    _check_hash(ctx, view_id)
    view = _checked_view(ctx)
    if view["type"] != state.views[view_id]["type"]:
        raise invalid_arguments("[ERROR] a view cannot change its type [json-pointer:/view/type]")
    return {"view": _store_view(ctx, view, user_id=state.view_owner.get(view_id), view_id=view_id)}
