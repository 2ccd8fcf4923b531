"""What the demo saw, as values and as text: Slack's recorded calls turned into
ShownMessages, and Block Kit reduced to the lines a terminal can show."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from bot.clock import Clock
from bot.demo import workspace
from bot.demo.fake_slack.slack_api import Call, FakeSlack
from bot.demo.transcript import ShownMessage, Surface

# Slack's markup in mrkdwn: <@U1>, <#C1|name>, <!here>, <!date^…|fallback>, <url|label>.
_MARKUP = re.compile(r"<([@#!]?)([^>|]*)(?:\|([^>]*))?>")
# *bold*, _italic_ and ~struck~, but not the underscores inside snake_case or a URL.
_EMPHASIS = re.compile(r"(?<![\w*_~])([*_~])(?=\S)([^\n]*?\S)\1(?![\w*_~])")
_EMOJI = re.compile(r":([a-z0-9_+-]+):")
# The emoji Kairos's messages use, as a terminal can show them; others keep their :code:.
EMOJI = {
    "rotating_light": "🚨",
    "white_check_mark": "✅",
    "calendar": "📅",
    "spiral_calendar_pad": "🗓",
    "bell": "🔔",
    "hourglass_flowing_sand": "⏳",
    "warning": "⚠️",
    "wave": "👋",
}
KAIROS = "Kairos"


def plain_text(text: str, names: Mapping[str, str]) -> str:
    """mrkdwn as a person reads it: mentions by name, links by their label, no escapes."""

    def shown(match: re.Match[str]) -> str:
        sign, target, label = match.group(1), match.group(2), match.group(3)
        if sign in ("@", "#"):
            return sign + (names.get(target) or label or target)
        if sign == "!":
            if target.startswith(("date^", "subteam^")):
                return label or target
            return "@" + target
        return label or target

    text = _EMPHASIS.sub(lambda m: m.group(2), _MARKUP.sub(shown, text))
    # A quoted line (Slack escapes its ">" in mrkdwn, or not) gets a bar as in Slack.
    text = re.sub(r"(?m)^(?:&gt;|>) ?", "│ ", text)
    return html.unescape(_EMOJI.sub(lambda m: EMOJI.get(m.group(1), m.group(0)), text))


def _text(obj: Any, names: Mapping[str, str]) -> str:
    if isinstance(obj, dict):
        return plain_text(str(obj.get("text", "")), names)
    return ""


def _element(element: Mapping[str, Any], names: Mapping[str, str]) -> str:
    kind = element.get("type")
    if kind == "button":
        return f"[{_text(element.get('text'), names)}]"
    if kind == "image":
        return f"[image: {element.get('alt_text', '')}]"
    if kind in ("mrkdwn", "plain_text"):
        return _text(element, names)
    placeholder = _text(element.get("placeholder"), names)
    return f"[{placeholder or str(kind).replace('_', ' ')}]"


def _rich_text(block: Mapping[str, Any], names: Mapping[str, str]) -> list[str]:
    def flat(items: Sequence[Any]) -> str:
        parts: list[str] = []
        for item in items:
            kind = item.get("type")
            if kind == "user":
                parts.append("@" + names.get(item.get("user_id", ""), item.get("user_id", "")))
            elif kind == "channel":
                parts.append("#" + names.get(item.get("channel_id", ""), ""))
            elif kind == "link":
                parts.append(item.get("text") or item.get("url", ""))
            elif kind == "emoji":
                name = str(item.get("name", ""))
                parts.append(EMOJI.get(name, f":{name}:"))
            elif "elements" in item:
                parts.append(flat(item["elements"]))
            else:
                parts.append(str(item.get("text", "")))
        return "".join(parts)

    return flat(block.get("elements", [])).splitlines()


def block_lines(blocks: Sequence[Mapping[str, Any]], names: Mapping[str, str]) -> list[str]:
    """Block Kit as lines of text: sections and their fields, context, buttons as [Label],
    dividers as a rule, images by their alt text, inputs by their label."""
    lines: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind in ("section", "header"):
            lines.append(_text(block.get("text"), names))
            # A field is a cell of a two-column grid: its lines side by side read best.
            lines.extend(" ".join(_text(f, names).split()) for f in block.get("fields", []))
            if isinstance(block.get("accessory"), dict):
                lines.append(_element(block["accessory"], names))
        elif kind == "context":
            lines.append("  ".join(_element(e, names) for e in block.get("elements", [])))
        elif kind == "actions":
            lines.append(" ".join(_element(e, names) for e in block.get("elements", [])))
        elif kind == "divider":
            lines.append("─" * 24)
        elif kind == "image":
            lines.append(f"[image: {block.get('alt_text', '')}]")
        elif kind == "input":
            element = block.get("element", {})
            lines.append(f"{_text(block.get('label'), names)}: {_element(element, names)}")
        elif kind == "rich_text":
            lines.extend(_rich_text(block, names))
        elif kind is not None:
            lines.append(f"[{kind}]")
    return [line for text in lines for line in text.splitlines() if line.strip()]


def message_lines(message: ShownMessage, names: Mapping[str, str]) -> list[str]:
    """What a message shows: its blocks, else its text."""
    lines = block_lines(message.blocks, names)
    return lines or plain_text(message.text, names).splitlines() or [""]


def clock_time(moment: datetime, reader: str | None) -> str:
    """A moment on the reader's clock ("Mon 14:02"), naming their city when it is not
    Ana's ("Mon 08:02 New York"); Ana's clock when nobody in particular reads."""
    person = workspace.person(reader or "") or workspace.ANA
    shown = moment.astimezone(person.tz).strftime("%a %H:%M")
    if person.tz == workspace.ANA.tz:
        return shown
    return f"{shown} {person.tz.key.rsplit('/', 1)[-1].replace('_', ' ')}"


def slack_time(ts: str) -> datetime:
    """A Slack message timestamp as an instant."""
    return datetime.fromtimestamp(float(ts), UTC)


class Observer:
    """Turns what Kairos did in the fake Slack since a mark into ShownMessages."""

    def __init__(self, fake: FakeSlack, clock: Clock) -> None:
        self._fake = fake
        self._clock = clock
        self._dms = {fake.open_dm(p.user_id): p for p in workspace.PEOPLE}

    def mark(self) -> int:
        """Where the calls end now: what happens next comes after this."""
        return len(self._fake.calls)

    def conversation(self, channel: str) -> tuple[str, str | None]:
        """A conversation's name as the transcript shows it, and whose it is if a DM."""
        dm = self._dms.get(channel) or workspace.person(channel)
        if dm is not None:
            return f"{KAIROS} (DM with {dm.first_name})", dm.user_id
        return f"#{workspace.names().get(channel, channel)}", None

    def since(self, mark: int) -> list[ShownMessage]:
        """What people saw of Kairos's Web API calls after the mark, in order."""
        shown = []
        for call in self._fake.calls[mark:]:
            message = self.from_call(call) if call.ok else None
            if message is not None:
                shown.append(message)
        return shown

    def from_call(self, call: Call) -> ShownMessage | None:
        """One call as what a person saw, or None for calls nobody sees (lookups, joins)."""
        args = call.args
        blocks = tuple(args.get("blocks") or ())
        if call.method in ("chat.postMessage", "chat.update"):
            where, reader = self.conversation(str(call.response.get("channel", args["channel"])))
            at = slack_time(str(call.response.get("ts", "0")))
            return ShownMessage(
                where, KAIROS, clock_time(at, reader), str(args.get("text", "")), blocks
            )
        if call.method == "chat.postEphemeral":
            where, _ = self.conversation(str(args["channel"]))
            reader = str(args["user"])
            at = slack_time(str(call.response.get("message_ts", "0")))
            return self._only_for(reader, where, str(args.get("text", "")), blocks, at=at)
        if call.method in ("views.publish", "views.open"):
            view = args.get("view") or {}
            reader = str(args.get("user_id") or "")
            home = call.method == "views.publish"
            person = workspace.person(reader)
            whose = person.first_name if person else "Someone"
            where = f"{whose}'s Home tab" if home else f"{KAIROS} (a form for {whose})"
            title = _text(view.get("title"), {}) or ("Home" if home else "Kairos")
            surface: Surface = "home" if home else "modal"
            return self._only_for(
                reader, where, title, tuple(view.get("blocks") or ()), surface=surface
            )
        return None

    def reply(self, body: Mapping[str, Any], reader: str, where: str) -> ShownMessage | None:
        """An answer to a command or a button (its ack, or a post to its response_url)."""
        text, blocks = str(body.get("text") or ""), tuple(body.get("blocks") or ())
        if not text and not blocks:
            return None
        if body.get("response_type") == "in_channel":
            at = clock_time(self._clock.now(), None)  # the channel's, not the asker's
            return ShownMessage(where, KAIROS, at, text, blocks)
        return self._only_for(reader, where, text, blocks)

    def _only_for(
        self,
        reader: str,
        where: str,
        text: str,
        blocks: tuple[dict[str, Any], ...],
        *,
        at: datetime | None = None,
        surface: Surface = "ephemeral",
    ) -> ShownMessage:
        moment = at or self._clock.now()
        person = workspace.person(reader)
        return ShownMessage(
            where,
            KAIROS,
            clock_time(moment, reader),
            text,
            blocks,
            surface=surface,
            seen_by=person.name if person else reader,
        )
