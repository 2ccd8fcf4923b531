"""The check-ins section of App Home (pure Block Kit): the check-ins the person organizes,
each with Pause or Resume, Edit and Stop, and their own recurring meetings, each with
"Make it async". At most 19 blocks, whatever the person has (bot/checkins/home.py shows
the first few of each)."""

from __future__ import annotations

from typing import Any

from bot.checkins.home import CheckInsHome
from bot.checkins.messages import MAX_BUTTON_VALUE, button, context, section, shown_title
from bot.checkins.organizer_messages import HOME_BUTTONS, entry_blocks
from bot.checkins.repo_home import OwnSeries
from bot.i18n import _, current_language
from bot.i18n.formats import weekday_date_time
from bot.ids import Action


def _series_block(series: OwnSeries, home: CheckInsHome) -> dict[str, Any]:
    when = weekday_date_time(series.next_at, home.zone, current_language())
    line = section(_("*{title}*\nNext: {when}", title=shown_title(series.title), when=when))
    # TRANSLATORS: a button next to one of the person's recurring meetings (75 characters).
    line["accessory"] = button(_("Make it async"), Action.HOME_MAKE_ASYNC, series.series_key)
    return line


def checkins_home_section(home: CheckInsHome) -> list[dict[str, Any]]:
    """The Home tab's check-ins: the person's own, then their recurring meetings."""
    if not home.checkins and not home.series:
        return [
            section(
                _(
                    "*Async check-ins*\nNone yet. The recurring meetings you organize show up here "
                    "once Kairos reads your calendar, each with “Make it async”: Kairos then asks "
                    "each person privately and posts the answers in a channel's thread."
                )
            )
        ]
    blocks: list[dict[str, Any]] = []
    if home.checkins:
        blocks.append(section(_("*Your async check-ins*")))
        for entry in home.checkins:
            blocks += entry_blocks(entry, HOME_BUTTONS)
        rest = home.checkins_total - len(home.checkins)
        if rest > 0:
            blocks.append(
                context(_("…and {count} more: `/kairos async` lists them all.", count=rest))
            )
    # A series key too long for a button's value could not be carried back whole.
    shown = [s for s in home.series if len(s.series_key) <= MAX_BUTTON_VALUE]
    if shown:
        blocks.append(
            section(
                _(
                    "*Your recurring meetings*\nCould one of them be a thread instead? "
                    "“Make it async” sets up a check-in; your calendar is not changed."
                )
            )
        )
        blocks += [_series_block(series, home) for series in shown]
        rest = home.series_total - len(shown)
        if rest > 0:
            blocks.append(context(_("…and {count} more.", count=rest)))
    return blocks
