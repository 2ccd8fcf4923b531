"""Mutations of a payload Slack could send: each key dropped, values of the wrong type, deeper.

Deterministic: the same payload and seed give the same mutations, so a failure reproduces.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

Path = tuple[str | int, ...]

# Wrong types and hostile strings, each put where any value was.
REPLACEMENTS: tuple[Any, ...] = (
    "x",
    7,
    None,
    [],
    {},
    "",
    "a" * 10_000,
    "<!channel>",
)
# What a form field (a slash command's) can be: always a string.
FORM_REPLACEMENTS: tuple[str, ...] = ("x", "7", "", "a" * 10_000, "<!channel>", "null", "[]", "{")


@dataclass(frozen=True)
class Mutation:
    """One changed payload and what was changed, for the failure message."""

    what: str
    path: Path
    payload: Any


def paths(value: Any, prefix: Path = ()) -> Iterator[Path]:
    """Every path to a value inside dicts and lists (not the root)."""
    if isinstance(value, dict):
        items: list[tuple[str | int, Any]] = list(value.items())
    elif isinstance(value, list):
        items = list(enumerate(value))
    else:
        return
    for key, child in items:
        here = (*prefix, key)
        yield here
        yield from paths(child, here)


def _replaced(payload: Any, path: Path, new: Any, *, drop: bool = False) -> Any:
    changed = copy.deepcopy(payload)
    parent = changed
    for key in path[:-1]:
        parent = parent[key]
    if drop:
        del parent[path[-1]]
    else:
        parent[path[-1]] = new
    return changed


def _value_at(payload: Any, path: Path) -> Any:
    value = payload
    for key in path:
        value = value[key]
    return value


def mutations_at(payload: Any, path: Path, number: int) -> list[Mutation]:
    """The path (the number-th of paths()) dropped, replaced by each of REPLACEMENTS, and
    nested one level deeper."""
    old = _value_at(payload, path)
    found = [Mutation(f"drop {path}", path, _replaced(payload, path, None, drop=True))]
    for new in REPLACEMENTS:
        if new != old or type(new) is not type(old):
            shown = repr(new) if not isinstance(new, str) or len(new) < 20 else "'a'*10000"
            found.append(Mutation(f"{path} = {shown}", path, _replaced(payload, path, new)))
    deeper = {"x": old} if number % 2 else [old]
    found.append(Mutation(f"{path} nested", path, _replaced(payload, path, deeper)))
    return found


def all_mutations(payload: Any) -> list[Mutation]:
    """Every path dropped, replaced by each of REPLACEMENTS, and nested one level deeper."""
    return [
        m for number, path in enumerate(paths(payload)) for m in mutations_at(payload, path, number)
    ]


def sampled_mutations(
    payload: Any, count: int, seed: int, *, where: Callable[[Path], bool]
) -> list[Mutation]:
    """count mutations at as many fixed-seed paths that where() accepts, one each. For large
    payloads: all_mutations copies the whole payload once per mutation of every path."""
    rng = random.Random(seed)
    candidates = [(n, path) for n, path in enumerate(paths(payload)) if where(path)]
    chosen = sorted(rng.sample(candidates, min(count, len(candidates))))
    return [rng.choice(mutations_at(payload, path, n)) for n, path in chosen]


def form_mutations(fields: dict[str, str]) -> list[Mutation]:
    """Every field of a form body dropped, or replaced by another string."""
    found: list[Mutation] = []
    for name, old in fields.items():
        others = {k: v for k, v in fields.items() if k != name}
        found.append(Mutation(f"drop {name}", (name,), others))
        for new in FORM_REPLACEMENTS:
            if new != old:
                shown = new if len(new) < 20 else "'a'*10000"
                found.append(Mutation(f"{name} = {shown!r}", (name,), {**fields, name: new}))
    return found


def sample(
    mutations: list[Mutation], count: int, seed: int, *, keep: Callable[[Path], bool]
) -> list[Mutation]:
    """Every mutation of a path keep() accepts, and a fixed-seed sample of count others."""
    kept = [m for m in mutations if keep(m.path)]
    rest = [m for m in mutations if not keep(m.path)]
    return kept + random.Random(seed).sample(rest, min(len(rest), count))
