"""`planner progress`: more weeks for a plan file, by its progression scheme."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from planner.commands.env import Env, open_library
from planner.records import Plan


@dataclass
class Progressed:
    plan: Plan
    path: Path
    before: int  # weeks before
    notes: list[str] = field(default_factory=list)


def extend(env: Env, plan: Plan, total: int) -> Plan:
    """The engine's one entry point for more weeks: the plan, extended to `total` weeks."""
    from planner.plans import extend_weeks
    from planner.vocab import builtin_vocab

    sources, lib = open_library(env)
    return extend_weeks(plan, lib, builtin_vocab(), sources, total)


def run(env: Env, plan_file: Path, weeks: int, output: Path | None, force: bool) -> Progressed:
    from planner.plans import open_plan, update_plan, weeks_after

    source = open_plan(plan_file)
    current = source.plan
    total = weeks_after(current, weeks, output, force)  # at most 52, checked before any work
    longer = extend(env, current, total)
    backup = update_plan(source, longer, output, force)  # comments kept; the version before in PLAN~
    target = output or plan_file
    kept = f" (the previous version is {backup})" if backup else ""
    return Progressed(longer, target, len(current.weeks), [f"{target}: {len(current.weeks)} -> {total} weeks{kept}"])
