"""What the demo shows: each message Kairos sent (or a person typed), as it was sent.

The interface between the scene that plays the demo (run.py) and the page that shows it
(page.py): plain values, Block Kit kept as Slack received it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Surface = Literal["message", "ephemeral", "home", "modal"]


@dataclass(frozen=True)
class ShownMessage:
    """One thing someone saw in Slack during the demo."""

    conversation: str  # where: "#design", "Kairos (DM with Ana)", "Ana's Home tab"
    author: str  # who wrote it, by name: "Kairos", "Ana de Vries"
    at: str  # when, in simulated time on the reader's clock: "Mon 09:12"
    text: str  # the fallback text (what a notification would show)
    blocks: tuple[dict[str, Any], ...] = ()
    surface: Surface = "message"
    seen_by: str | None = None  # for an ephemeral message, App Home or a modal: whose


@dataclass(frozen=True)
class Scene:
    """A step of the demo's story and what it made appear."""

    title: str  # "Ana starts 90 minutes of focus"
    messages: tuple[ShownMessage, ...] = field(default_factory=tuple)
