"""`kairos demo` as a newcomer runs it: no tokens, no settings, a junk .env beside it."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from bot.demo.run import LOG_NAME, PAGE_NAME
from tests.support.process import kairos_command

pytestmark = pytest.mark.e2e

# What each scene must show, in the order the scenes come.
STEPS = [
    ("1. Ana starts 90 minutes of focus", "Focus session started"),
    ("2. Ben mentions Ana", "is focusing until"),
    ("3. Maya's urgent message reaches Ana at once", "marked a message for you as urgent"),
    ("4. Ana's focus ends", "While you were focusing, 1 mention came in."),
    ("5. Ana connects her calendar", "Weekly sync"),
    ("6. Ana posts the weekly meeting summary in #team", "Weekly meeting cleanup"),
]

# Read, any of these would stop Kairos with a settings error, or point it at a real
# deployment's database and Slack.
JUNK_ENV = """\
SLACK_BOT_TOKEN=xoxb-your-bot-token
SLACK_SIGNING_SECRET=change-me
SLACK_API_URL=ftp://nowhere
DATABASE_URL=sqlite:///{here}/kairos.db
KAIROS_SWEEP_SECONDS=banana
KAIROS_ENCRYPTION_KEY=not-a-key
"""


def test_the_demo_plays_every_scene_and_writes_its_page(tmp_path: Path) -> None:
    here, home = tmp_path / "clone", tmp_path / "home"
    here.mkdir()
    home.mkdir()
    (here / ".env").write_text(JUNK_ENV.format(here=here))
    out = here / "demo-out"

    done = subprocess.run(
        [*kairos_command(), "demo", "--out", str(out)],
        env={"PATH": os.environ["PATH"], "HOME": str(home)},
        cwd=here,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )

    printed = done.stdout + done.stderr
    assert done.returncode == 0, printed
    position = 0
    for title, outcome in STEPS:
        scene = done.stdout.index(title, position)
        position = done.stdout.index(outcome, scene)
    page = out / PAGE_NAME
    assert done.stdout.rstrip().endswith(str(page.resolve()))
    assert "Weekly sync" in page.read_text(encoding="utf-8")
    assert "Traceback" not in printed
    assert "Traceback" not in (out / LOG_NAME).read_text(encoding="utf-8")
    assert not (here / "kairos.db").exists()


def test_a_speed_it_cannot_use_gets_one_line_and_changes_nothing(tmp_path: Path) -> None:
    done = subprocess.run(
        [*kairos_command(), "demo", "--out", str(tmp_path / "out"), "--speed", "fast"],
        env={"PATH": os.environ["PATH"], "HOME": str(tmp_path)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "--speed 240" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


def test_a_failure_is_one_line_and_exit_1(tmp_path: Path) -> None:
    taken = tmp_path / "a-file"
    taken.write_text("not a folder")
    done = subprocess.run(
        [*kairos_command(), "demo", "--out", str(taken)],
        env={"PATH": os.environ["PATH"], "HOME": str(tmp_path)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("kairos demo stopped: ")
    assert str(taken) in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert taken.read_text() == "not a folder"
