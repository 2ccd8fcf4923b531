"""The values of a channel's norms in words: response times, urgent routes, channel kinds and
the names of the parts, in the current language (bot/norms/messages.py builds the messages)."""

from __future__ import annotations

from bot.i18n import _, current_language, ngettext, pgettext
from bot.i18n.catalog import SOURCE_LANGUAGE
from bot.i18n.formats import number
from bot.norms.model import ChannelKind, Part, ResponseKind, ResponseTime, UrgentKind, UrgentRoute


def numeral(n: int) -> str:
    """A count as the current language writes it (English: bare digits, as always)."""
    language = current_language()
    return str(n) if language == SOURCE_LANGUAGE else number(n, language)


def kind_label(kind: ChannelKind) -> str:
    """A channel kind with what it means, as the norms show it."""
    if kind is ChannelKind.SYNC:
        return _("Sync: people are expected to answer while they work")
    if kind is ChannelKind.ANNOUNCEMENTS:
        return _("Announcements: read, no answer expected")
    return _("Async: answer when it suits you, within the response time")


def kind_option(kind: ChannelKind) -> str:
    """A channel kind's name, as the editor offers it (at most 75 characters)."""
    if kind is ChannelKind.SYNC:
        return pgettext("channel kind", "Sync")
    if kind is ChannelKind.ANNOUNCEMENTS:
        return pgettext("channel kind", "Announcements")
    return pgettext("channel kind", "Async")


def kind_word(kind: ChannelKind) -> str:
    """A channel kind's name inside a sentence ("kind: async")."""
    if kind is ChannelKind.SYNC:
        return pgettext("channel kind in a sentence", "sync")
    if kind is ChannelKind.ANNOUNCEMENTS:
        return pgettext("channel kind in a sentence", "announcements")
    return pgettext("channel kind in a sentence", "async")


def describe_response(response: ResponseTime | None) -> str:
    """A response time in words ("within 4 working hours", "by the next working day")."""
    if response is None:
        # TRANSLATORS: after "Response time:", for a channel that agreed none.
        return _("none set")
    amount = response.amount
    if response.kind is ResponseKind.SAME_DAY:
        return _("the same working day")
    if response.kind is ResponseKind.NEXT_WORKING_DAY:
        if amount == 1:
            return _("by the next working day")
        days = numeral(amount)
        return ngettext("within {n} working day", "within {n} working days", amount, n=days)
    if amount % 60 == 0:
        hours = amount // 60
        shown = numeral(hours)
        return ngettext("within {n} working hour", "within {n} working hours", hours, n=shown)
    shown = numeral(amount)
    return ngettext("within {n} working minute", "within {n} working minutes", amount, n=shown)


def describe_urgent(route: UrgentRoute | None) -> str:
    """The urgent route in words."""
    if route is None:
        # TRANSLATORS: after "Urgent:", for a channel that named no urgent route.
        return _("none named")
    if route.kind is UrgentKind.CALL or route.channel_id is None:
        return _("call the person")
    return f"<#{route.channel_id}>"


def part_name(part: Part) -> str:
    """A part of the norms by name, as the change posted in the channel lists them."""
    # The context says it: one part of the norms, as in "response time: within 4 working hours".
    names = {
        Part.PURPOSE: pgettext("part of the norms", "purpose"),
        Part.KIND: pgettext("part of the norms", "kind"),
        Part.RESPONSE: pgettext("part of the norms", "response time"),
        Part.URGENT: pgettext("part of the norms", "urgent route"),
        Part.NOT_FOR: pgettext("part of the norms", "not for"),
    }
    return names[part]
