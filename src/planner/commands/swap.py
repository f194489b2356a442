"""`planner swap`: alternatives for an exercise of a plan, or the swap itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planner.commands.env import Env, open_library
from planner.errors import PlannerError
from planner.records import Card
from planner.structs import field, struct
from planner.swap import Alternative, Place


@struct
class Alternatives:
    old: Card
    places: list[Place]
    found: list[Alternative]

    def to_json(self) -> list[dict[str, Any]]:
        return [
            {"exercise": a.exercise.id, "name": a.exercise.name, "score": a.score, "why": a.why} for a in self.found
        ]


@struct
class Swapped:
    path: Path
    old: Card
    new: Card
    places: list[Place]
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "plan": str(self.path),
            "exercise": self.old.id,
            "to": self.new.id,
            "sessions": [{"week": p.week, "day": p.day, "block": p.block} for p in self.places],
        }


def run(
    env: Env, plan_file: Path, exercise: str, to: str | None, week: str | None, day: str | None
) -> Alternatives | Swapped:
    from planner.plans import open_plan, update_plan
    from planner.swap import alternatives, find_places, parse_day, parse_weeks, swap, unsuitable
    from planner.vocab import builtin_vocab

    on = None if day is None else parse_day(day)
    source = open_plan(plan_file)
    current = source.plan
    places = find_places(current, parse_weeks(week, current), on, exercise)
    _, lib = open_library(env)
    vocab = builtin_vocab()
    old = lib.get(exercise)
    if to is None:
        return Alternatives(old, places, alternatives(current, places, old, lib, vocab))
    new = lib.get(to)
    reason = unsuitable(current, places, old, new, vocab)
    if reason is not None:
        raise PlannerError(f"--to {to}: {reason}")
    swapped = swap(current, places, old, new)
    backup = update_plan(source, swapped)  # comments kept; the version before in PLAN~
    notes = [
        f"{plan_file}: {exercise} -> {to} in {describe(places)}; prescriptions kept (the previous version is {backup})"
    ]
    if old.id in swapped.inputs.exclude and old.id not in current.inputs.exclude:
        notes.append(f"{exercise} is in no week now: `planner progress` leaves it out too")
    return Swapped(plan_file, old, new, places, notes)


def describe(places: list[Place]) -> str:
    """ "week 1 mon", or "8 sessions (weeks 1-8, mon and thu)"."""
    if len(places) == 1:
        return f"week {places[0].week} {places[0].day}"
    weeks = sorted({p.week for p in places})
    span = f"week {weeks[0]}" if len(weeks) == 1 else f"weeks {weeks[0]}-{weeks[-1]}"
    from planner.records import WEEKDAYS

    days = sorted({p.day for p in places}, key=WEEKDAYS.index)
    return f"{len(places)} sessions ({span}, {' and '.join(days)})"
