"""A whole plan: week 1 composed, the weeks after it progressed or deloaded, and the
warnings that say what the inputs could not reach (docs/coaching.md, section 0)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from planner.coach.compose import compose_week
from planner.coach.context import Context, make_context
from planner.coach.deload import deload_week
from planner.coach.progress import Progressor, Scheme, load_schemes
from planner.coach.timing import Clock
from planner.coach.warnings import plan_warnings
from planner.errors import PlannerError
from planner.library import Library
from planner.plans import SCHEMA_VERSION, plan_id, with_dates
from planner.records import Plan, PlanInputs, Week
from planner.vocab import Vocab

if TYPE_CHECKING:
    from planner.coach.adapt import PlanLog


def scheme_for(ctx: Context, folders: list[Path]) -> Scheme:
    schemes = load_schemes(folders)
    scheme = schemes.get(ctx.inputs.progression)
    if scheme is None:
        raise PlannerError(
            f"--progression: unknown scheme {ctx.inputs.progression!r}; use one of: {', '.join(sorted(schemes))}"
        )
    return scheme


def build_plan(inputs: PlanInputs, library: Library, vocab: Vocab, folders: list[Path], hints: bool = True) -> Plan:
    ctx = make_context(inputs, library, vocab, folders)
    scheme = scheme_for(ctx, folders)
    sessions, week = compose_week(ctx)
    weeks = extend(ctx, [Week(number=1, sessions=sessions)], inputs.weeks, scheme)
    warnings = plan_warnings(ctx, weeks, week, library, folders if hints else None)
    plan = Plan(
        schema_version=SCHEMA_VERSION,
        id=plan_id(inputs),
        inputs=inputs,
        split=ctx.split_name,
        weeks=weeks,
        warnings=warnings,
    )
    return with_dates(plan, inputs.start)


def extend(ctx: Context, weeks: list[Week], total: int, scheme: Scheme, log: PlanLog | None = None) -> list[Week]:
    """Add weeks, loading or deload by the plan's cadence, until there are `total`. With a
    `log` of the plan's sessions, the weeks after the last logged one are made again from
    what was done (coach/adapt.py); the weeks up to it stay as they are."""
    clock = Clock(ctx.rules.time)
    adapter = None
    if log is not None and log.sessions:  # the log's reader loads only when there is a log
        from planner.coach.adapt import Adapter

        weeks = [w for w in weeks if w.number <= log.last_week]
        adapter = Adapter(ctx, log, weeks)
    weeks = list(weeks)
    loading = [w for w in weeks if not w.deload]
    if not loading:
        raise PlannerError("the plan has no loading week to progress from")
    progressor = Progressor(ctx, clock, scheme, loading[0], adapter)
    while len(weeks) < total:
        number = weeks[-1].number + 1
        last = [w for w in weeks if not w.deload][-1]
        # the cadence counts from the last deload (the same weeks as number % every, unless a
        # log brought one forward)
        since = number - max((w.number for w in weeks if w.deload), default=0)
        early = None if adapter is None or since >= ctx.deload_every else adapter.deload_early(number)
        if since >= ctx.deload_every or early is not None:
            week = deload_week(ctx, clock, last, number)
            if early is not None:
                from planner.coach.adapt import early_deload

                week = early_deload(week, early)
            weeks.append(week)
        else:
            weeks.append(progressor.next_week(last, number, new_block=weeks[-1].deload))
    return weeks
