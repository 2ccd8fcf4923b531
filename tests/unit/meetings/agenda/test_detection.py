"""Agenda detection and boilerplate stripping."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.meetings.agenda.description import description_lines, html_to_text, looks_like_html
from bot.meetings.agenda.detection import AgendaReason, detect_agenda
from bot.meetings.agenda.sections import is_list_filler

DESCRIPTIONS = Path(__file__).parents[3] / "fixtures" / "descriptions"


def read(name: str) -> str:
    return (DESCRIPTIONS / name).read_text(encoding="utf-8")


# --- realistic descriptions --------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "has_agenda", "reason"),
    [
        ("google_meet_only.txt", False, AgendaReason.BOILERPLATE_ONLY),
        ("google_meet_phone_block.txt", False, AgendaReason.BOILERPLATE_ONLY),
        ("google_html_agenda.html", True, AgendaReason.HEADING),
        ("google_html_empty_template.html", False, AgendaReason.EMPTY_TEMPLATE),
        ("teams_plain_only.txt", False, AgendaReason.BOILERPLATE_ONLY),
        ("teams_new_layout_only.txt", False, AgendaReason.BOILERPLATE_ONLY),
        ("teams_html_only.html", False, AgendaReason.BOILERPLATE_ONLY),
        ("teams_html_agenda.html", True, AgendaReason.LIST),
        ("zoom_only.txt", False, AgendaReason.BOILERPLATE_ONLY),
        ("zoom_with_purpose.txt", True, AgendaReason.HEADING),
        ("webex_only.txt", False, AgendaReason.BOILERPLATE_ONLY),
        ("outlook_sharepoint_link.txt", True, AgendaReason.DOC_LINK),
        ("dutch_agendapunten.txt", True, AgendaReason.HEADING),
        ("prose_enough_words.txt", True, AgendaReason.ENOUGH_WORDS),
        ("too_short.txt", False, AgendaReason.TOO_SHORT),
        ("github_issue.txt", True, AgendaReason.DOC_LINK),
    ],
)
def test_real_world_descriptions(fixture: str, has_agenda: bool, reason: AgendaReason) -> None:
    verdict = detect_agenda(read(fixture))
    assert (verdict.has_agenda, verdict.reason) == (has_agenda, reason)


@pytest.mark.parametrize(
    "fixture",
    [
        "google_meet_only.txt",
        "google_meet_phone_block.txt",
        "teams_plain_only.txt",
        "teams_new_layout_only.txt",
        "teams_html_only.html",
        "zoom_only.txt",
        "webex_only.txt",
    ],
)
def test_conferencing_boilerplate_leaves_nothing(fixture: str) -> None:
    assert description_lines(read(fixture)) == []


def test_zoom_topic_line_is_not_taken_for_a_heading() -> None:
    # "Topic: <title>" under Zoom's intro repeats the title; it is no agenda.
    assert "Topic" not in " ".join(description_lines(read("zoom_only.txt")))


def test_text_around_boilerplate_is_kept_in_order() -> None:
    text = "Before the call.\n" + read("zoom_only.txt") + "\nAfter the call."
    assert description_lines(text) == ["Before the call.", "After the call."]


# --- the rules one by one -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("description", "reason"),
    [
        ("Agenda:\n- pricing\n- hiring", AgendaReason.HEADING),
        ("## Agenda\nReview the launch checklist", AgendaReason.HEADING),
        ("**Topics**\nroadmap", AgendaReason.HEADING),
        ("Goals: align on Q3 scope", AgendaReason.HEADING),
        ("Purpose - unblock the data migration", AgendaReason.HEADING),
        ("Objective: sign off the budget", AgendaReason.HEADING),
        ("Discussion points:\nvendor choice", AgendaReason.HEADING),
        ("📋 Agenda\nretro actions", AgendaReason.HEADING),
        ("Agenda (draft)\nstaffing", AgendaReason.HEADING),
        ("Onderwerpen:\nbegroting", AgendaReason.HEADING),
        ("Doel: besluit over de nieuwe huisstijl", AgendaReason.HEADING),
        ("Agendapunten\nheidag", AgendaReason.HEADING),
        ("- pricing\n- hiring", AgendaReason.LIST),
        ("* pricing\n* hiring", AgendaReason.LIST),
        ("• pricing\n• hiring", AgendaReason.LIST),
        ("1. pricing\n2. hiring", AgendaReason.LIST),
        ("1) pricing\n2) hiring", AgendaReason.LIST),
        ("[ ] pricing\n[x] hiring", AgendaReason.LIST),
        ("- [ ] pricing\n- [x] hiring", AgendaReason.LIST),
        ("- Webex\n- Help", AgendaReason.LIST),  # words that are chrome on a line of their own
        ("<ul><li>pricing</li><li>hiring</li></ul>", AgendaReason.LIST),
        ("<ol><li>pricing</li><li>hiring</li></ol>", AgendaReason.LIST),
        ("https://docs.google.com/document/d/abc123/edit", AgendaReason.DOC_LINK),
        ("https://docs.google.com/spreadsheets/d/abc123", AgendaReason.DOC_LINK),
        ("https://docs.google.com/presentation/d/abc123", AgendaReason.DOC_LINK),
        ("https://www.notion.so/acme/Planning-1a2b3c", AgendaReason.DOC_LINK),
        ("https://acme.atlassian.net/wiki/spaces/ENG/pages/123", AgendaReason.DOC_LINK),
        ("https://acme.sharepoint.com/:w:/s/Team/EYk2b3", AgendaReason.DOC_LINK),
        ("https://acme-my.sharepoint.com/personal/x/Documents/notes.docx", AgendaReason.DOC_LINK),
        ("https://onedrive.live.com/edit.aspx?resid=ABC", AgendaReason.DOC_LINK),
        ("https://coda.io/d/Team-Planning_dAbC", AgendaReason.DOC_LINK),
        ("https://paper.dropbox.com/doc/Planning-abc", AgendaReason.DOC_LINK),
        ("https://github.com/acme/api/pull/512", AgendaReason.DOC_LINK),
        ("https://github.com/acme/api/issues/77", AgendaReason.DOC_LINK),
        ("https://gitlab.com/acme/api/-/merge_requests/9", AgendaReason.DOC_LINK),
        ("https://gitlab.example.com/group/sub/api/-/issues/31", AgendaReason.DOC_LINK),
        (
            'See <a href="https://docs.google.com/document/d/x/edit">the doc</a>',
            AgendaReason.DOC_LINK,
        ),
    ],
)
def test_each_kind_of_agenda_is_recognised(description: str, reason: AgendaReason) -> None:
    verdict = detect_agenda(description)
    assert verdict.has_agenda
    assert verdict.reason == reason


@pytest.mark.parametrize(
    ("description", "reason"),
    [
        (None, AgendaReason.EMPTY),
        ("", AgendaReason.EMPTY),
        ("  \n\t ", AgendaReason.EMPTY),
        ("Agenda:", AgendaReason.EMPTY_TEMPLATE),
        ("Agenda\nTopics\n", AgendaReason.EMPTY_TEMPLATE),
        ("Agenda: TBD", AgendaReason.EMPTY_TEMPLATE),
        ("Agenda: to follow\nThanks!", AgendaReason.EMPTY_TEMPLATE),
        ("Agenda will follow", AgendaReason.AGENDA_TO_FOLLOW),
        ("No agenda yet, sorry", AgendaReason.AGENDA_TO_FOLLOW),
        ("Hi all, quick sync. Thanks!", AgendaReason.TOO_SHORT),
        ("- just one point", AgendaReason.TOO_SHORT),
        ("https://github.com/acme/api", AgendaReason.TOO_SHORT),  # a repo, not an issue
        ("https://example.com/some/page", AgendaReason.TOO_SHORT),
        (
            "sync sync sync sync sync sync sync sync sync sync sync sync sync",
            AgendaReason.TOO_SHORT,
        ),
        ("+1 for this", AgendaReason.TOO_SHORT),
        ("1.5 hours", AgendaReason.TOO_SHORT),
        ("_____________", AgendaReason.BOILERPLATE_ONLY),
    ],
)
def test_what_is_not_an_agenda(description: str | None, reason: AgendaReason) -> None:
    verdict = detect_agenda(description)
    assert not verdict.has_agenda
    assert verdict.reason == reason


def test_an_attachment_counts_as_an_agenda() -> None:
    verdict = detect_agenda("", has_attachment=True)
    assert (verdict.has_agenda, verdict.reason) == (True, AgendaReason.ATTACHMENT)


def test_text_signals_win_over_the_attachment() -> None:
    assert detect_agenda("- a point\n- another", has_attachment=True).reason == AgendaReason.LIST


def test_about_a_dozen_distinct_meaningful_words_make_an_agenda() -> None:
    eleven = "review numbers decide hiring plan platform agree offsite date venue budget"
    assert not detect_agenda(eleven).has_agenda
    assert detect_agenda(eleven + " roadmap").reason == AgendaReason.ENOUGH_WORDS


def test_stop_words_and_urls_do_not_count_as_words() -> None:
    padded = "Hi all, thanks, let's meet and sync on the call https://example.com/a/b/c/d/e/f"
    assert detect_agenda(padded).reason == AgendaReason.TOO_SHORT


def test_every_reason_has_a_human_phrase() -> None:
    assert detect_agenda("").detail == "has no description"
    assert detect_agenda(read("zoom_only.txt")).detail == "only has the video-call details"


def test_explicit_format_overrides_detection() -> None:
    # As plain text the tags are words; as HTML they are a list.
    html = "<ul><li>pricing</li><li>hiring</li></ul>"
    assert detect_agenda(html, is_html=True).reason == AgendaReason.LIST
    assert detect_agenda(html, is_html=False).reason == AgendaReason.TOO_SHORT


# --- HTML ----------------------------------------------------------------------------------


def test_angle_bracket_urls_in_plain_text_are_not_html() -> None:
    assert not looks_like_html(read("teams_plain_only.txt"))
    assert looks_like_html("<p>Hello</p>")
    assert looks_like_html("line<br>line")


def test_html_rendering_keeps_link_targets_and_drops_styles_and_comments() -> None:
    text = html_to_text(
        "<html><head><style>p {color: red}</style></head><body><!--[if mso]>x<![endif]-->"
        '<p>See <a href="https://coda.io/d/x">the doc</a> &amp; more</p></body></html>'
    )
    assert "https://coda.io/d/x" in text
    assert "color" not in text
    assert "mso" not in text
    assert "& more" in text


def test_outlook_wrapped_source_lines_are_joined() -> None:
    # In a whole HTML document a newline is only whitespace: no false "heading" line.
    html = "<html><body><p>We will set the\nagenda for the offsite together</p></body></html>"
    assert description_lines(html) == ["We will set the agenda for the offsite together"]


def test_unclosed_constructs_do_not_swallow_the_rest() -> None:
    for opener in ("<!-- ", "<style>", "<head>", '<a href="'):
        verdict = detect_agenda(f"<p>x</p>{opener}\nAgenda:\n- one\n- two", is_html=True)
        assert verdict.has_agenda, opener


# Descriptions are untrusted: these shapes once made a regex quadratic (minutes at this size).
_LONG = 10_000


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("a-" * _LONG, AgendaReason.TOO_SHORT),
        ("x" * _LONG, AgendaReason.TOO_SHORT),
        ("https://" + "a" * _LONG, AgendaReason.TOO_SHORT),
        ("a." * _LONG + "sharepoint.com/x", AgendaReason.DOC_LINK),
        ("Agenda\n" * _LONG, AgendaReason.EMPTY_TEMPLATE),
        ("<a " * _LONG, AgendaReason.TOO_SHORT),
        ("<!--" * _LONG, AgendaReason.BOILERPLATE_ONLY),
    ],
)
def test_adversarial_descriptions_get_a_verdict(text: str, reason: AgendaReason) -> None:
    assert detect_agenda(text).reason == reason


# --- properties ----------------------------------------------------------------------------

PLAIN_BOILERPLATE = [
    read(name)
    for name in (
        "google_meet_only.txt",
        "google_meet_phone_block.txt",
        "teams_plain_only.txt",
        "teams_new_layout_only.txt",
        "zoom_only.txt",
        "webex_only.txt",
    )
]
HTML_BOILERPLATE = [
    read("teams_html_only.html").split('<body dir="ltr">', 1)[1].rsplit("</body>", 1)[0],
    read("google_meet_only.txt"),  # Google appends its Meet block as text to HTML, too
]
# A point to discuss, not a standing item or placeholder ("Questions", "AOB": a heading with
# only those is an empty template), nor digits alone ("0000000" reads as a meeting id or a
# passcode, which is boilerplate). Hypothesis found both.
_WORDS = st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=12).filter(
    lambda word: any(char.isalpha() for char in word) and not is_list_filler(word)
)
_HTML_PIECES = st.one_of(
    st.sampled_from(
        ["<p>", "</p>", "<br>", "<ul>", "</ul>", "<li>", "</li>", "<b>", "</b>", "<div>", "</div>"]
    ),
    st.sampled_from(['<a href="https://example.com/x">', "</a>", "\n", " - ", "1. ", "Agenda"]),
    st.text(max_size=30).map(lambda s: s.replace("&", "&amp;").replace("<", "&lt;")),
)
HTML_TEXT = st.lists(_HTML_PIECES, max_size=25).map("".join)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _same_verdict(before: str, after: str, *, is_html: bool | None = None) -> None:
    a = detect_agenda(before, is_html=is_html)
    b = detect_agenda(after, is_html=is_html)
    assert a.has_agenda == b.has_agenda
    # Only "there was no text at all" may become "there was only boilerplate".
    if a.reason != AgendaReason.EMPTY:
        assert a.reason == b.reason


@SETTINGS
@given(text=st.text(max_size=400), is_html=st.sampled_from([None, True, False]))
def test_never_raises_on_arbitrary_text(text: str, is_html: bool | None) -> None:
    verdict = detect_agenda(text, is_html=is_html)
    assert isinstance(verdict.reason, AgendaReason)


@SETTINGS
@given(text=HTML_TEXT)
def test_never_raises_on_html_like_text(text: str) -> None:
    assert isinstance(detect_agenda(text).has_agenda, bool)


@SETTINGS
@given(base=st.text(max_size=300), boilerplate=st.sampled_from(PLAIN_BOILERPLATE))
def test_adding_boilerplate_never_changes_the_verdict(base: str, boilerplate: str) -> None:
    _same_verdict(base, base + "\n\n" + boilerplate)
    _same_verdict(base, boilerplate + "\n\n" + base)


@SETTINGS
@given(base=HTML_TEXT, boilerplate=st.sampled_from(HTML_BOILERPLATE))
def test_adding_boilerplate_to_html_never_changes_the_verdict(base: str, boilerplate: str) -> None:
    _same_verdict(base, base + "\n\n" + boilerplate, is_html=True)


@SETTINGS
@given(base=st.text(max_size=300), first=_WORDS, second=_WORDS)
def test_appending_a_heading_and_two_items_makes_an_agenda(
    base: str, first: str, second: str
) -> None:
    assert detect_agenda(f"{base}\n\nAgenda:\n- {first}\n- {second}").has_agenda


@SETTINGS
@given(base=HTML_TEXT, first=_WORDS, second=_WORDS)
def test_appending_an_html_agenda_makes_an_agenda(base: str, first: str, second: str) -> None:
    agenda = f"<p><b>Agenda</b></p><ul><li>{first}</li><li>{second}</li></ul>"
    assert detect_agenda(base + agenda, is_html=True).has_agenda
