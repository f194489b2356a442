"""Swap one exercise of a plan for another that does the same job."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from planner.errors import PlannerError
from planner.library import Library
from planner.records import Card, Item, Plan, replace
from planner.vocab import Vocab, level_allows


@dataclass(frozen=True)
class Alternative:
    exercise: Card
    score: float
    why: str


def find_item(plan: Plan, week: int, day: str, exercise_id: str) -> tuple[int, int, Item]:
    session = plan.session(week, day)
    for b, block in enumerate(session.blocks):
        for i, item in enumerate(block.items):
            if item.exercise == exercise_id:
                return b, i, item
    here = ", ".join(item.exercise for block in session.blocks for item in block.items)
    raise PlannerError(f"--exercise: {exercise_id!r} is not in week {week} on {day}; that session has: {here}")


def unsuitable(plan: Plan, week: int, day: str, old: Card, new: Card, block: str, vocab: Vocab) -> str | None:
    """Why `new` cannot stand in for `old` in this plan, or None when it can."""
    equipment = vocab.expand_equipment(plan.inputs.equipment)
    if new.id == old.id:
        return "it is the same exercise"
    if block not in new.blocks:
        return f"{new.id} is not suited to the {block} block (it suits: {', '.join(new.blocks)})"
    if not new.available_with(equipment):
        missing = sorted(set(new.equipment) - equipment)
        return f"{new.id} needs {', '.join(missing)}, which this plan's equipment ({', '.join(plan.inputs.equipment)}) lacks"
    if not level_allows(plan.inputs.level, new.level):
        return f"{new.id} is {new.level}; this plan is for a {plan.inputs.level}"
    if new.measure != old.measure:
        return (
            f"{new.id} is measured in {new.measure}, {old.id} in {old.measure}: the prescription would not carry over"
        )
    if not set(new.primary_muscles) & set(old.primary_muscles):
        return f"{new.id} trains {', '.join(new.primary_muscles)}, not {', '.join(old.primary_muscles)}"
    session = plan.session(week, day)
    if any(item.exercise == new.id for b in session.blocks for item in b.items):
        return f"{new.id} is already in that session"
    return None


def alternatives(
    plan: Plan, week: int, day: str, old: Card, block: str, library: Library, vocab: Vocab
) -> list[Alternative]:
    """Suitable replacements, best first: same pattern and primary muscles, same kind of work."""
    out = []
    for ex in library.sorted():
        if unsuitable(plan, week, day, old, ex, block, vocab) is not None:
            continue
        shared = set(ex.primary_muscles) & set(old.primary_muscles)
        score = 2.0 * (ex.pattern == old.pattern) + len(shared) + 0.5 * (ex.laterality == old.laterality)
        score += 0.5 * (ex.mechanic == old.mechanic) + 0.3 * (ex.level == old.level)
        reasons = [f"trains {', '.join(sorted(shared))}"]
        if ex.pattern == old.pattern:
            reasons.append(f"same pattern ({ex.pattern})")
        if ex.id in old.easier:
            reasons.append("an easier version")
        if ex.id in old.harder:
            reasons.append("a harder version")
        out.append(Alternative(ex, score, "; ".join(reasons)))
    return sorted(out, key=lambda a: (-a.score, a.exercise.name))


def swap(plan: Plan, week: int, day: str, exercise_id: str, new: Card) -> Plan:
    """The plan with `exercise_id` replaced by `new` in one session, prescription kept."""
    data = copy.deepcopy(plan)
    for w in data.weeks:
        if w.number != week:
            continue
        for s in w.sessions:
            if s.day != day:
                continue
            for block in s.blocks:
                block.items[:] = [
                    replace(
                        item,
                        exercise=new.id,
                        name=new.name,
                        per_side=new.per_side,
                        change=f"swapped in for {exercise_id}",
                    )
                    if item.exercise == exercise_id
                    else item
                    for item in block.items
                ]
    return data
