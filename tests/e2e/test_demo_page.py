"""The demo page in a real browser: Debian's Chromium, headless, screenshot and DOM checked.

Without Chromium the tests skip, unless KAIROS_REQUIRE_BROWSER=1 (CI sets it): then they
fail, so CI can never pass without having looked at the page.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bot.demo.page import render_page
from bot.demo.page_style import PRIMARY_GREEN, SIDEBAR
from tests.e2e.png_pixels import Image, decode
from tests.unit.demo.demo_scenes import HOSTILE, NAMES, scenes

WIDTH, HEIGHT = 1200, 2000
SIDEBAR_WIDTH = 240  # page_style.py's .sidebar width
# A browser that hangs must not hang the suite; starting one takes a few seconds.
BROWSER_TIMEOUT = 120
INSTALL = "apt-get install -y chromium"


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = int(hex_colour.removeprefix("#"), 16)
    return value >> 16, (value >> 8) & 0xFF, value & 0xFF


@pytest.fixture(scope="module")
def browser() -> str:
    """Chromium's path; skip without it, or fail when KAIROS_REQUIRE_BROWSER=1."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    message = f"Chromium is not installed, so the demo page was not tested: `{INSTALL}`"
    if os.environ.get("KAIROS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"KAIROS_REQUIRE_BROWSER=1 but {message}")
    pytest.skip(message)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the page; also the browser's home, so it writes nothing elsewhere."""
    folder = tmp_path_factory.mktemp("demo_page")
    (folder / "page.html").write_text(render_page("Kairos demo", scenes(), NAMES), "utf-8")
    return folder


def _chromium(browser: str, workdir: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    home = workdir / "home"
    home.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home),
        "XDG_CACHE_HOME": str(home),
    }
    command = [
        browser,
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--user-data-dir={home / 'profile'}",
        *flags,
        (workdir / "page.html").as_uri(),
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=BROWSER_TIMEOUT, env=env, check=False
    )
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def screenshot(browser: str, workdir: Path) -> Image:
    """The page as Chromium draws it in a 1200×2000 window."""
    target = workdir / "page.png"
    _chromium(browser, workdir, f"--screenshot={target}", f"--window-size={WIDTH},{HEIGHT}")
    assert target.is_file(), "Chromium wrote no screenshot"
    return decode(target.read_bytes())


class _Dom(HTMLParser):
    """The text a reader sees (not <style> or <title>), and every element's tag and class."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.elements: list[tuple[str, str]] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs).get("class") or ""))
        self._hidden += tag in ("style", "title")

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("style", "title")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.texts.append(data)

    def with_class(self, css: str) -> list[str]:
        return [tag for tag, classes in self.elements if css in classes.split()]


@pytest.fixture(scope="module")
def dom(browser: str, workdir: Path) -> _Dom:
    """The DOM Chromium built from the page, as it serialises it."""
    parsed = _Dom()
    parsed.feed(_chromium(browser, workdir, "--dump-dom").stdout)
    parsed.close()
    return parsed


def test_the_screenshot_is_a_png_of_the_window_size(screenshot: Image) -> None:
    assert (screenshot.width, screenshot.height) == (WIDTH, HEIGHT)


def test_the_page_is_drawn_not_blank(screenshot: Image) -> None:
    main = (SIDEBAR_WIDTH, 0, WIDTH, HEIGHT)
    colours = {(r, g, b) for _, _, r, g, b in screenshot.pixels(main)}
    dark = sum(1 for _, _, r, g, b in screenshot.pixels(main) if r + g + b < 200)
    # Text antialiased in several colours, and a good deal of dark (text) ink.
    assert len(colours) > 100
    assert dark > 20_000


def test_the_sidebar_is_slack_aubergine_and_the_messages_white(screenshot: Image) -> None:
    assert screenshot.pixel(5, HEIGHT // 2) == _rgb(SIDEBAR)
    assert screenshot.pixel(SIDEBAR_WIDTH - 5, HEIGHT - 5) == _rgb(SIDEBAR)
    assert screenshot.pixel(WIDTH - 5, 5) == (255, 255, 255)


def _near(colour: tuple[int, int, int], target: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 3 for a, b in zip(colour, target, strict=True))


def test_the_primary_button_is_green_where_the_first_scene_shows_it(screenshot: Image) -> None:
    green = _rgb(PRIMARY_GREEN)
    whole = (0, 0, WIDTH, HEIGHT)
    found = [(x, y) for x, y, r, g, b in screenshot.pixels(whole) if _near((r, g, b), green)]
    assert found, "no primary-green pixels: the Add agenda button is not drawn"
    xs, ys = [x for x, _ in found], [y for _, y in found]
    # One button ("Add agenda" in the first scene): in the message column, near the top,
    # button-sized, and mostly filled (the rest is its white label).
    assert min(xs) > SIDEBAR_WIDTH
    assert max(ys) < 500
    width, height = max(xs) - min(xs) + 1, max(ys) - min(ys) + 1
    assert 60 <= width <= 200
    assert 20 <= height <= 40
    assert len(found) > 0.6 * width * height


def test_the_dom_holds_every_scene_and_what_kairos_said(dom: _Dom) -> None:
    text = " ".join(" ".join(dom.texts).split())
    for expected in (
        *(scene.title for scene in scenes()),
        "Add agenda",
        "Make it async",
        "Design sync",
        "@Ana de Vries is focusing until 06:30 (your time)",
        "Only visible to you (Ben Okafor)",
        "It's urgent",
        "While you were focusing, 3 mentions came in.",
        "#design",
        "#releases",
        "Weekly meeting cleanup",
        "Attendee-hours",
        "Focus blocks (optional)",
        "Urgent route: a channel (optional)",
    ):
        assert expected in text
    assert dom.with_class("bk-primary") == ["span"]
    assert len(dom.with_class("msg")) == 7
    assert len(dom.with_class("panel")) == 3


def test_a_message_with_markup_shows_it_as_text(dom: _Dom) -> None:
    assert HOSTILE in "".join(dom.texts)
    tags = {tag for tag, _ in dom.elements}
    assert "script" not in tags
    assert "b" in tags  # Kairos's own bold, drawn: the message's <b> was not


RAW_MARKUP = [
    re.compile(pattern)
    for pattern in (
        r"<[@#!]",  # a mention or broadcast left unrendered
        r"<https?://",  # a link left unrendered
        r"&(?:amp|lt|gt);",  # an entity escaped twice
        r"(?<![\w*])\*[^\s*][^*\n]*\*(?![\w*])",  # *bold*
        r"(?<![\w_])_[^\s_][^_\n]*_(?![\w_])",  # _italic_
        r"(?<!\w)~[^\s~][^~\n]*~(?!\w)",  # ~strike~
        r"`",
    )
]


def _visible(dom: _Dom) -> Iterator[str]:
    # The hostile message is meant to show its markup as typed.
    yield from (text for text in dom.texts if text.strip() and HOSTILE not in text)


def test_no_raw_mrkdwn_is_left_in_the_rendered_text(dom: _Dom) -> None:
    leftovers = [(p.pattern, t) for t in _visible(dom) for p in RAW_MARKUP if p.search(t)]
    assert leftovers == []
