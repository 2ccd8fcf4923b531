"""What Kairos says about the workspace settings (plain text)."""

from __future__ import annotations

NOT_SEEN = (
    "Private channels need an invitation (`/invite @Kairos` in the channel), and direct "
    "messages between people are never seen by Kairos."
)

JOINING_ALL = (
    "Done. Kairos is joining every public channel now (it takes a few minutes in a "
    "large workspace), and will join each new one as it is created. " + NOT_SEEN
)

JOINING_STOPPED = (
    "Done. Kairos won't join new channels by itself any more. It stays in the channels "
    "it is in; remove it from one with `/remove @Kairos` there."
)


def describe(joining_all: bool) -> str:
    """The setting in a sentence, with what Kairos cannot see either way."""
    if joining_all:
        return "Kairos joins every public channel, and each new one as it is created. " + NOT_SEEN
    return (
        "Kairos is only in the channels it was invited to; it can hold mentions only there. "
        "A workspace admin can make it join every public channel with "
        "`/kairos channels all`. " + NOT_SEEN
    )


def not_an_admin(what: str) -> str:
    """The refusal for someone who may not change a workspace setting."""
    return (
        f"Only a workspace admin or owner can {what}. "
        "Ask one of them, or ask your Kairos operator to add you to KAIROS_ADMIN_USERS."
    )
