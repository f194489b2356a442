"""`planner list`: exercises matching the filters, read from the library's index."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from planner.commands.env import Env, open_library
from planner.structs import field, struct


@struct
class ExerciseList:
    """Matching cards' tags (every field but the prose), sorted by name."""

    cards: list[Mapping[str, Any]]
    filters: list[str] = field(default_factory=list)  # the filters as given, to say what matched nothing

    def to_json(self) -> list[dict[str, Any]]:
        # the index's rows as they are: no card file is read again (`planner show --json`
        # gives one card with its prose)
        return [dict(card) for card in self.cards]


def run(
    env: Env,
    muscle: list[str],
    primary: bool,
    equipment: list[str],
    block: str | None,
    pattern: str | None,
    level: str | None,
    search: str | None,
) -> ExerciseList:
    from planner.library import build_query, select
    from planner.vocab import builtin_vocab

    query = build_query(builtin_vocab(), muscle, primary, equipment, block, pattern, level, search)
    _, lib = open_library(env)
    given = [
        *(f"--muscle {m}" for m in muscle),
        *(["--primary"] if primary and muscle else []),
        *(f"--equipment {e}" for e in equipment),
        *(f"--{name} {value}" for name, value in (("block", block), ("pattern", pattern), ("level", level)) if value),
        *([f"--search {search!r}"] if search else []),
    ]
    return ExerciseList(select(lib, query), given)
