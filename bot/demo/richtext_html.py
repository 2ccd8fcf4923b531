"""Block Kit's rich_text block as HTML (pure): sections, lists, code, quotes, inline styles.

This is the form Slack gives a message a person typed, so the demo shows people's
messages with it too.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.demo.blockkit_elements import as_dict, as_list, as_str, unknown_html
from bot.demo.mrkdwn_html import EMOJI, emoji_html, escape

_STYLES = (("code", "code"), ("bold", "b"), ("italic", "i"), ("strike", "s"))
_SAFE_URL = ("https://", "http://", "mailto:")


def rich_text_html(block: Mapping[str, object], names: Mapping[str, str]) -> str:
    """A rich_text block's parts, each as Slack lays it out."""
    parts = [_part(part, names) for part in as_list(block.get("elements"))]
    return f'<div class="bk-rich">{"".join(parts)}</div>'


def _part(value: object, names: Mapping[str, str]) -> str:
    part = as_dict(value)
    kind = as_str(part.get("type"))
    inner = _inline(part.get("elements"), names)
    if kind == "rich_text_section":
        return f'<div class="bk-rich-section">{inner}</div>'
    if kind == "rich_text_preformatted":
        return f'<pre class="md-pre">{inner}</pre>'
    if kind == "rich_text_quote":
        return f'<blockquote class="md-quote">{inner}</blockquote>'
    if kind == "rich_text_list":
        tag = "ol" if part.get("style") == "ordered" else "ul"
        indent = part.get("indent")
        level = indent if isinstance(indent, int) and 0 <= indent <= 8 else 0
        items = "".join(
            f"<li>{_inline(as_dict(item).get('elements'), names)}</li>"
            for item in as_list(part.get("elements"))
        )
        return f'<{tag} class="bk-rich-list" style="margin-left:{level * 24}px">{items}</{tag}>'
    return unknown_html(kind or "unknown", "part")


def _inline(elements: object, names: Mapping[str, str]) -> str:
    return "".join(_element(element, names) for element in as_list(elements))


def _element(value: object, names: Mapping[str, str]) -> str:
    element = as_dict(value)
    kind = as_str(element.get("type"))
    if kind == "text":
        shown = escape(as_str(element.get("text"))).replace("\n", "<br>")
    elif kind == "link":
        url = as_str(element.get("url"))
        label = escape(as_str(element.get("text")) or url)
        shown = (
            f'<a class="md-link" href="{escape(url)}">{label}</a>'
            if url.startswith(_SAFE_URL)
            else label
        )
    elif kind == "emoji":
        name = as_str(element.get("name"))
        shown = EMOJI.get(name) or _unicode(as_str(element.get("unicode"))) or emoji_html(name)
    elif kind in ("user", "channel", "usergroup"):
        key = as_str(element.get(f"{kind}_id"))
        sign = "#" if kind == "channel" else "@"
        name = (names.get(key) or key).removeprefix(sign)
        shown = f'<span class="md-mention">{escape(sign + name)}</span>'
    elif kind == "broadcast":
        shown = f'<span class="md-broadcast">@{escape(as_str(element.get("range")))}</span>'
    elif kind == "date":
        shown = f'<span class="md-date">{escape(as_str(element.get("fallback")))}</span>'
    else:
        return unknown_html(kind or "unknown", "element")
    return _styled(shown, as_dict(element.get("style")))


def _unicode(code: str) -> str:
    """An emoji from Slack's hex code points ("1f44d" or "1f1f3-1f1f1"), or ""."""
    try:
        points = [int(point, 16) for point in code.split("-")] if code else []
    except ValueError:
        return ""
    # A lone surrogate could not be written out as UTF-8.
    if not all(0 < point <= 0x10FFFF and not 0xD800 <= point <= 0xDFFF for point in points):
        return ""
    return escape("".join(map(chr, points)))


def _styled(shown: str, style: Mapping[str, object]) -> str:
    for key, tag in _STYLES:
        if style.get(key) is True:
            shown = f"<{tag}>{shown}</{tag}>"
    return shown
