"""Agenda headings and what stands under them, and "the agenda will follow", in five languages.

Pure and standard library only. Works on the human lines of a description (see
description.py). A heading counts only if something real stands under it: a placeholder
("TBD", "add items here"), a request for items or only standing items ("approval of the
minutes", "AOB") is an empty template, which a person reads as "no agenda yet".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_HEADING_WORDS = (
    r"agenda|agendapunten|agenda items?|topics?(?= *:)|topics|onderwerpen|bespreekpunten|"
    r"goals?|doel(?:en|stelling)?|purpose|objectives?|discussion points|talking points|"
    r"to discuss|te bespreken|desired outcomes?|outcomes?(?= *:)|workshop(?= *:)|"
    r"tagesordnung(?:spunkte)?|themen|thema(?= *:)|ziele?(?= *:)|ablauf(?= *:)|"
    r"ordre du jour(?: à suivre)?|sujets?(?= *:)|objectifs?(?= *:)|déroulé(?= *:)|programme(?= *:)|"
    r"orden del d[ií]a(?: a continuación)?|temas?(?= *:)|puntos?(?= *:)|objetivos?(?= *:)|"
    r"(?:proposed|draft|meeting) agenda"
)
# "## Agenda", "**Agenda:**", "Agenda -", "📋 Agenda", "Agenda: roadmap, hiring".
_HEADING = re.compile(
    rf"^[\W_]{{0,4}}(?:{_HEADING_WORDS})(?:\s+(?:are|is|sind|ist|zijn|is|sont|est|son|es))?(?!\w)"
    r"(?P<sep>[\s*_#]*[:\-–—.;][\s:*_#\-–—.]*|[\s*_#]*)(?P<rest>.*)$",
    re.IGNORECASE,
)
_ANNOTATION = re.compile(r"\(.*\)\W*")  # "Agenda (draft)"
# An empty template: "Agenda: TBD" says there is no agenda yet.
_PLACEHOLDER = re.compile(
    r"\W*(?:tbd|tba|tbc|n/?a|todo|to follow|will follow|follows|to be (?:confirmed|shared|decided)"
    r"|later|coming|volgt(?: nog)?|nog te bepalen|nvt|folgt|à suivre|suivra|a continuación"
    r"|por confirmar|pendiente|à venir|add items here|add (?:your )?(?:items|topics) here"
    r"|\.\.\.|…|-)?\W*",
    re.IGNORECASE,
)
# "Please add additional agenda items in the comments below", "Anyone can add topics!".
_REQUEST_FOR_ITEMS = re.compile(
    r"\b(?:add|propose|suggest|submit|comment with|put)\b.{0,40}\b(?:items?|topics?|points?)\b"
    r"|\bagenda items appreciated\b|\bpunten (?:aandragen|toevoegen)\b|\bthemen\b.{0,20}\b"
    r"(?:einreichen|ergänzen|melden)\b|\bproposez\b.{0,30}\bpoints?\b|\benv[ií]en\b.{0,30}\btemas\b",
    re.IGNORECASE,
)
# Items every agenda has; an agenda of only these says nothing about this meeting.
_ROUTINE = re.compile(
    r"\W*(?:\d{1,2}[.)]\s*)?(?:opening(?: en welkom)?|welcome|introductions?|closing|sluiting|"
    r"(?:review|approval of|approve) (?:the )?(?:previous |last )?(?:meeting )?(?:notes|minutes)"
    r"|notulen(?: vorige vergadering)?|mededelingen|rondvraag|w\.?v\.?t\.?t\.?k\.?|aob|"
    r"any other business|a\.o\.b\.|questions diverses|divers|ruegos y preguntas|varios|"
    r"verschiedenes|sonstiges|begrüßung|protokoll(?:kontrolle)?|q&a|questions)\W*",
    re.IGNORECASE,
)
_SECTION_BREAK = re.compile(r"(?P<hashes>#{1,6})\s.*|\*\*[^*]+\*\*:?|__[^_]+__:?")
_MARKDOWN_LEVEL = re.compile(r"\s*(#{1,6})\s")
_FOLLOWS = (
    r"agenda (?:will|to) follow|agenda (?:will be|to be|is to be) (?:sent|shared|circulated|"
    r"provided|distributed)|(?:we(?:'ll| will)|i(?:'ll| will)) (?:send|share|circulate) "
    r"(?:a|an|the)(?: [\w-]+){0,6} agenda|no agenda yet|agenda (?:tbd|tba|tbc)\b|"
    r"agenda volgt|agenda wordt (?:nog |later )?(?:rondgestuurd|verstuurd|gedeeld|nagestuurd)|"
    r"agenda komt (?:nog|later)|"
    r"(?:agenda|tagesordnung) folgt|(?:agenda|tagesordnung) wird (?:noch |später |rechtzeitig )?"
    r"(?:nachgereicht|verschickt|versandt|bekannt ?gegeben|mitgeteilt)|tagesordnung kommt noch|"
    r"ordre du jour (?:suivra|à suivre(?!\s*:)|à venir|"
    r"sera (?:communiqué|envoyé|transmis|diffusé))|"
    r"ordre du jour vous sera (?:communiqué|envoyé|transmis)|agenda (?:suivra|à suivre)|"
    r"agenda se (?:enviará|compartirá|mandará|comunicará)|agenda (?:la|os) (?:enviaremos|"
    r"compartiremos|mandaremos)|orden del d[ií]a (?:se (?:enviará|comunicará|compartirá)|"
    r"a continuación(?!\s*:)|próximamente|por confirmar)|agenda (?:por confirmar|pendiente)|"
    r"napirendet később küldjük|napirend később"
)
_AGENDA_TO_FOLLOW = re.compile(rf"(?<!\w)(?:{_FOLLOWS})(?!\w)", re.IGNORECASE)
_ANY_WORD = re.compile(r"\w+")


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


def _is_filler(line: str) -> bool:
    """A line under a heading that does not make it an agenda."""
    return bool(
        not _ANY_WORD.search(line)
        or _PLACEHOLDER.fullmatch(line)
        or _ROUTINE.fullmatch(line)
        or _REQUEST_FOR_ITEMS.search(line)
    )


def _ends_section(line: str, level: int) -> bool:
    if _heading_inline(line) is not None:
        return True
    match = _SECTION_BREAK.fullmatch(line)
    # "# Agenda" then "## 19:00 Doors open": a deeper markdown heading is part of the agenda.
    return match is not None and (not match.group("hashes") or len(match.group("hashes")) <= level)


def _under(lines: Sequence[str], index: int) -> list[str]:
    """The lines under a bare heading, up to the next heading of the same or a higher level."""
    level_match = _MARKDOWN_LEVEL.match(lines[index])
    level = len(level_match.group(1)) if level_match else 6
    section: list[str] = []
    for line in lines[index + 1 :]:
        if _ends_section(line, level):
            break  # "Agenda" then "Topics": the loop in heading_state reads the next one
        section.append(line)
    return section


def heading_state(lines: Sequence[str]) -> bool | None:
    """True if an agenda heading has real points; False if only empty ones; None if none."""
    seen = False
    for index, line in enumerate(lines):
        inline = _heading_inline(line)
        if inline is None:
            continue
        seen = True
        if inline:
            if _PLACEHOLDER.fullmatch(inline) or _ROUTINE.fullmatch(inline):
                continue  # "Agenda: TBD" — whatever follows is not the agenda
            if len(_ANY_WORD.findall(inline)) >= 2 and not _REQUEST_FOR_ITEMS.search(inline):
                return True
        if any(not _is_filler(below) for below in _under(lines, index)):
            return True
    return False if seen else None


def says_agenda_follows(lines: Sequence[str]) -> bool:
    """Whether the organiser wrote that the agenda is still to come, in any of five languages."""
    return any(_AGENDA_TO_FOLLOW.search(line.replace("’", "'")) for line in lines)


def is_list_filler(item: str) -> bool:
    """Whether a list item is a placeholder or a standing item rather than a point."""
    return _is_filler(item)
