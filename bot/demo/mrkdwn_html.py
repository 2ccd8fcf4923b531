"""Slack's mrkdwn and plain_text as HTML (pure), for the demo page.

Slack's text arrives with `&`, `<` and `>` escaped as entities; a raw `<…>` is markup (a
link, a mention, a broadcast). Markup Slack would not recognise is shown as the text it
is, and every character that reaches the page is HTML-escaped, so no input can inject
markup into the page.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# The shortcodes Kairos and the demo use most; any other shows as its shortcode text.
EMOJI = {
    "+1": "👍", "-1": "👎", "thumbsup": "👍", "thumbsdown": "👎", "white_check_mark": "✅",
    "heavy_check_mark": "✔️", "x": "❌", "warning": "⚠️", "rotating_light": "🚨",
    "calendar": "📆", "date": "📅", "spiral_calendar_pad": "🗓️", "alarm_clock": "⏰",
    "hourglass": "⌛", "hourglass_flowing_sand": "⏳", "stopwatch": "⏱️", "bell": "🔔",
    "no_bell": "🔕", "zzz": "💤", "headphones": "🎧", "palm_tree": "🌴", "tada": "🎉",
    "wave": "👋", "eyes": "👀", "memo": "📝", "pushpin": "📌", "bulb": "💡",
    "bar_chart": "📊", "chart_with_upwards_trend": "📈", "chart_with_downwards_trend": "📉",
    "coffee": "☕", "telephone_receiver": "📞", "sparkles": "✨", "speech_balloon": "💬",
    "thinking_face": "🤔", "slightly_smiling_face": "🙂", "smile": "😄", "pray": "🙏",
    "raised_hands": "🙌", "heart": "❤️", "inbox_tray": "📥", "link": "🔗", "gear": "⚙️",
    "house": "🏠", "lock": "🔒", "dart": "🎯", "brain": "🧠", "information_source": "ℹ️",
    "question": "❓", "exclamation": "❗", "red_circle": "🔴", "large_green_circle": "🟢",
    "sunrise": "🌅", "crescent_moon": "🌙", "point_right": "👉", "mute": "🔇",
}  # fmt: skip

_PRE = re.compile(r"```(.+?)```", re.DOTALL)
# A :shortcode: has a letter (so "10:30:00" stays a time), unless it is :+1: or :-1:.
_SHORTCODE = r":(\+1|-1|[a-z0-9_+'-]*[a-z][a-z0-9_+'-]*):"
_EMOJI = re.compile(_SHORTCODE)
# Inline code, `<…>` markup and shortcodes.
_TOKEN = re.compile(r"`([^`\n]+)`|<([^<>\n]*)>|" + _SHORTCODE)
_ENTITY = re.compile(r"&(amp|lt|gt);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">"}
_QUOTE = (">", "&gt;")
_BULLET = re.compile(r"\s*(?:[•◦▪‣–-]|\d{1,3}[.)])\s")
_MARKS = {"*": "b", "_": "i", "~": "s"}
_SAFE_URL = ("https://", "http://", "mailto:")
_BROADCASTS = ("here", "channel", "everyone")


@dataclass(frozen=True, slots=True)
class _Html:
    """A finished piece of HTML among the characters of a line: formatting never enters it."""

    html: str


_Atom = str | _Html  # a str atom is one character of text


def unescape(text: str) -> str:
    """Slack's three entities back to the characters they stand for (nothing else)."""
    return _ENTITY.sub(lambda m: _ENTITIES[m.group(1)], text)


def escape(text: str) -> str:
    """Text as HTML, quotes too (safe in attributes)."""
    return html.escape(text, quote=True)


def emoji_html(name: str) -> str:
    """A shortcode's emoji, or its shortcode text when it is not one of the common ones."""
    known = EMOJI.get(name)
    if known:
        return f'<span class="md-emoji" title=":{escape(name)}:">{known}</span>'
    return f'<span class="md-shortcode">:{escape(name)}:</span>'


def plain_html(text: str, *, emoji: bool = True) -> str:
    """A plain_text object's text: shown as written, shortcodes as emoji when asked."""
    if not emoji:
        return escape(text).replace("\n", "<br>")
    out: list[str] = []
    pos = 0
    for m in _EMOJI.finditer(text):
        out += [escape(text[pos : m.start()]), emoji_html(m.group(1))]
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out).replace("\n", "<br>")


def mrkdwn_html(text: str, names: Mapping[str, str]) -> str:
    """A mrkdwn text as HTML: formatting, quotes, lists, links, mentions and emoji."""
    out: list[str] = []
    pos = 0
    for m in _PRE.finditer(text):
        # The line break that ends the text before a block belongs to the block's layout.
        out.append(_lines_html(_trim_newline(text[pos : m.start()], end=True), names))
        out.append(f'<pre class="md-pre">{verbatim_html(m.group(1).strip(chr(10)), names)}</pre>')
        pos = m.end() + (1 if text.startswith("\n", m.end()) else 0)
    out.append(_lines_html(text[pos:], names))
    return "".join(part for part in out if part)


def _trim_newline(text: str, *, end: bool) -> str:
    return text[:-1] if end and text.endswith("\n") else text


def verbatim_html(text: str, names: Mapping[str, str]) -> str:
    """Code: no formatting, but mentions and links shown by name, as Slack shows them."""
    out: list[str] = []
    pos = 0
    for m in re.finditer(r"<([^<>\n]*)>", text):
        out.append(escape(unescape(text[pos : m.start()])))
        out.append(escape(_markup(m.group(1), names).text))
        pos = m.end()
    out.append(escape(unescape(text[pos:])))
    return "".join(out)


def _lines_html(text: str, names: Mapping[str, str]) -> str:
    if not text:
        return ""
    out: list[str] = []
    quoted: list[str] = []
    for line in text.split("\n"):
        marker = next((q for q in _QUOTE if line.startswith(q)), None)
        if marker is not None:
            body = line[len(marker) :]
            quoted.append(_line_html(body[1:] if body.startswith(" ") else body, names))
            continue
        if quoted:
            out.append(f'<blockquote class="md-quote">{"".join(quoted)}</blockquote>')
            quoted = []
        out.append(_line_html(line, names))
    if quoted:
        out.append(f'<blockquote class="md-quote">{"".join(quoted)}</blockquote>')
    return "".join(out)


def _line_html(line: str, names: Mapping[str, str]) -> str:
    kind = "md-li" if _BULLET.match(line) else "md-line"
    return f'<div class="{kind}">{inline_html(line, names)}</div>'


def inline_html(line: str, names: Mapping[str, str]) -> str:
    """One line of mrkdwn (no line breaks) as inline HTML."""
    atoms: list[_Atom] = []
    pos = 0
    for m in _TOKEN.finditer(line):
        atoms.extend(unescape(line[pos : m.start()]))
        code, markup, shortcode = m.groups()
        if code is not None:
            atoms.append(_Html(f"<code>{verbatim_html(code, names)}</code>"))
        elif markup is not None:
            shown = _markup(markup, names)
            if shown.html is None:
                atoms.extend(shown.text)
            else:
                atoms.append(_Html(shown.html))
        else:
            atoms.append(_Html(emoji_html(shortcode)))
        pos = m.end()
    atoms.extend(unescape(line[pos:]))
    return _Formatter(atoms).render(0, len(atoms))


@dataclass(frozen=True, slots=True)
class _Shown:
    """What a `<…>` shows: its text, and its HTML (None: not markup, show the text)."""

    text: str
    html: str | None


def _markup(inner: str, names: Mapping[str, str]) -> _Shown:
    """`<@U…>`, `<#C…|name>`, `<!here>`, `<url|label>`; anything else is its own text."""
    target, _, label = inner.partition("|")
    label = unescape(label)
    shown = _mention(target, label, names)
    if shown is None and target.startswith(_SAFE_URL):
        url = unescape(target)
        text = label or url
        shown = _Shown(text, f'<a class="md-link" href="{escape(url)}">{escape(text)}</a>')
    return shown or _Shown(f"<{unescape(inner)}>", None)


def _mention(target: str, label: str, names: Mapping[str, str]) -> _Shown | None:
    """A person, channel, group, broadcast or date; None when target is none of them."""
    sign, key = target[:1], target[1:]
    if sign in ("@", "#") and key:
        return _span("md-mention", sign + (names.get(key) or label or key).removeprefix(sign))
    if sign != "!":
        return None
    if key in _BROADCASTS:
        return _span("md-broadcast", "@" + key)
    if key.startswith("subteam^"):
        return _span("md-mention", label or "@group")
    if key.startswith("date^") and label:
        return _span("md-date", label)
    return None


def _span(css: str, text: str) -> _Shown:
    return _Shown(text, f'<span class="{css}">{escape(text)}</span>')


class _Formatter:
    """*bold*, _italic_ and ~strike~ over one line's atoms, nested, as Slack pairs them.

    A marker opens after a boundary (start, space, punctuation) before a non-space, and
    closes after a non-space before a boundary; an opener takes the nearest closer of its
    kind, so an unbalanced marker stays text. Ranges are half-open [lo, hi): the edges of a
    formatted span count as boundaries for what is inside it, so `*_both_*` nests.
    """

    def __init__(self, atoms: Sequence[_Atom]) -> None:
        self.atoms = atoms

    def _char(self, index: int, lo: int, hi: int) -> str | None:
        """The character at index, "" for a finished piece, None outside the range."""
        if not lo <= index < hi:
            return None
        atom = self.atoms[index]
        return atom if isinstance(atom, str) else ""

    def _opens(self, i: int, lo: int, hi: int) -> bool:
        before, after = self._char(i - 1, lo, hi), self._char(i + 1, lo, hi)
        return after is not None and not after.isspace() and not (before and before.isalnum())

    def _closes(self, j: int, lo: int, hi: int) -> bool:
        before, after = self._char(j - 1, lo, hi), self._char(j + 1, lo, hi)
        return before is not None and not before.isspace() and not (after and after.isalnum())

    def render(self, lo: int, hi: int) -> str:
        """The atoms in [lo, hi) as HTML."""
        closers = {
            mark: [j for j in range(lo, hi) if self.atoms[j] == mark and self._closes(j, lo, hi)]
            for mark in _MARKS
        }
        out: list[str] = []
        i = lo
        while i < hi:
            atom = self.atoms[i]
            if isinstance(atom, _Html):
                out.append(atom.html)
            elif atom in _MARKS and self._opens(i, lo, hi):
                found = closers[atom]
                k = bisect_left(found, i + 2)
                if k < len(found):
                    j = found[k]
                    tag = _MARKS[atom]
                    out.append(f"<{tag}>{self.render(i + 1, j)}</{tag}>")
                    i = j + 1
                    continue
                out.append(escape(atom))
            else:
                out.append(escape(atom))
            i += 1
        return "".join(out)


def markdown_html(text: str, names: Mapping[str, str]) -> str:
    """A `markdown` block (standard Markdown, no entities): its common forms, via mrkdwn."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"\[([^\]\n|]+)\]\((https?://[^)\s|]+)\)", r"<\2|\1>", text)
    text = re.sub(r"\*\*([^*\n]+)\*\*", r"*\1*", text)
    text = re.sub(r"^#{1,6} +(.+)$", r"*\1*", text, flags=re.MULTILINE)
    return mrkdwn_html(text, names)
