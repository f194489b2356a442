"""`planner log list`: the sessions in the log, latest last."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planner.commands.env import Env
from planner.log.records import LoggedSession
from planner.structs import field, struct


@struct
class SessionList:
    sessions: list[LoggedSession]
    path: Path
    hidden: int = 0  # older sessions left out (--last)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> list[dict[str, Any]]:
        return [{"id": s.id, **s.to_json()} for s in self.sessions]


def run(env: Env, plan_file: Path | None, exercise: str | None, last: int | None, db: Path | None) -> SessionList:
    from planner.log.access import no_log, open_log
    from planner.log.store import log_path

    where, params = [], []
    if plan_file is not None:
        from planner.commands.export import plan_reader

        where.append("s.plan = ?")
        params.append(plan_reader(env)(plan_file).id)
    if exercise is not None:
        where.append("s.id IN (SELECT session FROM entries WHERE exercise = ?)")
        params.append(exercise)
    log = open_log(db, create=False)
    if log is None:
        return SessionList([], log_path(db), notes=[no_log(db).message])
    with log:
        sessions = log.sessions("WHERE " + " AND ".join(where) if where else "", tuple(params))
    hidden = max(0, len(sessions) - last) if last else 0
    return SessionList(sessions[hidden:], log.path, hidden)
