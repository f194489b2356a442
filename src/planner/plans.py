"""Build plans from inputs (the engine is planner.coach), and count a plan's weekly sets.
Plan files are read and written by planfile.py, whose names are importable from here too."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from planner.digest import sha256
from planner.errors import PlannerError
from planner.library import Library, Source
from planner.planfile import (
    SCHEMA_VERSION,
    _drop_none,
    open_plan,
    plan_to_json,
    plan_to_toml,
    read_plan,
    update_plan,
    weeks_after,
    write_plan,
)
from planner.records import WEEKDAYS, Plan, PlanInputs, replace, to_data
from planner.vocab import Vocab

__all__ = [
    "SCHEMA_VERSION",
    "_drop_none",
    "build_plan",
    "extend_weeks",
    "open_plan",
    "plan_stats",
    "plan_to_json",
    "plan_to_toml",
    "read_plan",
    "update_plan",
    "weeks_after",
    "with_dates",
    "write_plan",
]

if TYPE_CHECKING:  # the engine loads only when a plan is made or extended
    from planner.coach.adapt import PlanLog


def plan_id(inputs: PlanInputs) -> str:
    """A stable identity for a plan: the same inputs give the same id (and calendar UIDs). The
    person's known lifts and kit are left out: new numbers for them keep the plan (and its log)."""
    data = {k: v for k, v in to_data(inputs).items() if k not in ("lifts", "kit")}
    digest = sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
    return f"plan-{digest[:12]}"


def session_date(start: dt.date, week: int, day: str) -> dt.date:
    """Week 1 runs for seven days from `start`; a session falls on its weekday in that span."""
    offset = (WEEKDAYS.index(day) - start.weekday()) % 7
    return start + dt.timedelta(days=offset + 7 * (week - 1))


def with_dates(plan: Plan, start: str | None) -> Plan:
    """Put dates on every session (or take them off with None), sessions in date order."""
    weeks = []
    for week in plan.weeks:
        sessions = list(week.sessions)
        if start is not None:
            first = dt.date.fromisoformat(start)
            sessions = [replace(s, date=session_date(first, week.number, s.day).isoformat()) for s in sessions]
            sessions.sort(key=lambda s: s.date or "")
        else:
            sessions = [replace(s, date=None) for s in sessions]
        weeks.append(replace(week, sessions=sessions))
    return replace(plan, weeks=weeks)


def build_plan(inputs: PlanInputs, library: Library, vocab: Vocab, sources: list[Source]) -> Plan:
    """The plan for `inputs` (the engine lives in planner.coach; it is imported only here, so
    that reading, exporting and counting a plan never load it)."""
    from planner.coach.plan import build_plan as build

    return build(inputs, library, vocab, [s.path for s in sources])


def extend_weeks(
    plan: Plan, library: Library, vocab: Vocab, sources: list[Source], total: int, log: PlanLog | None = None
) -> Plan:
    """The plan with weeks added by its progression scheme until it has `total`; with a `log`
    of its sessions, the weeks after the last one logged made again from what was done."""
    from planner.coach.context import make_context
    from planner.coach.plan import extend, scheme_for

    folders = [s.path for s in sources]
    ctx = make_context(plan.inputs, library, vocab, folders)
    weeks = extend(ctx, plan.weeks, total, scheme_for(ctx, folders), log)
    longer = replace(plan, weeks=weeks, inputs=replace(plan.inputs, weeks=total))
    return with_dates(longer, longer.inputs.start)


# ---------------------------------------------------------------------------- stats


def plan_stats(plan: Plan, library: Library, vocab: Vocab, sources: list[Source]) -> dict[str, Any]:
    """Weekly hard sets per muscle (rule 8 counting) against the goal's range, minutes per
    session, and the plan's warnings."""
    from planner.coach.rules import load_coaching
    from planner.coach.timing import Clock
    from planner.coach.volume import card_credits, week_counts

    coaching = load_coaching([s.path for s in sources], vocab)
    goal = coaching.goals.get(plan.inputs.goal)
    if goal is None:
        raise PlannerError(f"{plan.inputs.goal!r}: the plan's goal is not in templates/goals.toml any more")
    v = goal.volume
    lo, hi = v.prime_beginner if plan.inputs.level == "beginner" and v.prime_beginner else v.prime
    clock = Clock(coaching.rules.time)
    credit = coaching.rules.volume.secondary_credit
    known = library.exercises
    cache: dict[str, dict[str, float] | None] = {}

    def credits(exercise: str) -> dict[str, float] | None:
        if exercise not in cache:
            cache[exercise] = card_credits(known[exercise], credit) if exercise in known else None
        return cache[exercise]

    weeks = []
    for week in plan.weeks:
        counts = week_counts(week.sessions, credits, clock)
        weeks.append(
            {
                "number": week.number,
                "deload": week.deload,
                "hard_sets": {m: counts.get(m, 0.0) for m in vocab.muscles.ids if counts.get(m) or vocab.is_major(m)},
                "sessions": [
                    {"day": s.day, "date": s.date, "title": s.title, "minutes": s.minutes} for s in week.sessions
                ],
            }
        )
    unknown = sorted(
        {i.exercise for w in plan.weeks for s in w.sessions for b in s.blocks for i in b.items} - set(known)
    )
    return {
        "goal": plan.inputs.goal,
        "target": [float(lo), float(hi)],
        "major": [m for m in vocab.muscles.ids if vocab.is_major(m)],
        "minutes_asked": plan.inputs.minutes,
        "weeks": weeks,
        "not_in_library": unknown,
        "warnings": [to_data(w) for w in plan.warnings],
    }
