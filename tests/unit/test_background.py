"""Work run beside a request speaks the request's language."""

from __future__ import annotations

import threading

from bot.background import BackgroundWork
from bot.i18n import current_language, speaking


def test_background_work_speaks_the_language_of_whoever_submitted_it() -> None:
    work = BackgroundWork(workers=1)
    spoken: list[str] = []
    done = threading.Event()

    def note() -> None:
        spoken.append(current_language())
        done.set()

    with speaking("nl"):
        work.submit(note)
    assert done.wait(5)
    done.clear()
    work.submit(note)  # the same thread, after the Dutch request: English again
    assert done.wait(5)
    work.shutdown()
    assert spoken == ["nl", "en"]
