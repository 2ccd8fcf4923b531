"""The notes' ids are known to the view checks.

They join bot/ids.py's Action and View when their listeners do (a later step: the Slack
samples tests send every id there and expect a listener); until then the checks are told
of them here."""

from __future__ import annotations

import pytest

from bot.ids import View
from bot.notes.messages import NotesAction, NotesView
from tests.unit import view_checks


@pytest.fixture(autouse=True)
def _notes_ids_known(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        view_checks, "KNOWN_ACTIONS", view_checks.KNOWN_ACTIONS | {str(a) for a in NotesAction}
    )
    monkeypatch.setattr(view_checks, "View", [*View, *NotesView])
