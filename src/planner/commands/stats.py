"""`planner stats`: weekly hard sets per muscle against the goal's range, minutes per
session, and what the plan does not reach."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planner.commands.env import Env, open_library
from planner.errors import PlannerError
from planner.records import Warning
from planner.structs import field, struct


@struct
class Stats:
    data: dict[str, Any]  # plans.plan_stats, weeks narrowed to those asked for
    warnings: list[Warning]
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        from planner.records import to_data

        return {**self.data, "warnings": to_data(self.warnings)}


def run(env: Env, plan_file: Path, week: int | None) -> Stats:
    from planner.plans import plan_stats, read_plan
    from planner.vocab import builtin_vocab

    current = read_plan(plan_file)
    sources, lib = open_library(env)
    data = plan_stats(current, lib, builtin_vocab(), sources)
    if week is not None:
        data["weeks"] = [w for w in data["weeks"] if w["number"] == week]
        if not data["weeks"]:
            raise PlannerError(f"--week: the plan has weeks 1-{len(current.weeks)}")
    notes = []
    if data["not_in_library"]:
        notes.append(f"not counted (not in the library): {', '.join(data['not_in_library'])}")
    return Stats(data, list(current.warnings), notes)
