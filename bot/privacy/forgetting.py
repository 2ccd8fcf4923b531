"""What forget-me deletes and keeps, kind by kind, as the person is told it (pure: standard
library only). The catalog of tables is in model.py."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# --- What forget-me deletes ------------------------------------------------------------------

# Each kind of thing forget-me takes away, in the order the confirmation lists them.
KINDS: dict[str, str] = {
    "focus": "focus hours and sessions",
    "held": "mentions held for you",
    "digests": "digests Kairos sent you",
    "dm": "the id of your direct message conversation with Kairos",
    "sent": "your text and name on mentions you sent that Kairos keeps for others",
    "urgent": "urgent mentions you sent or received",
    "broadcasts": "@channel messages you sent that Kairos had not held for anyone yet",
    "calendar": "your calendar feed",
    "meetings": "meetings only your calendar showed",
    "meeting_places": "your name on meetings in other people's calendars",
    "email": "your email address, as Slack gave it",
    "nudges": "agenda nudges sent to you",
    "notices": "agendas shown to you or asked for",
    "questions": "questions waiting for your answer",
    "answers": "your name on your answers (they stay as anonymous counts)",
    "settings": "your name on settings you changed",
    "norms": "records of the channel norms sent to you when you joined",
    "asked": "questions asked of you or by you in channels with a response time",
    "connect": "your Slack connection (Connect)",
}


@dataclass(frozen=True)
class Kind:
    """One kind of thing held about a person, and how many."""

    label: str
    count: int


@dataclass(frozen=True)
class Inventory:
    """What forget-me deletes (or would), kind by kind."""

    kinds: tuple[Kind, ...]

    @property
    def empty(self) -> bool:
        """Whether there is nothing at all."""
        return not any(kind.count for kind in self.kinds)


@dataclass(frozen=True)
class ForgetReport:
    """What forget-me deleted, and sentences naming what it cannot delete."""

    deleted: Inventory
    kept: tuple[str, ...]


def inventory(counts: Mapping[str, int]) -> Inventory:
    """The kinds with something in them, in KINDS order; an unknown key is a bug."""
    unknown = set(counts) - set(KINDS)
    if unknown:
        raise ValueError(f"no label for {sorted(unknown)}")
    return Inventory(tuple(Kind(label, counts[k]) for k, label in KINDS.items() if counts.get(k)))


POSTED_SUMMARIES = (
    "Weekly summaries already posted in channels keep their numbers: they count meetings "
    "and hours, and name nobody."
)


def kept_after(counts: Mapping[str, int]) -> tuple[str, ...]:
    """What stays after forget-me, as sentences for the person."""
    kept = [POSTED_SUMMARIES]
    if counts.get("answers"):
        kept.append(
            f'Your {_times(counts["answers"], "answer")} to "could this meeting have been '
            'async?" stay as anonymous counts.'
        )
    if counts.get("sent"):
        kept.append(
            f"{_times(counts['sent'], 'mention').capitalize()} you sent stay for the people "
            'you mentioned, as "a message in #channel" with its link, without the text '
            "or your name."
        )
    if counts.get("meeting_places"):
        kept.append(
            "Meetings that other people's calendars show stay for them, without your name; "
            "if their calendars list you, their next sync lists you again."
        )
    if counts.get("settings"):
        kept.append("Settings you changed stay for the workspace, without your name.")
    return tuple(kept)


def _times(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


ANONYMOUS_PREFIX = "anon-"


def anonymous_id(token: str) -> str:
    """The id an anonymous answer keeps: random, never a Slack id (those start U or W)."""
    return ANONYMOUS_PREFIX + token
