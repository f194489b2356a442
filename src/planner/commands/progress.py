"""`planner progress`: more weeks for a plan file, by its progression scheme; with a log, the
weeks after the last logged one planned again from what was done."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from planner.commands.env import Env, open_library
from planner.errors import PlannerError
from planner.records import Plan, Week
from planner.structs import field, struct

if TYPE_CHECKING:
    from planner.coach.adapt import PlanLog


@struct
class Progressed:
    plan: Plan
    path: Path
    before: int  # weeks before
    notes: list[str] = field(default_factory=list)
    replanned: Week | None = None  # the first week made from the log, to show


def extend(env: Env, plan: Plan, total: int, log: PlanLog | None = None) -> Plan:
    """The engine's one entry point for more weeks: the plan, extended to `total` weeks (the
    weeks after the last logged one made again from `log`)."""
    from planner.plans import extend_weeks
    from planner.vocab import builtin_vocab

    sources, lib = open_library(env)
    return extend_weeks(plan, lib, builtin_vocab(), sources, total, log)


def run(
    env: Env, plan_file: Path, weeks: int, output: Path | None, force: bool, db: Path | None, use_log: bool
) -> Progressed:
    from planner.plans import open_plan, update_plan, weeks_after

    source = open_plan(plan_file)
    current = source.plan
    log = _plan_log(db, current) if use_log else None
    target = output or plan_file
    if log is None or not log.sessions:
        if weeks == 0:
            raise PlannerError("--weeks 0 adds no week, and the log has no session of this plan to plan again from")
        total = weeks_after(current, weeks, output, force)  # at most 52, checked before any work
        longer = extend(env, current, total)
        backup = update_plan(source, longer, output, force)  # comments kept; the version before in PLAN~
        kept = f" (the previous version is {backup})" if backup else ""
        return Progressed(
            longer, target, len(current.weeks), [f"{target}: {len(current.weeks)} -> {total} weeks{kept}"]
        )
    first = log.last_week + 1
    total = weeks_after(current, weeks, output, force, at_least=first)
    longer = extend(env, current, total, log)
    backup = update_plan(source, longer, output, force)
    count = len(log.sessions)
    kept = f" (the previous version is {backup})" if backup else ""
    notes = [
        f"{target}: weeks {first}-{total} planned from the log ({count} session{'s' * (count != 1)} of this plan "
        f"logged, the last in week {log.last_week}); {len(current.weeks)} -> {total} weeks{kept}"
    ]
    replanned = next(w for w in longer.weeks if w.number == first)
    return Progressed(longer, target, len(current.weeks), notes, replanned)


def _plan_log(db: Path | None, plan: Plan) -> PlanLog | None:
    from planner.log.access import open_log, plan_log

    log = open_log(db, create=False)
    if log is None:
        return None
    with log:
        return plan_log(log, plan)
