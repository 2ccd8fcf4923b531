"""The pseudo-locale check finds text that bypassed the catalogs, and only that."""

from __future__ import annotations

from bot.i18n.pseudo import pseudo
from tests.support.untranslated import missed, read_texts, untranslated


def test_marked_messages_and_slack_markup_are_not_flagged() -> None:
    text = pseudo("Focusing until {time}").format(time="11:30") + " <@U1> :tada: https://x.io/a"
    assert untranslated(text) == []


def test_words_outside_the_marks_are_flagged() -> None:
    assert untranslated("⟦Héld⟧ until tomorrow") == ["until", "tomorrow"]
    assert untranslated("Plain English from an f-string") == [
        "Plain",
        "English",
        "from",
        "an",
        "string",
    ]


def test_nested_marks_and_greek_data_are_not_flagged() -> None:
    assert untranslated("⟦Á ⟦nested⟧ one: Συνάντηση⟧ · Συνάντηση") == []


def test_every_text_people_read_is_found_in_blocks_and_views() -> None:
    args = {
        "channel": "D1",
        "text": "fallback",
        "blocks": '[{"type": "section", "text": {"type": "mrkdwn", "text": "section"},'
        ' "accessory": {"type": "button", "action_id": "snooze",'
        ' "text": {"type": "plain_text", "text": "button"}}}]',
        "view": {"title": {"type": "plain_text", "text": "title"}, "callback_id": "form"},
    }
    assert sorted(read_texts(args)) == ["button", "fallback", "section", "title"]
    assert missed(read_texts(args)) == {t: [t] for t in ("fallback", "section", "button", "title")}
