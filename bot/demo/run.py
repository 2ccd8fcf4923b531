"""`kairos demo`: the real Kairos against the simulated workspace, one scripted afternoon at
accelerated time, shown as a transcript in the terminal and as a web page.

Everything runs in this process on 127.0.0.1: the fake Slack, the calendar feed, Kairos
(composition root, migrations, scheduler) on a new SQLite database in a temporary folder.
It needs no tokens and no network, and reads no settings from the environment or a .env.
"""

from __future__ import annotations

import logging
import secrets
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from datetime import timedelta
from pathlib import Path

from bot.clock import ScaledClock, SystemClock
from bot.demo import workspace
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.demo.host import DemoError, FeedServer, Kairos, demo_settings, sqlite_url
from bot.demo.page import render_page
from bot.demo.scene import Stage, play
from bot.demo.shown import message_lines
from bot.demo.transcript import Scene, ShownMessage
from bot.norms import repo as norms_repo
from bot.norms.model import (
    ChannelKind,
    Norms,
    ResponseKind,
    ResponseTime,
    UrgentKind,
    UrgentRoute,
)

# Demo seconds per real second: a demo minute passes in half a real second, and the
# scheduler's one-second sweep sees every demo minute or two.
DEFAULT_SPEED = 120
PAGE_NAME = "kairos-demo.html"
LOG_NAME = "kairos-demo.log"
TITLE = f"Kairos at {workspace.TEAM_NAME}: one afternoon"

Print = Callable[[str], None]


def run_demo(out: Path, speed: float = DEFAULT_SPEED, show: Print = print) -> Path:
    """Play the demo, printing its transcript; returns the page it wrote. DemoError (one
    line) when something did not happen; Kairos's own log is in the out folder."""
    out.mkdir(parents=True, exist_ok=True)
    log_path = out / LOG_NAME
    with _logging_to(log_path), ExitStack() as stack:
        clock = ScaledClock(workspace.scene_start(SystemClock().now()), speed)
        show(f"Kairos demo: {workspace.TEAM_NAME}, a simulated Slack workspace, at {speed:g}x.")
        show("People: " + ", ".join(f"{p.name} ({p.tz.key})" for p in workspace.PEOPLE) + ".")
        stage = _set_up(stage=stack, clock=clock)
        scenes = []
        names = workspace.names()
        for number, scene in enumerate(play(stage), start=1):
            scenes.append(scene)
            show(_scene_text(number, scene, names))
        problems = stage.fake.internal_errors
        if problems:
            raise DemoError(f"the simulated Slack failed: {problems[0].splitlines()[-1]}")
    page = out / PAGE_NAME
    page.write_text(render_page(TITLE, scenes, names), encoding="utf-8")
    show(f"\nThe page shows each message as Slack would: {page.resolve()}")
    return page


def _set_up(*, stage: ExitStack, clock: ScaledClock) -> Stage:
    """Start the fake Slack, the calendar feed and Kairos; stopped when the stack closes."""
    folder = Path(stage.enter_context(tempfile.TemporaryDirectory(prefix="kairos-demo-")))
    fake = FakeSlack(bot_token=f"xoxb-demo-{secrets.token_hex(8)}", clock=clock.timestamp)
    fake.start()
    stage.callback(fake.stop)
    workspace.furnish(fake)
    feed = FeedServer(workspace.calendar_feed(clock.now()))
    feed.start()
    stage.callback(feed.stop)
    settings = demo_settings(fake, sqlite_url(folder), admin=workspace.ANA.user_id)
    kairos = Kairos(settings, clock)
    stage.callback(kairos.stop)
    kairos.start()
    _agree_norms(kairos)
    return Stage(fake=fake, kairos=kairos, clock=clock, feed_url=feed.url)


def _agree_norms(kairos: Kairos) -> None:
    """#design's norms, agreed before the afternoon begins: async, answers within four
    working hours, and #incidents for what cannot wait."""
    norms = Norms(
        purpose=workspace.DESIGN.purpose,
        kind=ChannelKind.ASYNC,
        response=ResponseTime(ResponseKind.WORKING_MINUTES, 4 * 60),
        urgent=UrgentRoute(UrgentKind.CHANNEL, workspace.INCIDENTS.channel_id),
    )
    uow, engine = kairos.unit_of_work()
    try:
        with uow() as session:
            agreed = kairos.clock.now() - timedelta(days=30)
            norms_repo.put(
                session, workspace.DESIGN.channel_id, norms, workspace.ANA.user_id, agreed
            )
    finally:
        engine.dispose()


def _scene_text(number: int, scene: Scene, names: Mapping[str, str]) -> str:
    """A scene as the terminal shows it: its title, then each message, indented."""
    lines = ["", f"── {number}. {scene.title} " + "─" * max(3, 72 - len(scene.title))]
    lines.extend(_message_text(message, names) for message in scene.messages)
    return "\n".join(lines)


def _message_text(message: ShownMessage, names: Mapping[str, str]) -> str:
    where = message.conversation
    if message.surface != "message":
        where += f", only {message.seen_by or 'one person'} sees it"
    head = f"  [{message.at}] {message.author} in {where}:"
    body = [f"      {line}" for line in message_lines(message, names)]
    return "\n".join([head, *body])


@contextmanager
def _logging_to(path: Path) -> Iterator[None]:
    """Kairos's log into a file for the length of the demo: the terminal shows the story."""
    handler = logging.FileHandler(path, mode="w", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    # uvicorn and alembic configure their own handlers unless told not to; route them here.
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "alembic"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    try:
        yield
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
        handler.close()
