"""What forget-me deletes and keeps, kind by kind, as the person is told it, in the current
language (bot/i18n). The catalog of tables is in model.py."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.i18n import _, ngettext

# --- What forget-me deletes ------------------------------------------------------------------


def kind_labels() -> dict[str, str]:
    """Each kind of thing forget-me takes away, in the order the confirmation lists them."""
    return {
        "focus": _("focus hours and sessions"),
        "held": _("mentions held for you"),
        "digests": _("digests Kairos sent you"),
        "dm": _("the id of your direct message conversation with Kairos"),
        "sent": _("your text and name on mentions you sent that Kairos keeps for others"),
        "urgent": _("urgent mentions you sent or received"),
        "broadcasts": _("@channel messages you sent that Kairos had not held for anyone yet"),
        "calendar": _("your calendar feed"),
        "meetings": _("meetings only your calendar showed"),
        "meeting_places": _("your name on meetings in other people's calendars"),
        "email": _("your email address, as Slack gave it"),
        "nudges": _("agenda nudges sent to you"),
        "notices": _("agendas shown to you or asked for"),
        "questions": _("questions waiting for your answer"),
        "answers": _("your name on your answers (they stay as anonymous counts)"),
        "settings": _("your name on settings you changed"),
        "norms": _("records of the channel norms sent to you when you joined"),
        "asked": _("questions asked of you or by you in channels with a response time"),
        "notes": _("your meeting-notes actions and prompts, and your name on notes settings"),
        "checkins": _("check-ins you organize (they stop, and keep no name of yours)"),
        "checkin_people": _("your place in check-ins"),
        "checkin_asks": _("check-in questions asked of you, with answers not posted yet"),
        "connect": _("your Slack connection (Connect)"),
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
    """The kinds with something in them, in kind_labels() order; an unknown key is a bug."""
    labels = kind_labels()
    unknown = set(counts) - set(labels)
    if unknown:
        raise ValueError(f"no label for {sorted(unknown)}")
    return Inventory(tuple(Kind(label, counts[k]) for k, label in labels.items() if counts.get(k)))


def posted_summaries() -> str:
    """What forget-me never takes back: the weekly summaries already posted."""
    return _(
        "Weekly summaries already posted in channels keep their numbers: they count meetings "
        "and hours, and name nobody."
    )


def kept_after(counts: Mapping[str, int]) -> tuple[str, ...]:
    """What stays after forget-me, as sentences for the person."""
    kept = [posted_summaries()]
    if answers := counts.get("answers"):
        kept.append(
            ngettext(
                'Your {n} answer to "could this meeting have been async?" stay as anonymous '
                "counts.",
                'Your {n} answers to "could this meeting have been async?" stay as anonymous '
                "counts.",
                answers,
            )
        )
    if sent := counts.get("sent"):
        kept.append(
            ngettext(
                '{n} mention you sent stay for the people you mentioned, as "a message in '
                '#channel" with its link, without the text or your name.',
                '{n} mentions you sent stay for the people you mentioned, as "a message in '
                '#channel" with its link, without the text or your name.',
                sent,
            )
        )
    if counts.get("meeting_places"):
        kept.append(
            _(
                "Meetings that other people's calendars show stay for them, without your "
                "name; if their calendars list you, their next sync lists you again."
            )
        )
    if counts.get("settings"):
        kept.append(_("Settings you changed stay for the workspace, without your name."))
    if counts.get("checkins"):
        kept.append(
            _(
                "Check-ins you organized stop. They stay a few weeks for the people in them, "
                "without your name, and are then deleted."
            )
        )
    return tuple(kept)


ANONYMOUS_PREFIX = "anon-"


def anonymous_id(token: str) -> str:
    """The id an anonymous answer keeps: random, never a Slack id (those start U or W)."""
    return ANONYMOUS_PREFIX + token
