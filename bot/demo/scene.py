"""The demo's script: what the people of the simulated workspace do, and what each step
waits for Kairos to do in Slack (with a deadline) before the next one begins."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.clock import ScaledClock
from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import Call, FakeSlack
from bot.demo.host import DemoError, Kairos
from bot.demo.shown import Observer, clock_time
from bot.demo.transcript import Scene, ShownMessage
from bot.demo.workspace import ANA, BEN, DESIGN, INCIDENTS, MAYA, TEAM, Person, Room

# Real seconds each step may take; the first sync of a calendar is the slowest.
STEP_SECONDS = 20.0
FOCUS = timedelta(minutes=90)


@dataclass
class Stage:
    """Everything the script acts on: the fake Slack, Kairos, the clock, the calendar."""

    fake: FakeSlack
    kairos: Kairos
    clock: ScaledClock
    feed_url: str
    focus_ends: datetime | None = None

    def __post_init__(self) -> None:
        self.observer = Observer(self.fake, self.clock)

    def typed(self, person: Person, where: str, text: str, *, private: bool) -> ShownMessage:
        """What a person typed, as the transcript shows it (a command only they see): on
        their clock if only they see it, else on Ana's, whom the story follows."""
        return ShownMessage(
            where,
            person.name,
            clock_time(self.clock.now(), person.user_id if private else None),
            text,
            surface="ephemeral" if private else "message",
            seen_by=person.name if private else None,
        )

    def command(
        self, person: Person, channel: str, command: str, text: str
    ) -> tuple[list[ShownMessage], str]:
        """Run a slash command as Slack sends it; what the person saw, and the response_url
        later answers go to."""
        where, _ = self.observer.conversation(channel)
        shown = [self.typed(person, where, f"{command} {text}", private=True)]
        response_url = self.fake.new_response_url()
        form = payloads.slash_command_form(
            command,
            text,
            user_id=person.user_id,
            user_name=person.first_name.lower(),
            channel_id=channel,
            response_url=response_url,
            trigger_id=self.fake.new_trigger_id(person.user_id),
        )
        ack = self.observer.reply(self.kairos.post(form), person.user_id, where)
        shown.extend([ack] if ack else [])
        return shown, response_url

    def say(self, person: Person, room: Room, text: str) -> ShownMessage:
        """A person posts in a channel: the message is in Slack, and its event reaches Kairos."""
        message = self.fake.add_message(room.channel_id, user=person.user_id, text=text)
        event = payloads.message_event(person.user_id, room.channel_id, text, ts=message["ts"])
        self.kairos.post(json.dumps(payloads.event_callback(event)))
        return self.typed(person, f"#{room.name}", text, private=False)

    def wait_for_call(
        self, what: str, mark: int, method: str, test: Callable[[Call], bool]
    ) -> Call:
        """Kairos's call of method after the mark that passes test; DemoError after the
        step's deadline, naming what did not happen."""
        try:
            return self.fake.wait_for_call(method, STEP_SECONDS, test, after=mark)
        except AssertionError:
            raise DemoError(f"Kairos did not {what} within {STEP_SECONDS:.0f} s") from None

    def wait_for_answer(self, what: str, response_url: str, person: Person) -> ShownMessage:
        """The first later answer to a command, as its person saw it."""
        try:
            body = self.fake.wait_for_response(response_url, timeout=STEP_SECONDS)[0]
        except AssertionError:
            raise DemoError(f"Kairos did not {what} within {STEP_SECONDS:.0f} s") from None
        where, _ = self.observer.conversation(self.fake.open_dm(person.user_id))
        shown = self.observer.reply(body, person.user_id, where)
        if shown is None:
            raise DemoError(f"Kairos answered with an empty message when asked to {what}")
        return shown

    def to_dm(self, person: Person) -> Callable[[Call], bool]:
        """A test for a message Kairos sends to a person's DM."""
        dm = self.fake.open_dm(person.user_id)
        return lambda call: call.ok and call.response.get("channel") == dm


def _metadata_event(call: Call) -> str:
    metadata: Any = call.args.get("metadata") or {}
    return str(metadata.get("event_type", "")) if isinstance(metadata, dict) else ""


def play(stage: Stage) -> Iterator[Scene]:
    """The scenes, each once Kairos has done what it shows."""
    yield _focus(stage)
    yield _held_mention(stage)
    yield _urgent(stage)
    yield _digest(stage)
    yield _nudge(stage)
    yield _summary(stage)


def _scene(stage: Stage, title: str, mark: int, first: list[ShownMessage]) -> Scene:
    """A scene: what people did, then what Kairos showed in Slack after the mark."""
    return Scene(title, (*first, *stage.observer.since(mark)))


def _focus(stage: Stage) -> Scene:
    mark = stage.observer.mark()
    shown, _ = stage.command(ANA, DESIGN.channel_id, "/focus", "now 90m")
    if not any("Focus session started" in m.text for m in shown):
        raise DemoError("Kairos did not start Ana's focus session")
    stage.focus_ends = stage.clock.now() + FOCUS
    return _scene(stage, "Ana starts 90 minutes of focus", mark, shown)


def _held_mention(stage: Stage) -> Scene:
    mark = stage.observer.mark()
    said = stage.say(
        BEN,
        DESIGN,
        f"<@{ANA.user_id}> could you look at the onboarding mockups before Thursday's review?",
    )
    stage.wait_for_call(
        "tell Ben his mention of Ana is held",
        mark,
        "chat.postEphemeral",
        lambda call: call.args.get("user") == BEN.user_id,
    )
    return _scene(stage, "Ben mentions Ana: the mention waits, and Ben is told", mark, [said])


def _urgent(stage: Stage) -> Scene:
    mark = stage.observer.mark()
    said = stage.say(
        MAYA,
        INCIDENTS,
        f"URGENT <@{ANA.user_id}> checkout fails for iDEAL payments since the last deploy",
    )
    stage.wait_for_call(
        "pass Maya's urgent message to Ana", mark, "chat.postMessage", stage.to_dm(ANA)
    )
    return _scene(stage, "Maya's urgent message reaches Ana at once", mark, [said])


def _digest(stage: Stage) -> Scene:
    # Skip most of the focus session: nothing happens in it but Ana's work.
    ends = stage.focus_ends or stage.clock.now()
    left = ends - stage.clock.now() - timedelta(minutes=1)
    stage.clock.skip(max(left, timedelta(0)))
    mark = stage.observer.mark()
    in_dm = stage.to_dm(ANA)
    stage.wait_for_call(
        "deliver Ana's digest when her focus ended",
        mark,
        "chat.postMessage",
        lambda call: in_dm(call) and _metadata_event(call) == "kairos_digest",
    )
    return _scene(stage, "Ana's focus ends: what waited arrives in one digest", mark, [])


def _nudge(stage: Stage) -> Scene:
    mark = stage.observer.mark()
    dm = stage.fake.open_dm(ANA.user_id)
    shown, response_url = stage.command(ANA, dm, "/kairos", f"calendar <{stage.feed_url}>")
    shown.append(stage.wait_for_answer("read Ana's calendar", response_url, ANA))
    in_dm = stage.to_dm(ANA)
    stage.wait_for_call(
        "nudge Ana about the weekly sync, which has no agenda",
        mark,
        "chat.postMessage",
        lambda call: in_dm(call) and "Weekly sync" in str(call.args.get("text", "")),
    )
    title = "Ana connects her calendar: the meeting without an agenda gets a nudge"
    return _scene(stage, title, mark, shown)


def _summary(stage: Stage) -> Scene:
    mark = stage.observer.mark()
    shown, _ = stage.command(ANA, TEAM.channel_id, "/kairos", "summary post")
    stage.wait_for_call(
        "post the weekly summary in #team",
        mark,
        "chat.postMessage",
        lambda call: call.ok and call.response.get("channel") == TEAM.channel_id,
    )
    return _scene(stage, "Ana posts the weekly meeting summary in #team", mark, shown)
