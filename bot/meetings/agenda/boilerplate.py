"""Which lines of a description are machine text: join blocks, forwarded headers, signatures.

Pure and standard library only. Boilerplate is recognised line by line, never by
"everything after marker X": stripping a block of lines could swallow what the organiser
wrote below it, and the per-line rule is what guarantees that adding boilerplate to a
description never changes its verdict. The two exceptions look at most a few lines back
(Zoom's "Topic:" under its intro, a name under a sign-off) and stop at the first blank line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from bot.meetings.agenda.phrases import PHRASES_TEXT, PREFIXES_TEXT, lines_of

_URL = re.compile(
    r"<(?:https?|mailto|tel|sip|callto|meet):[^<>\s]*>|(?:https?://|www\.)[^\s<>\"']+"
    r"|\b(?:mailto|tel|sip|meet):[^\s<>\"']+"
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
    r"calendar\.google\.com|google\.com/calendar|g\.co/calendar|mail\.google\.com/mail|"
    r"gotomeeting\.com|gotomeet\.me|gotowebinar\.com|intercall\.com|"
    r"^(?:<)?(?:tel|sip|callto|meet):)",
    re.IGNORECASE,
)


def _phrase_key(fragment: str) -> str:
    # Bullets ("-", "*") are kept: "- Webex" in a list is the organiser's point, not chrome.
    return fragment.strip(" \t:|>_.#").lower().replace("’", "'")


_PHRASES = frozenset(_phrase_key(line) for line in lines_of(PHRASES_TEXT))
_PREFIXES = tuple(line.replace("’", "'") for line in lines_of(PREFIXES_TEXT))
# Step numbers ("1. Click and join…") are part of GoToWebinar's text, not a list.
_STEP_NUMBER = re.compile(r"^\d{1,2}[.)]\s+")

_ZOOM_INTRO_TEXT = (
    r".{0,80} (?:is inviting you to a scheduled zoom meeting|lädt sie zu einem geplanten "
    r"zoom-meeting ein|vous invite à une réunion zoom planifiée|le está invitando a una reunión "
    r"de zoom programada|nodigt u uit voor een geplande zoom-vergadering)\.?"
)
_ID_KEYS = (
    r"meeting|webinar|conference|phone conference|video|personal meeting|besprechungs|"
    r"vergaderings|vergadering|telefonkonferenz|telefonische vergadering|vtc conference"
)
_PATTERNS = re.compile(
    r"|".join(
        (
            _ZOOM_INTRO_TEXT,
            rf"(?:{_ID_KEYS})[\s-]*id\s*:?\s*[\d\s#]*",
            r"(?:id\.?|n[º°o]) de (?:la )?(?:réunion|reunión|conférence|conferencia)"
            r"(?: téléphonique| telefónica)?\s*:?\s*[\d\s#]*",
            r"(?:meeting number(?: \(access code\))?|access code|conference id|entry code|"
            r"meetingid)\s*:?\s*[\w\s#-]*",
            r"(?:passcode|password|meeting password|numeric passcode|pin|host key|host pin|"
            r"kenncode|code secret|código de acceso|wachtwoordcode|toegangscode|kennwort)"
            r"\s*:\s*\S{0,40}",
            r"reply for \S.*",
            r"pin\s*:?\s*[\d\s]+#?",
            r"tenant key\s*:\s*\S+",
            r"(?:you can also )?dial\s*:?\s+(?=\S*[\d@])\S+(?: and enter your meeting number\.?)?",
            r"(?:[•·*\-]\s*)?\S{1,64}@(?:zoomcrc\.com|[\w.-]{0,253}webex\.com|[\w.-]{0,253}zoom\.us|"
            r"[\w.-]{0,253}plcm\.vc|[\d.]{7,15})\b.*",
            r"(?:[•·*\-]\s*)?\d{1,3}(?:\.\d{1,3}){3}\b.{0,40}",
            r"(?:[•·*\-]\s*)?one-touch\s*:.*",
            r"cisco devices\s*:.*",
            r"location\s*:\s*meet:sip:\S*",
            r"\[!oc\(\[\d+\]\)!\]",
            r".{0,80} has invited you to attend an online meeting using .{0,80}",
            r"(?:[•·*\-]\s*)?i am connecting from (?:inside|outside) the .{0,60} network",
            r"(?:[•·*\-]\s*)?(?:inside|outside) ?the .{0,60} network",
            r"alternate vtc dialing instructions",
        )
    ),
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?:[•·*\-]\s*)?(?:\([a-z]{2}\)\s*)?(\+[\d\s().,#*\-]+)", re.IGNORECASE)
# "United States: +1 (669) 555-3319", "Austria (Toll Free): 0 800 555148", "US 8775550128",
# "Phone: +36 1 555 9801": a label without digits, then only a number.
_LABELLED_PHONE = re.compile(r"(?:[•·*\-]\s*)?[^\d:<>]{1,60}?:?\s+(\+?\(?\d[\d\s().,/#*\-]*)")
_EMAIL_ONLY = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})*(?:\s*<mailto:[^<>]*>)?")
# Outlook's "-----Original Appointment-----" and what its translations call it.
_FORWARD_SEPARATOR = re.compile(
    r"-{2,}\s*(?:original appointment|original message|ursprünglicher termin|ursprüngliche "
    r"nachricht|oorspronkelijke afspraak|oorspronkelijk bericht|rendez-vous d'origine|message "
    r"d'origine|cita original|mensaje original|appuntamento originale|messaggio originale|"
    r"eredeti találkozó|eredeti üzenet)\s*-{2,}",
    re.IGNORECASE,
)
# The header lines of a forwarded meeting or message, in Outlook's languages.
_HEADER_KEYS = (
    r"from|sent|to|cc|bcc|when|where|importance|attachments|"
    r"van|verzonden|aan|wanneer|waar|urgentie|"
    r"von|gesendet|an|wann|wo|wichtigkeit|"
    r"de|envoyé|à|quand|où|"
    r"para|enviado(?: el)?|cuándo|dónde|importancia|"
    r"da|inviato|a|quando|dove|"
    r"feladó|elküldve|címzett|másolat|időpont|helyszín|fontosság|időzóna"
)
_HEADER_LINE = r"(?:\*\*)?(?:{keys})(?:\*\*)?\s?:(?:\*\*)?(?:\s.*)?$"
_FORWARD_HEADER = re.compile(_HEADER_LINE.format(keys=_HEADER_KEYS), re.IGNORECASE)
# A subject line repeats the title; people also write "Onderwerp: <topic>", so it only counts
# as header right under other header lines.
_SUBJECT = re.compile(
    _HEADER_LINE.format(keys="subject|onderwerp|betreff|objet|asunto|oggetto|tárgy"), re.I
)
_NO_WORDS = re.compile(r"[\W_]*")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_ZOOM_INTRO = re.compile(_ZOOM_INTRO_TEXT, re.IGNORECASE)
_ZOOM_INTRO_DETAILS = re.compile(r"(?:topic|time|thema|zeit|sujet|heure|tema|hora)\s*:.*", re.I)
# Closings after which the next short lines are a signature (name, job, company, address).
_SIGN_OFF = re.compile(
    r"(?:(?:best|kind|warm|many)?\s*regards|cheers|thanks|thank you|best|sincerely|"
    r"(?:met )?vriendelijke groet(?:en)?|groet(?:en|jes)?|mvg|"
    r"(?:mit )?freundlichen grüßen|viele grüße|beste grüße|lg|vg|"
    r"cordialement|bien à vous|salutations|(?:un )?saludos?(?: cordiales)?|atentamente|"
    r"üdvözlettel|üdv|köszönettel)(?:\s*/\s*[\w ]{0,20})?[\s,!.:]*"
    r"(?:[\w.'’-]+(?:\s+[\w.'’-]+){0,2})?\s*",
    re.IGNORECASE,
)
_SIGNATURE_LINES = 8


def normalise_line(line: str) -> str:
    """One line with invisible characters removed and whitespace collapsed."""
    return " ".join(line.translate(_INVISIBLE).replace("\u00a0", " ").split())


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _is_phone_line(line: str) -> bool:
    match = _PHONE.match(line)
    if match is not None and _digits(match.group(1)) >= 8:
        return True
    labelled = _LABELLED_PHONE.fullmatch(line)
    return labelled is not None and _digits(labelled.group(1)) >= 7


def is_forward_header_line(line: str) -> bool:
    """Whether a (normalised) line belongs to a forwarded meeting's or message's header."""
    return bool(_FORWARD_SEPARATOR.fullmatch(line) or _FORWARD_HEADER.match(line))


_NAME_PARTICLES = frozenset(
    ["van", "de", "der", "den", "ter", "von", "zu", "da", "dos", "del", "la", "le", "di", "du"]
)


def _looks_like_name(part: str) -> bool:
    if _EMAIL_ONLY.fullmatch(part):
        return True
    tokens = re.sub(r"\([^()]*\)|<[^<>]*>|\[[^\[\]]*\]", " ", part).replace(",", " ").split()
    # "Kiss Anna", "Tóth, Árpád (ext)", "Dr. Kovács": two to four capitalised words.
    return 2 <= len(tokens) <= 4 and all(
        t[:1].isupper() or t.casefold() in _NAME_PARTICLES or t[:1].isdigit() for t in tokens
    )


def is_name_list(line: str) -> bool:
    """Whether a line is a list of people ("Tóth, Árpád (ext); Kiss Anna; Lee Chen")."""
    parts = [part.strip() for part in line.split(";") if part.strip()]
    return len(parts) >= 3 and all(_looks_like_name(part) for part in parts)


def _is_product_text(lowered: str) -> bool:
    """Whether a lowercased line (URLs removed) is text a calendar or call product writes."""
    unnumbered = _STEP_NUMBER.sub("", lowered)
    if lowered.startswith(_PREFIXES) or unnumbered.startswith(_PREFIXES):
        return True
    if _PATTERNS.fullmatch(lowered) or _is_phone_line(lowered) or _EMAIL_ONLY.fullmatch(lowered):
        return True
    # "Download Teams | Join on the web", "Learn More | Meeting options"
    parts = [_phrase_key(_STEP_NUMBER.sub("", part.strip())) for part in lowered.split("|")]
    return all(part in _PHRASES or not part for part in parts)


@lru_cache(maxsize=8192)
def is_boilerplate_line(line: str) -> bool:
    """Whether a (normalised) line is conferencing or calendar machinery, not content."""
    if _NO_WORDS.fullmatch(line):
        return True  # separators such as ____ or -::~:~::~:~::- carry no words
    if is_forward_header_line(line) or is_name_list(line):
        return True
    urls = _URL.findall(line)
    rest = _URL.sub(" ", line)
    if urls and _NO_WORDS.fullmatch(rest):
        return all(_INFRA_URL.search(url) for url in urls)
    return _is_product_text(normalise_line(rest).lower().replace("’", "'"))


def _is_signature_line(line: str) -> bool:
    # Names, job titles, company and street lines are short and are not sentences; a final
    # full stop after "Kft", "Inc" or a house number is an abbreviation, not a sentence's end.
    words = line.split()
    if len(words) > 8 or line.endswith((":", "?", "!")):
        return False
    last = words[-1].rstrip(".")
    return not line.endswith(".") or len(last) <= 4 or last.isdigit()


def content_lines(lines: Iterable[str]) -> list[str]:
    """The lines that are not boilerplate, normalised, in order."""
    kept: list[str] = []
    after_zoom_intro = after_header = False
    signature_left = 0
    for raw in lines:
        line = normalise_line(raw)
        if not line:
            signature_left = 0  # a blank line ends a signature block
            continue
        if after_zoom_intro and _ZOOM_INTRO_DETAILS.fullmatch(line):
            continue  # Zoom's "Topic: <title>" / "Time: <when>" right under its intro line
        after_zoom_intro = _ZOOM_INTRO.fullmatch(line) is not None
        if after_header and _SUBJECT.match(line):
            continue
        after_header = is_forward_header_line(line)
        if signature_left and (is_boilerplate_line(line) or _is_signature_line(line)):
            signature_left -= 1
            continue
        signature_left = _SIGNATURE_LINES if _SIGN_OFF.fullmatch(line) else 0
        if signature_left:
            continue
        if not is_boilerplate_line(line):
            kept.append(line)
    return kept


def has_forwarded_header(lines: Iterable[str]) -> bool:
    """Whether the raw lines hold a forwarded meeting's header (a separator or two header lines)."""
    found = 0
    for raw in lines:
        line = normalise_line(raw)
        if _FORWARD_SEPARATOR.fullmatch(line):
            return True
        found += bool(_FORWARD_HEADER.match(line))
        if found >= 2:
            return True
    return False
