"""The gateway's small answer cache."""

from __future__ import annotations

import pytest

from bot.slack.gateway import Memo


def test_an_answer_is_kept_per_key() -> None:
    memo: Memo[str, int] = Memo(None)
    loads: list[str] = []

    def load(key: str) -> int:
        loads.append(key)
        return len(loads)

    assert memo.get("a", lambda: load("a")) == 1
    assert memo.get("a", lambda: load("a")) == 1
    assert memo.get("b", lambda: load("b")) == 2
    assert loads == ["a", "b"]


def test_an_answer_older_than_max_age_is_loaded_again() -> None:
    memo: Memo[str, int] = Memo(0.0)
    values = iter([1, 2])
    assert memo.get("a", lambda: next(values)) == 1
    assert memo.get("a", lambda: next(values)) == 2


def test_a_failed_load_is_not_kept() -> None:
    memo: Memo[str, int] = Memo(None)

    def fail() -> int:
        raise RuntimeError("Slack said no")

    with pytest.raises(RuntimeError):
        memo.get("a", fail)
    assert memo.get("a", lambda: 7) == 7
