"""The weekly summary's chart: uploaded unshared, shown in the post's image block, and
posted exactly once through 429s, failed posts and a crash between upload and post."""

from __future__ import annotations

import struct
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from bot.cleanup.posting import (
    METADATA_EVENT,
    Summaries,
    _take_attempt,
    claim_due_weeks,
    post_due_summaries,
)
from bot.cleanup.tables import SummaryPost
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.retry import Retries
from tests.integration.cleanup.summary_setup import (
    ADMIN,
    DUE,
    TEAM,
    add_standups,
    summary_here_by,
    top_level_posts,
)

BOT = "UBOT"


def _last_week_posted(summaries: Summaries, hours: float = 6.0, attendee: float = 30.0) -> None:
    """Last week's summary, as posted then: the chart's first week."""
    with summaries.uow() as session:
        session.add(
            SummaryPost(
                channel_id=TEAM, week=date(2026, 11, 20), edition="weekly",
                claimed_at=DUE - timedelta(days=7), attempts=1,
                posted_at=DUE - timedelta(days=7), message_ts="1795000000.000100",
                meeting_hours=hours, attendee_hours=attendee,
            )
        )  # fmt: skip


def _images(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in message.get("blocks", []) if b["type"] == "image"]


def _png_size(content: bytes) -> tuple[int, int]:
    assert content[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", content[16:24])
    return width, height


def test_the_chart_is_in_the_post_and_its_file_is_shared_nowhere(
    summaries: Summaries, fake_slack: FakeSlack
) -> None:
    summary_here_by(summaries, ADMIN)
    _last_week_posted(summaries)
    add_standups(summaries.uow, DUE - timedelta(days=4), days=4)  # 2 h, 12 attendee-hours
    assert post_due_summaries(summaries, DUE) == 1
    (posted,) = top_level_posts(fake_slack)
    (image,) = _images(posted)
    file_id = image["slack_file"]["id"]
    record, content = fake_slack.uploaded_files[file_id]
    assert record["channels"] == []  # only the post shows it
    assert _png_size(content) == (800, 360)
    assert "week of 20 Nov: 6 meeting hours, 30 attendee-hours" in image["alt_text"]
    assert "week of 27 Nov: 2 meeting hours, 12 attendee-hours" in image["alt_text"]
    assert record["alt_txt"] == image["alt_text"]
    with summaries.uow() as session:
        this_week = session.scalars(select(SummaryPost).where(SummaryPost.week == DUE.date()))
        post = this_week.one()
        assert (post.meeting_hours, post.attendee_hours) == (2.0, 12.0)


def test_a_first_summary_has_no_chart(summaries: Summaries, fake_slack: FakeSlack) -> None:
    summary_here_by(summaries, ADMIN)
    assert post_due_summaries(summaries, DUE) == 1
    (posted,) = top_level_posts(fake_slack)
    assert _images(posted) == []
    assert fake_slack.calls_to("files.getUploadURLExternal") == []


def test_a_429_on_the_upload_still_posts_one_chart(
    summaries: Summaries, fake_slack: FakeSlack
) -> None:
    summary_here_by(summaries, ADMIN)
    _last_week_posted(summaries)
    fake_slack.rate_limit_next("files.getUploadURLExternal", retry_after=1)
    assert post_due_summaries(summaries, DUE) == 1
    assert post_due_summaries(summaries, DUE + timedelta(minutes=20)) == 0
    (posted,) = top_level_posts(fake_slack)
    assert len(_images(posted)) == 1
    assert len(fake_slack.calls_to("files.completeUploadExternal")) == 1
    assert len(fake_slack.uploaded_files) == 1


def test_a_crash_between_upload_and_post_posts_the_chart_once(
    summaries: Summaries, fake_slack: FakeSlack
) -> None:
    summary_here_by(summaries, ADMIN)
    _last_week_posted(summaries)
    assert claim_due_weeks(summaries, DUE) == 1
    with summaries.uow() as session:
        post_id = session.scalars(select(SummaryPost.id).where(SummaryPost.week == DUE.date()))
        post_id = post_id.one()
    # What a replica did before it died: took the attempt and uploaded the chart, no post.
    assert _take_attempt(summaries, post_id, DUE) is not None
    orphan = summaries.slack.upload_image("c.png", b"\x89PNG", title="t", alt_text="a")
    assert post_due_summaries(summaries, DUE + timedelta(minutes=2)) == 0  # not stale yet
    assert post_due_summaries(summaries, DUE + timedelta(minutes=15)) == 1
    assert post_due_summaries(summaries, DUE + timedelta(minutes=40)) == 0
    (posted,) = top_level_posts(fake_slack)
    assert posted["metadata"]["event_type"] == METADATA_EVENT
    (image,) = _images(posted)
    assert image["slack_file"]["id"] != orphan
    # The dead attempt's file was never shared: no one sees a second chart.
    shared = [f for f, (record, _) in fake_slack.uploaded_files.items() if record["channels"]]
    assert shared == []


def test_a_chart_slack_keeps_refusing_does_not_hold_the_post_back(
    summaries: Summaries, fake_slack: FakeSlack
) -> None:
    summary_here_by(summaries, ADMIN)
    _last_week_posted(summaries)
    fake_slack.fail_next("chat.postMessage", "invalid_blocks", times=2)
    retries = Retries("post weekly summaries")
    assert post_due_summaries(summaries, DUE, retries) == 0
    assert post_due_summaries(summaries, DUE + timedelta(minutes=1), retries) == 0
    assert post_due_summaries(summaries, DUE + timedelta(hours=1), retries) == 1
    (posted,) = top_level_posts(fake_slack)
    assert _images(posted) == []  # the third attempt went without it
    assert "Weekly meeting cleanup" in posted["text"]
    assert len(fake_slack.calls_to("files.completeUploadExternal")) == 2
