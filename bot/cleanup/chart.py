"""The weekly summary's chart: meeting hours and attendee-hours of the last weeks, as a PNG
with alt text that states the same figures.

matplotlib's object API on the Agg backend: no display, no pyplot state shared between
threads, and a font and size set on every text so the picture does not depend on the host's
matplotlib settings.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.cleanup.model import WeekPoint
from bot.i18n import _, current_language, formats, ngettext

WEEKS_SHOWN = 8
MIN_WEEKS = 2
# 800 x 360 pixels: legible in a Slack message, a few tens of kilobytes.
WIDTH_PX, HEIGHT_PX, DPI = 800, 360, 100
FONT = "DejaVu Sans"  # ships with matplotlib: the same glyphs on every host
MAX_ALT_TEXT = 2000  # Block Kit's limit for an image block's alt_text
BAR_COLOUR, LINE_COLOUR = "#9fc5e8", "#1f4e79"
_UTC = ZoneInfo("UTC")


@dataclass(frozen=True, slots=True)
class Chart:
    """The picture and the words for those who cannot see it."""

    png: bytes
    alt_text: str
    title: str
    filename: str


def chart_for(points: Sequence[WeekPoint]) -> Chart | None:
    """The chart of the last WEEKS_SHOWN weeks, or None with fewer than MIN_WEEKS."""
    shown = list(points)[-WEEKS_SHOWN:]
    if len(shown) < MIN_WEEKS:
        return None
    title = ngettext("Meeting hours, last {n} week", "Meeting hours, last {n} weeks", len(shown))
    return Chart(render_png(shown), alt_text(shown), title, f"meetings-{shown[-1].week}.png")


def _label(day: date) -> str:
    language = current_language()
    if language == "en":
        return f"{day.day} {day:%b}"
    # A date has no zone: noon UTC on that day is that day in UTC.
    return formats.short_date(datetime.combine(day, time(12), UTC), _UTC, language)


def _hours(value: float) -> str:
    language = current_language()
    if language == "en":
        return f"{value:.1f}".removesuffix(".0")
    return formats.number(round(value, 1), language)


def alt_text(points: Sequence[WeekPoint]) -> str:
    """What the chart shows, in words: every week's two figures, oldest first."""
    parts = []
    for point in points:
        if point.attendee_hours is None:
            parts.append(
                _(
                    "week of {week}: {hours} meeting hours, attendee-hours not recorded",
                    week=_label(point.week),
                    hours=_hours(point.hours),
                )
            )
        else:
            parts.append(
                _(
                    "week of {week}: {hours} meeting hours, {people} attendee-hours",
                    week=_label(point.week),
                    hours=_hours(point.hours),
                    people=_hours(point.attendee_hours),
                )
            )
    intro = ngettext(
        "Chart of meeting hours (line) and attendee-hours (bars) a week, last {n} week.",
        "Chart of meeting hours (line) and attendee-hours (bars) a week, last {n} weeks.",
        len(points),
    )
    text = intro + " " + "; ".join(parts) + "."
    return text if len(text) <= MAX_ALT_TEXT else text[: MAX_ALT_TEXT - 1] + "…"


def render_png(points: Sequence[WeekPoint]) -> bytes:
    """The chart as PNG bytes, WIDTH_PX x HEIGHT_PX: attendee-hours as bars on the left
    axis, meeting hours as a line on the right one (they differ by the number of people)."""
    figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(points)))
    bars = [p.attendee_hours or 0.0 for p in points]
    attendee_hours, meeting_hours = _("Attendee-hours"), _("Meeting hours")
    axes.bar(positions, bars, color=BAR_COLOUR, label=attendee_hours, zorder=2)
    axes.set_ylabel(attendee_hours, fontfamily=FONT, fontsize=10)
    axes.set_xticks(positions, [_label(p.week) for p in points], fontfamily=FONT, fontsize=9)
    axes.grid(axis="y", color="#e0e0e0", zorder=0)
    hours = axes.twinx()
    hours.plot(
        positions, [p.hours for p in points], color=LINE_COLOUR, marker="o", label=meeting_hours
    )
    hours.set_ylabel(meeting_hours, fontfamily=FONT, fontsize=10)
    for axis in (axes, hours):
        axis.set_ylim(bottom=0)
        for label in axis.get_yticklabels():
            label.set_fontfamily(FONT)
            label.set_fontsize(9)
        axis.spines["top"].set_visible(False)
    handles = [*axes.get_legend_handles_labels()[0], *hours.get_legend_handles_labels()[0]]
    # Above the plot, beside the title: inside it would cover the tallest week.
    axes.legend(
        handles=handles,
        loc="lower right",
        bbox_to_anchor=(1.0, 1.0),
        ncols=2,
        frameon=False,
        prop={"family": FONT, "size": 9},
    )
    axes.set_title(_("Meetings a week"), loc="left", fontfamily=FONT, fontsize=12)
    figure.tight_layout()
    buffer = io.BytesIO()
    # No "Software" entry: the bytes do not change with matplotlib's version string.
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()
