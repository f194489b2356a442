"""`planner progress`: more weeks for a plan file, by its progression scheme."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from planner.commands.env import Env, open_library
from planner.records import Plan, Week


@dataclass
class Progressed:
    plan: Plan
    path: Path
    before: int  # weeks before
    notes: list[str] = field(default_factory=list)


def extend(env: Env, plan: Plan, total: int) -> list[Week]:
    """The engine's one entry point for more weeks: the plan's weeks, extended to `total`."""
    from planner.compose import load_templates, make_context
    from planner.plans import extend_weeks
    from planner.vocab import builtin_vocab

    sources, lib = open_library(env)
    context = make_context(plan.inputs, lib, builtin_vocab(), load_templates([s.path for s in sources]))
    return extend_weeks(context, plan.weeks, total, sources)


def run(env: Env, plan_file: Path, weeks: int, output: Path | None, force: bool) -> Progressed:
    from planner.plans import read_plan, with_dates, write_plan
    from planner.records import replace

    current = read_plan(plan_file)
    total = len(current.weeks) + weeks
    longer = replace(current, weeks=extend(env, current, total), inputs=replace(current.inputs, weeks=total))
    longer = with_dates(longer, longer.inputs.start)
    target = output or plan_file
    write_plan(longer, target, force=force or output is None)  # extending PLAN in place is the point
    return Progressed(longer, target, len(current.weeks), [f"{target}: {len(current.weeks)} -> {total} weeks"])
