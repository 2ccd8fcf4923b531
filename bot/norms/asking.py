"""Does a Slack message ask something of someone, in English or Dutch? (pure, standard library)

"Nothing falls through" reminds a person of a question addressed to them that is still
unanswered when the channel's response time has passed. Only messages that expect an answer
count: a question, or a request to do and report something. Announcements, thanks, FYIs,
statements and sign-offs ("no worries", "geen haast") do not.

The message is first reduced to what its author wrote as running text:
- code is dropped: fenced blocks (```...```) and inline `code`;
- quotes are dropped: lines starting with ">" (Slack sends "&gt;"), and everything after a
  ">>>" line, because a quoted question was someone else's;
- Slack's <...> entities are resolved: user, group and @here mentions are dropped, a channel
  becomes its name, a link becomes its label (or nothing when it has none or the label is a
  URL); bare URLs and :emoji: codes are dropped, so a "?" in a query string never counts.

The rest asks when any one of these holds (the reason is returned for logs):
1. QUESTION_MARK: a "?" (or "？", "❓") is left in the text.
2. REQUEST: a request phrase anywhere: "can/could/would/will you", "can someone", "would
   you mind", "please" followed by a verb of asking (review, check, confirm, let me know...),
   an imperative with "please" anywhere in its sentence ("leave a comment please"), "let me
   know", "lmk", "wdyt", "ptal", "thoughts" alone, "any thoughts/ideas/updates" (not after
   "have": "if you have any comments" is a condition); Dutch "zou je/jij/u", "laat (even)
   weten", "wat vind je", "graag" asking for something ("graag een review", "na merge graag
   aanvullen"; not "graag gedaan", not "ik help graag"), "even/ff checken/kijken" without a
   first-person subject ("we gaan even kijken" is a plan, not a request). An offer ("let me
   know if you need anything", "laat maar weten als je vragen hebt") is not a request.
3. QUESTION_FORM: a sentence opens like a question without its "?" (chat often drops it):
   English inversion ("do you", "is this", "can we", "any chance") or a wh-word followed by
   a verb ("how do", "what about"); Dutch inversion with a second person or "iemand"
   ("kun je", "heb jij", "weten jullie", "kan iemand"), or "is/werkt/klopt/lukt" + it/this/
   there ("klopt dit", "werkt het"), or a wh-word followed by a finite verb ("waar sta ik").
   Only at the start of a sentence: Dutch puts the verb first after any fronted clause
   ("als je wilt, kun je het zelf mergen" is a statement).

Every pattern is linear: no nested quantifiers, sentence openings are read from a bounded
prefix, so a 100 KB message is judged in linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

# How much of each sentence's opening is read for a question form: enough for a greeting,
# a name and three words.
OPENING_CHARS = 80


class AskReason(StrEnum):
    """Why a message was judged to ask, or not to ask, something."""

    QUESTION_MARK = "question_mark"
    REQUEST = "request"
    QUESTION_FORM = "question_form"
    STATEMENT = "statement"
    EMPTY = "empty"


@dataclass(frozen=True, slots=True)
class Asking:
    """The verdict on one message: does it ask, and why."""

    asks: bool
    reason: AskReason


_FENCE = "```"
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_ENTITY = re.compile(r"<([^<>\n]*)>")
# The scheme's length is bounded: "a.a.a.a..." must not be rescanned from every letter.
_BARE_URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]{0,15}://|\bwww\.)\S*", re.IGNORECASE)
_EMOJI = re.compile(r":[a-z0-9_+'-]{1,64}:", re.IGNORECASE)
_QUESTION_MARKS = ("?", "？", "❓", "❔")
_SENTENCE_END = re.compile(r"[.!?;…]+(?:\s+|$)|\n+")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that may open a sentence before the question itself: greetings, fillers.
_LEAD_IN = _words(
    "hey hi hello hiya yo ok okay oh ah hmm so and also btw but quick question ps "
    "hoi hallo hé hee oké dus en ook trouwens maar vraagje nog even ff eh"
)

_REQUEST = re.compile(
    r"\b(?:can|could|would|will|wil)\s+(?:you|u|ya|someone|somebody|anyone|anybody)\b"
    r"|\bwould\s+you\s+mind\b|\bdo\s+you\s+mind\b"
    r"|\b(?:please|pls|plz|kindly)\s+(?:do\s+)?(?:review|check|confirm|let|take|have\s+a\s+look"
    r"|look|approve|merge|advise|help|share|send|update|add|fix|answer|reply|respond|comment"
    r"|test|try|verify|clarify|explain|provide|give|sign|fill|rebase|ack|chime|weigh)\b"
    r"|\b(?:review|thoughts|feedback|input|help)\s+(?:please|pls|plz)\b"
    r"|\blet\s+(?:me|us)\s+know\b|\blmk\b|\bwdyt\b|\bptal\b|^\W*thoughts\W*$"
    r"|(?<!\bhave\s)(?<!\bhas\s)\bany\s+"
    r"(?:thoughts|ideas?|updates?|news|feedback|objections?|comments?|chance)\b"
    r"|\bzou(?:den|dt)?\s+(?:je|jij|u|jullie|iemand)\b"
    r"|\blaat\s+(?:(?:je|jij|u|jullie|het|maar|even|ff|me|mij|ons)\s+){0,3}weten\b"
    r"|\bwat\s+(?:vind|vindt|vinden)\s+(?:je|jij|u|jullie)\b"
    r"|\bgraag\s+(?!gedaan\b)(?:\w+en\b|een\b|je\b|jouw\b|jullie\b|uw\b|even\b|ff\b|nog\b"
    r"|z\.?s\.?m\.?|feedback\b|review\b|reactie\b|input\b|akkoord\b|check\b)"
    r"|\b(?:even|ff|effe)\s+(?:checken|kijken|nakijken|bekijken|reviewen|testen|bevestigen)\b",
    re.IGNORECASE,
)
# An offer to help later is not a request for an answer now; it only cancels itself.
_OFFER = re.compile(
    r"let\s+(?:me|us)\s+know\s+if\s+(?:you\s+(?:need|run|have\s+(?:any\s+)?(?:questions?"
    r"|problems?|issues?|trouble))|there\s+is|there's|anything)"
    r"|laat\s+(?:(?:je|jij|u|jullie|het|maar|even|ff|me|mij|ons)\s+){0,3}weten\s+als\s+"
    r"(?:je|jij|u|jullie|er)\s+(?:nog\s+)?(?:vragen|hulp|iets)",
    re.IGNORECASE,
)
# "Leave a comment please": an imperative with "please" anywhere in its sentence.
_IMPERATIVE = _words(
    "leave review check confirm send share update add fix take have look approve merge reply "
    "answer comment test try verify give fill sign tell ping call"
)
_PLEASE = re.compile(r"\b(?:please|pls|plz)\b", re.IGNORECASE)
# "graag" and "even kijken" ask only when nobody in the first person is doing the thing.
_FIRST_PERSON = re.compile(r"\b(?:ik|we|wij|'k|i|we'll|i'll)\b", re.IGNORECASE)
_SOFT_REQUEST = re.compile(
    r"\bgraag\b|\b(?:even|ff|effe)\s+(?:checken|kijken|nakijken|bekijken|reviewen|testen|"
    r"bevestigen)\b",
    re.IGNORECASE,
)

_EN_AUX = _words(
    "is are was were do does did can could would will should shall have has may might am "
    "isn't aren't don't doesn't didn't can't couldn't won't wouldn't shouldn't haven't"
)
_EN_SUBJECT = _words(
    "you u we i it this that there they he she anyone anybody someone somebody everyone "
    "everything the these those your our my"
)
_EN_ANY = _words("chance idea ideas update updates news thoughts feedback objections")
_EN_WH = _words("what where when why how who which whom whose")
_EN_WH_NEXT = _EN_AUX | _words("about abt")
_EN_WH_IS = _words("what's where's when's why's how's who's whats hows")
_NL_MODAL = _words(
    "kun kan kunt kunnen zou zouden wil wilt willen heb hebt hebben had ben bent zijn was "
    "weet weten ga gaat gaan doe doet doen vind vindt vinden zie ziet zien moet moeten mag "
    "mogen snap snapt begrijp begrijpt ken kent kennen zal zullen heeft gebruik gebruikt "
    "wist hoor hoort"
)
_NL_YOU = _words("je jij u jullie iemand we wij")
# Not "kan het"/"moet het": chat drops the "ik" ("kan het niet vinden" is a statement).
_NL_STATE = _words("is was werkt klopt lukt wordt gaat zijn staat")
_NL_IT = _words("het dit dat er deze die alles iets")
_NL_WH = _words("wat waar wanneer waarom hoe wie welke welk hoeveel hoezo waarmee")
_NL_WH_VERB = (
    _NL_MODAL
    | _NL_STATE
    | _words("sta zit zitten komt komen bedoel bedoelt betekent gebeurt denk denkt loopt")
)
_WORD = re.compile(r"[\w']+")
# A name or greeting before a comma ("Sanne, kun je..."): at most two words, so that a
# fronted clause ("als je wilt, kun je...") keeps its verb-second statement order.
_VOCATIVE = re.compile(r"^\W*(?:[\w']+\s+)?[\w']+\s*,")
# Set phrases that look like a question form but are not one.
_IDIOMS = frozenset({("wie", "weet"), ("weet", "je", "wat"), ("zie", "je", "wel"), ("why", "not")})


def judge(text: str) -> Asking:
    """Judge whether a Slack message asks something that expects an answer, and why."""
    prose = _prose(text)
    if not _WORD.search(prose):
        return Asking(False, AskReason.EMPTY)
    if any(mark in prose for mark in _QUESTION_MARKS):
        return Asking(True, AskReason.QUESTION_MARK)
    for sentence in _sentences(prose):
        if _is_request(sentence):
            return Asking(True, AskReason.REQUEST)
        if _opens_like_a_question(sentence):
            return Asking(True, AskReason.QUESTION_FORM)
    return Asking(False, AskReason.STATEMENT)


def asks(text: str) -> bool:
    """True when a Slack message asks something of someone that expects an answer."""
    return judge(text).asks


def _prose(text: str) -> str:
    """The running text its author wrote: no code, quotes, mentions, URLs or emoji codes."""
    text = _drop_fences(text)
    text = "\n".join(_unquoted_lines(text))
    text = _INLINE_CODE.sub(" ", text)
    text = _ENTITY.sub(_resolve_entity, text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    text = _BARE_URL.sub(" ", text)
    return _EMOJI.sub(" ", text)


def _drop_fences(text: str) -> str:
    # A fence that never closes is shown by Slack as text, so only pairs are dropped.
    kept: list[str] = []
    start = 0
    while (opening := text.find(_FENCE, start)) != -1:
        closing = text.find(_FENCE, opening + len(_FENCE))
        if closing == -1:
            break
        kept.append(text[start:opening])
        kept.append("\n")
        start = closing + len(_FENCE)
    kept.append(text[start:])
    return "".join(kept)


def _unquoted_lines(text: str) -> list[str]:
    lines: list[str] = []
    for line in text.split("\n"):
        stripped = line.lstrip()
        if stripped.startswith((">>>", "&gt;&gt;&gt;")):
            break  # Slack quotes everything after ">>>"
        if not stripped.startswith((">", "&gt;")):
            lines.append(line)
    return lines


def _resolve_entity(match: re.Match[str]) -> str:
    inner = match.group(1)
    if inner.startswith(("@", "!")):
        return " "
    target, _, label = inner.partition("|")
    if target.startswith("#"):
        return f" {label or target} "
    if "://" in target or target.startswith("mailto:") or "@" in target:
        if label and "://" not in label and not label.startswith("www."):
            return f" {label} "
        return " "
    return match.group(0)  # not a Slack entity: "<3", "a <b> c" as typed


def _sentences(prose: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(prose) if part.strip()]


def _is_request(sentence: str) -> bool:
    for match in _REQUEST.finditer(sentence):
        if _OFFER.match(sentence, match.start()):
            continue
        if not _SOFT_REQUEST.match(match.group(0)):
            return True
        # "graag" and "even kijken" ask only when no first person does it in their clause;
        # the clause is read from a bounded tail so that many matches stay linear.
        tail = sentence[max(0, match.start() - OPENING_CHARS) : match.start()]
        if _FIRST_PERSON.search(re.split(r"[,:;(]", tail)[-1]) is None:
            return True
    words = _opening_words(sentence)
    return bool(words) and words[0] in _IMPERATIVE and _PLEASE.search(sentence) is not None


def _opening_words(sentence: str) -> list[str]:
    opening = _VOCATIVE.sub("", sentence[:OPENING_CHARS], count=1)
    words = [word.lower() for word in _WORD.findall(opening)]
    while words and words[0] in _LEAD_IN:
        words.pop(0)
    return words[:3]


def _opens_like_a_question(sentence: str) -> bool:
    words = _opening_words(sentence)
    if len(words) < 2 or tuple(words[:2]) in _IDIOMS or tuple(words) in _IDIOMS:
        return bool(words) and words[0] in _EN_WH_IS
    first, second = words[0], words[1]
    return (
        first in _EN_WH_IS
        or (first in _EN_AUX and second in _EN_SUBJECT)
        or (first == "any" and second in _EN_ANY)
        or first in ("anyone", "anybody")
        or (first in _EN_WH and second in _EN_WH_NEXT)
        or (first in _NL_MODAL and second in _NL_YOU)
        or (first in _NL_STATE and second in _NL_IT)
        or (first in _NL_WH and second in _NL_WH_VERB)
    )
