"""Every listener takes every shape: Slack's own payloads, mutated, are answered without harm.

Each subscribed event type, slash command, action id and view callback is driven with the
payload Slack sends (bot/demo/fake_slack/payloads/) and with fixed-seed mutations of it: each key
dropped, values of the wrong type (string, int, None, list, dict, "", 10,000 characters,
`<!channel>`), values nested deeper. Every answer must be 200, or 400 where the endpoint
refuses an envelope Bolt could not route, or 404 where the mutation removed what routes the
request to a listener (Bolt's answer when no listener is for it); Kairos must log no
traceback and no error, and garbage must write nothing.
"""

from __future__ import annotations

import json
import time
from dataclasses import replace
from datetime import time as dt_time
from typing import Any

import httpx
import pytest

from bot.checkins.model import Cadence
from bot.checkins.setup_messages import SetupDefaults
from bot.checkins.setup_messages import metadata as setup_metadata
from bot.connect.messages import CONNECT_ACTION, DISCONNECT_ACTION
from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus.editor import FOCUS_FIELD, HOURS_FIELD
from bot.focus.editor_form import draft_of, metadata
from bot.focus.start_messages import DURATION_FIELD, DURATION_INPUT, UNTIL_FIELD, UNTIL_INPUT
from bot.ids import Action, Command, View
from bot.meetings.messages import ADDRESS_FIELD, AGENDA_FIELD
from bot.norms.messages import EDITOR_INPUT as NORMS_INPUT
from bot.norms.model import PURPOSE as NORMS_PURPOSE
from bot.norms.model import RESPONSE as NORMS_RESPONSE
from bot.slack.manifest import BOT_EVENTS
from tests.e2e.conftest import RunningKairos, kairos_fixture, with_encryption_key
from tests.support.mutations import Mutation, all_mutations, form_mutations, sample
from tests.support.observe import logged_errors, quiet_output
from tests.support.slack_requests import ACTION_IDS, Sample, send, wrong_answers

pytestmark = pytest.mark.e2e

PERSON, OTHER, CHANNEL, TEXT_FILE = "UFZPERSON", "UFZOTHER", "CFZ00001", "FFZTEXT01"
# Submits forget-me: someone with nothing stored, so that the fuzzing deletes nothing.
FORGETTER = "UFZFORGET"
# Mutations of parts no listener reads, tried per sample (a fixed-seed sample of them).
SAMPLED = 12
KAIROS_TEXTS = (
    "",
    "channels all",
    "calendar",
    "summary",
    "focus-day friday",
    "norms",
    "norms edit",
    "async",
)
SEED = 20
# A check-in no one has: its buttons and modal are refused, and nothing is written.
NO_CHECKIN = "999999999"
# A channel Kairos cannot post in: the setup is refused, and nothing is written.
NO_CHANNEL = "CFZNOPOST"
SETUP_PICKED = {
    "channel": {"value": {"type": "conversations_select", "selected_conversation": NO_CHANNEL}},
    "question_set": {"value": {"type": "radio_buttons", "selected_option": {"value": "standup"}}},
    "people": {"value": {"type": "multi_users_select", "selected_users": [PERSON, OTHER]}},
    "weekdays": {"value": {"type": "checkboxes", "selected_options": [{"value": "2"}]}},
    "time": {"value": {"type": "timepicker", "selected_time": "09:30"}},
    "due": {"value": {"type": "static_select", "selected_option": {"value": "240"}}},
}
NOTES_WRITTEN = {
    "summary": {"value": {"type": "plain_text_input", "value": "Fuzzing"}},
    "action.0.text": {"value": {"type": "plain_text_input", "value": "Fuzz more"}},
    "action.0.owner": {"value": {"type": "users_select", "selected_user": OTHER}},
    "action.0.due": {"value": {"type": "datepicker", "selected_date": "2031-01-02"}},
    "channel": {"value": {"type": "conversations_select", "selected_conversation": CHANNEL}},
}
SETUP_METADATA = setup_metadata(
    SetupDefaults(
        series_key="fuzz-series",
        title="Fuzz",
        channel_id=None,
        people=(PERSON,),
        cadence=Cadence(frozenset({2}), dt_time(9, 30), "Europe/Amsterdam"),
    )
)
# The edit modal of a check-in no one has: refused, and nothing is written.
EDIT_METADATA = setup_metadata(
    SetupDefaults("", "Fuzz", None, (PERSON,), Cadence(frozenset({2}), dt_time(9), "UTC")),
    int(NO_CHECKIN),
)


# Someone leaving a channel: shaped as joining one, as Slack sends both.
LEFT = "member_left_channel"
kairos = kairos_fixture("fuzz", **with_encryption_key())


def _event(event: dict[str, Any]) -> Sample:
    return Sample(
        str(event.get("subtype") or event["type"]), "event", payloads.event_callback(event)
    )


def _command(fake: FakeSlack, command: str, text: str) -> Sample:
    fields = payloads.slash_command(
        command, text, user_id=PERSON, channel_id=CHANNEL, response_url=fake.new_response_url()
    )
    return Sample(f"{command} {text}".strip(), "command", dict(fields))


def _action(fake: FakeSlack, action_id: str, value: str, *, home: bool = False) -> Sample:
    where: dict[str, Any] = (
        {"view": {"id": "VHOME", "type": "home", "callback_id": "", "blocks": []}}
        if home
        else {"channel_id": CHANNEL, "response_url": fake.new_response_url()}
    )
    payload = payloads.block_action_payload(action_id, value, user_id=PERSON, **where)
    return Sample(action_id, "interaction", payload)


def _view(callback_id: str, values: dict[str, dict[str, Any]], metadata_: str = "") -> Sample:
    blocks = [{"type": "input", "block_id": block_id} for block_id in values]
    payload = payloads.view_submission_payload(
        callback_id, values, user_id=PERSON, private_metadata=metadata_, blocks=blocks
    )
    return Sample(callback_id, "interaction", payload)


FORM_PICKED = {
    "focus.days.0": {"value": {"type": "checkboxes", "selected_options": [{"value": "2"}]}},
    "focus.start.0": {"value": {"type": "timepicker", "selected_time": "14:00"}},
    "focus.end.0": {"value": {"type": "timepicker", "selected_time": None}},
    "hours.days.0": {"value": {"type": "checkboxes", "selected_options": []}},
    "hours.start.0": {"value": {"type": "timepicker", "selected_time": None}},
    "hours.end.0": {"value": {"type": "timepicker", "selected_time": None}},
}


def _form_action(action_id: str, value: str) -> Sample:
    form = {
        "id": "VFORM",
        "type": "modal",
        "callback_id": str(View.FOCUS_FORM),
        "blocks": [],
        "private_metadata": metadata(draft_of("mon 09:00-10:00", "")),
        "state": {"values": FORM_PICKED},
    }
    payload = payloads.block_action_payload(action_id, value, user_id=PERSON, view=form)
    return Sample(action_id, "interaction", payload)


def _samples(fake: FakeSlack) -> list[Sample]:
    """One payload per listener (several for the message listener's subtypes)."""
    spoken = payloads.message_event(OTHER, CHANNEL, f"hi <@{PERSON}>, see <!here>")
    text_file = fake.add_file(
        TEXT_FILE, name="notes.txt", content=b"notes", user=OTHER, channels=[CHANNEL]
    )
    shared = payloads.message_event(OTHER, CHANNEL, "", subtype="file_share")
    shared["files"] = [text_file]
    connect_shared = payloads.message_event(OTHER, CHANNEL, "", subtype="file_share")
    connect_shared["files"] = [payloads.file_access_stub(TEXT_FILE)]
    edited = {**spoken, "text": "edited", "edited": {"user": OTHER, "ts": payloads.new_ts()}}
    answer = json.dumps({"s": "fuzz-series", "t": "2026-11-23T09:00:00+00:00", "v": "dm"})
    fake.add_user(FORGETTER, name="fuzz forgetter")
    forget_me = payloads.view_submission_payload(View.FORGET_ME, {}, user_id=FORGETTER)
    return [
        _event(payloads.app_home_opened_event(PERSON)),
        replace(_event(payloads.app_home_opened_event(PERSON, tab="messages")), thorough=False),
        _event(payloads.channel_created_event("CFZNEW001", "fuzz-new", OTHER)),
        _event(spoken),
        _event(payloads.message_changed_event(CHANNEL, edited, spoken)),
        _event(payloads.message_deleted_event(CHANNEL, spoken["ts"])),
        _event(shared),
        Sample("file_share (file_access)", "event", payloads.event_callback(connect_shared)),
        _event(payloads.user_change_event(fake.user(PERSON))),
        _command(fake, Command.FOCUS, ""),
        replace(_command(fake, Command.FOCUS, "help"), thorough=False),
        *(_command(fake, Command.KAIROS, text) for text in KAIROS_TEXTS),
        _action(fake, Action.HOME_SHOW_HELP, "", home=True),
        _action(fake, Action.FOCUS_URGENT, json.dumps({"c": CHANNEL, "ts": spoken["ts"]})),
        _action(fake, Action.FOCUS_EDIT, "", home=True),
        _action(fake, Action.FOCUS_CALENDAR_LEAVE, "ignore:" + "0" * 32),
        _action(fake, Action.CALENDAR_OPEN, "", home=True),
        _action(fake, Action.MEETING_ASK_AGENDA, "fuzz-series"),
        _action(fake, Action.NUDGE_ADD_AGENDA, "fuzz-series"),
        _action(fake, Action.NUDGE_ASYNC, "fuzz-series"),
        _action(fake, Action.NUDGE_NOT_NEEDED, "fuzz-series"),
        _action(fake, Action.SUMMARY_MAKE_ASYNC, "fuzz-series"),
        _action(fake, Action.ASYNC_YES, answer),
        *(
            replace(_action(fake, a, answer), thorough=False)
            for a in (Action.ASYNC_PARTLY, Action.ASYNC_NO)
        ),
        replace(_action(fake, CONNECT_ACTION, "", home=True), thorough=False),
        _action(fake, DISCONNECT_ACTION, "", home=True),
        _action(fake, Action.NORMS_EDIT, CHANNEL),
        _view(
            View.NORMS_EDITOR,
            {NORMS_PURPOSE: {NORMS_INPUT: "Fuzzing"}, NORMS_RESPONSE: {NORMS_INPUT: "4h"}},
            CHANNEL,
        ),
        _event(payloads.member_joined_channel_event(OTHER, CHANNEL)),
        _event({**payloads.member_joined_channel_event(OTHER, CHANNEL), "type": LEFT}),
        _event(
            payloads.reaction_added_event(PERSON, CHANNEL, "1795424400.000100", item_user=OTHER)
        ),
        _view(View.FOCUS_EDITOR, {FOCUS_FIELD: {"value": "mon 25:00"}, HOURS_FIELD: {"value": ""}}),
        _form_action(Action.FOCUS_FORM_ADD, "focus"),
        _form_action(Action.FOCUS_FORM_REMOVE, "focus:mon 09:00-10:00"),
        _form_action(Action.FOCUS_FORM_AS_TEXT, "text"),
        _view(View.FOCUS_FORM, FORM_PICKED, metadata(draft_of("mon 09:00-10:00", ""))),
        _action(fake, Action.ADMIN_SUMMARY, CHANNEL, home=True),
        _action(fake, Action.ADMIN_FOCUS_DAY, "", home=True),
        _action(fake, Action.ADMIN_JOINING, "", home=True),
        _view(
            View.ADMIN_SUMMARY,
            {
                "summary_channel": {"value": {"selected_conversation": CHANNEL}},
                "summary_day": {"value": {"selected_option": {"value": "0"}}},
                "summary_time": {"value": {"selected_time": "09:30"}},
            },
            CHANNEL,
        ),
        _view(View.ADMIN_FOCUS_DAY, {"focus_day": {"value": {"selected_option": {"value": "4"}}}}),
        _view(View.ADMIN_JOINING, {"joining": {"value": {"selected_option": {"value": "all"}}}}),
        _view(View.AGENDA, {AGENDA_FIELD: {AGENDA_FIELD: "1. Budget"}}, "fuzz-series"),
        _view(View.CHECKIN_SETUP, SETUP_PICKED, SETUP_METADATA),
        _view(View.CHECKIN_ANSWERS, {"answer_1": {"value": {"value": "Fuzzing"}}}, NO_CHECKIN),
        _action(fake, Action.CHECKIN_ANSWER, NO_CHECKIN),
        _action(fake, Action.CHECKIN_SKIP, NO_CHECKIN),
        *(
            replace(_action(fake, a, NO_CHECKIN), thorough=False)
            for a in (Action.CHECKIN_PAUSE, Action.CHECKIN_RESUME, Action.CHECKIN_STOP)
        ),
        # App Home's check-in buttons, and Edit with its modal, for a check-in no one has.
        _action(fake, Action.CHECKIN_EDIT, NO_CHECKIN),
        # The setup modal's shape, fuzzed thoroughly above: here its edit's own metadata.
        replace(_view(View.CHECKIN_EDIT, SETUP_PICKED, EDIT_METADATA), thorough=False),
        _action(fake, Action.HOME_MAKE_ASYNC, "fuzz-series", home=True),
        *(
            replace(_action(fake, a, NO_CHECKIN, home=True), thorough=False)
            for a in (
                Action.HOME_CHECKIN_PAUSE,
                Action.HOME_CHECKIN_RESUME,
                Action.HOME_CHECKIN_STOP,
            )
        ),
        # A notes prompt and an action no one has: refused, and nothing is written.
        _action(fake, Action.NOTES_POST, NO_CHECKIN),
        _action(fake, Action.NOTES_DONE, NO_CHECKIN),
        *(
            replace(_action(fake, a, NO_CHECKIN), thorough=False)
            for a in (Action.NOTES_NOT_THIS_TIME, Action.NOTES_NEVER)
        ),
        _view(View.NOTES, NOTES_WRITTEN, NO_CHECKIN),
        _view(
            View.FOCUS_START,
            {
                DURATION_FIELD: {
                    DURATION_INPUT: {
                        "type": "static_select",
                        "selected_option": {"value": "forged"},
                    }
                },
                UNTIL_FIELD: {UNTIL_INPUT: {"type": "timepicker", "selected_time": None}},
            },
        ),
        _view(View.CALENDAR, {ADDRESS_FIELD: {ADDRESS_FIELD: "ftp://calendar.example.com/a.ics"}}),
        Sample(View.FORGET_ME, "interaction", forget_me),
        _event(payloads.tokens_revoked_event(oauth=[PERSON], bot=[fake.bot_user_id])),
        # Last: it deletes the workspace's data, PERSON's too.
        _event(payloads.app_uninstalled_event()),
    ]


# What the listeners read, mutated every way; the rest of a payload is sampled.
READ_BY_LISTENERS: frozenset[tuple[str | int, ...]] = frozenset(
    {
        ("user",),
        ("user", "id"),
        ("user_id",),
        ("trigger_id",),
        ("channel",),
        ("channel", "id"),
        ("response_url",),
        ("actions",),
        ("actions", 0),
        ("actions", 0, "value"),
        ("actions", 0, "action_id"),
        ("view",),
        ("view", "state"),
        ("view", "private_metadata"),
        ("view", "blocks"),
        ("command",),
        ("text",),
        ("channel_id",),
    }
)
READ_IN_EVENTS = {
    ("event", "message", "ts"),
    ("event", "message", "text"),
    ("event", "user", "id"),
    ("event", "user", "tz"),
    ("event", "channel", "id"),
    ("event", "tokens", "oauth"),
    ("event", "tokens", "oauth", 0),
}
FILE_KEYS = {(key,) for key in ("id", "name", "mimetype", "filetype", "url_private_download")}


def _read(path: tuple[str | int, ...]) -> bool:
    if path[0] == "event":
        return (
            len(path) <= 2
            or path in READ_IN_EVENTS
            or (path[:3] == ("event", "files", 0) and path[3:] in FILE_KEYS)
        )
    return path in READ_BY_LISTENERS or path[:3] == ("view", "state", "values")


def _mutations(sample_: Sample) -> list[Mutation]:
    if sample_.kind == "command":
        found = form_mutations(sample_.payload)
    elif sample_.kind == "event":
        # The wrapper's own deeper parts (authorizations, event_context) are Bolt's to read.
        found = [
            m for m in all_mutations(sample_.payload) if m.path[0] == "event" or len(m.path) == 1
        ]
    else:
        found = all_mutations(sample_.payload)
    return sample(found, SAMPLED, SEED, keep=_read if sample_.thorough else lambda _path: False)


def _setup(client: httpx.Client, fake: FakeSlack, kairos: RunningKairos) -> None:
    fake.add_user(PERSON, name="fuzz person", tz="Europe/Amsterdam")
    fake.add_user(OTHER, name="fuzz other")
    fake.add_channel(CHANNEL, name="fuzz", members=[PERSON, OTHER, fake.bot_user_id])
    # PERSON uses Kairos: the first /focus stores them.
    first = _command(fake, Command.FOCUS, "")
    assert send(client, kairos, first, first.payload).status_code == 200


def _check_coverage(samples: list[Sample]) -> None:
    """The samples reach every subscribed event type, command, action and view."""
    wanted = {event.split(".")[0] for event in BOT_EVENTS}
    wanted |= {str(c) for c in Command} | set(ACTION_IDS) | {str(v) for v in View}
    reached = {s.payload.get("command") or s.name.split(" ")[0] for s in samples}
    reached |= (
        {"message"}
        if any(s.payload.get("event", {}).get("type") == "message" for s in samples)
        else set()
    )
    assert wanted <= reached, f"no sample for {wanted - reached}"


def _typed(sample_: Sample, mutation: Mutation) -> bool:
    """Whether the mutation only changed what a person typed: a new input, not garbage, and
    one that may rightly change something (an emptied focus editor clears the schedule)."""
    if sample_.kind == "command":
        return mutation.path == ("text",) and "text" in mutation.payload
    if mutation.path[:3] != ("view", "state", "values") or mutation.path[-1] != "value":
        return False
    leaf: Any = mutation.payload
    for key in mutation.path:  # dict keys only, down to the input's value
        if not isinstance(leaf, dict) or key not in leaf:
            return False
        leaf = leaf[key]
    return isinstance(leaf, str | None)


def test_every_listener_takes_every_shape(kairos: RunningKairos, fake_slack: FakeSlack) -> None:
    client, engine = httpx.Client(), kairos.engine()
    _setup(client, fake_slack, kairos)
    start = len(kairos.process.output())
    failures: list[str] = []
    try:
        samples = _samples(fake_slack)
        _check_coverage(samples)
        for sample_ in samples:
            answered = send(client, kairos, sample_, sample_.payload)
            assert answered.status_code == 200, f"{sample_.name} itself: {answered.status_code}"
            mutations = _mutations(sample_)
            garbage = [m for m in mutations if not _typed(sample_, m)]
            failures += wrong_answers(client, kairos, sample_, garbage, engine)
            typed = [m for m in mutations if _typed(sample_, m)]
            failures += wrong_answers(client, kairos, sample_, typed)
    finally:
        engine.dispose()
        client.close()
    output = quiet_output(kairos, time.monotonic() + 15)[start:]
    errors = logged_errors(output)
    failures += [f"logged {n}x: {where}" for where, n in errors.most_common()]
    assert not failures, "\n".join(failures)
