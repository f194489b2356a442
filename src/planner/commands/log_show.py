"""`planner log show`: one session of the log, each exercise as the line that logs it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planner.commands.env import Env
from planner.log.records import LoggedSession
from planner.structs import struct


@struct
class ShownSession:
    session: LoggedSession

    def to_json(self) -> dict[str, Any]:
        return {"id": self.session.id, **self.session.to_json()}


def run(env: Env, session: str, db: Path | None) -> ShownSession:
    from planner.errors import PlannerError
    from planner.log.access import existing_log

    number = session.split(".")[0]
    if not number.isdigit():
        raise PlannerError(f"{session!r}: a session's number, as `planner log list` shows it")
    log = existing_log(db)
    with log:
        return ShownSession(log.session(int(number)))
