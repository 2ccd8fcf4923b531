"""Turn a calendar description into the lines a person wrote: HTML and dial-in boilerplate out.

Pure and standard library only. Calendar servers wrap what the organiser typed in machine
text (Google Meet, Teams, Zoom, Webex, Skype and GoToMeeting join blocks, Google's footers,
Outlook's forwarded-meeting header), and Outlook, Teams and Google send HTML. Agenda
detection must only look at the human part; which lines are machine text is boilerplate.py's
business, and this module renders HTML into lines.
"""

from __future__ import annotations

import html
import re

from bot.meetings.agenda.boilerplate import content_lines, is_boilerplate_line, normalise_line

__all__ = [
    "content_lines",
    "description_lines",
    "html_to_text",
    "is_boilerplate_line",
    "looks_like_html",
    "normalise_line",
    "rendered_lines",
]

# Tags that start a new line when rendered. A source newline is kept as a line break too
# (see html_to_text): Google appends its Meet block in plain text to HTML descriptions.
_BLOCK_TAG = re.compile(
    r"<\s*(?:br|/?p|/?div|/?tr|/?table|/?h[1-6]|/?ul|/?ol|/li|/?blockquote|/?pre|"
    r"/?section|/?article|/?header|/?footer|hr)\b[^<>]*>",
    re.IGNORECASE,
)
_LIST_ITEM_TAG = re.compile(r"<\s*li\b[^<>]*>", re.IGNORECASE)
_ANCHOR_TAG = re.compile(
    r"<\s*a\b[^<>]*?\bhref\s*=\s*(?:\"([^\"<>]*)\"|'([^'<>]*)'|([^\s\"'<>]+))[^<>]*>",
    re.IGNORECASE,
)
_ANY_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]*>|<![^<>]*>|<\?[^<>]*>")
# Only well-known tags make a text "HTML": a plain-text Outlook description is full of
# "<https://…>" and "<tel:…>" wrappers that must not flip it into HTML mode.
_HTML_HINT = re.compile(
    r"<\s*/?\s*(?:br|p|div|span|a|ul|ol|li|b|i|u|strong|em|html|body|head|table|tr|td|th|"
    r"h[1-6]|font|img|hr|blockquote|pre|meta|style)\b[^<>]*>",
    re.IGNORECASE,
)
_SOFT_WRAP = re.compile(r"\r?\n[ \t]+(?=\S)")
_FULL_DOCUMENT = re.compile(r"<\s*(?:html|body)\b", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """Whether a description uses HTML markup (rather than angle-bracketed URLs)."""
    return _HTML_HINT.search(text) is not None


def _remove_closed(text: str, opening: str, closing: str, pattern: re.Pattern[str]) -> str:
    """Remove `pattern` matches, but only in the part of the text that has a closer.

    An unclosed `<!--` or `<style>` is left as text instead of swallowing the rest, and
    cutting at the last closer keeps the regex linear on text full of unclosed openers.
    """
    lowered = text.lower()
    if opening not in lowered:
        return text
    last = lowered.rfind(closing)
    end = lowered.find(">", last) + 1 if last >= 0 else 0
    if end <= 0:
        return text
    return pattern.sub("\n", text[:end]) + text[end:]


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HIDDEN_ELEMENTS = {
    name: re.compile(rf"<\s*{name}\b[^<>]*>.*?<\s*/\s*{name}\s*>", re.DOTALL | re.IGNORECASE)
    for name in ("head", "style", "script", "title", "xml")
}


def _anchor_to_text(match: re.Match[str]) -> str:
    href = next((group for group in match.groups() if group), "")
    # Keep the target: a link to the agenda document is often only in the href.
    return f" {html.unescape(href)} "


def html_to_text(markup: str) -> str:
    """Render HTML as plain text lines, keeping link targets and list items."""
    text = _remove_closed(markup, "<!--", "-->", _COMMENT)
    for name, pattern in _HIDDEN_ELEMENTS.items():
        text = _remove_closed(text, f"<{name}", f"</{name}", pattern)
    if _FULL_DOCUMENT.search(text):
        # Outlook/Teams send whole documents whose source wraps sentences at ~76 columns:
        # there a newline is only whitespace.
        text = re.sub(r"\s*\n\s*", " ", text)
    else:
        # Fragments keep their newlines (Google appends its Meet block as plain text), except
        # Word-style soft wraps, where the continuation line starts with a space.
        text = _SOFT_WRAP.sub(" ", text)
    text = _ANCHOR_TAG.sub(_anchor_to_text, text)
    text = _LIST_ITEM_TAG.sub("\n- ", text)
    text = _BLOCK_TAG.sub("\n", text)
    text = _ANY_TAG.sub(" ", text)
    return html.unescape(text)


def rendered_lines(description: str, *, is_html: bool | None = None) -> list[str]:
    """A description as the lines a person sees (HTML rendered), boilerplate included."""
    if is_html is None:
        is_html = looks_like_html(description)
    text = html_to_text(description) if is_html else description
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def description_lines(description: str, *, is_html: bool | None = None) -> list[str]:
    """The human-written lines of a calendar description (HTML rendered, boilerplate out)."""
    return content_lines(rendered_lines(description, is_html=is_html))
