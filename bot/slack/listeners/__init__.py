"""Thin Slack listeners, one module per domain, each with register(app, deps)."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.deps import Deps
from bot.slack.listeners import (
    calendar,
    checkins,
    checkins_home,
    checkins_members,
    focus,
    home,
    kairos,
    meetings,
    messages,
    norms,
    notes,
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
        checkins_home,
        checkins_members,
        notes,
        reactions,
        shortcuts,
    ):
        module.register(app, deps)
