"""What privacy says, in Dutch: the forget-me confirmation and its kinds, the reply once
forgotten with what stays (with Dutch plurals), and the my-data export's words, within
Slack's limits; and the same words in English outside `speaking`."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from bot.i18n import speaking
from bot.privacy import messages
from bot.privacy.export import export_document, policy_notes, section_labels
from bot.privacy.forgetting import ForgetReport, inventory, kept_after, kind_labels
from bot.privacy.messages import forget_modal, forgotten_message
from bot.privacy.model import SECTIONS, personal
from tests.unit.privacy.test_messages import _text

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
# Slack allows 24 characters in a modal's title and its buttons.
MAX_MODAL_TEXT = 24
COUNTS = {"focus": 3, "held": 12, "answers": 1, "sent": 2, "settings": 1, "connect": 1}
ENGLISH = re.compile(
    r"\b(?:the|and|your|you|is|was|stay|deleted|held|kept|Kairos holds|mentions?|meetings?)\b"
)


def test_the_confirmation_in_dutch() -> None:
    with speaking("nl"):
        view = forget_modal(inventory(COUNTS))
        empty = forget_modal(inventory({}))
    assert view["title"]["text"] == "Vergeet mij"
    assert view["submit"]["text"] == "Wis mijn gegevens"
    assert empty["close"]["text"] == "Sluiten"
    for modal in (view, empty):
        for part in ("title", "submit", "close"):
            if part in modal:
                assert len(modal[part]["text"]) <= MAX_MODAL_TEXT
    shown = _text(view["blocks"])
    assert shown.startswith("*Alles wat Kairos over je bewaart, wordt gewist:*\n")
    assert "• focusuren en focussessies: 3" in shown
    assert "• vermeldingen die voor je zijn vastgehouden: 12" in shown
    assert "*Blijft bewaard:* Wekelijkse samenvattingen" in shown
    assert "Dit kun je niet ongedaan maken." in shown
    assert ENGLISH.search(shown.replace("Connect", "")) is None, ENGLISH.search(shown)
    assert _text(empty["blocks"]) == "Kairos bewaart niets over jou, dus er valt niets te wissen."


def test_the_reply_once_forgotten_in_dutch_with_its_plurals() -> None:
    with speaking("nl"):
        told = forgotten_message(ForgetReport(inventory(COUNTS), kept_after(COUNTS)))
        one = kept_after({"answers": 1, "sent": 1})
        nothing = forgotten_message(ForgetReport(inventory({}), kept_after({})))
    shown = _text(told.blocks)
    assert shown.startswith("Klaar: Kairos heeft alles gewist wat het over je bewaarde.\n")
    assert "*Wat niet gewist kan worden:*" in shown
    assert "Je 1 antwoord op" in one[1]
    assert "blijft als anoniem aantal" in one[1]
    assert one[2].startswith("1 vermelding die je stuurde blijft voor wie je noemde")
    assert "2 vermeldingen die je stuurde blijven" in shown
    assert "Instellingen die je wijzigde blijven voor de werkruimte" in shown
    assert shown.endswith("Gebruik je Kairos weer, dan begint het opnieuw.")
    assert "\nWat niet gewist kan worden: Wekelijkse" in told.text
    assert ENGLISH.search(shown) is None, ENGLISH.search(shown)
    assert nothing.text.startswith("Kairos bewaarde niets over jou, dus er is niets gewist.\n")


def test_the_export_in_dutch_keeps_its_keys_and_values() -> None:
    with speaking("nl"):
        document = export_document("U0ANN", NOW, {})
    assert document["user_id"] == "U0ANN"
    assert document["exported_at"] == "2026-03-04T12:00:00+00:00"
    assert document["about"].startswith("Alles wat Kairos over je bewaart, per soort")
    assert set(document["sections"]) == set(SECTIONS)
    assert document["sections"]["focus"]["label"] == "Focusuren en focussessies"
    notes = [note for section in document["sections"].values() for note in section["notes"]]
    assert notes
    assert all(note.startswith(("Het adres", "Je Slack-token")) for note in notes)
    assert "people" in document["sections"]["focus"]["tables"]


def test_the_exports_words_are_the_catalogs_in_english() -> None:
    # export.py translates model.py's words from the same English: they must not drift.
    assert section_labels() == SECTIONS
    noted = {policy.table: policy.note for policy in personal() if policy.note}
    assert policy_notes() == noted


def test_every_kind_has_a_dutch_label() -> None:
    english = kind_labels()
    with speaking("nl"):
        dutch = kind_labels()
    assert dutch.keys() == english.keys()
    assert all(dutch[key] != english[key] for key in english)


def test_the_words_around_forget_me_and_my_data_are_english_else_dutch() -> None:
    assert messages.forget_failed().startswith("Sorry, something went wrong on my side")
    with speaking("nl"):
        assert messages.export_preparing().startswith("Je gegevens worden klaargezet")
        assert messages.export_failed().startswith("Sorry, ik kon je gegevens niet sturen")
        assert messages.no_modal().startswith("Ik kon de bevestiging")
        assert messages.export_title() == "Je gegevens in Kairos"
        assert "`/kairos forget-me` wist het." in messages.export_comment()
