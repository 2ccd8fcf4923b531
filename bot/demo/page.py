"""The demo's web page (pure): each scene and what Kairos showed, laid out like Slack.

One self-contained HTML file: inline CSS, no scripts, fonts or remote images, so it opens
from file:// on a machine without network. A Content-Security-Policy says the same to the
browser, so even a rendering mistake could not run or load anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.demo.blockkit_html import blocks_html
from bot.demo.mrkdwn_html import escape, mrkdwn_html, plain_html
from bot.demo.page_style import CSS
from bot.demo.transcript import Scene, ShownMessage

BOT_NAME = "Kairos"
_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
# Slack's avatar-like colours; a name always gets the same one.
_AVATARS = ("#4a154b", "#1264a3", "#2bac76", "#e8912d", "#cd2553", "#36c5f0", "#7c3085")


def render_page(title: str, scenes: Sequence[Scene], names: Mapping[str, str]) -> str:
    """The whole page: a sidebar of conversations, then every scene's messages in order.

    `names` maps Slack ids (users, channels) to the names `<@U…>` and `<#C…>` show.
    """
    body = "".join(_scene(n, scene, names) for n, scene in enumerate(scenes, start=1))
    count = len(scenes)
    subtitle = f"{count} scene{'' if count == 1 else 's'}, as Slack would show them."
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head>\n"
        f"<body>{_sidebar(title, scenes)}"
        f'<main class="main"><header class="page-head"><h1>{escape(title)}</h1>'
        f"<p>{subtitle}</p></header>\n{body}</main></body></html>\n"
    )


def _sidebar(title: str, scenes: Sequence[Scene]) -> str:
    """Slack's left column: each conversation once, linking to the first scene it is in."""
    first: dict[str, int] = {}
    for n, scene in enumerate(scenes, start=1):
        for message in scene.messages:
            first.setdefault(message.conversation, n)
    conversations = "".join(
        f'<li><a href="#scene-{n}">{escape(name)}</a></li>' for name, n in first.items()
    )
    steps = "".join(
        f'<li><a href="#scene-{n}">{n}. {escape(scene.title)}</a></li>'
        for n, scene in enumerate(scenes, start=1)
    )
    return (
        f'<nav class="sidebar"><div class="workspace">{escape(title)}</div>'
        f'<div class="nav-label">Conversations</div><ul>{conversations}</ul>'
        f'<div class="nav-label">Scenes</div><ul>{steps}</ul></nav>'
    )


def _scene(number: int, scene: Scene, names: Mapping[str, str]) -> str:
    parts: list[str] = []
    where = None
    for message in scene.messages:
        # Like a channel view, a run of messages in one place is introduced once.
        if message.surface in ("home", "modal"):
            parts.append(_panel(message, names))
            where = None
            continue
        if message.conversation != where:
            where = message.conversation
            parts.append(f'<div class="where">in <b>{escape(where)}</b></div>')
        parts.append(_message(message, names))
    heading = f'<span class="scene-no">{number}</span>{escape(scene.title)}'
    return (
        f'<section class="scene" id="scene-{number}"><h2>{heading}</h2>{"".join(parts)}</section>\n'
    )


def _content(message: ShownMessage, names: Mapping[str, str]) -> str:
    """What Slack shows: the blocks when there are any, else the text as mrkdwn."""
    if message.blocks:
        return blocks_html(message.blocks, names)
    return mrkdwn_html(message.text, names)


def _message(message: ShownMessage, names: Mapping[str, str]) -> str:
    ephemeral = message.surface == "ephemeral"
    tag = '<span class="app-tag">APP</span>' if message.author == BOT_NAME else ""
    only = ""
    if ephemeral:
        whose = f" ({escape(message.seen_by)})" if message.seen_by else ""
        only = f'<div class="only-you">Only visible to you{whose}</div>'
    return (
        f'<article class="msg{" ephemeral" if ephemeral else ""}">{_avatar(message.author)}'
        f'<div class="msg-body"><div class="msg-head"><span class="author">'
        f"{escape(message.author)}</span>{tag}<time>{escape(message.at)}</time></div>"
        f'{only}<div class="msg-content">{_content(message, names)}</div></div></article>'
    )


def _panel(message: ShownMessage, names: Mapping[str, str]) -> str:
    """App Home as a tab of the app, a modal as a dialog with its title."""
    whose = f" · {escape(message.seen_by)}" if message.seen_by else ""
    if message.surface == "home":
        head = (
            f'<div class="panel-head"><span>{escape(BOT_NAME)}</span>'
            f"<small>{escape(message.conversation)}{whose} · {escape(message.at)}</small></div>"
            '<div class="panel-tabs"><span class="on">Home</span><span>Messages</span>'
            "<span>About</span></div>"
        )
        css = "panel home"
    else:
        head = (
            f'<div class="panel-head"><span>{plain_html(message.text)}</span>'
            f"<small>{escape(message.conversation)}{whose} · {escape(message.at)} "
            '<span class="close">✕</span></small></div>'
        )
        css = "panel modal"
    body = f'<div class="panel-body">{_content(message, names)}</div>'
    return f'<div class="{css}">{head}{body}</div>'


def _avatar(author: str) -> str:
    initial = next((char for char in author if char.isalnum()), "?").upper()
    colour = _AVATARS[sum(map(ord, author)) % len(_AVATARS)]
    return f'<div class="avatar" style="background:{colour}">{escape(initial)}</div>'
