"""`/focus language`: which language Kairos speaks to a person, and their choice of it.

The choice is kept in people.language ("nl", "en"; NULL follows their Slack language). The
answer to a choice is in the language just chosen, not the one the request arrived in, so
that the person sees at once what they picked.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.db.uow import UnitOfWork
from bot.focus.commands import LanguageCommand, SetLanguage
from bot.focus.service import person_for
from bot.focus.tables import Person
from bot.i18n import _, speaking
from bot.i18n.languages import Language, language_of_locale, person_language
from bot.ports import SlackPort, UnknownUser


def language_command(
    uow: UnitOfWork,
    slack: SlackPort,
    user_id: str,
    command: LanguageCommand,
    *,
    default: Language,
    now: datetime,
) -> str:
    """Show or set the person's language (known from now on); the answer, in the language
    Kairos speaks to them after it."""
    with uow() as session:
        person = person_for(session, slack, user_id, now)
        if isinstance(command, SetLanguage):
            person.language = command.language
            if command.language is None:
                _refresh_locale(session, slack, person)
        language = person_language(person.language, person.slack_locale, default)
        with speaking(language):
            return language_text(person, command, default)


def _refresh_locale(session: Session, slack: SlackPort, person: Person) -> None:
    # Someone stored before Kairos kept locales has none: "follow Slack" must ask Slack once.
    if person.slack_locale is not None:
        return
    try:
        person.slack_locale = slack.user_locale(person.user_id)
    except UnknownUser:
        return


def language_text(person: Person, command: LanguageCommand, default: Language) -> str:
    """What `/focus language` says, in the current language (the person's, after the command)."""
    if isinstance(command, SetLanguage) and command.language is not None:
        # TRANSLATORS: said in the language just chosen: name your own language here.
        return _("I'll speak English with you from now on.")
    if isinstance(command, SetLanguage):
        lead = _("From now on I follow your Slack language.")
        return f"{lead} {_language_now(person, default)}"
    choices = _(
        "Choose with `/focus language nl` (Nederlands), `/focus language en` (English) "
        "or `/focus language auto` (follow your Slack language)."
    )
    return f"{_language_now(person, default)}\n{choices}"


def _language_now(person: Person, default: Language) -> str:
    """Which language Kairos speaks to the person, and how that came about."""
    if person.language in ("nl", "en"):
        if person.language == "nl":
            return _("I speak Dutch with you: you chose it with `/focus language`.")
        return _("I speak English with you: you chose it with `/focus language`.")
    from_slack = language_of_locale(person.slack_locale)
    if from_slack == "nl":
        return _("I speak Dutch with you, as your Slack is set to Dutch.")
    if from_slack == "en":
        return _("I speak English with you, as your Slack is set to English.")
    if default == "nl":
        return _(
            "I speak Dutch with you: your Slack language isn't one I speak, so I use this "
            "workspace's language."
        )
    return _(
        "I speak English with you: your Slack language isn't one I speak, so I use this "
        "workspace's language."
    )
