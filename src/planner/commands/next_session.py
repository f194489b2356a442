"""`planner next`: the coming session of a plan, its targets from the log, each with its reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planner.commands.env import Env
from planner.errors import PlannerError
from planner.records import Session
from planner.structs import field, struct


@struct
class NextSession:
    plan: Path
    week: int
    deload: bool
    session: Session
    logged: int  # sessions of the plan in the log
    from_log: bool  # targets made from the log, not read from the plan file
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        from planner.records import to_data

        return {
            "plan": str(self.plan),
            "week": self.week,
            "deload": self.deload,
            "logged_sessions": self.logged,
            "from_log": self.from_log,
            "session": to_data(self.session),
        }


def run(env: Env, plan_file: Path, db: Path | None) -> NextSession:
    from planner.commands.export import plan_reader
    from planner.commands.progress import extend
    from planner.log.access import coming, open_log, plan_log, plan_sessions

    plan = plan_reader(env)(plan_file)
    log = open_log(db, create=False)
    if log is None:
        logged, progress = [], None
    else:
        with log:
            logged, progress = plan_sessions(log, plan), plan_log(log, plan)
    done = {(s.week, s.day) for s in logged if s.week is not None and s.day is not None}
    nxt = coming(plan, done)
    if progress is None or not progress.sessions or (nxt is not None and nxt[0] <= progress.last_week):
        if nxt is None:
            raise PlannerError(f"{plan_file}: every session is logged; `planner progress {plan_file}` adds weeks")
        week = next(w for w in plan.weeks if w.number == nxt[0])
        return NextSession(plan_file, nxt[0], week.deload, plan.session(*nxt), len(done), False)
    adapted = extend(env, plan, max(len(plan.weeks), progress.last_week + 1), progress)
    nxt = coming(adapted, done)
    assert nxt is not None  # a week after the last logged one was just made
    week = next(w for w in adapted.weeks if w.number == nxt[0])
    session = adapted.session(*nxt)
    notes = []
    in_file = [s for w in plan.weeks if w.number == nxt[0] for s in w.sessions if s.day == nxt[1]]
    if not in_file or _targets(in_file[0]) != _targets(session):
        notes.append(
            f"these targets follow the log; `planner progress {plan_file} --weeks 0` writes them into the plan"
        )
    return NextSession(plan_file, nxt[0], week.deload, session, len(done), True, notes)


def _targets(session: Session) -> list[tuple[Any, ...]]:
    return [
        (i.exercise, i.sets, i.reps, i.seconds, i.meters, i.tempo, i.rir, i.load)
        for b in session.blocks
        for i in b.items
    ]
