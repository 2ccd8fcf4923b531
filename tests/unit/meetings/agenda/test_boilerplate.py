"""Machine text that is not an agenda: forwarded headers, join blocks, signatures, name lists."""

from __future__ import annotations

import pytest

from bot.meetings.agenda.boilerplate import (
    content_lines,
    has_forwarded_header,
    is_boilerplate_line,
    is_forward_header_line,
    is_name_list,
)
from bot.meetings.agenda.detection import AgendaReason, detect_agenda

# Outlook's forwarded-meeting header as its English, Dutch, German, French and Spanish
# versions write it (names and dates invented).
FORWARDED = {
    "en": "-----Original Appointment-----\nFrom: Ana Lima\nSent: Tuesday, May 21, 2013 2:57 PM\n"
    "To: Ana Lima; Bram de Vries; Chen Wei\nCc: Dana Ruiz\nSubject: Factory test\n"
    "When: Thursday, May 23, 2013 8:30 AM-9:30 AM (UTC+01:00) Amsterdam\n"
    "Where: Meeting Room on the ground floor",
    "nl": "-----Oorspronkelijke afspraak-----\nVan: Ana Lima\n"
    "Verzonden: dinsdag 21 mei 2013 14:57\n"
    "Aan: Ana Lima; Bram de Vries; Chen Wei\nOnderwerp: Fabriekstest\n"
    "Wanneer: donderdag 23 mei 2013 08:30-09:30 (UTC+01:00) Amsterdam\nWaar: Vergaderzaal 2",
    "de": "-----Ursprünglicher Termin-----\nVon: Ana Lima\nGesendet: Dienstag, 21. Mai 2013 14:57\n"
    "An: Ana Lima; Bram de Vries; Chen Wei\nBetreff: Werkstest\n"
    "Wann: Donnerstag, 23. Mai 2013 08:30-09:30 (UTC+01:00) Berlin\nWo: Besprechungsraum EG",
    "fr": "-----Rendez-vous d'origine-----\nDe : Ana Lima\nEnvoyé : mardi 21 mai 2013 14:57\n"
    "À : Ana Lima; Bram de Vries; Chen Wei\nObjet : Test usine\n"
    "Quand : jeudi 23 mai 2013 08:30-09:30 (UTC+01:00) Paris\nOù : Salle de réunion 2",
    "es": "-----Cita original-----\nDe: Ana Lima\nEnviado el: martes, 21 de mayo de 2013 14:57\n"
    "Para: Ana Lima; Bram de Vries; Chen Wei\nAsunto: Prueba de fábrica\n"
    "Cuándo: jueves, 23 de mayo de 2013 8:30-9:30 (UTC+01:00) Madrid\nDónde: Sala 2",
}


@pytest.mark.parametrize("language", sorted(FORWARDED))
def test_a_forwarded_header_alone_is_not_an_agenda(language: str) -> None:
    text = FORWARDED[language]
    assert content_lines(text.split("\n")) == []
    assert has_forwarded_header(text.split("\n"))
    verdict = detect_agenda(text)
    assert (verdict.has_agenda, verdict.reason) == (False, AgendaReason.FORWARDED_ONLY)
    assert verdict.detail == "only has a forwarded invitation's header and join details"


@pytest.mark.parametrize("language", sorted(FORWARDED))
def test_what_is_written_under_a_forwarded_header_still_counts(language: str) -> None:
    text = FORWARDED[language] + "\n\nAgenda:\n- pricing\n- hiring"
    assert detect_agenda(text).reason == AgendaReason.HEADING


def test_a_subject_line_is_content_unless_it_sits_in_a_header() -> None:
    # People write "Onderwerp: <topic>" themselves; only Outlook's header makes it machine text.
    assert content_lines(["Onderwerp: begroting 2026 en de heidag"]) == [
        "Onderwerp: begroting 2026 en de heidag"
    ]
    assert content_lines(["Van: Ana Lima", "Onderwerp: begroting 2026"]) == []


@pytest.mark.parametrize(
    "line",
    [
        "From: Neeraj Example",
        "**Sent:** Monday, September 23, 2019 8:53 PM",
        "Gesendet: Montag, 3. Mai 2021 10:12",
        "Envoyé : lundi 3 mai 2021 10:12",
        "Enviado el: lunes, 3 de mayo de 2021 10:12",
        "Verzonden: maandag 3 mei 2021 10:12",
        "-----Original Message-----",
    ],
)
def test_header_lines_in_each_language(line: str) -> None:
    assert is_forward_header_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Tóth, Árpád (ext); Kiss Anna; Lee Chen",
        "Ana Lima; Bram de Vries; Chen Wei; Dana Ruiz",
        "Kovács, Zoltán; Szabó, Ferenc 2; Tóth Bertalan",
    ],
)
def test_lists_of_people_are_names_not_content(line: str) -> None:
    assert is_name_list(line)
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Haushalt; Satzung; Wahlen",
        "Open Data; Civic Tech; Programmierung",
        "Pricing; hiring plan; offsite venue",
        "Ana Lima; Bram de Vries",  # two names could as well be two topics
    ],
)
def test_lists_of_topics_are_not_names(line: str) -> None:
    assert not is_name_list(line)


def test_a_signature_under_a_sign_off_is_not_content() -> None:
    lines = [
        "Please find the updated meeting invitation.",
        "",
        "Üdvözlettel / Best regards",
        "Bodnár Renáta",
        "menedzser asszisztens",
        "Example Fékrendszerek Kft.",
        "Phone: +36 1 555 9801",
        "renata.bodnar@example.com<mailto:renata.bodnar@example.com>",
    ]
    assert content_lines(lines) == ["Please find the updated meeting invitation."]


def test_a_signature_ends_at_a_blank_line_or_a_heading() -> None:
    lines = ["Thanks,", "Anna", "", "Pricing", "Hiring"]
    assert content_lines(lines) == ["Pricing", "Hiring"]
    assert content_lines(["Thanks,", "Agenda:", "- pricing"]) == ["Agenda:", "- pricing"]


@pytest.mark.parametrize(
    "line",
    [
        # Skype for Business, Lync, Office Communications Server / Live Meeting
        "--> Join Skype Meeting",
        "Trouble Joining? Try Skype Web App",
        "Welcome to Skype for Business Online Meetings. All participants using",
        "[!OC([1033])!]",
        "Toll number:         +1 (323) 555-4874",
        "Ana Lima has invited you to attend an online meeting using Microsoft® Office "
        "Communications Server.",
        "• I am connecting from inside the Example network",
        "Entry Code:     7qR2mX9kT",
        # GoToMeeting and GoToWebinar
        "Please join my meeting from your computer, tablet or smartphone.",
        "Austria (Toll Free): 0 800 555148",
        "Access Code: 691-555-141",
        "- One-touch: tel:+18775554106,,691555141#",
        "First GoToMeeting? Let's do a quick system check: https://link.gotomeeting.com/x",
        "1. Click and join at the specified time and date:",
        "Note: This link should be not shared with others it is unique to you.",
        # Gmail, Teams and Zoom in other languages
        "This event was created automatically from an email you received in Gmail.",
        "Besprechungs-ID: 371 555 285 901",
        "Teams herunterladen | Im Web beitreten",
        "Id. de reunión: 338 555 146 176 2",
        "Código de acceso:",
        "Kenncode: Kiwi2021",
        "Klik hier om deel te nemen aan de vergadering",
        "US 8775550128",
    ],
)
def test_producer_lines_are_boilerplate(line: str) -> None:
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Budget 2026",
        "Review the Q3 numbers and decide on hiring",
        "Onderwerp: begroting",
        "- Webex",
        "Notes: https://docs.google.com/document/d/abc/edit",
    ],
)
def test_content_lines_are_not_boilerplate(line: str) -> None:
    assert not is_boilerplate_line(line)
