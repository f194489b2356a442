"""`planner progressions`: each scheme shown on one exercise, week by week."""

from __future__ import annotations

from typing import Any

from planner.commands.env import Env, open_library
from planner.structs import struct


@struct
class Schemes:
    exercise: str  # its id
    name: str
    goal: str
    schemes: list[dict[str, Any]]
    deload_every: int

    def to_json(self) -> dict[str, Any]:
        return {"exercise": self.exercise, "schemes": self.schemes}


def run(env: Env, exercise: str, weeks: int, goal: str) -> Schemes:
    from planner.coach.context import make_context
    from planner.coach.preview import preview
    from planner.coach.progress import load_schemes
    from planner.profile import checked_inputs
    from planner.vocab import builtin_vocab

    sources, lib = open_library(env)
    ex = lib.get(exercise)
    inputs = checked_inputs({"equipment": ["gym"], "level": "advanced", "goal": goal}, {"goal": goal}, None)
    folders = [s.path for s in sources]
    context = make_context(inputs, lib, builtin_vocab(), folders)
    result: list[dict[str, Any]] = []
    for scheme in load_schemes(folders).values():
        rows = preview(context, scheme, ex, weeks)
        result.append(
            {
                "name": scheme.name,
                "description": scheme.description,
                "order": list(scheme.order) if scheme.order else "auto",
                "weeks": [
                    {"week": n, "exercise": i.exercise, "name": i.name, "dose": i.dose, "tempo": i.tempo, "change": c}
                    for n, i, c in rows
                ],
            }
        )
    return Schemes(ex.id, ex.name, inputs.goal, result, context.deload_every)
