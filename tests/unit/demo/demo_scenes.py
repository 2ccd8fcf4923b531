"""A fixed demo transcript built with Kairos's real message builders, for the page tests.

What the page is tested on is what Kairos really sends: the agenda nudge (a primary
button), the note to a sender whose mention was held, the digest, the urgent DM, the weekly
summary, the focus editor and the channel-norms modal. People's messages are written as
Slack delivers them (rich_text), one with markup that must stay text.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.cleanup.answers import AsyncTally
from bot.cleanup.model import Candidate, FocusFigures, Reason, Summary, WeekFigures
from bot.cleanup.summary_messages import summary_message
from bot.demo.transcript import Scene, ShownMessage
from bot.digest.messages import digest_message
from bot.digest.model import DigestItem, group_items
from bot.focus.mentions import HeldRecipient
from bot.focus.messages import editor_modal, held_note, home_focus_section, urgent_dm
from bot.meetings.messages import NudgeMessage, nudge_message
from bot.norms.messages import editor_modal as norms_editor_modal

AMS = ZoneInfo("Europe/Amsterdam")
NYC = ZoneInfo("America/New_York")
NOW = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)  # Wednesday: 11:00 in Amsterdam, 05:00 in NYC
ANA, BEN, KAI = "U0ANA00001", "U0BEN00002", "U0KAI00003"
DESIGN, RELEASES = "C0DESIGN01", "C0RELEASE2"
NAMES = {
    ANA: "Ana de Vries",
    BEN: "Ben Okafor",
    KAI: "Kairos",
    DESIGN: "design",
    RELEASES: "releases",
}
HOSTILE = "<script>alert('x')</script> & <b>not bold</b>"
PERMALINK = "https://demo-workspace.slack.com/archives/C0DESIGN01/p1772618400000100"


def _typed(text: str, *, bold: str = "", mention: str = "") -> dict[str, Any]:
    """A message as a person typed it, in the rich_text form Slack delivers."""
    elements: list[dict[str, Any]] = [{"type": "user", "user_id": mention}] if mention else []
    elements.append({"type": "text", "text": text})
    if bold:
        elements.append({"type": "text", "text": bold, "style": {"bold": True}})
    return {
        "type": "rich_text",
        "elements": [{"type": "rich_text_section", "elements": elements}],
    }


def _nudge() -> ShownMessage:
    nudge = NudgeMessage("series-1", "Design sync", NOW + timedelta(hours=26), 6, False)
    rendered = nudge_message(nudge, tz=AMS)
    return ShownMessage(
        "Kairos (DM with Ana)", "Kairos", "Wed 11:00", rendered.text, tuple(rendered.blocks)
    )


def _held() -> list[ShownMessage]:
    ask = " could you review the new onboarding flow? "
    text, blocks = held_note(
        [HeldRecipient(ANA, NOW + timedelta(minutes=90), "focusing")],
        sender_tz=NYC,
        now=NOW,
        message_ts="1772618400.000100",
        channel_id=DESIGN,
    )
    return [
        ShownMessage(
            "#design",
            "Ben Okafor",
            "Wed 05:00",
            f"<@{ANA}>{ask}Thanks!",
            (_typed(ask, bold="Thanks!", mention=ANA),),
        ),
        ShownMessage("#design", "Ben Okafor", "Wed 05:01", HOSTILE, (_typed(HOSTILE),)),
        ShownMessage(
            "#design", "Kairos", "Wed 05:00", text, tuple(blocks), "ephemeral", "Ben Okafor"
        ),
    ]


def _urgent() -> ShownMessage:
    text, blocks = urgent_dm(BEN, PERMALINK, "The release is blocked on *your* sign-off")
    return ShownMessage("Kairos (DM with Ana)", "Kairos", "Wed 11:05", text, tuple(blocks))


def _digest() -> ShownMessage:
    items = [
        DigestItem(
            n, channel, f"177261{n}000.000100", None, BEN, NOW - timedelta(minutes=80 - n * 10),
            snippet, PERMALINK, "user",
        )
        for n, (channel, snippet) in enumerate(
            [
                (DESIGN, "could you review the new onboarding flow?"),
                (DESIGN, "also: the _empty state_ copy"),
                (RELEASES, "release notes for 2.4 are ready"),
            ],
            start=1,
        )
    ]  # fmt: skip
    text, blocks = digest_message(
        group_items(items), tz=AMS, now=NOW + timedelta(minutes=90), total=3, reason="focusing"
    )
    return ShownMessage("Kairos (DM with Ana)", "Kairos", "Wed 12:30", text, tuple(blocks))


def _summary() -> ShownMessage:
    candidate = Candidate(
        "series-1", "Design sync", ANA, 3, 60, 9, 27.0,
        (Reason.RECURRING_NO_AGENDA, Reason.NOT_SPEEDY), "Add an agenda, or make it 50 minutes",
    )  # fmt: skip
    summary = Summary(
        last_week=WeekFigures(12, 9.5, 41.0, 0.75, FocusFigures(22.0, 14, 13, 1)),
        week_before=WeekFigures(15, 12.0, 55.5, 0.5, FocusFigures(18.0, 9, 9, 2)),
        candidates=[candidate],
        async_results=[AsyncTally("series-2", "Weekly status", 3, 1, 0)],
        members_with_calendars=4,
        starts=NOW,
        ends=NOW + timedelta(days=7),
        tz="Europe/Amsterdam",
        focus_day=4,
    )
    rendered = summary_message(summary, NAMES)
    return ShownMessage("#design", "Kairos", "Fri 16:00", rendered.text, tuple(rendered.blocks))


def _views() -> list[ShownMessage]:
    focus = editor_modal("mon-fri 9:00-11:30", "")
    norms = norms_editor_modal(DESIGN, None)
    home = home_focus_section("You're focusing until *12:30*.", [], tz=AMS, now=NOW)
    return [
        ShownMessage("Kairos", "Kairos", "Wed 11:10", "Home", tuple(home), "home", "Ana"),
        ShownMessage(
            "Kairos", "Kairos", "Wed 11:11", "Focus hours", tuple(focus["blocks"]), "modal", "Ana"
        ),
        ShownMessage(
            "#design", "Kairos", "Wed 11:12", "Channel norms", tuple(norms["blocks"]), "modal"
        ),
    ]


def scenes() -> list[Scene]:
    """The demo's story in five scenes, every message from a real builder."""
    return [
        Scene("An agenda-less meeting, and its nudge", (_nudge(),)),
        Scene("Ana focuses; Ben's mention waits", tuple(_held())),
        Scene("Something urgent, then the digest", (_urgent(), _digest())),
        Scene("The weekly summary", (_summary(),)),
        Scene("Settings in the Home tab and modals", tuple(_views())),
    ]
