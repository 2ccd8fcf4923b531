"""Block Kit on the demo page: every block and element in its visible form, and never a crash."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.demo.blockkit_html import block_html, blocks_html
from tests.unit.demo.html_checks import problems, text_of

NAMES = {"U0ANA": "Ana de Vries", "C0DESIGN": "design"}
PNG = "data:image/png;base64,iVBORw0KGgo="


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}


def option(text: str, value: str, description: str = "") -> dict[str, Any]:
    found: dict[str, Any] = {"text": plain(text), "value": value}
    if description:
        found["description"] = plain(description)
    return found


def section(accessory: dict[str, Any]) -> dict[str, Any]:
    return {"type": "section", "text": mrkdwn("Pick"), "accessory": accessory}


def shown(block: dict[str, Any]) -> tuple[str, str]:
    """The block's HTML (checked safe) and the text a reader sees in it."""
    html = block_html(block, NAMES)
    assert problems(html) == []
    return html, " ".join(text_of(html, " ").split())


@pytest.mark.parametrize(
    ("block", "text", "css"),
    [
        ({"type": "header", "text": plain("Focus hours :tada:")}, "Focus hours 🎉", "bk-header"),
        ({"type": "divider"}, "", "bk-divider"),
        ({"type": "section", "text": mrkdwn("*Hi* <@U0ANA>")}, "Hi @Ana de Vries", "bk-section"),
        (
            {"type": "section", "fields": [mrkdwn("*Meetings*\n12"), mrkdwn("*Hours*\n9.5 h")]},
            "Meetings 12 Hours 9.5 h",
            "bk-fields",
        ),
        (
            {"type": "context", "elements": [mrkdwn("Only _you_"), plain("see this")]},
            "Only you see this",
            "bk-context",
        ),
        (
            {"type": "image", "image_url": PNG, "alt_text": "Meeting hours chart",
             "title": plain("Last 8 weeks")},
            "Last 8 weeks",
            "bk-image",
        ),
        ({"type": "markdown", "text": "**Done** [it](https://example.test)"}, "Done it", "bk-text"),
        ({"type": "video", "title": plain("x")}, "(video block)", "bk-unknown"),
        ({"type": ""}, "(unknown block)", "bk-unknown"),
    ],
)  # fmt: skip
def test_blocks(block: dict[str, Any], text: str, css: str) -> None:
    html, seen = shown(block)
    assert seen == text
    assert css in html


@pytest.mark.parametrize(
    ("element", "text", "css"),
    [
        ({"type": "button", "text": plain("Add agenda"), "style": "primary"}, "Add agenda",
         "bk-button bk-primary"),
        ({"type": "button", "text": plain("Delete"), "style": "danger"}, "Delete",
         "bk-button bk-danger"),
        ({"type": "button", "text": plain("Later"), "style": "odd"}, "Later", 'class="bk-button"'),
        ({"type": "overflow", "options": [option("Edit", "e")]}, "⋯", "bk-overflow"),
        ({"type": "static_select", "placeholder": plain("Choose a day"),
          "options": [option("Friday", "4")]}, "Choose a day ▾", "bk-placeholder"),
        ({"type": "static_select", "initial_option": option("Friday", "4"),
          "options": [option("Friday", "4")]}, "Friday ▾", "bk-select"),
        ({"type": "multi_static_select", "initial_options": [option("Mon", "0"),
          option("Tue", "1")]}, "MonTue ▾", "bk-chip"),
        ({"type": "users_select", "initial_user": "U0ANA"}, "@Ana de Vries ▾", "bk-select"),
        ({"type": "conversations_select", "initial_conversation": "C0DESIGN"}, "#design ▾",
         "bk-select"),
        ({"type": "multi_channels_select", "initial_channels": ["C0DESIGN", "C0X"]},
         "#design#C0X ▾", "bk-chip"),
        ({"type": "datepicker", "initial_date": "2026-03-06"}, "📅2026-03-06", "bk-picker"),
        ({"type": "datepicker"}, "📅Select a date", "bk-placeholder"),
        ({"type": "timepicker", "initial_time": "09:30"}, "🕒09:30", "bk-picker"),
        ({"type": "datetimepicker", "initial_date_time": 1772618400}, "📅2026-03-04 10:00 UTC",
         "bk-picker"),
        ({"type": "checkboxes", "options": [option("Mon", "0"), option("Tue", "1", "busy")],
          "initial_options": [option("Tue", "1")]}, "☐Mon☑Tuebusy", "bk-on"),
        ({"type": "radio_buttons", "options": [option("Async", "a"), option("Sync", "s")],
          "initial_option": option("Sync", "s")}, "○Async◉Sync", "bk-on"),
        ({"type": "image", "image_url": "https://example.test/a.png", "alt_text": "Ana"}, "🖼",
         "bk-img-frame"),
        ({"type": "rating_stars"}, "(rating_stars element)", "bk-unknown"),
    ],
)  # fmt: skip
def test_elements_in_actions_and_as_accessories(
    element: dict[str, Any], text: str, css: str
) -> None:
    for block in ({"type": "actions", "elements": [element]}, section(element)):
        html, seen = shown(block)
        assert seen.removeprefix("Pick").strip().replace(" ", "") == text.replace(" ", "")
        assert css in html


def test_radio_buttons_without_a_choice_show_none_chosen() -> None:
    _, seen = shown(
        {"type": "actions", "elements": [{"type": "radio_buttons", "options": [option("A", "")]}]}
    )
    assert seen == "○ A"


@pytest.mark.parametrize(
    ("element", "text", "css"),
    [
        ({"type": "plain_text_input", "placeholder": plain("e.g. mon-fri 9:00-11:30")},
         "e.g. mon-fri 9:00-11:30", "bk-placeholder"),
        ({"type": "plain_text_input", "multiline": True, "initial_value": "mon 9:00 :tada:"},
         "mon 9:00 :tada:", "bk-multiline"),
        ({"type": "url_text_input", "initial_value": "https://example.test/basic.ics"},
         "https://example.test/basic.ics", "bk-textbox"),
        ({"type": "number_input", "is_decimal_allowed": False}, "", "bk-textbox"),
        ({"type": "file_input"}, "Drag a file here, or browse", "bk-textbox"),
    ],
)  # fmt: skip
def test_inputs_show_label_element_hint_and_optional(
    element: dict[str, Any], text: str, css: str
) -> None:
    block = {"type": "input", "label": plain("Focus blocks"), "element": element,
             "hint": plain("In your time zone"), "optional": True}  # fmt: skip
    html, seen = shown(block)
    assert seen == " ".join(f"Focus blocks (optional) {text} In your time zone".split())
    assert css in html
    required = block_html({**block, "optional": False, "hint": None}, NAMES)
    assert "(optional)" not in required
    assert "bk-hint" not in required


def test_an_embedded_image_is_shown_and_a_remote_one_never_loaded() -> None:
    embedded, _ = shown({"type": "image", "image_url": PNG, "alt_text": "Chart"})
    assert f'src="{PNG}"' in embedded
    assert 'alt="Chart"' in embedded
    remote, seen = shown(
        {"type": "image", "image_url": "https://example.test/c.png", "alt_text": "Chart"}
    )
    assert "src=" not in remote
    assert "example.test" not in remote
    assert seen == "🖼 Chart"
    sneaky, _ = shown(
        {"type": "image", "image_url": 'data:image/png;base64,AA" onerror="x', "alt_text": ""}
    )
    assert "src=" not in sneaky


RICH = {
    "type": "rich_text",
    "elements": [
        {"type": "rich_text_section", "elements": [
            {"type": "user", "user_id": "U0ANA"},
            {"type": "text", "text": " please look at "},
            {"type": "text", "text": "this", "style": {"bold": True, "italic": True}},
            {"type": "text", "text": " <b>raw</b> ", "style": {"code": True}},
            {"type": "link", "url": "https://example.test/doc", "text": "the doc"},
            {"type": "link", "url": "javascript:alert(1)", "text": "bad"},
            {"type": "channel", "channel_id": "C0DESIGN"},
            {"type": "emoji", "name": "tada"},
            {"type": "emoji", "name": "custom", "unicode": "1f44b"},
            {"type": "emoji", "name": "broken", "unicode": "d800"},
            {"type": "broadcast", "range": "here"},
            {"type": "date", "timestamp": 1772618400, "fallback": "Mar 4"},
            {"type": "sparkle"},
        ]},
        {"type": "rich_text_list", "style": "ordered", "indent": 1, "elements": [
            {"type": "rich_text_section", "elements": [{"type": "text", "text": "first"}]},
            {"type": "rich_text_section", "elements": [{"type": "text", "text": "second"}]},
        ]},
        {"type": "rich_text_list", "style": "bullet", "indent": 99, "elements": [
            {"type": "rich_text_section", "elements": [{"type": "text", "text": "dot"}]},
        ]},
        {"type": "rich_text_preformatted", "elements": [{"type": "text", "text": "a *b*\nc"}]},
        {"type": "rich_text_quote", "elements": [{"type": "text", "text": "quoted"}]},
        {"type": "rich_text_mystery"},
    ],
}  # fmt: skip


def test_rich_text_as_people_type_it() -> None:
    html, seen = shown(RICH)
    assert seen == (
        "@Ana de Vries please look at this <b>raw</b> the doc bad #design 🎉👋 :broken: @here "
        "Mar 4 (sparkle element) first second dot a *b* c quoted (rich_text_mystery part)"
    )
    assert "<i><b>this</b></i>" in html
    assert "<code> &lt;b&gt;raw&lt;/b&gt; </code>" in html
    assert '<a class="md-link" href="https://example.test/doc">the doc</a>' in html
    assert "javascript" not in html
    assert '<ol class="bk-rich-list" style="margin-left:24px">' in html
    assert '<ul class="bk-rich-list" style="margin-left:0px">' in html
    assert '<pre class="md-pre">a *b*<br>c</pre>' in html


@pytest.mark.parametrize(
    "block",
    [
        "not a block", None, 3, [], {}, {"type": 7}, {"type": "section"},
        {"type": "section", "text": "plain string", "fields": "x", "accessory": 5},
        {"type": "section", "text": {"type": "mrkdwn", "text": None}},
        {"type": "context", "elements": [None, {"type": "image"}, {"type": "mrkdwn"}]},
        {"type": "actions", "elements": {"type": "button"}},
        {"type": "actions", "elements": [{"type": "checkboxes", "options": [None, {"value": []}],
                                          "initial_options": [{"value": {"a": 1}}]}]},
        {"type": "actions", "elements": [{"type": "datetimepicker", "initial_date_time": 1e300}]},
        {"type": "input", "label": None, "element": None},
        {"type": "rich_text", "elements": [{"type": "rich_text_list", "elements": [None],
                                             "indent": "deep"}]},
        {"type": "image"},
    ],
)  # fmt: skip
def test_malformed_blocks_render_without_failing(block: Any) -> None:
    assert problems(block_html(block, NAMES)) == []


KEYS = st.sampled_from(
    ["type", "text", "fields", "accessory", "elements", "element", "label", "hint", "optional",
     "style", "options", "initial_option", "initial_options", "placeholder", "image_url",
     "alt_text", "title", "url", "user_id", "name", "unicode", "indent", "initial_user",
     "initial_date", "initial_date_time", "multiline", "initial_value", "emoji", "value"]
)  # fmt: skip
TYPES = st.sampled_from(
    ["section", "context", "actions", "input", "header", "image", "rich_text", "markdown",
     "mrkdwn", "plain_text", "button", "static_select", "users_select", "checkboxes",
     "radio_buttons", "datepicker", "datetimepicker", "plain_text_input", "rich_text_section",
     "rich_text_list", "text", "link", "emoji", "user", "channel", "nonsense"]
)  # fmt: skip
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TYPES, st.text(max_size=20)
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(KEYS, inner, max_size=6),
        st.fixed_dictionaries({"type": TYPES}, optional={"text": inner, "elements": inner}),
    ),
    max_leaves=30,
)


@settings(max_examples=300)
@given(st.lists(JSON, max_size=5))
def test_any_json_renders_as_safe_markup(blocks: list[Any]) -> None:
    assert problems(blocks_html(blocks, NAMES)) == []
