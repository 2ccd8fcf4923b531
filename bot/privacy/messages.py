"""What privacy says (pure): the forget-me confirmation modal, the reply once forgotten, and
the my-data file with the words around it."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.blocks import MAX_SECTION_TEXT, Rendered, clip, escape_mrkdwn, modal
from bot.i18n import _
from bot.ids import View
from bot.privacy.forgetting import ForgetReport, Inventory, posted_summaries


def forget_title() -> str:
    """The confirmation modal's title (Slack allows 24 characters)."""
    # TRANSLATORS: a modal title; at most 24 characters.
    return _("Forget me")


def forget_submit() -> str:
    """The confirmation modal's submit button (Slack allows 24 characters)."""
    # TRANSLATORS: a modal's submit button; at most 24 characters.
    return _("Delete my data")


def kept_before() -> str:
    """What forget-me cannot take back, said before the person confirms. The reply
    afterwards lists what the privacy use case reports as kept (ForgetReport.kept)."""
    anonymous = _(
        'Anonymous answers to "could this meeting have been async?" stay as counts. '
        "Mentions you sent that are still waiting for someone reach them as "
        '"a message in #channel" with its link, without your text or your name.'
    )
    return f"{posted_summaries()} {anonymous}"


def connect_note() -> str:
    """The confirmation's note on Connect: the token goes first, and it is for good."""
    return _(
        "If you connected your Slack account, Kairos first gives your status back and revokes "
        "its access at Slack. This can't be undone."
    )


def nothing_held() -> str:
    """The confirmation when there is nothing to delete."""
    return _("Kairos holds nothing about you, so there is nothing to delete.")


def forget_failed() -> str:
    """The DM when forget-me failed."""
    return _(
        "Sorry, something went wrong on my side while deleting your data, and it has been "
        "logged. Please run `/kairos forget-me` again in a minute."
    )


def no_modal() -> str:
    """The reply when Slack gave no trigger to open the confirmation with."""
    return _(
        "I couldn't open the confirmation for `/kairos forget-me` from here, so nothing was "
        "deleted. Please type it again."
    )


def export_preparing() -> str:
    """The reply to `/kairos my-data` while the export is made."""
    return _("Preparing your data… I'll send it to you in a direct message.")


def export_title() -> str:
    """The export file's title in Slack."""
    return _("Your data in Kairos")


def export_comment() -> str:
    """The message with the export file."""
    return _(
        "Here is everything Kairos holds about you, as a JSON file that only you can see "
        "here. `/kairos forget-me` deletes it."
    )


def export_failed() -> str:
    """The reply when the export could not be sent."""
    return _(
        "Sorry, I couldn't send you your data: something went wrong on my side, and it has "
        "been logged. Please try `/kairos my-data` again in a few minutes."
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
            "title": {"type": "plain_text", "text": forget_title()},
            # TRANSLATORS: a modal's close button; at most 24 characters.
            "close": {"type": "plain_text", "text": _("Close")},
            "blocks": [_section(nothing_held())],
        }
    heading = _("*Deleting everything Kairos holds about you:*")
    blocks = [
        _section(heading + "\n" + _lines(inventory)),
        # TRANSLATORS: {kept} is a few sentences on what forget-me cannot delete.
        _section(_("*Kept:* {kept}", kept=kept_before())),
        _context(connect_note()),
    ]
    return modal(View.FORGET_ME, forget_title(), blocks, submit=forget_submit())


def forgotten_message(report: ForgetReport) -> Rendered:
    """The DM once forgotten: what was deleted, and what cannot be."""
    if report.deleted.empty:
        lead = _("Kairos held nothing about you, so nothing was deleted.")
    else:
        done = _("Done: Kairos deleted everything it held about you.")
        lead = done + "\n" + _lines(report.deleted)
    blocks = [_section(lead)]
    if report.kept:
        kept = "\n".join(f"• {escape_mrkdwn(sentence)}" for sentence in report.kept)
        blocks.append(_section(_("*What cannot be deleted:*") + "\n" + kept))
    blocks.append(_context(_("If you use Kairos again, it starts afresh.")))
    text = lead
    if report.kept:
        # TRANSLATORS: the notification text; {kept} is a few sentences.
        text += "\n" + _("What cannot be deleted: {kept}", kept=" ".join(report.kept))
    return Rendered(clip(text, MAX_SECTION_TEXT), blocks)


def export_filename(user_id: str, now: datetime) -> str:
    """The export's file name: whose data, and from which day (UTC)."""
    return f"kairos-data-{user_id}-{now:%Y-%m-%d}.json"


def export_content(export: dict[str, Any]) -> bytes:
    """The export as the file holds it: indented JSON, in UTF-8, keys in a stable order."""
    return json.dumps(export, indent=2, sort_keys=True, ensure_ascii=False).encode("utf-8")
