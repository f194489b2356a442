"""What the commands share about the log: opening it, today's date, a plan's sessions in the
log, the coming session, and finding the exercise a logged line names."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from planner.errors import PlannerError, close_matches
from planner.log.records import LoggedSession
from planner.log.store import Log, log_path
from planner.records import Item, Plan, Session

if TYPE_CHECKING:  # the engine loads only where it is used
    from planner.coach.adapt import PlanLog

WORKING = ("main", "accessory", "finisher")


def open_log(db: Path | None, create: bool = True) -> Log | None:
    """The log `--db` (or PLANNER_DB, or the user data folder) names; None when it does not
    exist and `create` is false."""
    return Log.open(log_path(db), create=create)


def writable_log(db: Path | None) -> Log:
    """The log, made when it is not there yet."""
    log = Log.open(log_path(db), create=True)
    assert log is not None  # made when missing
    return log


def no_log(db: Path | None) -> PlannerError:
    from planner.log.store import shown

    return PlannerError(f"no log yet at {shown(log_path(db))}; `planner log PLAN ...` starts it")


def existing_log(db: Path | None) -> Log:
    """The log, which must be there already (reading it must not make an empty one)."""
    log = open_log(db, create=False)
    if log is None:
        raise no_log(db)
    return log


def today() -> str:
    """Today's date, or PLANNER_NOW's (an ISO 8601 time) so that examples and tests stay put."""
    text = os.environ.get("PLANNER_NOW", "").strip()
    if text:
        try:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
        except ValueError:
            raise PlannerError(f"PLANNER_NOW: {text!r} is not a date and time; use e.g. 2027-03-01T12:00:00Z") from None
    return dt.date.today().isoformat()


def plan_sessions(log: Log | None, plan: Plan) -> list[LoggedSession]:
    if log is None or not plan.id:
        return []
    return log.sessions("WHERE s.plan = ?", (plan.id,))


def plan_log(log: Log | None, plan: Plan) -> PlanLog:
    """The plan's logged sets for the engine, loads in the plan's units."""
    from planner.coach.adapt import Done, PlanLog
    from planner.loads import convert

    out = PlanLog()
    if log is None or not plan.id:
        return out
    units = plan.inputs.units
    for row in log.plan_sets(plan.id):
        s = row.set
        load = None if s.load is None else round(convert(s.load, s.unit or units, units), 3)
        done = Done(load, s.reps, s.seconds, s.meters, s.rir)
        out.sessions.setdefault((row.week, row.day), {}).setdefault(row.exercise, []).append(done)
    return out


def order(plan: Plan) -> list[tuple[int, str]]:
    """Every session of the plan as (week, day), in the order they are trained."""
    return [(w.number, s.day) for w in plan.weeks for s in w.sessions]


def coming(plan: Plan, logged: set[tuple[int, str]]) -> tuple[int, str] | None:
    """The session after the last one logged (the first, with nothing logged); None when the
    plan's last session is logged."""
    sessions = order(plan)
    done = [n for n, key in enumerate(sessions) if key in logged]
    at = done[-1] + 1 if done else 0
    return sessions[at] if at < len(sessions) else None


def working_items(session: Session) -> list[Item]:
    """The exercises of a session that are logged: main lifts, accessories and the finisher's."""
    seen: dict[str, Item] = {}
    for b in session.blocks:
        if b.kind in WORKING:
            for i in b.items:
                seen.setdefault(i.exercise, i)
    return list(seen.values())


def find_exercise(words: list[str], session: Session) -> tuple[Item | None, list[Item]]:
    """The session's exercise the words name: its id or name, else the one exercise whose
    name or id holds every word ("goblet", "goblet squat"). Gives (the exercise or None, the
    exercises the words fit when they fit several)."""
    from planner.log.names import words as word_set

    typed = " ".join(words).strip().lower()
    items = [i for b in session.blocks for i in b.items]
    for item in items:
        if typed in (item.exercise, item.name.lower()):
            return item, []
    wanted = word_set(typed)
    fits = list({i.exercise: i for i in items if wanted <= word_set(i.name) | word_set(i.exercise)}.values())
    working = [i for i in fits if i.exercise in {w.exercise for w in working_items(session)}]
    if len(fits) > 1:
        fits = working or fits
    return (fits[0], []) if len(fits) == 1 else (None, fits)


def ambiguous(typed: str, fits: list[Item], place: str) -> PlannerError:
    names = ", ".join(i.exercise for i in fits)
    return PlannerError(f"{typed!r} fits several exercises of {place}: {names}; type more of its name or its id")


def unknown_exercise(typed: str, session: Session, place: str, ids: list[str]) -> PlannerError:
    near = close_matches(typed.replace(" ", "-"), [i.exercise for i in working_items(session)] + ids)
    hint = f"; did you mean {', '.join(repr(n) for n in near)}?" if near else ""
    here = ", ".join(i.exercise for i in working_items(session))
    return PlannerError(f"{typed!r}: no such exercise in {place} ({here}) or the library{hint}")
