"""The admin section of App Home through signed requests to a running Kairos: only admins see
it, each Change button opens its modal, saving changes the setting and refreshes the tab,
bad input is answered next to its field, and a forged press or submission is refused with
nothing changed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from bot.cleanup.admin import SUMMARY_CHANNEL, SUMMARY_DAY, SUMMARY_TIME
from bot.cleanup.admin_messages import ADMIN_INPUT, FOCUS_DAY_FIELD, JOINING_FIELD
from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.ids import Action, View
from tests.e2e import surfaces
from tests.e2e.conftest import RunningKairos
from tests.unit.view_checks import texts

pytestmark = pytest.mark.e2e

SECTION = "Workspace settings"


@dataclass
class Workspace:
    admin: str
    member: str
    channel: str


def _new(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8].upper()}"


@pytest.fixture
def workspace(fake_slack: FakeSlack) -> Workspace:
    admin, member, channel = _new("U"), _new("U"), _new("C")
    fake_slack.add_user(admin, name=admin.lower(), is_admin=True, tz="Europe/Amsterdam")
    fake_slack.add_user(member, name=member.lower())
    fake_slack.add_channel(channel, name=channel.lower(), members=[admin, member])
    return Workspace(admin, member, channel)


def _press(
    kairos: RunningKairos, fake: FakeSlack, user: str, action_id: str, value: str = ""
) -> int:
    """A signed press of a Home tab button; the index of the calls it may have made."""
    before = len(fake.calls)
    home = fake.home_view(user) or {"id": "VHOME", "type": "home", "blocks": []}
    payload = payloads.block_action_payload(
        action_id, value, user_id=user, view=home, trigger_id=fake.new_trigger_id(user)
    )
    assert kairos.post_form(payloads.block_actions_form(payload)).status_code == 200
    return before


def _submit(
    kairos: RunningKairos, view: dict[str, Any], user: str, values: dict[str, Any]
) -> httpx.Response:
    payload = payloads.view_submission_payload(
        view["callback_id"],
        {block: {ADMIN_INPUT: state} for block, state in values.items()},
        user_id=user,
        private_metadata=view.get("private_metadata", ""),
        blocks=view["blocks"],
    )
    response = kairos.post_form(payloads.block_actions_form(payload))
    assert response.status_code == 200
    return response


def _option(value: str) -> dict[str, Any]:
    return {"type": "static_select", "selected_option": {"value": value}}


def _summary_form(channel: str, day: str, time: str) -> dict[str, Any]:
    return {
        SUMMARY_CHANNEL: {"type": "conversations_select", "selected_conversation": channel},
        SUMMARY_DAY: _option(day),
        SUMMARY_TIME: {"type": "timepicker", "selected_time": time},
    }


def _kairos(
    kairos: RunningKairos, fake: FakeSlack, user: str, channel: str, text: str
) -> dict[str, Any]:
    url = fake.new_response_url()
    form = payloads.slash_command_form(
        "/kairos", text, user_id=user, channel_id=channel, response_url=url
    )
    reply: dict[str, Any] = kairos.post_form(form).json()
    return reply


def _dms(fake: FakeSlack, user: str) -> list[str]:
    return [m["text"] for m in fake.messages_in(fake.open_dm(user))]


def test_an_admin_changes_the_settings_from_app_home(
    kairos_http: RunningKairos, fake_slack: FakeSlack, workspace: Workspace
) -> None:
    kairos, fake, admin = kairos_http, fake_slack, workspace.admin

    home = surfaces.open_home(kairos, fake, admin)
    assert SECTION in texts(home["blocks"])
    assert "No channel gets the weekly summary yet" in texts(home["blocks"])

    # The weekly summary: a channel, Monday at 09:30 in the admin's zone.
    view = surfaces.opened(
        fake, _press(kairos, fake, admin, Action.ADMIN_SUMMARY), View.ADMIN_SUMMARY
    )
    bad = _submit(kairos, view, admin, _summary_form("", "0", "09:30")).json()
    assert bad["response_action"] == "errors"
    assert set(bad["errors"]) == {SUMMARY_CHANNEL}
    before = len(fake.calls)
    saved = _submit(kairos, view, admin, _summary_form(workspace.channel, "0", "09:30"))
    assert saved.text == ""  # the modal closes
    fake.wait_for_call("views.publish", after=before)
    shown = texts(fake.home_view(admin)["blocks"])  # type: ignore[index]
    assert f"<#{workspace.channel}>" in shown
    assert "every Monday at 09:30 (Europe/Amsterdam)" in shown

    # Change opens the modal filled in with the channel's schedule.
    after = _press(kairos, fake, admin, Action.ADMIN_SUMMARY, workspace.channel)
    view = surfaces.opened(fake, after, View.ADMIN_SUMMARY)
    assert view["private_metadata"] == workspace.channel
    assert view["blocks"][2]["element"]["initial_time"] == "09:30"

    # The focus day.
    view = surfaces.opened(
        fake, _press(kairos, fake, admin, Action.ADMIN_FOCUS_DAY), View.ADMIN_FOCUS_DAY
    )
    before = len(fake.calls)
    assert _submit(kairos, view, admin, {FOCUS_DAY_FIELD: _option("2")}).text == ""
    fake.wait_for_call("views.publish", after=before)
    assert "*Focus day*\nWednesday" in texts(fake.home_view(admin)["blocks"])  # type: ignore[index]

    # Joining channels.
    view = surfaces.opened(
        fake, _press(kairos, fake, admin, Action.ADMIN_JOINING), View.ADMIN_JOINING
    )
    before = len(fake.calls)
    choice = {"type": "radio_buttons", "selected_option": {"value": "all"}}
    assert _submit(kairos, view, admin, {JOINING_FIELD: choice}).text == ""
    fake.wait_for_call("views.publish", after=before)
    shown = texts(fake.home_view(admin)["blocks"])  # type: ignore[index]
    assert "Every public channel, and each new one" in shown
    # The slash commands agree: they read the same settings.
    reply = _kairos(kairos, fake, admin, workspace.channel, "focus-day")
    assert reply["text"].startswith("Wednesday is the team's focus day")


def test_a_member_sees_no_section_and_forged_requests_change_nothing(
    kairos_http: RunningKairos, fake_slack: FakeSlack, workspace: Workspace
) -> None:
    kairos, fake, member = kairos_http, fake_slack, workspace.member
    home = surfaces.open_home(kairos, fake, member)
    assert SECTION not in texts(home["blocks"])
    assert not any(
        str(a.get("action_id", "")).startswith("admin.")
        for b in home["blocks"]
        for a in [b.get("accessory", {}), *b.get("elements", [])]
    )

    # A forged press opens no modal; the member hears why, privately.
    after = _press(kairos, fake, member, Action.ADMIN_FOCUS_DAY)
    fake.wait_for_call("chat.postMessage", after=after)
    assert not [c for c in fake.calls[after:] if c.method == "views.open"]
    assert any("Only a workspace admin or owner" in text for text in _dms(fake, member))

    # Forged submissions of each modal: refused next to the form, and nothing changes.
    modals = {
        View.ADMIN_SUMMARY: _summary_form(workspace.channel, "3", "08:00"),
        View.ADMIN_FOCUS_DAY: {FOCUS_DAY_FIELD: _option("6")},
        View.ADMIN_JOINING: {
            JOINING_FIELD: {"type": "radio_buttons", "selected_option": {"value": "all"}}
        },
    }
    for callback_id, values in modals.items():
        blocks = [{"type": "input", "block_id": block} for block in values]
        view = {"callback_id": str(callback_id), "blocks": blocks, "private_metadata": ""}
        refused = _submit(kairos, view, member, values).json()
        assert refused["response_action"] == "errors"
        assert "Only a workspace admin or owner" in next(iter(refused["errors"].values()))
    answer = _kairos(kairos, fake, member, workspace.channel, "summary")
    assert "This channel gets no weekly summary" in answer["text"]
    assert SECTION not in texts(surfaces.open_home(kairos, fake, member)["blocks"])
