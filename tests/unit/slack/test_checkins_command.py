"""`/kairos async`: read as the list of one's check-ins; anything after it is refused, in the
reader's language."""

from __future__ import annotations

import pytest

from bot.errors import KairosUserError
from bot.i18n import speaking
from bot.slack.commands import CheckIns, parse_kairos_command


@pytest.mark.parametrize("typed", ["async", "ASYNC", "  async  "])
def test_async_lists_the_check_ins(typed: str) -> None:
    assert parse_kairos_command(typed) == CheckIns()


def test_words_after_it_are_refused_with_the_command_to_type() -> None:
    with pytest.raises(KairosUserError) as caught:
        parse_kairos_command("async <!channel> stop")
    said = caught.value.user_text()
    assert "`/kairos async` takes nothing after it, not `&lt;!channel&gt; stop`." in said
    assert "/kairos async" in said.splitlines()[-1]


def test_the_refusal_is_dutch_for_a_dutch_reader() -> None:
    with speaking("nl"):
        with pytest.raises(KairosUserError) as caught:
            parse_kairos_command("async list")
        said = caught.value.user_text()
    assert "Achter `/kairos async` komt niets, ook geen `list`." in said
    assert "Bijvoorbeeld" in said
    assert "takes nothing" not in said
