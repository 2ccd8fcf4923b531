"""What privacy says (pure): the forget-me confirmation modal, the reply once forgotten, and
the my-data file with the words around it."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.blocks import MAX_SECTION_TEXT, Rendered, clip, escape_mrkdwn, modal
from bot.ids import View
from bot.privacy.forgetting import POSTED_SUMMARIES, ForgetReport, Inventory

FORGET_TITLE = "Forget me"
FORGET_SUBMIT = "Delete my data"
# What forget-me cannot take back, said before the person confirms. The reply afterwards
# lists what the privacy use case reports as kept (ForgetReport.kept).
KEPT_BEFORE = (
    f'{POSTED_SUMMARIES} Anonymous answers to "could this meeting have been async?" stay '
    "as counts. Mentions you sent that are still waiting for someone reach them as "
    '"a message in #channel" with its link, without your text or your name.'
)
CONNECT_NOTE = (
    "If you connected your Slack account, Kairos first gives your status back and revokes "
    "its access at Slack. This can't be undone."
)
NOTHING_HELD = "Kairos holds nothing about you, so there is nothing to delete."
FORGET_FAILED = (
    "Sorry, something went wrong on my side while deleting your data, and it has been "
    "logged. Please run `/kairos forget-me` again in a minute."
)
NO_MODAL = (
    "I couldn't open the confirmation for `/kairos forget-me` from here, so nothing was "
    "deleted. Please type it again."
)

EXPORT_PREPARING = "Preparing your data… I'll send it to you in a direct message."
EXPORT_TITLE = "Your data in Kairos"
EXPORT_COMMENT = (
    "Here is everything Kairos holds about you, as a JSON file that only you can see here. "
    "`/kairos forget-me` deletes it."
)
EXPORT_FAILED = (
    "Sorry, I couldn't send you your data: something went wrong on my side, and it has been "
    "logged. Please try `/kairos my-data` again in a few minutes."
)


def _lines(inventory: Inventory) -> str:
    return "\n".join(
        f"• {escape_mrkdwn(kind.label)}: {kind.count}" for kind in inventory.kinds if kind.count
    )


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, MAX_SECTION_TEXT)}}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(text, 3000)}]}


def forget_modal(inventory: Inventory) -> dict[str, Any]:
    """The confirmation: what will be deleted (kind and count) and what is kept.

    It carries no user id (no private_metadata): whose data goes is read from the
    submission, which Slack sends as the person who submitted it.
    """
    if inventory.empty:
        # Nothing to confirm: only a Close button.
        return {
            "type": "modal",
            "callback_id": View.FORGET_ME,
            "title": {"type": "plain_text", "text": FORGET_TITLE},
            "close": {"type": "plain_text", "text": "Close"},
            "blocks": [_section(NOTHING_HELD)],
        }
    blocks = [
        _section("*Deleting everything Kairos holds about you:*\n" + _lines(inventory)),
        _section("*Kept:* " + KEPT_BEFORE),
        _context(CONNECT_NOTE),
    ]
    return modal(View.FORGET_ME, FORGET_TITLE, blocks, submit=FORGET_SUBMIT)


def forgotten_message(report: ForgetReport) -> Rendered:
    """The DM once forgotten: what was deleted, and what cannot be."""
    if report.deleted.empty:
        lead = "Kairos held nothing about you, so nothing was deleted."
    else:
        lead = "Done: Kairos deleted everything it held about you.\n" + _lines(report.deleted)
    blocks = [_section(lead)]
    if report.kept:
        kept = "\n".join(f"• {escape_mrkdwn(sentence)}" for sentence in report.kept)
        blocks.append(_section("*What cannot be deleted:*\n" + kept))
    blocks.append(_context("If you use Kairos again, it starts afresh."))
    text = lead if not report.kept else f"{lead}\nWhat cannot be deleted: {' '.join(report.kept)}"
    return Rendered(clip(text, MAX_SECTION_TEXT), blocks)


def export_filename(user_id: str, now: datetime) -> str:
    """The export's file name: whose data, and from which day (UTC)."""
    return f"kairos-data-{user_id}-{now:%Y-%m-%d}.json"


def export_content(export: dict[str, Any]) -> bytes:
    """The export as the file holds it: indented JSON, in UTF-8, keys in a stable order."""
    return json.dumps(export, indent=2, sort_keys=True, ensure_ascii=False).encode("utf-8")
