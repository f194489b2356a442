"""Swap an exercise of a plan for another that does the same job: in one session, or in
every session of a range of weeks (`--week all`), each week keeping the prescription the
replaced exercise had that week, so its progression carries on."""

from __future__ import annotations

import re

from planner.errors import PlannerError, UnknownName, close_matches
from planner.library import Library
from planner.records import WEEKDAYS, Card, Item, Plan, replace
from planner.structs import struct
from planner.vocab import Vocab, level_allows

DAY_NAMES = {day: full for day, full in zip(WEEKDAYS, ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"), strict=True)}  # fmt: skip


@struct(frozen=True)
class Alternative:
    exercise: Card
    score: float
    why: str


@struct(frozen=True)
class Place:
    """One session the exercise is in, and the block it has there."""

    week: int
    day: str
    block: str


# ---------------------------------------------------------------------------- what to swap


def parse_day(text: str) -> str:
    """A weekday as the plan writes it (mon, tue, ...), from "mon", "Monday" or "MON"."""
    key = text.strip().lower()
    for day, full in DAY_NAMES.items():
        if key in (day, full):
            return day
    raise UnknownName(
        "weekday",
        text,
        close_matches(key, [*DAY_NAMES, *DAY_NAMES.values()])[:1],
        "use mon, tue, wed, thu, fri, sat or sun",
        "--day",
    )


def parse_weeks(text: str | None, plan: Plan) -> list[int]:
    """Week numbers from "3", "2-5", "1,3" or "all" (also what None means), each in the plan."""
    have = [w.number for w in plan.weeks]
    span = f"the plan has weeks {have[0]}-{have[-1]}" if have else "the plan has no weeks"
    if text is None or text.strip().lower() == "all":
        return have
    weeks: list[int] = []
    for part in text.split(","):
        m = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", part)
        if m is None:
            raise PlannerError(f"--week: {text!r} is not a week; give a number, a range such as 2-5, or all")
        first, last = int(m[1]), int(m[2] or m[1])
        if first > last:
            raise PlannerError(f"--week: {part.strip()} runs backwards; write it {last}-{first}")
        for n in range(first, last + 1):
            if n not in have:
                raise PlannerError(f"--week: no week {n}; {span}")
            if n not in weeks:
                weeks.append(n)
    return sorted(weeks)


def find_places(plan: Plan, weeks: list[int], day: str | None, exercise_id: str) -> list[Place]:
    """Every session in those weeks (on that day, if given) that has the exercise."""
    found: list[Place] = []
    sessions = []
    for week in plan.weeks:
        if week.number not in weeks:
            continue
        for session in week.sessions:
            if day is not None and session.day != day:
                continue
            sessions.append((week.number, session))
            for block in session.blocks:
                if any(item.exercise == exercise_id for item in block.items):
                    found.append(Place(week.number, session.day, block.kind))
    if found:
        return found
    if day is not None and not sessions:
        plan.session(weeks[0], day)  # says which days the plan has
    where = _where(weeks, day)
    elsewhere = sorted({f"{w.number} {s.day}" for w in plan.weeks for s in w.sessions for b in s.blocks for i in b.items if i.exercise == exercise_id}, key=lambda t: (int(t.split()[0]), WEEKDAYS.index(t.split()[1])))  # fmt: skip
    if elsewhere:
        hint = f"it is in week {', '.join(elsewhere[:4])}{' ...' if len(elsewhere) > 4 else ''}"
    elif len(sessions) == 1:
        hint = "that session has: " + ", ".join(i.exercise for b in sessions[0][1].blocks for i in b.items)
    else:
        hint = "it is not in this plan (`planner stats` or the plan file shows what is)"
    raise PlannerError(f"--exercise: {exercise_id!r} is not in {where}; {hint}")


def _where(weeks: list[int], day: str | None) -> str:
    span = f"week {weeks[0]}" if len(weeks) == 1 else f"weeks {weeks[0]}-{weeks[-1]}"
    if len(weeks) > 1 and weeks != list(range(weeks[0], weeks[-1] + 1)):
        span = "weeks " + ", ".join(map(str, weeks))
    return f"{span} on {day}" if day else span


# ---------------------------------------------------------------------------- what can stand in


def in_weeks(plan: Plan, weeks: set[int]) -> set[str]:
    """Every exercise the plan has in these weeks."""
    return {i.exercise for w in plan.weeks if w.number in weeks for s in w.sessions for b in s.blocks for i in b.items}


def unsuitable(plan: Plan, places: list[Place], old: Card, new: Card, vocab: Vocab) -> str | None:
    """Why `new` cannot stand in for `old` in these places, or None when it can."""
    equipment = vocab.expand_equipment(plan.inputs.equipment)
    if new.id == old.id:
        return "it is the same exercise"
    for block in sorted({p.block for p in places}):
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
    for place in places:
        session = plan.session(place.week, place.day)
        if any(item.exercise == new.id for b in session.blocks for item in b.items):
            return f"{new.id} is already in that session (week {place.week} {place.day})"
        week = next(w for w in plan.weeks if w.number == place.week)
        roles = {b.kind for s in week.sessions for b in s.blocks for i in b.items if i.exercise == new.id}
        if roles - {place.block}:
            role = sorted(roles - {place.block})[0]
            return f"{new.id} is in week {place.week} as {role} work already, and an exercise has one role in a week"
    return None


def alternatives(plan: Plan, places: list[Place], old: Card, library: Library, vocab: Vocab) -> list[Alternative]:
    """Suitable replacements, best first: same pattern and primary muscles, same kind of
    work; none that the weeks concerned already have."""
    taken = in_weeks(plan, {p.week for p in places})
    out = []
    for ex in library.sorted():
        if ex.id in taken or unsuitable(plan, places, old, ex, vocab) is not None:
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


# ---------------------------------------------------------------------------- the swap


def swap(plan: Plan, places: list[Place], old: Card, new: Card) -> Plan:
    """The plan with `old` replaced by `new` in these places. Each keeps the prescription
    `old` had there (sets, reps, tempo, rest, RIR, that week's change), so a progression
    goes on from where it was. A load in kilos was `old`'s own, so it is dropped, and so
    are ramp sets that are not percentages of the working load. When `old` is then in no
    week at all, it joins the plan's `exclude` list."""
    where = {(p.week, p.day) for p in places}

    def swapped(item: Item) -> Item:
        note = f"replaces {old.name}" + ("; find its load" if item.load else "")
        return replace(
            item,
            exercise=new.id,
            name=new.name,
            per_side=new.per_side,
            load=None,
            ramp=[r for r in item.ramp if "%" in r],
            change=f"{note}; {item.change}" if item.change else note,
        )

    weeks = []
    for week in plan.weeks:
        sessions = []
        for session in week.sessions:
            if (week.number, session.day) in where:
                blocks = [
                    replace(b, items=[swapped(i) if i.exercise == old.id else i for i in b.items])
                    for b in session.blocks
                ]
                session = replace(session, blocks=blocks)
            sessions.append(session)
        weeks.append(replace(week, sessions=sessions))
    swapped_plan = replace(plan, weeks=weeks)
    if old.id not in in_weeks(swapped_plan, {w.number for w in weeks}) and old.id not in plan.inputs.exclude:
        # gone from every week: the weeks `planner progress` adds leave it out too (the
        # plan's id stays, so its calendar events are still updated, not duplicated)
        swapped_plan.inputs = replace(plan.inputs, exclude=[*plan.inputs.exclude, old.id])
    return swapped_plan
