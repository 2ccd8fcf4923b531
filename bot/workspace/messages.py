"""What Kairos says about the workspace settings (plain text)."""

from __future__ import annotations

from bot.i18n import _
from bot.i18n.languages import Language


def not_seen() -> str:
    """What Kairos cannot see, whichever channels it joins."""
    return _(
        "Private channels need an invitation (`/invite @Kairos` in the channel), and direct "
        "messages between people are never seen by Kairos."
    )


def joining_all() -> str:
    """`/kairos channels all` was done."""
    return _(
        "Done. Kairos is joining every public channel now (it takes a few minutes in a "
        "large workspace), and will join each new one as it is created. Private channels "
        "need an invitation (`/invite @Kairos` in the channel), and direct messages between "
        "people are never seen by Kairos."
    )


def joining_stopped() -> str:
    """`/kairos channels invited` was done."""
    return _(
        "Done. Kairos won't join new channels by itself any more. It stays in the channels "
        "it is in; remove it from one with `/remove @Kairos` there."
    )


def describe(joining_all: bool) -> str:
    """The setting in a sentence, with what Kairos cannot see either way."""
    if joining_all:
        return _(
            "Kairos joins every public channel, and each new one as it is created. Private "
            "channels need an invitation (`/invite @Kairos` in the channel), and direct "
            "messages between people are never seen by Kairos."
        )
    return _(
        "Kairos is only in the channels it was invited to; it can hold mentions only there. "
        "A workspace admin can make it join every public channel with "
        "`/kairos channels all`. Private channels need an invitation (`/invite @Kairos` in "
        "the channel), and direct messages between people are never seen by Kairos."
    )


def change_the_joining() -> str:
    """What an admin may do with `/kairos channels`, as not_an_admin words it."""
    # TRANSLATORS: completes "Only a workspace admin or owner can …".
    return _("change which channels Kairos joins")


def not_an_admin(what: str) -> str:
    """The refusal for someone who may not change a workspace setting; `what` completes
    "Only a workspace admin or owner can …" (an infinitive phrase, already translated)."""
    return _(
        "Only a workspace admin or owner can {what}. "
        "Ask one of them, or ask your Kairos operator to add you to KAIROS_ADMIN_USERS.",
        what=what,
    )


def language_name(language: Language) -> str:
    """The name of a language Kairos speaks, in the reader's language."""
    if language == "nl":
        # TRANSLATORS: the name of the language, as in "Kairos posts here in Dutch".
        return _("Dutch")
    # TRANSLATORS: the name of the language, as in "Kairos posts here in English".
    return _("English")


def channel_language_shown(stored: Language | None, default: Language) -> str:
    """`/kairos language`: the channel's language, and whether it was set or is the default."""
    if stored is None:
        return _(
            "This channel has no language of its own, so Kairos posts here in the "
            "workspace's language: {language}. The channel's creator or an admin can choose "
            "one with `/kairos language nl` or `/kairos language en`. Your own language, for "
            "what Kairos says to you alone, is `/focus language nl|en|auto`.",
            language=language_name(default),
        )
    return _(
        "Kairos posts in this channel in {language}: it was set for this channel. The "
        "channel's creator or an admin can change it with `/kairos language nl|en|default`. "
        "Your own language, for what Kairos says to you alone, is `/focus language nl|en|auto`.",
        language=language_name(stored),
    )


def channel_language_set(language: Language) -> str:
    """The channel now has its own language."""
    return _(
        "Done. Kairos now posts in this channel in {language}. What it says to one person "
        "alone stays in that person's own language.",
        language=language_name(language),
    )


def channel_language_cleared(default: Language) -> str:
    """The channel follows the workspace's language again."""
    return _(
        "Done. This channel follows the workspace's language again: Kairos posts here in "
        "{language}.",
        language=language_name(default),
    )


def language_not_a_channel() -> str:
    """`/kairos language` typed outside a channel (a DM)."""
    return _(
        "A channel's language is set in that channel: type `/kairos language` there. For "
        "your own language, use `/focus language nl|en|auto`."
    )


def language_not_allowed() -> str:
    """The refusal for someone who may not change the channel's language."""
    return _(
        "Only the channel's creator, a workspace admin or owner, or someone in "
        "KAIROS_ADMIN_USERS can change the language Kairos posts in here. Ask one of them; "
        "`/kairos language` shows the current one. Nothing was changed."
    )


def language_not_in_channel() -> str:
    """Kairos cannot see the channel, so a language for it would change nothing."""
    return _(
        "I'm not in this channel, so I post nothing here in any language. Invite me with "
        "`/invite @Kairos`, then try again. Nothing was changed."
    )
