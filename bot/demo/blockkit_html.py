"""Block Kit blocks as HTML close to how Slack lays them out (pure), for the demo page.

A block type the page does not draw shows as a small grey "(type block)", so a new kind
of message never breaks the page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from bot.demo.blockkit_elements import (
    as_dict,
    as_list,
    as_str,
    element_html,
    image_html,
    text_html,
    unknown_html,
)
from bot.demo.mrkdwn_html import markdown_html, plain_html
from bot.demo.richtext_html import rich_text_html

_Renderer = Callable[[dict[str, Any], Mapping[str, str]], str]


def blocks_html(blocks: Sequence[object], names: Mapping[str, str]) -> str:
    """Each block in order, as Slack stacks them in a message, modal or Home tab."""
    return "".join(block_html(block, names) for block in blocks)


def block_html(value: object, names: Mapping[str, str]) -> str:
    """One block; an unknown or malformed one as a small grey note."""
    block = as_dict(value)
    kind = as_str(block.get("type"))
    render = _RENDERERS.get(kind)
    if render is None:
        return f'<div class="bk-block">{unknown_html(kind or "unknown", "block")}</div>'
    return render(block, names)


def _header(block: dict[str, Any], names: Mapping[str, str]) -> str:
    return f'<div class="bk-block bk-header">{text_html(block.get("text"), names)}</div>'


def _section(block: dict[str, Any], names: Mapping[str, str]) -> str:
    body = ""
    if block.get("text") is not None:
        body += f'<div class="bk-text">{text_html(block.get("text"), names)}</div>'
    fields = [
        f'<div class="bk-field">{text_html(f, names)}</div>' for f in as_list(block.get("fields"))
    ]
    if fields:
        body += f'<div class="bk-fields">{"".join(fields)}</div>'
    accessory = block.get("accessory")
    side = f'<div class="bk-accessory">{element_html(accessory, names)}</div>' if accessory else ""
    return f'<div class="bk-block bk-section"><div class="bk-section-body">{body}</div>{side}</div>'


def _context(block: dict[str, Any], names: Mapping[str, str]) -> str:
    parts = []
    for value in as_list(block.get("elements")):
        element = as_dict(value)
        kind = element.get("type")
        if kind == "image":
            parts.append(image_html(element, small=True))
        elif kind in ("mrkdwn", "plain_text"):
            parts.append(f'<span class="bk-context-text">{text_html(element, names)}</span>')
        else:
            parts.append(unknown_html(as_str(kind) or "unknown", "element"))
    return f'<div class="bk-block bk-context">{"".join(parts)}</div>'


def _divider(block: dict[str, Any], names: Mapping[str, str]) -> str:
    return '<hr class="bk-block bk-divider">'


def _actions(block: dict[str, Any], names: Mapping[str, str]) -> str:
    elements = "".join(element_html(element, names) for element in as_list(block.get("elements")))
    return f'<div class="bk-block bk-actions">{elements}</div>'


def _image(block: dict[str, Any], names: Mapping[str, str]) -> str:
    title = as_dict(block.get("title"))
    caption = plain_html(as_str(title.get("text"))) if title else ""
    return f'<div class="bk-block bk-image">{image_html(block, title=caption)}</div>'


def _input(block: dict[str, Any], names: Mapping[str, str]) -> str:
    label = text_html(block.get("label"), names)
    optional = (
        ' <span class="bk-optional">(optional)</span>' if block.get("optional") is True else ""
    )
    hint = text_html(block.get("hint"), names)
    below = f'<div class="bk-hint">{hint}</div>' if hint else ""
    return (
        f'<div class="bk-block bk-input"><div class="bk-label">{label}{optional}</div>'
        f"{element_html(block.get('element'), names)}{below}</div>"
    )


def _rich_text(block: dict[str, Any], names: Mapping[str, str]) -> str:
    return f'<div class="bk-block">{rich_text_html(block, names)}</div>'


def _markdown(block: dict[str, Any], names: Mapping[str, str]) -> str:
    text = markdown_html(as_str(block.get("text")), names)
    return f'<div class="bk-block bk-text">{text}</div>'


_RENDERERS: dict[str, _Renderer] = {
    "header": _header,
    "section": _section,
    "context": _context,
    "divider": _divider,
    "actions": _actions,
    "image": _image,
    "input": _input,
    "rich_text": _rich_text,
    "markdown": _markdown,
}
