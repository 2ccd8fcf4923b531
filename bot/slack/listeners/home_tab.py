"""Publishing one person's Home tab: each feature's section, and for admins the workspace
settings. Apart from the listeners so that every listener that changes what the tab shows
can refresh it."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.checkins.home import checkins_home
from bot.checkins.home_messages import checkins_home_section
from bot.cleanup.admin import admin_settings
from bot.cleanup.admin_messages import admin_section
from bot.cleanup.config import Admins
from bot.connect.messages import connect_section
from bot.focus.home import home_state
from bot.focus.messages import home_focus_section
from bot.i18n import _
from bot.meetings.messages import calendar_section
from bot.norms.messages import home_section as norms_section
from bot.norms.service import home_norms
from bot.slack.blocks.home import home_view
from bot.slack.deps import Deps


def calendar_off() -> str:
    """The Home tab's calendar section where calendars are not turned on."""
    return _(
        "Calendars aren't enabled here yet (the person running Kairos sets "
        "KAIROS_ENCRYPTION_KEY to turn them on)."
    )


def publish_home(deps: Deps, client: WebClient, user_id: str) -> None:
    """Render and publish one person's Home tab."""
    now = deps.clock.now()
    state = home_state(deps.uow, deps.connect_link, deps.calendars, user_id, now)
    sections: list[list[dict[str, Any]]] = [
        home_focus_section(
            state.status,
            state.last_digest,
            tz=state.tz,
            now=now,
            digest_lines=state.last_digest_lines,
        ),
        connect_section(
            configured=state.connect_configured,
            connected=state.connected,
            authorize_url=state.authorize_url,
        ),
        calendar_section(
            calendar_off() if state.calendar is None else state.calendar,
            enabled=state.calendar is not None,
        ),
        checkins_home_section(checkins_home(deps.uow, user_id, now)),
        norms_section(home_norms(deps.uow, deps.norms_slack, user_id)),
    ]
    settings = admin_settings(deps.uow, deps.slack, Admins(deps.admin_users), user_id)
    if settings is not None:  # only admins see the workspace settings
        sections.append(admin_section(settings))
    client.views_publish(user_id=user_id, view=home_view(sections))
