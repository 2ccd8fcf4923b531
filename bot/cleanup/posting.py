"""Posting the summary: the preview, "post now", and the weekly post that goes out once.

Exactly once per channel and week: the sweep claims the week with a unique row (a second
replica, or a restart, finds it taken); one attempt at a time holds it (compare-and-set on
attempt_at); and the post carries the row's id in its metadata, so an attempt after a crash
looks for the message before posting again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from bot.blocks import Rendered
from bot.cleanup import repo_posts
from bot.cleanup.chart import Chart, chart_for
from bot.cleanup.config import Admins
from bot.cleanup.model import SummarySchedule, is_quarterly
from bot.cleanup.service import SummaryOptions, build_summary
from bot.cleanup.summary_messages import (
    MAX_CANDIDATES_SHOWN,
    review_messages,
    summary_message,
    with_chart,
)
from bot.db.uow import UnitOfWork
from bot.errors import KairosUserError
from bot.focus.model import zone_named
from bot.i18n import _, speaking
from bot.i18n.languages import DEFAULT_LANGUAGE, Language
from bot.ports import SlackPort
from bot.retry import Retries
from bot.workspace.languages import channel_language

log = logging.getLogger(__name__)

METADATA_EVENT = "kairos_summary"
# An attempt that has not finished by then is taken to have died (a crash, a lost lease).
RETRY_AFTER = timedelta(minutes=10)
# A week's post is retried through its day; after that, next week's is more useful.
GIVE_UP_AFTER = timedelta(hours=20)
# The chart is a picture of figures the post states anyway: after this many attempts that
# failed, the post goes out without it rather than not at all.
CHART_ATTEMPTS = 2


@dataclass(frozen=True)
class Summaries:
    """What posting a summary needs, wired by the composition root."""

    uow: UnitOfWork
    slack: SlackPort
    options: SummaryOptions
    # The language of a channel that has none of its own (KAIROS_LANGUAGE).
    language: Language = DEFAULT_LANGUAGE


@dataclass(frozen=True)
class RenderedSummary:
    """A summary ready to post: the message, its thread (the quarterly list), the week's
    (meeting hours, attendee-hours), and the chart of the last weeks (None: too few)."""

    message: Rendered
    thread: list[Rendered]
    hours: tuple[float, float]
    chart: Chart | None = None


def render(
    s: Summaries, channel_id: str, now: datetime, *, tz: str, quarterly: bool
) -> RenderedSummary:
    """The summary of a channel's members now (members are asked of Slack first), in the
    channel's language: a preview shows the asker what the channel will read."""
    members = s.slack.channel_members(channel_id)
    with s.uow() as session:
        language = channel_language(session, channel_id, s.language)
        with speaking(language):  # build_summary words the channel's response time
            summary = build_summary(
                session, channel_id, members, now=now, tz=tz, options=s.options,
                quarterly=quarterly,
            )  # fmt: skip
    organizers = {c.organizer_id for c in summary.candidates[:MAX_CANDIDATES_SHOWN]}
    if summary.quarterly:
        organizers |= {review.organizer_id for review in summary.review}
    # Asked of Slack after the transaction; remembered for an hour by the gateway.
    names = {uid: s.slack.user_name(uid) for uid in sorted(filter(None, organizers))}
    week = summary.last_week
    with speaking(language):
        thread = review_messages(summary.review, names) if summary.quarterly else []
        return RenderedSummary(
            summary_message(summary, names),
            thread,
            (week.hours, week.attendee_hours),
            chart_for(summary.recent_weeks),
        )


def _message_with_chart(s: Summaries, rendered: RenderedSummary) -> Rendered:
    """The post's message, with its chart uploaded first and shown in it.

    In the post, not in a reply: the upload is not shared anywhere, and only the one
    chat.postMessage that makes the post public shows it, so the post's exactly-once rules
    cover the chart too. A file left by an attempt that died before posting is seen by no
    one.
    """
    chart = rendered.chart
    if chart is None:
        return rendered.message
    file_id = s.slack.upload_image(
        chart.filename, chart.png, title=chart.title, alt_text=chart.alt_text
    )
    return with_chart(rendered.message, file_id, chart.alt_text, chart.title)


def _edition_for(s: Summaries, channel_id: str, user_id: str, now: datetime) -> tuple[str, bool]:
    """The zone and edition an on-demand summary uses: the channel's, or the asker's."""
    with s.uow() as session:
        row = repo_posts.summary_channel(session, channel_id)
        schedule = SummarySchedule(row.weekday, row.minute, row.tz) if row else None
    if schedule is None:
        tz = zone_named(s.slack.user_timezone(user_id)).key
        return tz, is_quarterly(now.astimezone(ZoneInfo(tz)).date())
    return schedule.tz, is_quarterly(schedule.local_day(schedule.due_in_week_of(now)))


def _check_channel(s: Summaries, channel_id: str) -> None:
    if channel_id.startswith("D"):
        raise KairosUserError(
            _("A summary is about a channel's members: run this in that channel, not in a DM."),
            example="/kairos summary preview",
        )
    if not s.slack.can_post_in(channel_id):
        raise KairosUserError(
            _("I can't see who is in this channel. Invite me first with `/invite @Kairos`."),
            example="/kairos summary preview",
        )


def check_preview(s: Summaries, channel_id: str) -> None:
    """Refuse a preview where there is no channel Kairos can see the members of."""
    _check_channel(s, channel_id)


def preview(
    s: Summaries, user_id: str, channel_id: str, now: datetime, *, quarterly: bool = False
) -> RenderedSummary:
    """This week's summary for this channel, for the person asking only."""
    check_preview(s, channel_id)
    tz, scheduled_quarterly = _edition_for(s, channel_id, user_id, now)
    return render(s, channel_id, now, tz=tz, quarterly=quarterly or scheduled_quarterly)


def check_post_now(s: Summaries, admins: Admins, user_id: str, channel_id: str) -> None:
    """Refuse `/kairos summary post` unless an admin runs it in a channel Kairos is in."""
    admins.check(s.slack, user_id, _("post the summary in a channel"), "/kairos summary post")
    _check_channel(s, channel_id)


def post_now(s: Summaries, user_id: str, channel_id: str, now: datetime) -> str:
    """Post this week's summary in the channel now (the weekly post still goes out)."""
    tz, quarterly = _edition_for(s, channel_id, user_id, now)
    rendered = render(s, channel_id, now, tz=tz, quarterly=quarterly)
    message = _message_with_chart(s, rendered)
    ts = s.slack.post_message(channel_id, message.text, message.blocks)
    for part in rendered.thread:
        s.slack.post_message(channel_id, part.text, part.blocks, thread_ts=ts)
    log.info("%s posted the summary in %s", user_id, channel_id)
    return ts


def claim_due_weeks(s: Summaries, now: datetime) -> int:
    """Claim this week's post for every channel whose time has come today; how many new."""
    with s.uow() as session:
        due = []
        for row in repo_posts.summary_channels(session):
            schedule = SummarySchedule(row.weekday, row.minute, row.tz)
            when = schedule.due_now(now)
            # A channel set up after this week's time waits for next week's.
            if when is not None and when >= row.set_at:
                due.append((row.channel_id, schedule.local_day(when)))
    claimed = 0
    for channel_id, day in due:
        with s.uow() as session:
            edition = "quarterly" if is_quarterly(day) else "weekly"
            claimed += repo_posts.claim_week(session, channel_id, day, edition, now)
    return claimed


def post_due_summaries(s: Summaries, now: datetime, retries: Retries | None = None) -> int:
    """Post every claimed weekly summary not posted yet; how many went out. A channel
    Slack refuses (archived, Kairos removed, an outage) is retried after a backoff
    (`retries`) until the day is over, and never holds up the other channels."""
    retries = retries or Retries("post weekly summaries")
    claim_due_weeks(s, now)
    with s.uow() as session:
        waiting = repo_posts.unposted(session, now - GIVE_UP_AFTER)
    posted = 0
    for post_id, channel_id in waiting:
        key = f"post {post_id}"
        if not retries.due(key, now):
            continue
        result = retries.attempt(
            key, now, partial(_post_claimed, s, post_id, now), context=f"in {channel_id}"
        )
        if result is None:
            _end_attempt(s, post_id)
        posted += result or 0
    return posted


def _end_attempt(s: Summaries, post_id: int) -> None:
    """A failed attempt is over: the backoff, not RETRY_AFTER, decides the next one. It
    still counts, so the next attempt looks for the post in the channel before posting."""
    with s.uow() as session:
        repo_posts.end_attempt(session, post_id)


def _take_attempt(s: Summaries, post_id: int, now: datetime) -> tuple[str, bool, int] | None:
    """Start an attempt unless one is under way: (channel, quarterly, earlier attempts)."""
    with s.uow() as session:
        row = repo_posts.take_attempt(session, post_id, now, now - RETRY_AFTER)
    if row is None:
        return None
    return row.channel_id, row.edition == "quarterly", row.attempts - 1


def _post_claimed(s: Summaries, post_id: int, now: datetime) -> int:
    attempt = _take_attempt(s, post_id, now)
    if attempt is None:
        return 0
    channel_id, quarterly, earlier = attempt
    if earlier and s.slack.find_own_message(channel_id, METADATA_EVENT, "post_id", post_id):
        log.info("weekly summary %s was already in %s; marking it posted", post_id, channel_id)
        _mark_posted(s, post_id, None, None, now)
        return 0
    with s.uow() as session:
        row = repo_posts.summary_channel(session, channel_id)
        tz = row.tz if row is not None else None
    if tz is None:  # turned off since it was claimed
        _mark_posted(s, post_id, None, None, now)
        return 0
    rendered = render(s, channel_id, now, tz=tz, quarterly=quarterly)
    if earlier >= CHART_ATTEMPTS:
        rendered = replace(rendered, chart=None)
    message = _message_with_chart(s, rendered)
    metadata = {"event_type": METADATA_EVENT, "event_payload": {"post_id": post_id}}
    ts = s.slack.post_message(channel_id, message.text, message.blocks, metadata)
    _mark_posted(s, post_id, ts, rendered.hours, now)
    for part in rendered.thread:
        s.slack.post_message(channel_id, part.text, part.blocks, thread_ts=ts)
    log.info("posted the weekly summary %s in %s", post_id, channel_id)
    return 1


def _mark_posted(
    s: Summaries, post_id: int, ts: str | None, hours: tuple[float, float] | None, now: datetime
) -> None:
    with s.uow() as session:
        repo_posts.mark_posted(session, post_id, ts, hours, now)
