"""Kairos's table of Slack's rate limits: it agrees with Slack's method reference (as the
simulated Slack keeps it) and covers every Web API method Kairos calls."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.slack.limits import LIMITS, TIER_2, TIER_3, TIER_4

ROOT = Path(__file__).resolve().parents[3]
REFERENCE = ROOT / "bot" / "demo" / "fake_slack" / "reference" / "methods"
TIERS = {"t2": TIER_2, "t3": TIER_3, "t4": TIER_4}
# Slack's "special" tier: paced as Slack documents each of them.
SPECIAL = {"chat.postMessage": 300.0, "chat.getPermalink": TIER_4, "auth.test": TIER_4}
# Calls on a bot client that are not one Web API method each.
NOT_METHODS = {"close_idle", "send_socket_mode_response", "build_request"}
COMPOSITE = {"files_upload_v2": ["files.getUploadURLExternal", "files.completeUploadExternal"]}
# Clients of their own, not the paced bot client: people's tokens (Connect), the demo.
OTHER_CLIENTS = ("connect", "demo")
CALL = re.compile(r"\b(?:self\._client|client)\.([a-z]+_[A-Za-z0-9_]+)\(")


def _reference() -> dict[str, str]:
    tiers = {}
    for path in REFERENCE.glob("*.json"):
        tiers[path.stem] = json.loads(path.read_text(encoding="utf-8"))["rate_limits"]
    return tiers


# Methods the reference lacks: their tiers are from Slack's documentation pages.
UNREFERENCED = {"conversations.join", "conversations.list", "users.conversations"}


@pytest.mark.parametrize("method", sorted(set(LIMITS) - UNREFERENCED))
def test_each_method_has_the_tier_slack_publishes(method: str) -> None:
    tier = _reference()[method]
    expected = SPECIAL[method] if tier == "t5" else TIERS[tier]
    assert LIMITS[method].per_minute == expected


def test_post_message_is_also_limited_per_conversation() -> None:
    assert LIMITS["chat.postMessage"].per_conversation == 60
    assert [m for m, limit in LIMITS.items() if limit.per_conversation] == ["chat.postMessage"]


def _called_methods() -> dict[str, str]:
    called = {}
    for path in sorted((ROOT / "bot").rglob("*.py")):
        if path.relative_to(ROOT / "bot").parts[0] in OTHER_CLIENTS:
            continue
        for name in CALL.findall(path.read_text(encoding="utf-8")):
            if name in NOT_METHODS:
                continue
            for method in COMPOSITE.get(name, [name.replace("_", ".")]):
                called[method] = str(path.relative_to(ROOT))
    return called


def test_every_method_kairos_calls_is_paced() -> None:
    called = _called_methods()
    # The scan finds the calls (a broken pattern would find none and pass).
    assert {"chat.postMessage", "conversations.open", "views.publish"} <= set(called)
    missing = {method: where for method, where in called.items() if method not in LIMITS}
    assert not missing, f"add these to bot/slack/limits.py: {missing}"
