"""The language to speak to a person, from what the people table keeps of them: the language
they chose, else their Slack locale's, else the workspace's (KAIROS_LANGUAGE). Someone Kairos
has never stored gets the workspace's: asking Slack here would cost a call per message."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.focus import repo
from bot.i18n.languages import Language, person_language


def language_for(session: Session, user_id: str, default: Language) -> Language:
    """The person's language: their choice, else their Slack locale's, else `default`."""
    person = repo.get_person(session, user_id)
    if person is None:
        return default
    return person_language(person.language, person.slack_locale, default)
