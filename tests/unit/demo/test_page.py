"""The demo page as a whole: self-contained, escaped, each surface laid out as Slack does."""

from __future__ import annotations

import re
from html import unescape

from bot.demo.page import render_page
from bot.demo.transcript import Scene, ShownMessage
from tests.unit.demo.demo_scenes import NAMES, scenes
from tests.unit.demo.html_checks import text_of

EVIL = "<script>alert(1)</script>"


def _page(*messages: ShownMessage, title: str = "Kairos demo") -> str:
    return render_page(title, [Scene("A scene", messages)], NAMES)


def test_the_page_needs_nothing_from_outside() -> None:
    page = render_page("Kairos demo", scenes(), NAMES)
    assert page.startswith("<!doctype html>")
    assert '<meta charset="utf-8">' in page
    assert "default-src 'none'" in page  # the browser itself refuses anything external
    assert "<script" not in page
    assert not re.search(r"<link|@import|url\(|@font-face", page)
    assert not re.search(r"\ssrc=\"(?!data:)", page)


def test_every_piece_a_person_wrote_is_escaped() -> None:
    message = ShownMessage(
        conversation=f"#{EVIL}", author=EVIL, at=EVIL, text=EVIL, surface="ephemeral",
        seen_by=EVIL,
    )  # fmt: skip
    home = ShownMessage(f"#{EVIL}", EVIL, EVIL, EVIL, surface="home", seen_by=EVIL)
    modal = ShownMessage(f"#{EVIL}", EVIL, EVIL, EVIL, surface="modal", seen_by=EVIL)
    page = render_page(EVIL, [Scene(EVIL, (message, home, modal))], NAMES)
    assert "<script" not in page
    assert page.count("&lt;script&gt;") >= 12
    assert EVIL in text_of(page)


def test_a_message_without_blocks_shows_its_text_as_mrkdwn() -> None:
    page = _page(ShownMessage("#design", "Ben Okafor", "Wed 05:00", "*hi* <@U0ANA00001>"))
    assert '<b>hi</b> <span class="md-mention">@Ana de Vries</span>' in page


def test_blocks_are_shown_instead_of_the_fallback_text() -> None:
    blocks = ({"type": "section", "text": {"type": "mrkdwn", "text": "from the blocks"}},)
    page = _page(ShownMessage("#design", "Kairos", "Wed 05:00", "fallback only", blocks))
    assert "from the blocks" in page
    assert "fallback only" not in page


def test_only_ephemeral_messages_say_only_visible_to_you() -> None:
    seen = ShownMessage("#design", "Kairos", "09:00", "psst", surface="ephemeral", seen_by="Ben")
    public = ShownMessage("#design", "Kairos", "09:01", "hello all")
    page = _page(seen, public)
    assert page.count("Only visible to you") == 1
    assert "Only visible to you (Ben)" in text_of(page)
    assert page.count('class="msg ephemeral"') == 1
    assert page.count('class="msg"') == 1


def test_kairos_is_marked_as_an_app_and_people_are_not() -> None:
    page = _page(
        ShownMessage("#design", "Kairos", "09:00", "a"),
        ShownMessage("#design", "Ana de Vries", "09:01", "b"),
    )
    assert page.count('class="app-tag"') == 1


def test_a_run_of_messages_in_one_conversation_is_introduced_once() -> None:
    page = _page(
        ShownMessage("#design", "Ben", "09:00", "a"),
        ShownMessage("#design", "Ana", "09:01", "b"),
        ShownMessage("Kairos (DM with Ana)", "Kairos", "09:02", "c"),
        ShownMessage("#design", "Ben", "09:03", "d"),
    )
    assert re.findall(r'class="where">in <b>([^<]*)</b>', page) == [
        "#design",
        "Kairos (DM with Ana)",
        "#design",
    ]


def test_home_and_modals_are_panels_with_their_titles() -> None:
    blocks = ({"type": "divider"},)
    page = _page(
        ShownMessage("Kairos", "Kairos", "09:00", "Home", blocks, "home", "Ana"),
        ShownMessage("Kairos", "Kairos", "09:01", "Focus hours", blocks, "modal", "Ana"),
    )
    assert 'class="panel home"' in page
    assert 'class="panel modal"' in page
    assert '<span class="on">Home</span>' in page
    assert '<div class="panel-head"><span>Focus hours</span>' in page
    assert 'class="msg' not in page


def test_the_sidebar_lists_each_conversation_once_and_every_scene() -> None:
    page = render_page("Kairos demo", scenes(), NAMES)
    sidebar = page[page.index('<nav class="sidebar">') : page.index("</nav>")]
    links = [unescape(name) for name in re.findall(r'<a href="#scene-\d+">([^<]*)</a>', sidebar)]
    conversations = [name for name in links if not name[:1].isdigit()]
    assert conversations == ["Kairos (DM with Ana)", "#design", "Kairos"]
    steps = [name for name in links if name[:1].isdigit()]
    assert steps == [f"{n}. {scene.title}" for n, scene in enumerate(scenes(), start=1)]
    for n in range(1, len(scenes()) + 1):
        assert f'id="scene-{n}"' in page


def test_an_author_always_gets_the_same_avatar() -> None:
    page = _page(
        ShownMessage("#design", "Ana de Vries", "09:00", "a"),
        ShownMessage("#design", "Ana de Vries", "09:01", "b"),
        ShownMessage("#design", "Ben Okafor", "09:02", "c"),
    )
    avatars = re.findall(r'<div class="avatar" style="background:(#[0-9a-f]{6})">(.)</div>', page)
    assert [initial for _, initial in avatars] == ["A", "A", "B"]
    assert avatars[0][0] == avatars[1][0]


def test_an_empty_demo_still_makes_a_page() -> None:
    page = render_page("Nothing yet", [], NAMES)
    assert "0 scenes" in page
    assert "</html>" in page
