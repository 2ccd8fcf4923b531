"""The fake Slack's views as slack_sdk sees them over HTTP: the Home tab and modals."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.demo.fake_slack.slack_api import FakeSlack
from tests.slack.answers import slack_error

# ---- views


def _home(text: str) -> dict[str, Any]:
    return {
        "type": "home",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
    }


def test_views(workspace: FakeSlack, bot_client: WebClient) -> None:
    published = bot_client.views_publish(user_id="U1", view=_home("focus: off"))["view"]
    assert published["id"].startswith("V")
    assert (published["type"], published["app_id"], published["bot_id"]) == (
        "home",
        "A0001",
        "BBOT",
    )
    republished = bot_client.views_publish(user_id="U1", view=_home("focus: on"))["view"]
    assert republished["id"] == published["id"]
    home = workspace.home_view("U1")
    assert home is not None
    assert home["blocks"][0]["text"]["text"] == "focus: on"
    stale = lambda: bot_client.views_publish(  # noqa: E731
        user_id="U1", view=_home("x"), hash=published["hash"]
    )
    assert slack_error(stale)["error"] == "hash_conflict"

    trigger = workspace.new_trigger_id("U1")
    modal = {
        "type": "modal",
        "callback_id": "focus_start",
        "title": {"type": "plain_text", "text": "Start focus"},
        "submit": {"type": "plain_text", "text": "Start"},
        "blocks": [
            {
                "type": "input",
                "block_id": "minutes",
                "label": {"type": "plain_text", "text": "Minutes"},
                "element": {"type": "plain_text_input", "action_id": "value"},
            }
        ],
    }
    opened = bot_client.views_open(trigger_id=trigger, view=modal)["view"]
    assert workspace.last_view("U1", view_type="modal") == opened
    error = slack_error(lambda: bot_client.views_open(trigger_id=trigger, view=modal))
    assert error["error"] == "exchanged_trigger_id"
    updated = bot_client.views_update(view_id=opened["id"], view={**modal, "callback_id": "v2"})
    assert updated["view"]["callback_id"] == "v2"
    assert slack_error(lambda: bot_client.views_update(view_id="V404", view=modal))["error"] == (
        "not_found"
    )

    no_blocks = slack_error(
        lambda: bot_client.views_open(trigger_id="1.2.3", view={"type": "modal"})
    )
    assert no_blocks["error"] == "invalid_arguments"
    long_title = {**modal, "title": {"type": "plain_text", "text": "x" * 25}}
    error = slack_error(lambda: bot_client.views_open(trigger_id="1.2.4", view=long_title))
    assert error["error"] == "invalid_arguments"
