"""Does a meeting have an agenda ("no agenda, no attendee"), and is it exempt from asking?

Pure and standard library only. The description is first reduced to what a person wrote
(see description.py); then any one of these counts as an agenda, checked in this order:
a heading with real points under it, a list of two or more points, a link to a live
document, an attachment, a question for the meeting to answer, or enough meaningful words.
An empty agenda template ("Agenda: TBD") outweighs other lists (the organiser's checklists),
and it or "the agenda will follow" outweighs questions and prose: the organiser has said in
so many words that the agenda is not there yet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from bot.meetings.agenda.boilerplate import has_forwarded_header
from bot.meetings.agenda.description import description_lines, rendered_lines
from bot.meetings.agenda.sections import heading_state, is_list_filler, says_agenda_follows
from bot.meetings.agenda.words import meaningful_words
from bot.meetings.model import Occurrence

# "About a dozen" distinct words that are not greetings, filler, meeting or calendar words.
# Counting distinct words keeps "sync sync sync..." from passing.
MIN_MEANINGFUL_WORDS = 12
# A question for the meeting ("Will there be a new chapter?") needs a few words of its own.
MIN_QUESTION_WORDS = 3


class AgendaReason(StrEnum):
    """Why a description was judged to have, or not to have, an agenda (at most 32 chars)."""

    HEADING = "heading"
    LIST = "list"
    DOC_LINK = "doc_link"
    ATTACHMENT = "attachment"
    QUESTION = "question"
    ENOUGH_WORDS = "enough_words"
    EMPTY = "empty"
    BOILERPLATE_ONLY = "boilerplate_only"
    FORWARDED_ONLY = "forwarded_only"
    EMPTY_TEMPLATE = "empty_template"
    AGENDA_TO_FOLLOW = "agenda_to_follow"
    TOO_SHORT = "too_short"


_DETAIL = {
    AgendaReason.HEADING: "has an agenda heading with points under it",
    AgendaReason.LIST: "lists two or more points",
    AgendaReason.DOC_LINK: "links to a document",
    AgendaReason.ATTACHMENT: "has an attachment",
    AgendaReason.QUESTION: "asks the question the meeting is to answer",
    AgendaReason.ENOUGH_WORDS: "describes what the meeting is for",
    AgendaReason.EMPTY: "has no description",
    AgendaReason.BOILERPLATE_ONLY: "only has the video-call details",
    AgendaReason.FORWARDED_ONLY: "only has a forwarded invitation's header and join details",
    AgendaReason.EMPTY_TEMPLATE: "has an agenda heading with nothing under it yet",
    AgendaReason.AGENDA_TO_FOLLOW: "says the agenda will follow",
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


_LIST_ITEM = re.compile(
    r"^(?:[-*•·▪◦‣–—+]\s*|\d{1,2}[.)]\s+|[a-z]\)\s+|\[[ xX✓]?\]\s*)"
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
    r"|quip\.com/|hackmd\.io/[\w@-]|cryptpad\.fr/(?:pad|code|doc)/|(?<![\w-])pad\.[\w.-]{1,253}/p/"
    r"|github\.com/[\w.-]{1,100}/[\w.-]{1,100}/(?:issues|pull|discussions)/\d+"
    r"|gitlab\.[\w.-]{1,253}/[\w./-]{1,200}?/-/(?:issues|merge_requests|epics)/\d+)",
    re.IGNORECASE,
)
# Outlook writes an inline attachment as "<<Agenda.pdf>>" in the plain-text body.
_ATTACHMENT_MARKER = re.compile(
    r"<<[^<>\n]{1,200}\.(?:pdf|docx?|xlsx?|pptx?|od[tsp]|rtf|txt|msg|zip)>>", re.IGNORECASE
)


def _list_items(lines: Iterable[str]) -> int:
    return sum(
        1
        for line in lines
        if (match := _LIST_ITEM.match(line)) and not is_list_filler(match.group("item"))
    )


def _has_question(lines: Iterable[str]) -> bool:
    return any(
        line.rstrip().endswith("?") and len(meaningful_words(line)) >= MIN_QUESTION_WORDS
        for line in lines
    )


def _structural_reason(
    lines: Sequence[str], heading: bool | None, *, has_attachment: bool
) -> AgendaReason | None:
    """Points, a document or an attachment: the signals an empty template does not cancel."""
    if heading:
        return AgendaReason.HEADING
    # Under an empty agenda heading, other lists are the organiser's checklists, not points.
    if heading is None and _list_items(lines) >= 2:
        return AgendaReason.LIST
    joined = "\n".join(lines)
    if _DOC_LINK.search(joined):
        return AgendaReason.DOC_LINK
    if has_attachment or _ATTACHMENT_MARKER.search(joined):
        return AgendaReason.ATTACHMENT
    return None


def _positive_reason(lines: Sequence[str], *, has_attachment: bool) -> AgendaReason | None:
    heading = heading_state(lines)
    reason = _structural_reason(lines, heading, has_attachment=has_attachment)
    # An empty template or "agenda to follow" is the organiser's own verdict on the prose.
    if reason is not None or heading is False or says_agenda_follows(lines):
        return reason
    if _has_question(lines):
        return AgendaReason.QUESTION
    if len(meaningful_words("\n".join(lines))) >= MIN_MEANINGFUL_WORDS:
        return AgendaReason.ENOUGH_WORDS
    return None


def _negative_reason(text: str, lines: Sequence[str], is_html: bool | None) -> AgendaReason:
    if not text.strip():
        return AgendaReason.EMPTY
    if says_agenda_follows(lines):
        return AgendaReason.AGENDA_TO_FOLLOW
    if heading_state(lines) is False:
        return AgendaReason.EMPTY_TEMPLATE
    if not lines:
        if has_forwarded_header(rendered_lines(text, is_html=is_html)):
            return AgendaReason.FORWARDED_ONLY
        return AgendaReason.BOILERPLATE_ONLY
    return AgendaReason.TOO_SHORT


def detect_agenda(
    description: str | None, *, has_attachment: bool = False, is_html: bool | None = None
) -> AgendaVerdict:
    """Whether a meeting description carries an agenda, and why (never raises)."""
    text = description or ""
    lines = description_lines(text, is_html=is_html) if text.strip() else []
    reason = _positive_reason(lines, has_attachment=has_attachment)
    if reason is not None:
        return AgendaVerdict(True, reason)
    return AgendaVerdict(False, _negative_reason(text, lines, is_html))


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
