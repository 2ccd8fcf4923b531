"""Does a meeting have an agenda ("no agenda, no attendee"), and is it exempt from asking?

Pure and standard library only. The description is first reduced to what a person wrote
(see description.py); then any one of these counts as an agenda, checked in this order:
a heading with something under it, a list of two or more items, a link to a live document,
an attachment, or enough meaningful words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from bot.meetings.agenda.description import description_lines
from bot.meetings.model import Occurrence

# "About a dozen" distinct words that are not greetings, filler or meeting words. Counting
# distinct words keeps "sync sync sync..." from passing.
MIN_MEANINGFUL_WORDS = 12


class AgendaReason(StrEnum):
    """Why a description was judged to have, or not to have, an agenda."""

    HEADING = "heading"
    LIST = "list"
    DOC_LINK = "doc_link"
    ATTACHMENT = "attachment"
    ENOUGH_WORDS = "enough_words"
    EMPTY = "empty"
    BOILERPLATE_ONLY = "boilerplate_only"
    TOO_SHORT = "too_short"


_DETAIL = {
    AgendaReason.HEADING: "has an agenda heading with points under it",
    AgendaReason.LIST: "lists two or more points",
    AgendaReason.DOC_LINK: "links to a document",
    AgendaReason.ATTACHMENT: "has an attachment",
    AgendaReason.ENOUGH_WORDS: "describes what the meeting is for",
    AgendaReason.EMPTY: "has no description",
    AgendaReason.BOILERPLATE_ONLY: "only has the video-call details",
    AgendaReason.TOO_SHORT: "has too little text to tell what the meeting is for",
}


@dataclass(frozen=True, slots=True)
class AgendaVerdict:
    """The answer of detect_agenda: a machine code in `reason`, a human phrase in `detail`."""

    has_agenda: bool
    reason: AgendaReason

    @property
    def detail(self) -> str:
        """A short phrase for people, e.g. 'only has the video-call details'."""
        return _DETAIL[self.reason]


_HEADING_WORDS = (
    r"agenda|agendapunten|agenda items?|topics?(?= *:)|topics|onderwerpen|bespreekpunten|"
    r"goals?|doel(?:en|stelling)?|purpose|objectives?|discussion points|talking points|"
    r"to discuss|te bespreken|desired outcomes?|outcomes?(?= *:)"
)
# "## Agenda", "**Agenda:**", "Agenda -", "📋 Agenda", "Agenda: roadmap, hiring".
_HEADING = re.compile(
    rf"^[\W_]{{0,4}}(?:{_HEADING_WORDS})(?!\w)"
    r"(?P<sep>[\s*_#]*[:\-–—.][\s:*_#\-–—.]*|[\s*_#]*)(?P<rest>.*)$",
    re.IGNORECASE,
)
_ANNOTATION = re.compile(r"\(.*\)\W*")  # "Agenda (draft)"
# An empty template: "Agenda: TBD" says there is no agenda yet.
_PLACEHOLDER = re.compile(
    r"(?:tbd|tba|tbc|n/?a|todo|to follow|will follow|follows|to be (?:confirmed|shared|decided)"
    r"|later|coming|volgt(?: nog)?|nog te bepalen|nvt|-)?\W*",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(
    r"^(?:[-*•·▪◦‣–—+]\s+|\d{1,2}[.)]\s+|[a-z]\)\s+|\[[ xX✓]?\]\s*)"
    r"(?:\[[ xX✓]?\]\s*)?(?P<item>.*\w.*)$"
)
# Subdomain parts start only after a non-name character and repeats are bounded, so the
# search stays linear on long tokens (descriptions are untrusted input).
_DOC_LINK = re.compile(
    r"(?:docs\.google\.com/(?:document|spreadsheets|presentation|forms)/"
    r"|drive\.google\.com/(?:file|open|drive)"
    r"|notion\.so/|(?<![\w-])[\w-]{1,63}\.notion\.site/"
    r"|(?<![\w-])[\w-]{1,63}\.atlassian\.net/wiki/|\bconfluence\.[\w.-]{1,253}/|/confluence/"
    r"|(?<![\w-])[\w-]{1,63}\.sharepoint\.com/|onedrive\.live\.com/|1drv\.ms/"
    r"|loop\.cloud\.microsoft/|coda\.io/|paper\.dropbox\.com/|dropbox\.com/(?:s/|scl/)?paper"
    r"|quip\.com/"
    r"|github\.com/[\w.-]{1,100}/[\w.-]{1,100}/(?:issues|pull|discussions)/\d+"
    r"|gitlab\.[\w.-]{1,253}/[\w./-]{1,200}?/-/(?:issues|merge_requests|epics)/\d+)",
    re.IGNORECASE,
)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_ANY_WORD = re.compile(r"\w+")
# Greetings, filler and meeting words (English and Dutch) that say nothing about the content.
_STOP_WORDS_TEXT = """
    a an and are as at be but by can do for from hi hello hey hallo hoi dear all
    i if in into is it its i'm let's lets me my of on or our please pls re so that the
    their them then there these this those to up us was we we'll were will with you your
    you're thanks thank thx cheers regards best kind greetings bye see soon
    meeting meetings sync call calls catch catchup chat quick invite invited join joining
    discuss discussion talk about some just also etc via zoom teams meet google link
    de het een en of voor met op te van is zijn we wij ik jij je u jullie dit dat die
    hier daar om aan bij naar als ook nog er maar dan dus wel niet geen
    bedankt dank groet groetjes gr overleg afspraak even kort
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


def _words(text: str) -> set[str]:
    return {
        word
        for word in (w.strip("'’-").casefold() for w in _WORD.findall(_URL.sub(" ", text)))
        if len(word) > 1 and word not in STOP_WORDS
    }


def _heading_inline(line: str) -> str | None:
    """The text after an agenda heading on its line ("" if none); None if not a heading."""
    match = _HEADING.match(line)
    if match is None:
        return None
    rest = match.group("rest").strip()
    if not rest or _ANNOTATION.fullmatch(rest):
        return ""
    if match.group("sep").strip(" *_#"):
        return rest
    return None  # a sentence such as "Agenda will follow" is not a heading


def _has_heading(lines: Sequence[str]) -> bool:
    # The last line that says something (not a placeholder, not another bare heading):
    # a bare heading needs one below it.
    last_meaningful = max(
        (
            i
            for i, line in enumerate(lines)
            if _words(line) and not _PLACEHOLDER.fullmatch(line) and _heading_inline(line) != ""
        ),
        default=-1,
    )
    for index, line in enumerate(lines):
        inline = _heading_inline(line)
        if inline is None:
            continue
        if inline:
            if _PLACEHOLDER.fullmatch(inline):
                continue  # "Agenda: TBD" — whatever follows is not the agenda
            if len(_ANY_WORD.findall(inline)) >= 2:
                return True
        if last_meaningful > index:
            return True  # an empty template ("Agenda:" and nothing) does not count
    return False


def _list_items(lines: Iterable[str]) -> int:
    return sum(1 for line in lines if _LIST_ITEM.match(line))


def _positive_reason(lines: Sequence[str], *, has_attachment: bool) -> AgendaReason | None:
    if _has_heading(lines):
        return AgendaReason.HEADING
    if _list_items(lines) >= 2:
        return AgendaReason.LIST
    joined = "\n".join(lines)
    if _DOC_LINK.search(joined):
        return AgendaReason.DOC_LINK
    if has_attachment:
        return AgendaReason.ATTACHMENT
    if len(_words(joined)) >= MIN_MEANINGFUL_WORDS:
        return AgendaReason.ENOUGH_WORDS
    return None


def detect_agenda(
    description: str | None, *, has_attachment: bool = False, is_html: bool | None = None
) -> AgendaVerdict:
    """Whether a meeting description carries an agenda, and why (never raises)."""
    text = description or ""
    lines = description_lines(text, is_html=is_html) if text.strip() else []
    reason = _positive_reason(lines, has_attachment=has_attachment)
    if reason is not None:
        return AgendaVerdict(True, reason)
    if not text.strip():
        return AgendaVerdict(False, AgendaReason.EMPTY)
    if not lines:
        return AgendaVerdict(False, AgendaReason.BOILERPLATE_ONLY)
    return AgendaVerdict(False, AgendaReason.TOO_SHORT)


# --- exemptions ----------------------------------------------------------------------------

# Titles of events that are not meetings to prepare for. "1:1" is deliberately not here:
# GitLab-style 1:1s run on a shared agenda document, so they are nudged like any meeting;
# a team that disagrees adds "1:1" to its own patterns.
DEFAULT_EXEMPT_TITLE_PATTERNS: tuple[str, ...] = (
    "coffee",
    "koffie",
    "lunch",
    "social",
    "drinks",
    "borrel",
    "vrijmibo",
    "focus time",
    "ooo",
    "out of office",
    "block",
    "blocked",
)


class Exemption(StrEnum):
    """Why a meeting gets no agenda nudge."""

    PRIVATE = "private"
    TOO_FEW_PEOPLE = "too_few_people"
    TITLE = "title"


@lru_cache(maxsize=256)
def _title_regex(pattern: str) -> re.Pattern[str]:
    # Whole words, case-insensitive, any run of spaces: "Focus  Time" matches "focus time",
    # "block" does not match "blocker" or "unblock".
    words = r"\s+".join(re.escape(word) for word in pattern.split())
    return re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)


def title_matches(title: str, patterns: Iterable[str]) -> str | None:
    """The first pattern that occurs in the title as whole words, if any."""
    # A sync asks this twice for each of hundreds of meetings, mostly the same few titles.
    return _first_match(title, tuple(patterns))


@lru_cache(maxsize=4096)
def _first_match(title: str, patterns: tuple[str, ...]) -> str | None:
    for pattern in patterns:
        if pattern.strip() and _title_regex(pattern).search(title):
            return pattern
    return None


def nudge_exemption(
    meeting: Occurrence, exempt_title_patterns: Iterable[str] = DEFAULT_EXEMPT_TITLE_PATTERNS
) -> str | None:
    """Why this meeting must not be nudged for an agenda, or None if it may be.

    Returns "private", "too_few_people" or "title:<pattern>". Private events come first
    and are never nudged: their titles and descriptions are not ours to comment on.
    """
    if meeting.is_private:
        return Exemption.PRIVATE.value
    if len(meeting.human_participants) < 2:
        return Exemption.TOO_FEW_PEOPLE.value
    pattern = title_matches(meeting.title, exempt_title_patterns)
    if pattern is not None:
        return f"{Exemption.TITLE.value}:{pattern}"
    return None
