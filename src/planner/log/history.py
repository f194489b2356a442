"""One exercise's history from the log: each session's sets and best set, the estimated
one-rep maximum (loads.EPLEY), personal records, and hard sets per week (rule 8: a working
set with 4 or fewer reps in reserve, or with none given, counts)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from planner.loads import EPLEY, convert, e1rm
from planner.log.records import LoggedSet, num3
from planner.log.store import ExerciseSet
from planner.structs import field, struct

HARD_RIR = 4  # rule 8: sets this close to failure or closer are hard sets


@struct
class SessionStats:
    session: int
    date: str
    sets: list[LoggedSet]  # in the history's unit
    best: LoggedSet
    score: float  # what is charted: e1RM, or reps, seconds or meters
    pr: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "session": self.session,
            "date": self.date,
            "sets": [s.to_json() for s in self.sets],
            "best": self.best.to_json(),
            "score": round(self.score, 2),
            "pr": self.pr,
        }


@struct
class History:
    exercise: str
    name: str
    unit: str
    measure: str  # e1rm, reps, seconds or meters: what a session's score is
    sessions: list[SessionStats] = field(default_factory=list)
    weeks: list[tuple[str, int]] = field(default_factory=list)  # (Monday, hard sets)

    @property
    def formula(self) -> str | None:
        return EPLEY if self.measure == "e1rm" else None

    def to_json(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise,
            "name": self.name,
            "unit": self.unit,
            "measure": self.measure,
            "formula": self.formula,
            "sessions": [s.to_json() for s in self.sessions],
            "weekly_hard_sets": [{"week": w, "hard_sets": n} for w, n in self.weeks],
            "records": [s.date for s in self.sessions if s.pr],
        }


def history(exercise: str, rows: list[ExerciseSet], unit: str | None = None) -> History:
    """The history of `exercise` from its sets in the order done (store.exercise_sets)."""
    units = Counter(r.set.unit for r in rows if r.set.unit)
    unit = unit or (units.most_common(1)[0][0] if units else "kg")
    name = rows[-1].name if rows else exercise
    by_session: dict[int, list[ExerciseSet]] = {}
    for r in rows:
        by_session.setdefault(r.session, []).append(r)
    sets = [_in(r.set, unit) for r in rows]
    measure = (
        "e1rm"
        if any(s.load and s.reps for s in sets)
        else "reps"
        if any(s.reps for s in sets)
        else "seconds"
        if any(s.seconds for s in sets)
        else "meters"
    )
    out = History(exercise, name, unit, measure)
    record = None
    for session_rows in by_session.values():
        done = [_in(r.set, unit) for r in session_rows]
        best = max(done, key=lambda s: (_score(s, measure), s.load or 0))
        stats = SessionStats(session_rows[0].session, session_rows[0].date, done, best, _score(best, measure))
        if record is not None and stats.score > record + 1e-9:
            stats.pr = True
        record = stats.score if record is None else max(record, stats.score)
        out.sessions.append(stats)
    weeks: Counter[str] = Counter()
    for r in rows:
        if r.set.rir is None or r.set.rir <= HARD_RIR:
            weeks[_monday(r.date)] += 1
    out.weeks = sorted(weeks.items())
    return out


def _in(s: LoggedSet, unit: str) -> LoggedSet:
    if s.load is None or s.unit in (None, unit):
        return s
    return LoggedSet(round(convert(s.load, s.unit or unit, unit), 3), unit, s.reps, s.seconds, s.meters, s.rir)


def _score(s: LoggedSet, measure: str) -> float:
    if measure == "e1rm":
        return e1rm(s.load, s.reps, s.rir or 0) if s.load and s.reps else 0.0
    return float(getattr(s, measure) or 0)


def _monday(date: str) -> str:
    day = dt.date.fromisoformat(date)
    return (day - dt.timedelta(days=day.weekday())).isoformat()


def set_text(s: LoggedSet) -> str:
    """ "24 kg x 10 @2", "12 reps", "45 s"."""
    rir = f" @{num3(s.rir)}" if s.rir is not None else ""
    if s.load is not None:
        return f"{num3(s.load)} {s.unit} x {s.amount()}{rir}"
    return f"{s.amount()}{'' if s.reps is None else ' reps'}{rir}"
