"""Payloads sent to a running `kairos run --http` as Slack sends them, and its answers judged.

Shared by the tests that drive every listener with odd payloads
(tests/e2e/test_listener_fuzz.py, tests/e2e/test_slack_samples.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlencode

import httpx
from sqlalchemy import Engine

from bot.connect.messages import CONNECT_ACTION, DISCONNECT_ACTION
from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.signing import FORM, JSON, signed_headers
from bot.ids import Action
from tests.e2e.conftest import SLACK_TIMEOUT, RunningKairos
from tests.support.mutations import Mutation
from tests.support.observe import settled, snapshot
from tests.support.process import SIGNING_SECRET

# Every action id a Kairos listener matches.
ACTION_IDS: tuple[str, ...] = (*(str(a) for a in Action), CONNECT_ACTION, DISCONNECT_ACTION)

# What routes a request to a listener: without it Bolt finds none and answers 404.
ROUTING: frozenset[tuple[str | int, ...]] = frozenset(
    {
        ("type",),
        ("event",),
        ("event", "type"),
        ("command",),
        ("actions",),
        ("actions", 0),
        ("actions", 0, "action_id"),
        ("view",),
        ("view", "callback_id"),
    }
)

# 200, or 400 where the endpoint refuses an envelope Bolt could not route (bot/slack/envelope.py).
ANSWERS = frozenset({200, 400})

Kind = Literal["event", "command", "interaction"]


@dataclass(frozen=True)
class Sample:
    """A payload Slack sends to one listener, and how it is sent."""

    name: str
    kind: Kind
    payload: dict[str, Any]
    # False for a second sample of a listener already fuzzed: only a few mutations.
    thorough: bool = True


def fresh(payload: dict[str, Any], original: dict[str, Any]) -> dict[str, Any]:
    """Single-use ids renewed where the mutation left them as they were: Slack never sends an
    event_id twice but to retry it, and a trigger_id opens one view only."""
    renewed = dict(payload)
    for key, new in (("event_id", payloads.new_event_id), ("trigger_id", payloads.new_trigger_id)):
        if key in original and renewed.get(key) == original[key]:
            renewed[key] = new()
    return renewed


def send(
    client: httpx.Client, kairos: RunningKairos, sample_: Sample, payload: dict[str, Any]
) -> httpx.Response:
    """POST the payload signed as Slack signs it, within the 3 s Slack waits: an event as
    JSON, a slash command as a form, an interaction as a form's `payload`."""
    payload = fresh(payload, sample_.payload)
    if sample_.kind == "event":
        body, content_type = json.dumps(payload), JSON
    elif sample_.kind == "command":
        body, content_type = urlencode(payload), FORM
    else:
        body, content_type = payloads.block_actions_form(payload), FORM
    headers = signed_headers(SIGNING_SECRET, body, content_type=content_type)
    return client.post(kairos.events_url, content=body, headers=headers, timeout=SLACK_TIMEOUT)


def wrong_answers(
    client: httpx.Client,
    kairos: RunningKairos,
    sample_: Sample,
    mutations: list[Mutation],
    engine: Engine | None = None,
    *,
    also: frozenset[int] = frozenset(),
) -> list[str]:
    """What is wrong with each mutation's answer: a status Slack would retry, or (given the
    database's engine) a write. Each write is looked for at once: a later request could
    write the old value back and hide it. `also` adds answers allowed for this sample."""
    wrong = []
    if engine is not None:
        settled(engine)  # the sample's own work after its ack is not the mutations'
    before = snapshot(engine) if engine is not None else {}
    for mutation in mutations:
        allowed = ANSWERS | also | ({404} if mutation.path in ROUTING else set())
        try:
            status: int | str = send(client, kairos, sample_, mutation.payload).status_code
        except httpx.HTTPError as error:
            status = type(error).__name__
        if status not in allowed:
            wrong.append(f"{sample_.name}: {mutation.what}: {status}")
        if engine is not None:
            settled(engine)
            after = snapshot(engine)
            changed = [name for name, rows in after.items() if rows != before[name]]
            if changed:
                wrong.append(f"{sample_.name}: {mutation.what}: wrote to {changed}")
                before = after
    return wrong
