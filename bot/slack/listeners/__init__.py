"""Thin Slack listeners, one module per domain, each with register(app, deps)."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.deps import Deps
from bot.slack.listeners import (
    calendar,
    checkins,
    focus,
    home,
    kairos,
    meetings,
    messages,
    norms,
    privacy,
    reactions,
    shortcuts,
    summary,
)


def register_all(app: App, deps: Deps) -> None:
    """Attach every listener to the app."""
    for module in (
        messages,
        focus,
        home,
        kairos,
        meetings,
        calendar,
        summary,
        privacy,
        norms,
        checkins,
        reactions,
        shortcuts,
    ):
        module.register(app, deps)
