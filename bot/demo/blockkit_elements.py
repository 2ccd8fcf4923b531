"""Block Kit's interactive elements and images, in their visible form (pure).

Nothing here works: a button is a styled label, a select shows its chosen option or its
placeholder. The page only has to look like Slack, and stays free of scripts. Input comes
as Slack received it, so every field is read defensively: a missing or odd one shows as
little as possible rather than failing the whole page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from bot.demo.mrkdwn_html import escape, mrkdwn_html, plain_html

# An embedded image is shown as it is; anything else would load from the network.
_DATA_IMAGE = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+")
_SELECTS = frozenset(
    f"{multi}{kind}_select"
    for multi in ("", "multi_")
    for kind in ("static", "external", "users", "conversations", "channels")
)
_TEXT_INPUTS = frozenset(
    {"plain_text_input", "email_text_input", "url_text_input", "number_input", "rich_text_input"}
)


def as_dict(value: object) -> dict[str, Any]:
    """value if it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


def as_list(value: object) -> list[Any]:
    """value if it is a JSON array, else an empty one."""
    return list(value) if isinstance(value, list | tuple) else []


def as_str(value: object) -> str:
    """value if it is a string, else ""."""
    return value if isinstance(value, str) else ""


def text_html(obj: object, names: Mapping[str, str]) -> str:
    """A text object (mrkdwn or plain_text) as HTML; "" when there is none."""
    text = as_dict(obj)
    body = as_str(text.get("text"))
    if text.get("type") == "mrkdwn":
        return mrkdwn_html(body, names)
    return plain_html(body, emoji=text.get("emoji") is not False)


def _plain(obj: object) -> str:
    """A text object's words without formatting: for a control's one-line label."""
    return as_str(as_dict(obj).get("text"))


def element_html(element: object, names: Mapping[str, str]) -> str:
    """An interactive element (or image) as it appears in Slack."""
    el = as_dict(element)
    kind = as_str(el.get("type"))
    if kind in _SELECTS:
        return _select(el, kind, names)
    if kind in _TEXT_INPUTS:
        return _text_input(el)
    if kind in ("checkboxes", "radio_buttons"):
        return _choices(el, names, radio=kind == "radio_buttons")
    draw = _ELEMENTS.get(kind)
    return draw(el) if draw else unknown_html(kind or "unknown", "element")


def button_html(label: str, style: str = "") -> str:
    """A button; Slack's primary is green, danger red, anything else the plain outline."""
    css = {"primary": " bk-primary", "danger": " bk-danger"}.get(style, "")
    return f'<span class="bk-button{css}">{plain_html(label)}</span>'


def unknown_html(kind: str, what: str) -> str:
    """A block or element the page does not draw: named, small and grey."""
    return f'<span class="bk-unknown">({escape(kind)} {what})</span>'


def image_html(image: object, *, small: bool = False, title: str = "") -> str:
    """An image: embedded when it is a data: URL, otherwise a frame holding its alt text."""
    img = as_dict(image)
    alt = as_str(img.get("alt_text"))
    url = as_str(img.get("image_url"))
    css = "bk-img-small" if small else "bk-img"
    caption = f'<div class="bk-img-title">{title}</div>' if title else ""
    if _DATA_IMAGE.fullmatch(url):
        return f'{caption}<img class="{css}" src="{escape(url)}" alt="{escape(alt)}">'
    shown = "🖼" if small else f"🖼 {escape(alt) or 'image'}"
    return f'{caption}<span class="{css} bk-img-frame" title="{escape(alt)}">{shown}</span>'


def _select(el: dict[str, Any], kind: str, names: Mapping[str, str]) -> str:
    chosen = [_plain(as_dict(option).get("text")) for option in as_list(el.get("initial_options"))]
    chosen.append(_plain(as_dict(el.get("initial_option")).get("text")))
    for key, sign in (("user", "@"), ("conversation", "#"), ("channel", "#")):
        ids = [as_str(el.get(f"initial_{key}"))] + [
            as_str(one) for one in as_list(el.get(f"initial_{key}s"))
        ]
        chosen += [sign + (names.get(one) or one).removeprefix("#") for one in ids if one]
    chosen = [one for one in chosen if one]
    if not chosen:
        placeholder = _plain(el.get("placeholder")) or "Select an item"
        inner = f'<span class="bk-placeholder">{plain_html(placeholder)}</span>'
    elif kind.startswith("multi_"):
        inner = "".join(f'<span class="bk-chip">{plain_html(one)}</span>' for one in chosen)
    else:
        inner = plain_html(chosen[0])
    return f'<span class="bk-select">{inner}<span class="bk-caret">▾</span></span>'


def _picker(icon: str, value: str, el: dict[str, Any], default: str) -> str:
    if value:
        shown = plain_html(value)
    else:
        placeholder = plain_html(_plain(el.get("placeholder")) or default)
        shown = f'<span class="bk-placeholder">{placeholder}</span>'
    return f'<span class="bk-select bk-picker"><span class="bk-icon">{icon}</span>{shown}</span>'


def _epoch(value: object) -> str:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**33:
        return ""
    return f"{datetime.fromtimestamp(value, UTC):%Y-%m-%d %H:%M} UTC"


def _choices(el: dict[str, Any], names: Mapping[str, str], *, radio: bool) -> str:
    chosen = {as_str(as_dict(option).get("value")) for option in as_list(el.get("initial_options"))}
    if radio:
        chosen = {as_str(as_dict(el.get("initial_option")).get("value"))}
    rows: list[str] = []
    for item in as_list(el.get("options")):
        option = as_dict(item)
        value = as_str(option.get("value"))
        on = bool(value) and value in chosen
        mark = ("◉" if on else "○") if radio else ("☑" if on else "☐")
        css = "bk-choice bk-on" if on else "bk-choice"
        about = text_html(option.get("description"), names)
        extra = f'<div class="bk-choice-about">{about}</div>' if about else ""
        rows.append(
            f'<div class="{css}"><span class="bk-mark">{mark}</span>'
            f"<div>{text_html(option.get('text'), names)}{extra}</div></div>"
        )
    return f'<div class="bk-choices">{"".join(rows)}</div>'


def _text_input(el: dict[str, Any]) -> str:
    value = as_str(el.get("initial_value"))
    css = "bk-textbox bk-multiline" if el.get("multiline") is True else "bk-textbox"
    if value:
        return f'<div class="{css}">{plain_html(value, emoji=False)}</div>'
    placeholder = plain_html(_plain(el.get("placeholder")))
    return f'<div class="{css}"><span class="bk-placeholder">{placeholder}</span></div>'


def _button(el: dict[str, Any]) -> str:
    return button_html(_plain(el.get("text")), as_str(el.get("style")))


_ELEMENTS: dict[str, Callable[[dict[str, Any]], str]] = {
    "button": _button,
    "workflow_button": _button,
    "overflow": lambda el: '<span class="bk-overflow" title="More actions">⋯</span>',
    "datepicker": lambda el: _picker("📅", as_str(el.get("initial_date")), el, "Select a date"),
    "timepicker": lambda el: _picker("🕒", as_str(el.get("initial_time")), el, "Select time"),
    "datetimepicker": lambda el: _picker(
        "📅", _epoch(el.get("initial_date_time")), el, "Select date and time"
    ),
    "file_input": lambda el: '<div class="bk-textbox">Drag a file here, or browse</div>',
    "image": lambda el: image_html(el, small=True),
}
