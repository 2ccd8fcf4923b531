"""The largest Home tab Kairos publishes, in English and in Dutch (issue 17): built with the
builders publish_home (bot/slack/listeners/home_tab.py) uses, each fed the most it shows, it
stays within Slack's limits for a view (100 blocks, 3,000 characters a section, 150 a header,
75 a button), and the Dutch tab keeps no English sentence of the English one.

The data put in (purposes, zone names) is Greek, so that it reads as neither language and
the English left in the Dutch tab can only be Kairos's own."""

from __future__ import annotations

import functools
import ssl
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from bot.blocks import MAX_BLOCKS_VIEW, MAX_SECTION_TEXT
from bot.cleanup.admin import AdminSettings, SummarySetting
from bot.cleanup.admin_messages import MAX_SUMMARIES_SHOWN, admin_section
from bot.cleanup.model import SummarySchedule
from bot.connect.messages import CONNECT_ACTION, DISCONNECT_ACTION, connect_section
from bot.demo.fake_slack.slack_messages import block_problems
from bot.digest.away_messages import away_home_lines
from bot.digest.model import DigestItem
from bot.digest.repo import HOME_LIMIT
from bot.focus.editor import MAX_LINES, parse_schedule_lines
from bot.focus.messages import DeliveredItem, home_focus_section
from bot.focus.model import FocusStatus
from bot.focus.periods import Period
from bot.focus.service import not_paused_note, visibility_note
from bot.focus.text import describe_schedule, describe_status
from bot.i18n import speaking
from bot.ids import Action
from bot.meetings.feeds.addresses import is_dns_name
from bot.meetings.feeds.fetch import fetch_feed
from bot.meetings.messages import calendar_section, feed_text
from bot.meetings.model import FeedReading
from bot.norms.messages import MAX_HOME_CHANNELS
from bot.norms.messages import home_section as norms_section
from bot.norms.model import (
    CALL,
    MAX_LINE,
    ChannelKind,
    Norms,
    ResponseKind,
    ResponseTime,
    UrgentKind,
    UrgentRoute,
)
from bot.slack.blocks.home import home_view
from tests.support.english_left import word_runs
from tests.unit import view_checks
from tests.unit.view_checks import check_blocks, texts

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)  # a Wednesday, 13:00 in Amsterdam
# The longest host name DNS allows (253 characters): calendar problems name the host.
HOST = ".".join(["k" * 63, "l" * 63, "m" * 63, "n" * 58, "nl"])
PUBLIC_IP = "93.184.215.14"
LONGEST_ZONE = "America/Argentina/ComodRivadavia"
# Escaped for mrkdwn, each of & < > grows to 4 or 5 characters: the longest purpose there is.
GREEK_LINE = ("α&β<γ>δ εζη " * MAX_LINE)[:MAX_LINE]
GREEK_ZONE = "Ζώνη-" + "ωψχ" * 30
LINK = (
    "https://kairos-example-workspace.slack.com/archives/C0123456789/p1772600000000100"
    "?thread_ts=1772600000.000001&cid=C0123456789&" + "x" * 800
)
AUTHORIZE = (
    "https://slack.com/oauth/v2/authorize?client_id=1234567890.1234567890123"
    "&user_scope=dnd:read,dnd:write,users.profile:read,users.profile:write"
    "&redirect_uri=https://" + HOST + "/slack/oauth/callback&state=" + "s" * 300
)
# Connect's buttons carry ids of bot/connect/messages.py, which bot/slack/listeners/home.py
# listens to; view_checks knows only bot.ids.Action's.
CONNECT_IDS = {CONNECT_ACTION, DISCONNECT_ACTION}
# Slack's confirmation dialog: title 100, text 300, its buttons 30 characters.
CONFIRM_LIMITS = {"title": 100, "text": 300, "confirm": 30, "deny": 30}
MAX_BUTTON_URL = 3000


@pytest.fixture(autouse=True)
def connect_ids_are_known(monkeypatch: pytest.MonkeyPatch) -> None:
    """Connect's two action ids count as known to check_blocks."""
    monkeypatch.setattr(view_checks, "KNOWN_ACTIONS", view_checks.KNOWN_ACTIONS | CONNECT_IDS)


def longest_status() -> str:
    """The status at its longest, from the pieces status_text joins (it reads the database):
    in focus, the most focus blocks the editor takes, the notes; repeated past
    MAX_SECTION_TEXT, where the Home tab cuts it."""
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    lines = [
        f"{days[n % 7]} {6 + n // 7 * 5}:{n % 7 * 5:02d}-{7 + n // 7 * 5}:15"
        for n in range(MAX_LINES)
    ]
    schedule = parse_schedule_lines("\n".join(lines), field="focus")
    status = FocusStatus(
        at=NOW,
        focus=Period(NOW - timedelta(hours=1), NOW + timedelta(hours=2)),
        off_hours=False,
        available_at=NOW + timedelta(hours=26),
        next_focus_start=None,
    )
    once = "\n".join(
        [
            describe_status(status, AMS),
            describe_schedule(schedule),
            not_paused_note(),
            visibility_note(),
        ]
    )
    text = once
    while len(text) <= MAX_SECTION_TEXT:
        text += "\n" + once
    return text


def delivered(n: int) -> DeliveredItem:
    """The nth item of the last digest: an hour apart, over eight days; some senders forgotten."""
    sender = "" if n % 7 == 0 else f"U0P{n:04d}"
    return DeliveredItem(f"C0ROOM{n % 40:02d}", sender, NOW - timedelta(hours=n), LINK)


def away_item(n: int) -> DigestItem:
    """The nth mention of a digest after leave, in every part of it (direct, thread, group,
    channel-wide) and in direct messages."""
    kind = ("user", "user", "usergroup", "broadcast")[n % 4]
    channel = f"D0DM{n % 5}" if n % 9 == 0 else f"C0ROOM{n % 30:02d}"
    sent = NOW - timedelta(hours=3 * n)
    return DigestItem(
        mention_id=n,
        channel_id=channel,
        message_ts=f"{int(sent.timestamp())}.{n:06d}",
        thread_ts="1772500000.000001" if n % 4 == 1 else None,
        sender_id="" if n % 7 == 0 else f"U0P{n:04d}",
        sent_at=sent,
        snippet="",  # a delivered mention's text is gone
        permalink=LINK,
        kind=kind,
    )


def _tls_failure(request: httpx.Request) -> httpx.Response:
    try:
        raise ssl.SSLError(1, "CERTIFICATE_VERIFY_FAILED")
    except ssl.SSLError as error:
        raise httpx.ConnectError("certificate verify failed", request=request) from error


def _resolve(address: str, name: str, port: int) -> list[str]:
    return [address]


def longest_problem() -> str:
    """The longest of the feed problems that name the host (as long as DNS allows), in the
    current language, as the real fetch words them."""
    answers: list[tuple[str, Callable[[httpx.Request], httpx.Response]]] = [
        (PUBLIC_IP, _tls_failure),
        ("10.0.0.1", lambda request: httpx.Response(200)),  # a private network
        (PUBLIC_IP, lambda request: httpx.Response(410)),
        (PUBLIC_IP, lambda request: httpx.Response(503)),
    ]
    problems = []
    for address, answer in answers:
        with httpx.Client(transport=httpx.MockTransport(answer)) as client:
            result = fetch_feed(
                f"https://{HOST}/calendar/ical/private-0123456789abcdef/basic.ics",
                client=client,
                resolver=functools.partial(_resolve, address),
            )
        assert result.problem, result
        problems.append(result.problem)
    return max(problems, key=len)


def longest_reading() -> FeedReading:
    """Every reason an event was left out, and more unknown time zones than are named."""
    codes = ["unreadable", "cut_off", "no_uid", "no_start", "bad_time", "bad_repeat_rule"]
    skipped = {code: 1000 + n for n, code in enumerate([*codes, "too_old", "not_known_yet"])}
    zones = tuple(f"{GREEK_ZONE}{n}" for n in range(6))
    return FeedReading(skipped, zones, LONGEST_ZONE)


def norms(n: int) -> Norms:
    """The nth channel's norms: the longest purpose and not-for, every kind, response time
    and urgent route in turn."""
    responses = [
        ResponseTime(ResponseKind.WORKING_MINUTES, 2399),
        ResponseTime(ResponseKind.WORKING_MINUTES, 39 * 60),
        ResponseTime(ResponseKind.NEXT_WORKING_DAY, 20),
        ResponseTime(ResponseKind.NEXT_WORKING_DAY, 1),
        ResponseTime(ResponseKind.SAME_DAY),
        None,
    ]
    urgent = [CALL, UrgentRoute(UrgentKind.CHANNEL, "C0URGENT"), None]
    return Norms(
        purpose=GREEK_LINE,
        kind=list(ChannelKind)[n % 3],
        response=responses[n % len(responses)],
        urgent=urgent[n % len(urgent)],
        not_for=GREEK_LINE,
    )


def largest_home(layout: str) -> list[list[dict[str, Any]]]:
    """Each section of the Home tab at its largest, in the current language: the last digest
    as delivered ("delivered", with Connect connected) or after leave ("away", with Connect
    to be connected); an admin's, with more summaries than are shown."""
    items = [delivered(n) for n in range(HOME_LIMIT)]
    lines = None
    if layout == "away":
        away = [away_item(n) for n in range(HOME_LIMIT + 60)]
        lines = away_home_lines(away, tz=AMS, now=NOW, limit=HOME_LIMIT, total=len(away))
    summaries = tuple(
        SummarySetting(f"C0SUM{n:02d}", SummarySchedule(2, 23 * 60 + 59, LONGEST_ZONE))
        for n in range(MAX_SUMMARIES_SHOWN + 3)
    )
    return [
        home_focus_section(longest_status(), items, tz=AMS, now=NOW, digest_lines=lines),
        connect_section(
            configured=True,
            connected=layout == "delivered",
            authorize_url=None if layout == "delivered" else AUTHORIZE,
        ),
        calendar_section(feed_text(HOST, 1234, longest_problem(), longest_reading()), enabled=True),
        norms_section([(f"C0NORMS{n:02d}", norms(n)) for n in range(MAX_HOME_CHANNELS + 3)]),
        admin_section(AdminSettings(summaries, focus_day=2, joining_all=layout == "away")),
    ]


def home(language: str, layout: str) -> tuple[list[list[dict[str, Any]]], dict[str, Any]]:
    """The sections and the view of the largest Home tab, in a language."""
    with speaking(language):
        sections = largest_home(layout)
        return sections, home_view(sections)


def _buttons(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        found = [value] if value.get("type") == "button" else []
        return found + [b for child in value.values() for b in _buttons(child)]
    if isinstance(value, list):
        return [b for child in value for b in _buttons(child)]
    return []


def test_the_host_is_the_longest_dns_allows() -> None:
    assert len(HOST) == 253
    assert is_dns_name(HOST)


@pytest.mark.parametrize("layout", ["delivered", "away"])
@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_largest_home_tab_stays_within_slacks_limits(language: str, layout: str) -> None:
    sections, view = home(language, layout)
    blocks = view["blocks"]
    # home_view cuts what passes 100 blocks: nothing may have been cut (the help comes last).
    assert sum(len(section) + 1 for section in sections) + 2 == len(blocks) <= MAX_BLOCKS_VIEW
    assert blocks[-1]["elements"][0]["action_id"] == Action.HOME_SHOW_HELP
    assert block_problems(blocks, limit=MAX_BLOCKS_VIEW, pointer="/view/blocks") == []
    actions = check_blocks(blocks)
    assert Action.FOCUS_EDIT in actions
    assert Action.ADMIN_SUMMARY in actions
    assert (DISCONNECT_ACTION if layout == "delivered" else CONNECT_ACTION) in actions
    for button in _buttons(blocks):
        assert len(button.get("url", "")) <= MAX_BUTTON_URL
        for key, limit in CONFIRM_LIMITS.items():
            if "confirm" in button:
                assert 0 < len(button["confirm"][key]["text"]) <= limit, button["confirm"][key]
    # Each section is at its largest: the status cut, the digest at its 20 sections and
    # more, the norms and summaries at as many as are shown and more.
    focus, _, calendar, channel_norms, admin = sections
    assert focus[1]["text"]["text"].endswith("…")
    assert len(focus) == 4 + 20
    assert len(channel_norms) == 1 + MAX_HOME_CHANNELS + 1
    assert len(admin) == 2 + MAX_SUMMARIES_SHOWN + 1 + 1 + 2
    assert HOST in calendar[0]["text"]["text"]


RUN_WORDS = 4


def sentences(text: str) -> set[tuple[str, ...]]:
    """Every 4 consecutive words of the text's runs of words, lower case, the test's data
    (the feed's host, the longest zone) left out."""
    return word_runs(text, RUN_WORDS, leave_out=(HOST, LONGEST_ZONE))


@pytest.mark.parametrize("layout", ["delivered", "away"])
def test_the_largest_dutch_home_tab_keeps_no_english_sentence(layout: str) -> None:
    english = texts(home("en", layout)[1]["blocks"])
    dutch = texts(home("nl", layout)[1]["blocks"])
    english_runs = sentences(english)
    assert len(english_runs) > 100  # the check has English to look for
    assert ("kairos", "holds", "only", "the") in english_runs
    assert sorted(english_runs & sentences(dutch)) == []
    for words in (
        "Focusuren",
        "Je laatste overzicht",
        "Workspace-instellingen",
        "Stuur me de uitleg",
    ):
        assert words in dutch
