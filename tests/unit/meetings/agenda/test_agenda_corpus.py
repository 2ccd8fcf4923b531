"""The agenda corpus: real descriptions, each with the verdict a person gave it.

tests/fixtures/agenda_corpus/README.md says where every description comes from and how the
labels were decided. The target is a person's verdict: no false "has agenda" and no false
"no agenda" on the labelled set.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bot.meetings.agenda.detection import AgendaReason, detect_agenda

CORPUS = Path(__file__).parents[3] / "fixtures" / "agenda_corpus" / "corpus.jsonl"
FIELDS = {
    "id",
    "language",
    "producer",
    "has_agenda",
    "is_html",
    "origin",
    "license",
    "note",
    "text",
}
REQUIRED_LANGUAGES = {"en", "nl", "de", "fr", "es"}


@dataclass(frozen=True, slots=True)
class Entry:
    """One labelled description."""

    id: str
    language: str
    producer: str
    has_agenda: bool
    is_html: bool
    origin: str
    license: str
    note: str
    text: str


def load() -> list[Entry]:
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]
    return [Entry(**row) for row in rows]


ENTRIES = load()


def test_the_corpus_is_well_formed() -> None:
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]
    assert all(set(row) == FIELDS for row in rows)
    ids = [entry.id for entry in ENTRIES]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    assert len(ENTRIES) >= 150
    assert all(entry.text.strip() and entry.origin and entry.note for entry in ENTRIES)
    assert {entry.language for entry in ENTRIES} >= REQUIRED_LANGUAGES
    # Both verdicts in every required language would be ideal; both verdicts overall are a must.
    assert {True, False} == {entry.has_agenda for entry in ENTRIES}


def _report(misjudged: list[tuple[Entry, AgendaReason]], counts: Counter[str]) -> str:
    tp, fp, fn, tn = counts["tp"], counts["fp"], counts["fn"], counts["tn"]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    lines = [
        f"agenda corpus: {len(ENTRIES)} descriptions",
        f"precision {precision:.1%}  recall {recall:.1%}  (on 'has agenda')",
        f"true has-agenda {tp}  false has-agenda {fp}  false no-agenda {fn}  true no-agenda {tn}",
    ]
    lines += [
        f"  {'FALSE HAS-AGENDA' if entry.has_agenda is False else 'FALSE NO-AGENDA'} "
        f"{entry.id} [{entry.language}, {entry.producer}]: {reason.value} — {entry.note}"
        for entry, reason in misjudged
    ]
    return "\n".join(lines)


def test_detection_agrees_with_every_label() -> None:
    counts: Counter[str] = Counter()
    misjudged: list[tuple[Entry, AgendaReason]] = []
    for entry in ENTRIES:
        verdict = detect_agenda(entry.text, is_html=entry.is_html)
        key = ("t" if verdict.has_agenda == entry.has_agenda else "f") + (
            "p" if verdict.has_agenda else "n"
        )
        counts[key] += 1
        if verdict.has_agenda != entry.has_agenda:
            misjudged.append((entry, verdict.reason))
    report = _report(misjudged, counts)
    print(report)  # shown with -s, and in the failure message below
    assert not misjudged, report
