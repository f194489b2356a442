"""`planner history`: one exercise's sessions in the log, best sets, estimated 1RM, records
and weekly hard sets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planner.commands.env import Env
from planner.errors import PlannerError
from planner.log.history import History
from planner.structs import field, struct


@struct
class ExerciseHistory:
    history: History
    last: int | None  # sessions shown in the table (all in JSON)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return self.history.to_json()


def run(env: Env, exercise: str, units: str | None, last: int | None, db: Path | None) -> ExerciseHistory:
    from planner.errors import close_matches
    from planner.log.access import existing_log
    from planner.log.history import history
    from planner.log.store import shown

    if units is not None and units not in ("kg", "lb"):
        raise PlannerError(f"--units: {units!r}; use kg or lb")
    log = existing_log(db)
    with log:
        rows = log.exercise_sets(exercise)
        if not rows:
            known = log.exercises()
            near = close_matches(exercise, known)
            hint = f"; did you mean {', '.join(repr(n) for n in near)}?" if near else ""
            raise PlannerError(
                f"no sets of {exercise!r} in {shown(log.path)}{hint} (`planner log list` shows what is logged)"
            )
    return ExerciseHistory(history(exercise, rows, units), last)
