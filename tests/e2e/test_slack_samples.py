"""Slack's own payload samples, as Slack sends them and mutated, are answered without harm.

The samples are slackapi/java-slack-sdk's (tests/fixtures/slack_samples/, README there): one
of each event Kairos may be sent, block actions (old and new shape), a view submission and
a view closing, a slash command and a message shortcut, every value a placeholder ("", 123,
false). Each is sent to a real `kairos run --http`, signed as Slack signs:

- as the file holds it (an envelope of type "", an empty response_url...);
- as Slack sends it: an event as an `event_callback` (the files hold the whole envelope,
  with its type a placeholder); a block action once per Kairos action id, a view
  submission or closing once per Kairos callback id, the slash command once per Kairos
  command, each with a web address as its response_url; `app_rate_limited`, which Slack
  sends as an envelope of its own, as the file's inner event;
- then a fixed-seed sample of mutations of each (tests/support/mutations.py).

Every answer is 200, or 400 where the endpoint refuses an envelope (bot/slack/envelope.py), or
404 where Bolt finds no listener: an event type Kairos does not subscribe to (Slack delivers
only subscribed ones, and `app_rate_limited`, which Kairos acknowledges), a view closing
(Kairos's modals never ask for one) or a shortcut (Kairos declares none). Kairos logs no
traceback and no error, and writes nothing: no placeholder names a real user or channel.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.demo.fake_slack.slack_api import FakeSlack
from bot.ids import Command, View
from bot.slack.manifest import BOT_EVENTS
from tests.e2e.conftest import RunningKairos, kairos_fixture, with_encryption_key
from tests.support.mutations import Mutation, form_mutations, sample, sampled_mutations
from tests.support.mutations import Path as KeyPath
from tests.support.observe import logged_errors, quiet_output, snapshot
from tests.support.slack_requests import ACTION_IDS, Kind, Sample, send, wrong_answers

pytestmark = pytest.mark.e2e

SAMPLES = Path(__file__).parents[1] / "fixtures" / "slack_samples"
BLOCK_ACTIONS = ("interactive-components", "interactive-messages")
SUBSCRIBED = frozenset(event.split(".")[0] for event in BOT_EVENTS)
# Mutations per payload sent: of the first three levels, where listeners read, and deeper.
SHALLOW, DEEP = 14, 5
SEED = 2026
# The files as they are route nowhere (an envelope of type "", a view of callback_id "":
# Bolt answers 404) or are refused with 400 (a response_url "" is not a web address, and
# Bolt's respond() would raise on it: bot/slack/envelope.py); the newer event files, of type
# event_callback already, are answered as when sent as Slack sends them.
LITERAL = frozenset({200, 400, 404})
UNROUTED = frozenset({200, 404})


kairos = kairos_fixture("samples", **with_encryption_key())


def _load(relative: str) -> dict[str, Any]:
    loaded = json.loads((SAMPLES / relative).read_text(encoding="utf-8"))
    assert isinstance(loaded, dict), relative
    return loaded


def _kind(relative: str) -> Kind:
    if relative.startswith("events/"):
        return "event"
    return "command" if "slash-commands" in relative else "interaction"


def _files() -> list[str]:
    return sorted(str(p.relative_to(SAMPLES)) for p in SAMPLES.rglob("*.json"))


def _literal() -> list[tuple[Sample, frozenset[int]]]:
    """Every file as it is."""
    return [(Sample(f"{name} as filed", _kind(name), _load(name)), LITERAL) for name in _files()]


def _events() -> list[tuple[Sample, frozenset[int]]]:
    found = []
    for name in (n for n in _files() if n.startswith("events/")):
        envelope = _load(name)
        inner = envelope["event"]
        if inner["type"] == "app_rate_limited":
            # Slack sends this notice as the envelope itself, not inside an event_callback.
            found.append((Sample(name, "event", inner), frozenset({200})))
            continue
        envelope["type"] = envelope["type"] or "event_callback"
        answers = frozenset({200}) if inner["type"] in SUBSCRIBED else UNROUTED
        found.append((Sample(name, "event", envelope), answers))
    return found


def _interactions(fake: FakeSlack) -> list[tuple[Sample, frozenset[int]]]:
    found = []
    for folder in BLOCK_ACTIONS:
        name = f"app-backend/{folder}/BlockActionPayload.json"
        for action_id in ACTION_IDS:
            payload = _load(name)
            payload["actions"][0]["action_id"] = action_id
            payload["response_url"] = fake.new_response_url()
            found.append((Sample(f"{name} {action_id}", "interaction", payload), frozenset({200})))
    for closing, answers in (("Submission", frozenset({200})), ("Closed", UNROUTED)):
        name = f"app-backend/views/View{closing}Payload.json"
        for view in View:
            payload = _load(name)
            payload["view"]["callback_id"] = str(view)
            found.append((Sample(f"{name} {view}", "interaction", payload), answers))
    name = "app-backend/interactive-components/MessageShortcutPayload.json"
    payload = _load(name) | {"response_url": fake.new_response_url()}
    found.append((Sample(name, "interaction", payload), UNROUTED))
    name = "app-backend/slash-commands/SlashCommandPayload.json"
    for command in Command:
        fields = _load(name) | {"command": str(command), "response_url": fake.new_response_url()}
        found.append((Sample(f"{name} {command}", "command", fields), frozenset({200})))
    return found


def _check_coverage(samples: list[tuple[Sample, frozenset[int]]]) -> None:
    """Every subscribed event type, command, action id and callback id is sent as Slack
    sends it and must be acknowledged."""
    reached: set[str] = set()
    for sample_, answers in samples:
        if answers == {200}:
            body = sample_.payload
            reached |= {body.get("event", {}).get("type", ""), body.get("command", "")}
            reached |= {a["action_id"] for a in body.get("actions", ())}
            reached.add(body.get("view", {}).get("callback_id", ""))
    wanted = SUBSCRIBED | {str(c) for c in Command} | set(ACTION_IDS) | {str(v) for v in View}
    assert wanted <= reached, f"no sample for {wanted - reached}"


def _in_wrapper(path: KeyPath) -> bool:
    # The event_callback wrapper's deeper parts (authorizations...) are Bolt's to read.
    return path[0] != "event" and len(path) > 1


def _mutations(sample_: Sample, seed: int) -> list[Mutation]:
    if sample_.kind == "command":
        return sample(form_mutations(sample_.payload), SHALLOW + DEEP, seed, keep=lambda _: False)
    wrapped = sample_.kind == "event" and "event" in sample_.payload
    shallow = sampled_mutations(
        sample_.payload,
        SHALLOW,
        seed,
        where=lambda p: len(p) <= 3 and not (wrapped and _in_wrapper(p)),
    )
    deep = sampled_mutations(
        sample_.payload,
        DEEP,
        seed,
        where=lambda p: len(p) > 3 and not (wrapped and _in_wrapper(p)),
    )
    return shallow + deep


def _acknowledged(
    client: httpx.Client, kairos: RunningKairos, sample_: Sample, answers: frozenset[int]
) -> list[str]:
    """What is wrong with the answer to the payload itself."""
    try:
        status: int | str = send(client, kairos, sample_, sample_.payload).status_code
    except httpx.HTTPError as error:
        status = type(error).__name__
    return [] if status in answers else [f"{sample_.name}: {status}, not in {sorted(answers)}"]


def test_slack_samples_as_sent_and_mutated(kairos: RunningKairos, fake_slack: FakeSlack) -> None:
    client, engine = httpx.Client(), kairos.engine()
    start = len(kairos.process.output())
    failures: list[str] = []
    samples = _events() + _interactions(fake_slack)
    _check_coverage(samples)
    sent = 0
    try:
        before = snapshot(engine)
        # The files as they are reach no listener: no mutations of them.
        plan = [(s, a, []) for s, a in _literal()]
        plan += [(s, a, _mutations(s, SEED + n)) for n, (s, a) in enumerate(samples)]
        for sample_, answers, mutations in plan:
            failures += _acknowledged(client, kairos, sample_, answers)
            if (after := snapshot(engine)) != before:
                failures.append(f"{sample_.name}: wrote to the database")
                before = after
            also = answers - {200}
            failures += wrong_answers(client, kairos, sample_, mutations, engine, also=also)
            sent += 1 + len(mutations)
    finally:
        engine.dispose()
        client.close()
    output = quiet_output(kairos, time.monotonic() + 15)[start:]
    errors = logged_errors(output)
    failures += [f"logged {n}x: {where}" for where, n in errors.most_common()]
    print(f"{sent} requests: {len(_files())} files as filed, {len(samples)} payloads as sent")
    assert not failures, "\n".join(failures)


def test_sample_files_are_json_objects_named_in_the_readme() -> None:
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    for name in _files():
        _load(name)
        assert name in readme, f"{name} is not in the README"
