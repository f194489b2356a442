"""`planner plan`: a plan from the options (and a profile file), optionally saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planner.commands.env import Env, open_library
from planner.errors import PlannerError
from planner.records import Plan, PlanInputs
from planner.structs import field, struct


@struct
class PlanResult:
    plan: Plan
    written: Path | None = None  # the plan file written, if any
    toml: str | None = None  # `--output -`: the plan file's text, for stdout
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> Any:
        from planner.records import to_data

        return to_data(self.plan)


def build(env: Env, inputs: PlanInputs) -> Plan:
    """The engine's one entry point for a new plan."""
    from planner.plans import build_plan
    from planner.vocab import builtin_vocab

    sources, lib = open_library(env)
    for exercise in inputs.lifts or {}:  # a known lift of an exercise that is not there would be lost quietly
        if exercise not in lib.cards:
            from planner.errors import close_matches

            near = close_matches(exercise, list(lib.cards))
            hint = f"; did you mean {', '.join(repr(n) for n in near)}?" if near else ""
            raise PlannerError(f"--lifts: {exercise}: no such exercise{hint} (`planner list` shows the ids)")
    return build_plan(inputs, lib, builtin_vocab(), sources)


def run(
    env: Env, given: dict[str, Any], profile: Path | None, output: Path | None, force: bool, as_json: bool
) -> PlanResult:
    from planner.profile import plan_inputs

    to_stdout = output is not None and str(output) == "-"
    if to_stdout and as_json:
        raise PlannerError("--output - and --json both print to stdout; give one of them")
    if output is not None and not to_stdout:
        from planner.atomic import check_target

        check_target(output, force)  # before any work: the answer would be the same after it
    plan = build(env, plan_inputs(given, profile))
    if to_stdout:
        from planner.plans import plan_to_toml

        return PlanResult(plan, toml=plan_to_toml(plan))
    if output is None:
        return PlanResult(plan)
    from planner.plans import write_plan

    write_plan(plan, output, force=force)
    return PlanResult(plan, written=output, notes=[f"wrote {output}"])
