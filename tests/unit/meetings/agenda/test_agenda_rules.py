"""The rules added for verdicts a person agrees with (issue 18): languages, templates, reasons."""

from __future__ import annotations

import pytest

from bot.meetings.agenda.detection import AgendaReason, AgendaVerdict, detect_agenda
from bot.meetings.agenda.words import meaningful_words

# A column of String(32) stores the reason (bot/meetings/tables.py: agenda_reason).
REASON_COLUMN_WIDTH = 32


@pytest.mark.parametrize(
    "description",
    [
        "Agenda to follow.",
        "We'll send a Google Doc with a meeting agenda ahead of time!",
        "De agenda volgt nog.",
        "Agenda folgt",
        "Die Tagesordnung folgt noch.",
        "Die Tagesordnung wird rechtzeitig nachgereicht.",
        "L'ordre du jour suivra.",
        "Ordre du jour à suivre",
        "L’ordre du jour vous sera communiqué prochainement.",
        "La agenda se enviará la próxima semana.",
        "El orden del día se enviará más adelante.",
        "Orden del día a continuación.",
        "A napirendet később küldjük.",
    ],
)
def test_the_agenda_will_follow_in_six_languages(description: str) -> None:
    verdict = detect_agenda(description)
    assert not verdict.has_agenda
    assert verdict.reason in {AgendaReason.AGENDA_TO_FOLLOW, AgendaReason.EMPTY_TEMPLATE}


def test_a_promised_agenda_outweighs_long_logistics() -> None:
    text = (
        "Kedves Kollégák! Bartos Gábor megbízásából szeretnélek tájékoztatni titeket, hogy "
        "az éves Intézeti értekezlet március 04-én, kedden kerül megrendezésre a csarnokban.\n"
        "A napirendet később küldjük.\nRészvételetekre feltétlenül számítunk!"
    )
    assert detect_agenda(text).reason == AgendaReason.AGENDA_TO_FOLLOW


def test_points_written_beside_a_promise_still_make_an_agenda() -> None:
    text = "Agenda to follow, but for now:\n- pricing tiers\n- hiring plan"
    assert detect_agenda(text).reason == AgendaReason.LIST


@pytest.mark.parametrize(
    "description",
    [
        "Orden del día a continuación:\n1. Presupuesto\n2. Contratación",
        "Ordre du jour à suivre :\n- budget\n- recrutement",
        "Tagesordnung:\nTOP 1 Haushalt\nTOP 2 Wahlen",
        "Ordre du jour : budget et recrutement",
        "Themen sind: Open Data, Civic Tech",
    ],
)
def test_agenda_headings_in_other_languages(description: str) -> None:
    assert detect_agenda(description).reason == AgendaReason.HEADING


@pytest.mark.parametrize(
    "description",
    [
        "# Agenda\n- add items here",
        "**Agenda**\n*Note: Add a comment on this issue to propose items for the agenda.*\n"
        "**Notetaker**\n*TBD*",
        "## Agenda\n\n- Review previous meeting notes\n\nPlease add additional agenda items below.",
        "Agenda:\n1. Opening\n2. Notulen vorige vergadering\n3. Rondvraag\n4. Sluiting",
        "### Proposed Agenda\n\n...\n\n### Meetings Prep\n- [x] Create the notes file\n"
        "- [x] Put agenda in notes",
    ],
)
def test_empty_templates_are_not_agendas(description: str) -> None:
    verdict = detect_agenda(description)
    assert (verdict.has_agenda, verdict.reason) == (False, AgendaReason.EMPTY_TEMPLATE)


def test_a_deeper_markdown_heading_belongs_to_the_agenda() -> None:
    text = "# Agenda\n\n## 19:00 Doors open\n\nCome and hang out.\n\n## 19:25 Opening talk"
    assert detect_agenda(text).reason == AgendaReason.HEADING


def test_a_real_point_beside_standing_items_makes_an_agenda() -> None:
    text = "Agenda:\n1. Opening\n2. Begroting 2026\n3. Rondvraag"
    assert detect_agenda(text).reason == AgendaReason.HEADING


@pytest.mark.parametrize(
    ("description", "has_agenda"),
    [
        ("Erstes Treffen in der machBar.\n\nWird es einen neuen Erfa geben?", True),
        ("Shall we move this to Thursday?", False),
        ("Need help?", False),
    ],
)
def test_a_question_for_the_meeting_is_an_agenda(description: str, has_agenda: bool) -> None:
    verdict = detect_agenda(description)
    assert verdict.has_agenda is has_agenda
    if has_agenda:
        assert verdict.reason == AgendaReason.QUESTION


def test_outlooks_attachment_marker_counts_as_an_attachment() -> None:
    text = "Hello,\nPlease, see the invitation for the workshop.\n <<Workshop_Agenda.pdf>> "
    assert detect_agenda(text).reason == AgendaReason.ATTACHMENT


@pytest.mark.parametrize(
    "link",
    [
        "https://hackmd.io/AbCdEfGh?edit",
        "https://cryptpad.fr/pad/#/2/pad/edit/aBcDeF/",
        "https://pad.example.org/p/weekly-sync",
    ],
)
def test_live_notes_pads_count_as_documents(link: str) -> None:
    assert detect_agenda(f"Agenda+notes: {link}").reason == AgendaReason.DOC_LINK


def test_dates_times_and_greetings_are_not_meaningful_words() -> None:
    text = (
        "We are having a meeting all this week at 12 pm for one hour, with an additional "
        "meeting on the first day 2 hours long. Please bring your own lunch."
    )
    assert {"week", "pm", "hour", "hours", "day"}.isdisjoint(meaningful_words(text))
    assert detect_agenda(text).reason == AgendaReason.TOO_SHORT
    assert meaningful_words("Hallo zusammen, am Dienstag um 10 Uhr, Grüße") <= {"zusammen"}


@pytest.mark.parametrize("reason", list(AgendaReason))
def test_every_reason_has_a_phrase_and_fits_its_column(reason: AgendaReason) -> None:
    assert AgendaVerdict(False, reason).detail
    assert len(reason.value) <= REASON_COLUMN_WIDTH
