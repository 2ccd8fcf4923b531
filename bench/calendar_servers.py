"""The calendar sync benchmark's two child processes: the feed server and the fake Slack.
Each prints one line of JSON once it serves, then serves until SIGTERM."""

from __future__ import annotations

import json
import signal
import threading
from collections import Counter
from datetime import date

from bench.calendar_feeds import POOL_INTERNAL, address, feed_path, owner_zone, plan_feeds, user_id
from bench.calendar_ics import render_feed
from tests.support.process import BOT_TOKEN


def _wait_for_sigterm() -> None:
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    stop.wait()


def serve_feeds(feeds: int, events: int, anchor: date) -> None:
    """Generate the feeds, serve them with ETags, print what was served, wait for SIGTERM."""
    from tests.support.feeds import FeedServer, Route  # noqa: PLC0415

    server = FeedServer()
    sizes: list[int] = []
    counts = Counter[str]()
    for owner, planned in enumerate(plan_feeds(feeds, events, anchor)):
        body = render_feed(owner, planned, anchor)
        server.routes[feed_path(owner)] = Route(body=body)
        sizes.append(len(body))
        counts["vevents"] += body.count(b"BEGIN:VEVENT")
        counts["series"] += body.count(b"\r\nRRULE:FREQ=WEEKLY") + body.count(b"RRULE:FREQ=DAILY")
        counts["overrides"] += body.count(b"\r\nRECURRENCE-ID;")
        counts["exdates"] += body.count(b"\r\nEXDATE;")
    server.start()
    facts = {"url": server.url(""), "bytes": sum(sizes), "largest": max(sizes), **counts}
    print(json.dumps(facts), flush=True)
    _wait_for_sigterm()
    server.stop()


def serve_slack(users: int) -> None:
    """The fake Slack with every feed owner and pool colleague, emails and zones included."""
    from bot.demo.fake_slack.slack_api import FakeSlack  # noqa: PLC0415

    fake = FakeSlack(bot_token=BOT_TOKEN)
    fake.start()
    for n in range(max(users, POOL_INTERNAL)):
        fake.add_user(user_id(n), name=f"user{n}", tz=owner_zone(n), email=address(n))
    print(json.dumps({"url": fake.api_url}), flush=True)
    _wait_for_sigterm()
    fake.stop()
