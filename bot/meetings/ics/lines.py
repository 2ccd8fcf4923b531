"""Single lines of an iCalendar feed, for text.py's pre-pass: names, heads, the few
values it judges (a start date, an UNTIL), and the repairs it makes to a line.

Text only: no RFC 5545 value is parsed here beyond the digits of a date.
"""

from __future__ import annotations

import re
from datetime import date

_NAME = re.compile(r"[A-Za-z0-9-]+")
_DATE_VALUE = re.compile(r":(\d{4})(\d{2})(\d{2})")
_UNTIL = re.compile(r"UNTIL=(\d{4})(\d{2})(\d{2})", re.IGNORECASE)
_PERSON_PARAMS = frozenset({"CN", "PARTSTAT", "CUTYPE"})


def decode(raw: str | bytes) -> str:
    """Feed text with folded lines joined (bytes are unfolded before decoding, per RFC)."""
    # str.replace rather than re.sub(r"\r?\n[ \t]"): same result, ten times faster on MBs.
    if isinstance(raw, bytes):
        # Folding may split a UTF-8 sequence, so join the bytes first.
        for fold in (b"\r\n ", b"\r\n\t", b"\n ", b"\n\t"):
            # A fold search runs at about 1 GB/s (line ends are everywhere), a one-byte test
            # at memchr speed; replacing only removes bytes, so a missing byte never appears.
            if fold[:1] in raw and fold[-1:] in raw:
                raw = raw.replace(fold, b"")
        text = raw.decode("utf-8", errors="replace")
    else:
        text = raw
        for fold_text in ("\r\n ", "\r\n\t", "\n ", "\n\t"):
            if fold_text[0] in text and fold_text[-1] in text:
                text = text.replace(fold_text, "")
    return text.lstrip("\ufeff \t\r\n")


def line_name(line: str) -> str:
    match = _NAME.match(line)
    return match.group(0).upper() if match else ""


def line_head(line: str) -> str:
    """The line up to its first ';' or ':' (all of it if it has neither).

    Neither character can be part of a name, so line_name(line_head(line)) equals
    line_name(line); and a feed's ten thousand lines have a few dozen heads, so names can
    be memoised by head.
    """
    colon = line.find(":")
    if colon < 0:
        semicolon = line.find(";")
        return line if semicolon < 0 else line[:semicolon]
    semicolon = line.find(";", 0, colon)
    return line[: colon if semicolon < 0 else semicolon]


def start_date(line: str) -> date | None:
    match = _DATE_VALUE.search(line, line.rfind(":"))
    return None if match is None else ymd(*match.groups())


def ymd(year: str, month: str, day: str) -> date | None:
    """The date these digits name; None if there is no such day (left for icalendar to
    reject and report)."""
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def is_date_value(line: str) -> bool:
    head, _, value = line.rpartition(":")
    return "VALUE=DATE" in head.upper().replace("VALUE=DATE-TIME", "") or (
        len(value.strip()) == 8 and value.strip().isdigit()
    )


def rule_until(rule_line: str) -> date | None:
    match = _UNTIL.search(rule_line)
    return None if match is None else ymd(*match.groups())


def trim_person_params(line: str) -> str:
    # icalendar spends most of its time on parameters, and Google writes five per guest
    # (ROLE, RSVP, X-NUM-GUESTS...) of which three are read. Only unquoted lines are
    # trimmed: there the first colon is surely the end of the parameters.
    if '"' in line:
        return line
    head, sep, value = line.partition(":")
    name, *params = head.split(";")
    kept = [param for param in params if param.partition("=")[0].upper() in _PERSON_PARAMS]
    return ";".join([name, *kept]) + sep + value


def strip_rule_spaces(line: str) -> str:
    # "FREQ=WEEKLY;BYDAY=MO, TU" (Exchange): a RECUR value never contains whitespace.
    head, sep, value = line.partition(":")
    return head + sep + "".join(value.split())


_TEXT_ESCAPE = re.compile(r"\\([\\;,nN])")


def unescape_text(value: str) -> str:
    """A TEXT value as written unescaped (RFC 5545 3.3.11): "\\," is ",", "\\n" a line break."""
    if "\\" not in value:
        return value
    return _TEXT_ESCAPE.sub(lambda match: "\n" if match.group(1) in "nN" else match.group(1), value)
