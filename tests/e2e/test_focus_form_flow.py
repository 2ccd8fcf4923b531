"""The focus-hours form through signed requests to a running Kairos: Edit opens it filled in,
Add and Remove update the open modal (nothing stored yet), a half-picked block is answered
next to its input, Save stores both schedules and refreshes App Home, and Edit as text
switches to the lines editor."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus.editor_form import FOCUS, FORM_INPUT, HOURS, PICK_DAYS, parse_metadata
from bot.ids import Action, Command, View
from tests.e2e import surfaces
from tests.e2e.conftest import RunningKairos
from tests.unit.view_checks import check_modal, texts

pytestmark = pytest.mark.e2e


def _focus(kairos: RunningKairos, fake: FakeSlack, user: str, text: str) -> dict[str, Any]:
    body = payloads.slash_command_form(
        Command.FOCUS, text, user_id=user, channel_id="C0ANY", response_url=fake.new_response_url()
    )
    reply: dict[str, Any] = kairos.post_form(body).json()
    return reply


def _press(
    kairos: RunningKairos,
    fake: FakeSlack,
    user: str,
    action_id: str,
    value: str,
    view: dict[str, Any],
    values: dict[str, Any] | None = None,
) -> int:
    before = len(fake.calls)
    view = {**view, "state": {"values": values or {}}}
    payload = payloads.block_action_payload(
        action_id, value, user_id=user, view=view, trigger_id=fake.new_trigger_id(user)
    )
    assert kairos.post_form(payloads.block_actions_form(payload)).status_code == 200
    return before


def _updated(fake: FakeSlack, after: int) -> dict[str, Any]:
    call = fake.wait_for_call("views.update", after=after)
    view: dict[str, Any] = call.response["view"]
    check_modal(call.args["view"])
    return view


def _pick(view: dict[str, Any], kind: str, days: list[int], start: str, end: str | None) -> Any:
    ids = [b["block_id"] for b in view["blocks"] if b["type"] == "input"]
    days_id, start_id, end_id = (next(i for i in ids if i.startswith(f"{kind}.{p}.")) for p in
                                 ("days", "start", "end"))  # fmt: skip
    options = [{"text": {"type": "plain_text", "text": str(d)}, "value": str(d)} for d in days]
    return {
        days_id: {FORM_INPUT: {"type": "checkboxes", "selected_options": options}},
        start_id: {FORM_INPUT: {"type": "timepicker", "selected_time": start}},
        end_id: {FORM_INPUT: {"type": "timepicker", "selected_time": end}},
    }


def _with_untouched(view: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """Every input as Slack sends it on Save, nothing picked except in `values`."""
    untouched = {
        b["block_id"]: {FORM_INPUT: {"type": b["element"]["type"]}}
        for b in view["blocks"]
        if b["type"] == "input"
    }
    return {**untouched, **values}


def test_the_focus_form_from_edit_to_save(
    kairos_http: RunningKairos, fake_slack: FakeSlack
) -> None:
    kairos, fake = kairos_http, fake_slack
    user = f"U{uuid.uuid4().hex[:8].upper()}"
    fake.add_user(user, name=user.lower(), tz="Europe/Amsterdam")
    _focus(kairos, fake, user, "mon-fri 9:00-11:30")

    home = {"id": "VHOME", "type": "home", "blocks": []}
    opened = _press(kairos, fake, user, Action.FOCUS_EDIT, "", home)
    call = fake.wait_for_call("views.open", after=opened)
    check_modal(call.args["view"])
    view = call.response["view"]
    assert view["callback_id"] == View.FOCUS_FORM
    assert "Mon–Fri 09:00–11:30" in texts(view["blocks"])

    # Add with no day picked: the modal says so under the days, and the draft is unchanged.
    after = _press(kairos, fake, user, Action.FOCUS_FORM_ADD, FOCUS, view,
                   _pick(view, FOCUS, [], "14:00", "16:00"))  # fmt: skip
    shown = _updated(fake, after)
    assert PICK_DAYS in texts(shown["blocks"])
    assert shown["private_metadata"] == view["private_metadata"]

    # Add Saturday 10:00-12:00 to the focus blocks.
    after = _press(kairos, fake, user, Action.FOCUS_FORM_ADD, FOCUS, shown,
                   _pick(shown, FOCUS, [5], "10:00", "12:00"))  # fmt: skip
    view = _updated(fake, after)
    assert "Sat 10:00–12:00" in texts(view["blocks"])
    # Nothing is stored before Save.
    assert "Sat" not in _focus(kairos, fake, user, "")["text"]

    # Remove the weekday block again.
    after = _press(kairos, fake, user, Action.FOCUS_FORM_REMOVE, "focus:mon-fri 09:00-11:30", view)
    view = _updated(fake, after)
    assert "Mon–Fri 09:00–11:30" not in texts(view["blocks"])
    assert parse_metadata(view["private_metadata"]).specs(FOCUS)[0].days == (5,)

    # Save with working hours picked but not added, one of them half-picked: refused there.
    half = _pick(view, HOURS, [0, 1, 2, 3, 4], "08:00", None)
    refused = surfaces.submit(kairos, view, user, _with_untouched(view, half)).json()
    assert refused["response_action"] == "errors"
    assert list(refused["errors"]) == [next(k for k in half if k.startswith("hours.end."))]

    before = len(fake.calls)
    hours = _pick(view, HOURS, [0, 1, 2, 3, 4], "08:00", "17:00")
    saved = surfaces.submit(kairos, view, user, _with_untouched(view, hours))
    assert saved.text == ""
    fake.wait_for_call("views.publish", after=before)
    status = _focus(kairos, fake, user, "")["text"]
    assert "Sat 10:00–12:00" in status
    assert "Mon–Fri 09:00–11:30" not in status
    assert "Mon–Fri 08:00–17:00" in status

    # Edit as text: the lines editor, filled in from the same draft.
    after = _press(kairos, fake, user, Action.FOCUS_FORM_AS_TEXT, "text", view)
    text_view = fake.wait_for_call("views.update", after=after).args["view"]
    assert text_view["callback_id"] == View.FOCUS_EDITOR
    assert text_view["blocks"][0]["element"]["initial_value"] == "sat 10:00-12:00"


def test_a_forged_draft_is_refused_and_nothing_is_stored(
    kairos_http: RunningKairos, fake_slack: FakeSlack
) -> None:
    kairos, fake = kairos_http, fake_slack
    user = f"U{uuid.uuid4().hex[:8].upper()}"
    fake.add_user(user, name=user.lower(), tz="Europe/Amsterdam")
    _focus(kairos, fake, user, "mon 9:00-10:00")
    view = {"callback_id": str(View.FOCUS_FORM), "private_metadata": '{"f":"now 90m"}',
            "blocks": [{"type": "input", "block_id": "focus.days.0"}]}  # fmt: skip
    refused = surfaces.submit(kairos, view, user, {}).json()
    assert refused["response_action"] == "errors"
    assert "Mon 09:00–10:00" in _focus(kairos, fake, user, "")["text"]
