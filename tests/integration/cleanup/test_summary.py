"""The weekly summary against real databases and Slack's Web API (a local fake over HTTP):
who may configure it, and what the preview and a post show. test_summary_posting.py has the
weekly post going out exactly once.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bot.cleanup.config import Admins, focus_day_command, summary_here, summary_off
from bot.cleanup.posting import Summaries, check_post_now, post_now, preview
from bot.cleanup.tables import SummaryChannel
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.errors import KairosUserError
from bot.focus import repo as focus_repo
from bot.focus.grammar import parse_focus_command
from bot.focus.service import run_command
from bot.focus.tables import HeldMention, UrgentUse
from bot.workspace.service import NotAnAdmin
from tests.integration.cleanup.summary_setup import (
    ADMIN,
    ALICE,
    BOB,
    MONDAY,
    OUTSIDER,
    SECRET,
    TEAM,
    add_meeting,
    add_standups,
    blocks_text,
    configured_channels,
    summary_here_by,
    top_level_posts,
)

# --- configuration and who may change it ------------------------------------------------


def test_members_may_not_configure_and_nothing_changes(summaries: Summaries) -> None:
    with pytest.raises(NotAnAdmin) as raised:
        summary_here_by(summaries, ALICE)
    assert "workspace admin or owner" in raised.value.message
    assert "KAIROS_ADMIN_USERS" in raised.value.message
    admins = Admins(frozenset())
    for refused in (
        lambda: summary_off(summaries.uow, summaries.slack, admins, ALICE, TEAM),
        lambda: check_post_now(summaries, admins, ALICE, TEAM),
        lambda: focus_day_command(
            summaries.uow, summaries.slack, admins, user_id=ALICE, day=4, now=MONDAY
        ),
    ):
        with pytest.raises(NotAnAdmin):
            refused()
    assert configured_channels(summaries.uow) == []


def test_an_admin_sets_it_here_on_friday_at_three_in_their_zone(summaries: Summaries) -> None:
    reply = summary_here_by(summaries, ADMIN)
    assert "every Friday at 15:00 (Europe/Amsterdam)" in reply
    assert "Friday 27 November" in reply
    with summaries.uow() as session:
        row = session.get(SummaryChannel, TEAM)
        assert row is not None
        assert (row.weekday, row.minute, row.tz, row.set_by) == (4, 900, "Europe/Amsterdam", ADMIN)


def test_a_listed_operator_admin_may_configure(summaries: Summaries) -> None:
    summary_here(
        summaries.uow, summaries.slack, Admins(frozenset({BOB})),
        user_id=BOB, channel_id=TEAM, when=(0, 570), now=MONDAY,
    )  # fmt: skip
    assert configured_channels(summaries.uow) == [TEAM]


def test_not_in_a_dm_nor_a_private_channel_kairos_is_not_in(summaries: Summaries) -> None:
    with pytest.raises(KairosUserError) as in_dm:
        summary_here_by(summaries, ADMIN, channel="D0ADMIN")
    assert "not in a DM" in in_dm.value.message
    with pytest.raises(KairosUserError) as private:
        summary_here_by(summaries, ADMIN, channel=SECRET)
    assert "/invite @Kairos" in private.value.message
    assert configured_channels(summaries.uow) == []


def test_off_stops_it(summaries: Summaries) -> None:
    summary_here_by(summaries, ADMIN)
    admins = Admins(frozenset())
    assert "No more weekly summaries" in summary_off(
        summaries.uow, summaries.slack, admins, ADMIN, TEAM
    )
    assert "nothing changed" in summary_off(summaries.uow, summaries.slack, admins, ADMIN, TEAM)
    assert configured_channels(summaries.uow) == []


# --- what the summary shows -----------------------------------------------------------------


def test_preview_counts_members_meetings_once_and_names_recurring_no_agenda_ones(
    summaries: Summaries, fake_slack: FakeSlack
) -> None:
    add_standups(summaries.uow, MONDAY + timedelta(hours=1), days=5)  # the coming week
    add_meeting(summaries.uow, "Board dinner", MONDAY + timedelta(days=1), [ALICE], private=True,
                minutes=120, people=12)  # fmt: skip
    add_meeting(summaries.uow, "Other team offsite", MONDAY + timedelta(days=1), [OUTSIDER],
                minutes=480, people=30)  # fmt: skip
    add_meeting(summaries.uow, "Last week's review", MONDAY - timedelta(days=2), [ALICE, BOB],
                minutes=60, people=3)  # fmt: skip
    message = preview(summaries, ALICE, TEAM, MONDAY).message
    text = blocks_text({"blocks": message.blocks})
    assert "Daily standup" in text
    assert "recurring without an agenda" in text
    assert "5× · 30 min · 6 people · 15 attendee-hours" in text  # seen by two, counted once
    assert "Other team offsite" not in text  # not a member of this channel
    assert "Board dinner" not in text  # private: busy time only
    assert "*Meetings*\\n1" in text  # last week: the review
    assert "≈ 300 EUR" in text  # 3 attendee-hours at 100
    assert "2 members of this channel" in text  # Alice and Bob connected calendars
    assert "Organizer: u0alice" in text  # by the name Slack shows, from users.info
    assert "<@" not in text  # never a mention: it would notify them in the channel
    assert fake_slack.messages_in(TEAM) == []  # a preview posts nothing


def test_post_now_reaches_the_channel(summaries: Summaries, fake_slack: FakeSlack) -> None:
    add_standups(summaries.uow, MONDAY + timedelta(hours=1), days=3)
    post_now(summaries, ADMIN, TEAM, MONDAY)
    (posted,) = top_level_posts(fake_slack)
    assert "Daily standup" in blocks_text(posted)
    assert "Weekly meeting cleanup" in posted["text"]


def test_focus_figures_cover_every_member_with_or_without_a_calendar(
    summaries: Summaries,
) -> None:
    add_standups(summaries.uow, MONDAY - timedelta(days=3), days=1)  # Alice and Bob's calendars
    with summaries.uow() as session:
        carol = focus_repo.add_person(session, ADMIN, "Europe/Amsterdam", MONDAY)
        run_command(session, carol, parse_focus_command("mon-fri 9:00-11:00"), MONDAY)
        for n, status in enumerate(["delivered", "delivered", "seen", "held"]):
            session.add(
                HeldMention(
                    recipient_id=ADMIN, sender_id=ALICE, channel_id=TEAM,
                    message_ts=f"1795400000.00000{n}", thread_ts=None, text=None, kind="user",
                    sent_at=MONDAY - timedelta(days=1), held_at=MONDAY - timedelta(days=1),
                    status=status,
                )
            )  # fmt: skip
        session.add(
            UrgentUse(
                sender_id=ALICE, recipient_id=ADMIN, channel_id=TEAM, message_ts="1.2",
                via="button", at=MONDAY - timedelta(days=2),
            )
        )  # fmt: skip
        session.add(  # not a member of the channel: not counted
            UrgentUse(
                sender_id=ALICE, recipient_id=OUTSIDER, channel_id=TEAM, message_ts="1.3",
                via="button", at=MONDAY - timedelta(days=2),
            )
        )  # fmt: skip
    text = json.dumps(preview(summaries, ALICE, TEAM, MONDAY).message.blocks, ensure_ascii=False)
    assert "*Focus hours protected*\\n10 h" in text  # five weekday blocks of two hours
    assert "4 mentions held, 3 delivered later" in text
    assert "*Urgent interruptions*\\n1 " in text
