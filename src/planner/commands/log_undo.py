"""`planner log undo`: take back the last `planner log` (or the last import), whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planner.commands.env import Env
from planner.log.records import Entry, LoggedSession
from planner.log.store import shown
from planner.structs import field, struct


@struct
class Undone:
    removed: list[tuple[LoggedSession, Entry]]
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> list[dict[str, Any]]:
        return [{"session": s.id, "date": s.date, "place": s.place, **e.to_json()} for s, e in self.removed]


def run(env: Env, db: Path | None) -> Undone:
    from planner.log.access import open_log

    log = open_log(db, create=False)
    if log is None:
        return Undone([], ["the log is empty: nothing to undo"])
    with log:
        removed = log.undo()
    if not removed:
        return Undone([], ["the log is empty: nothing to undo"])
    sets = sum(len(e.sets) for _, e in removed)
    return Undone(
        removed, [f"took back {len(removed)} exercise{'s' * (len(removed) != 1)}, {sets} sets, from {shown(log.path)}"]
    )
