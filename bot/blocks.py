"""What every domain's messages.py shares: Slack's Block Kit limits, and safe mrkdwn.

Below the domains and above nothing but the standard library and bot/ids.py, so that a
domain builds its own messages without importing the Slack layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.i18n import _, pgettext
from bot.ids import USER_ID

MAX_BLOCKS_MESSAGE = 50
MAX_BLOCKS_VIEW = 100
MAX_SECTION_TEXT = 3000
MAX_BUTTON_TEXT = 75
MAX_HEADER_TEXT = 150
MAX_CONTEXT_ELEMENTS = 10
# Longer links are dropped rather than allowed to crowd out other text.
MAX_LINK = 1000


@dataclass(frozen=True)
class Rendered:
    """Fallback text and blocks of a message."""

    text: str
    blocks: list[dict[str, Any]]


def modal(
    callback_id: str,
    title: str,
    blocks: list[dict[str, Any]],
    *,
    submit: str | None = None,
    private_metadata: str | None = None,
) -> dict[str, Any]:
    """A modal view with Kairos's buttons: `submit` (Save unless given) and Cancel."""
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": callback_id,
        "title": {"type": "plain_text", "text": title},
        # TRANSLATORS: a modal's buttons; Slack allows 24 characters.
        "submit": {"type": "plain_text", "text": submit or pgettext("modal", "Save")},
        "close": {"type": "plain_text", "text": pgettext("modal", "Cancel")},
        "blocks": blocks,
    }
    if private_metadata is not None:
        view["private_metadata"] = private_metadata
    return view


def clip(text: str, limit: int) -> str:
    """Shorten text to a limit, marking the cut with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def escape_mrkdwn(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def user_ref(user_id: str) -> str:
    """`<@U…>` for a real user id; anything else would break the markup."""
    # TRANSLATORS: stands for a person Kairos cannot name.
    return f"<@{user_id}>" if USER_ID.fullmatch(user_id) else _("someone")


def mrkdwn_link(url: str | None, label: str) -> str | None:
    """`<url|label>`, or None when there is no usable http(s) address."""
    if not url or not url.startswith(("https://", "http://")):
        return None
    # Inside `<…|…>` a `|` or `>` would end the address early, and whitespace or an
    # invisible character would break it; percent-encoding (of the UTF-8 bytes) keeps the
    # address. `&` is escaped as Slack itself escapes it in links.
    safe = "".join(_url_char(char) for char in url)
    if len(safe) > MAX_LINK:
        return None
    return f"<{safe}|{escape_mrkdwn(label)}>"


def _url_char(char: str) -> str:
    if char == "&":
        return "&amp;"
    if char in " <>|" or not char.isprintable():
        return "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
    return char
