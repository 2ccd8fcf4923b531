"""Turn a calendar description into the lines a person wrote: HTML and dial-in boilerplate out.

Pure and standard library only. Calendar servers wrap what the organiser typed in machine
text (Google Meet, Teams, Zoom and Webex join blocks, Google's invitation footer), and
Outlook, Teams and Google send HTML. Agenda detection must only look at the human part.

Boilerplate is recognised line by line, never by "everything after marker X": stripping a
block of lines could swallow what the organiser wrote below it, and the per-line rule is
what guarantees that adding boilerplate to a description never changes its verdict.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache

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
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


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


# --- boilerplate -------------------------------------------------------------------------

_URL = re.compile(
    r"<(?:https?|mailto|tel|sip|callto):[^<>\s]*>|(?:https?://|www\.)[^\s<>\"']+"
    r"|\b(?:mailto|tel):[^\s<>\"']+"
    # Join links written without a scheme ("meet.google.com/abc-defg-hij" in Google's footer).
    # Bounded subdomain repeats and the lookbehind keep this linear on long tokens.
    r"|(?<![\w.-])(?:[\w-]{1,63}\.){0,4}"
    r"(?:meet\.google\.com|zoom\.us|zoomgov\.com|teams\.microsoft\.com|webex\.com)/[^\s<>]*",
    re.IGNORECASE,
)
# Hosts of join links, dial-in pages and calendar chrome: a line made only of these is
# machinery, whereas a line made only of a document link is content.
_INFRA_URL = re.compile(
    r"(?:meet\.google\.com|tel\.meet|zoom\.us|zoomgov\.com|teams\.microsoft\.com|teams\.live\.com|"
    r"aka\.ms|microsoft\.com|lync\.com|webex\.com|whereby\.com|support\.google\.com|"
    r"calendar\.google\.com|google\.com/calendar|^(?:<)?(?:tel|sip|callto):)",
    re.IGNORECASE,
)


def _phrase_key(fragment: str) -> str:
    # Bullets ("-", "*") are kept: "- Webex" in a list is the organiser's point, not chrome.
    return fragment.strip(" \t:|>_.").lower().replace("’", "'")


_PHRASES_TEXT = """
# Google Meet and Google Calendar
join with google meet
join google meet
meeting link
join by phone
join with phone
more phone numbers
view more phone numbers
or dial
learn more about meet at
please do not edit this section
invitation from google calendar
view your event at
view all guest info
reply
more options
join video call
meet.google.com
# Microsoft Teams (old and new layouts)
microsoft teams meeting
microsoft teams
microsoft teams need help?
need help?
join on your computer, mobile app or room device
join on your computer or mobile app
join on your computer, mobile app or room
click here to join the meeting
join the meeting now
join microsoft teams meeting
download teams
join on the web
learn more
meeting options
help
or call in (audio only)
find a local number
reset pin
reset dial-in pin
for organizers: meeting options
dial in by phone
dial-in by phone
join on a video conferencing device
join with a video conferencing device
more info
privacy and security
you've been invited to a microsoft teams meeting
# Zoom
join zoom meeting
one tap mobile
dial by your location
find your local number
join by sip
join by h.323
join by skype for business
join instructions
meeting url
join from pc, mac, linux, ios or android
or ios/android
or an h.323/sip room system
or join by phone
or skype for business (lync)
# Webex
-- do not delete or change any of the following text. --
when it's time, join the webex meeting here.
join webex meeting
join meeting
tap to join from a mobile device (attendees only)
global call-in numbers
join from a video system or application
can't join the meeting?
join using microsoft lync or microsoft skype for business
need help? go to
if you are a host, click here to view host information.
if you are a host, go here to view host information.
webex
"""
# One phrase a line, compared after URLs are removed, lowercased, edges trimmed.
_PHRASES = frozenset(
    _phrase_key(line) for line in _PHRASES_TEXT.splitlines() if line and not line.startswith("#")
)
_PHRASE_PREFIXES = (
    "you are receiving this email because",
    "you are receiving this courtesy email",
    "forwarding this invitation could allow",
    "to stop receiving future updates for this event",
    "invitation from google calendar",
    "reply for ",
    "or dial:",
)
_ZOOM_INTRO_TEXT = r".{0,80} is inviting you to a scheduled zoom meeting\.?"
_PATTERNS = re.compile(
    r"|".join(
        (
            _ZOOM_INTRO_TEXT,
            r"(?:meeting|webinar|conference|phone conference|video|personal meeting)\s*id\s*:?"
            r"\s*[\d\s#]*",
            r"(?:meeting number(?: \(access code\))?|access code|conference id)\s*:?\s*[\d\s#]+",
            r"(?:passcode|password|meeting password|numeric passcode|pin|host key|host pin)"
            r"\s*:\s*\S{1,40}",
            r"pin\s*:?\s*[\d\s]+#?",
            r"tenant key\s*:\s*\S+",
            r"(?:you can also )?dial\s+(?=\S*[\d@])\S+(?: and enter your meeting number\.?)?",
            r"(?:[•·*\-]\s*)?\S{1,64}@(?:zoomcrc\.com|[\w.-]{0,253}webex\.com|[\w.-]{0,253}zoom\.us)"
            r"\b.*",
            r"(?:[•·*\-]\s*)?\d{1,3}(?:\.\d{1,3}){3}\b.{0,40}",
        )
    ),
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?:[•·*\-]\s*)?(?:\([a-z]{2}\)\s*)?(\+[\d\s().,#*\-]+)", re.IGNORECASE)
_ZOOM_INTRO = re.compile(_ZOOM_INTRO_TEXT, re.IGNORECASE)
_ZOOM_INTRO_DETAILS = re.compile(r"(?:topic|time)\s*:.*", re.IGNORECASE)
_NO_WORDS = re.compile(r"[\W_]*")


def normalise_line(line: str) -> str:
    """One line with invisible characters removed and whitespace collapsed."""
    return " ".join(line.translate(_INVISIBLE).replace("\u00a0", " ").split())


def _is_phone_line(line: str) -> bool:
    match = _PHONE.match(line)
    return match is not None and sum(ch.isdigit() for ch in match.group(1)) >= 8


@lru_cache(maxsize=8192)
def is_boilerplate_line(line: str) -> bool:
    """Whether a (normalised) line is conferencing or calendar machinery, not content."""
    if _NO_WORDS.fullmatch(line):
        return True  # separators such as ____ or -::~:~::~:~::- carry no words
    urls = _URL.findall(line)
    rest = _URL.sub(" ", line)
    if urls and _NO_WORDS.fullmatch(rest):
        return all(_INFRA_URL.search(url) for url in urls)
    lowered = normalise_line(rest).lower()
    if lowered.startswith(_PHRASE_PREFIXES):
        return True
    if _PATTERNS.fullmatch(lowered) or _is_phone_line(lowered):
        return True
    # "Download Teams | Join on the web", "Learn More | Meeting options"
    parts = [_phrase_key(part) for part in lowered.split("|")]
    return all(part in _PHRASES or not part for part in parts)


def content_lines(lines: Iterable[str]) -> list[str]:
    """The lines that are not boilerplate, normalised, in order."""
    kept: list[str] = []
    after_zoom_intro = False
    for raw in lines:
        line = normalise_line(raw)
        if not line:
            continue
        if after_zoom_intro and _ZOOM_INTRO_DETAILS.fullmatch(line):
            continue  # Zoom's "Topic: <title>" / "Time: <when>" right under its intro line
        after_zoom_intro = _ZOOM_INTRO.fullmatch(line) is not None
        if not is_boilerplate_line(line):
            kept.append(line)
    return kept


def description_lines(description: str, *, is_html: bool | None = None) -> list[str]:
    """The human-written lines of a calendar description (HTML rendered, boilerplate out)."""
    if is_html is None:
        is_html = looks_like_html(description)
    text = html_to_text(description) if is_html else description
    return content_lines(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
