"""History from other apps' CSV exports: Strong and Hevy. One row is one set; a session is
the rows of one workout. Warm-up sets are left out; so are rest timers and rows with nothing
done. Exercise names are still the app's: names.py finds the planner exercise for each.

Strong ("Export Strong Data" in its settings), either layout, commas or semicolons:

    Date, Workout Name, Duration, Exercise Name, Set Order, Weight, Reps, Distance, Seconds,
    Notes, Workout Notes, RPE
    Date; Workout Name; Exercise Name; Set Order; Weight; Weight Unit; Reps; RPE; Distance;
    Distance Unit; Seconds; Notes; Workout Notes; Workout Duration

    Date "2024-03-04 18:30:00" is the workout's start; Set Order is 1, 2, ... or W (warm-up,
    left out), D (drop set), F (to failure: RIR 0). Weight 0 is body weight. Without a Weight
    Unit column the file does not say kg or lb: --units says it (default kg), and Distance
    is then km or miles alike. RPE 8 is RIR 2.

Hevy ("Export Workouts" in its settings):

    title, start_time, end_time, description, exercise_title, superset_id, exercise_notes,
    set_index, set_type, weight_kg or weight_lbs, reps, distance_km or distance_miles,
    duration_seconds, rpe

    start_time "15 Sep 2024, 18:02"; set_type normal, warmup (left out), dropset, failure
    (RIR 0); the weight's and distance's unit is in their column's name.
"""

from __future__ import annotations

import datetime as dt
import re

from planner.errors import PlannerError
from planner.log.records import LoggedSet
from planner.structs import field, struct

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
KM, MILE = 1000.0, 1609.344
STRONG_NEEDS = ("date", "exercise name", "set order", "weight", "reps")
HEVY_NEEDS = ("title", "start_time", "exercise_title", "set_type", "reps")


@struct
class ForeignEntry:
    name: str  # the app's exercise name
    sets: list[LoggedSet] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@struct
class ForeignSession:
    key: str
    date: str
    time: str
    title: str
    note: str
    entries: list[ForeignEntry] = field(default_factory=list)


@struct
class ForeignLog:
    source: str
    sessions: list[ForeignSession]
    warmups: int = 0  # warm-up sets left out
    notes: list[str] = field(default_factory=list)

    def names(self) -> list[str]:
        """The exercise names, in the order they first appear."""
        return list(dict.fromkeys(e.name for s in self.sessions for e in s.entries))

    def sets(self, name: str) -> int:
        return sum(len(e.sets) for s in self.sessions for e in s.entries if e.name == name)


def kind(header: list[str]) -> str | None:
    names = {h.strip().lower() for h in header}
    if all(n in names for n in HEVY_NEEDS):
        return "hevy"
    if all(n in names for n in STRONG_NEEDS):
        return "strong"
    return None


def _rows(header: list[str], rows: list[list[str]], name: str) -> list[tuple[int, dict[str, str]]]:
    keys = [h.strip().lower() for h in header]
    out = []
    for line, row in enumerate(rows, 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(keys):
            row = [*row, *[""] * (len(keys) - len(row))]
        out.append((line, dict(zip(keys, (c.strip() for c in row), strict=False))))
    return out


def _number(text: str, where: str) -> float | None:
    """A number as the apps write it (82.5, or 82,5); None for empty or 0."""
    if not text:
        return None
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise PlannerError(f"{where}: {text!r} is not a number") from None
    if value < 0:
        raise PlannerError(f"{where}: {text!r} is below 0")
    return round(value, 3) if value else None


def _set(
    load: float | None, unit: str, reps: float | None, seconds: float | None, meters: float | None, rir: float | None
) -> LoggedSet | None:
    if reps is None and seconds is None and meters is None:
        return None  # nothing done: a placeholder row
    return LoggedSet(
        load=load,
        unit=unit if load is not None else None,
        reps=None if reps is None else max(1, round(reps)),
        seconds=seconds,
        meters=meters,
        rir=rir,
    )


def _rir(rpe: str, failure: bool, where: str) -> float | None:
    value = _number(rpe, where)
    if value is not None:
        if not 1 <= value <= 10:
            raise PlannerError(f"{where}: RPE {rpe!r} is not from 1 to 10")
        return round(10 - value, 1)
    return 0.0 if failure else None


# ---------------------------------------------------------------------------- Strong


def read_strong(header: list[str], rows: list[list[str]], name: str, units: str | None) -> ForeignLog:
    log = ForeignLog("strong", [])
    has_unit = "weight unit" in {h.strip().lower() for h in header}
    if not has_unit:
        unit = units or "kg"
        log.notes.append(
            f"{name}: Strong's file has no unit column: weights read as {unit}"
            + ("" if units else " (--units lb if they are pounds)")
        )
    sessions: dict[str, ForeignSession] = {}
    for line, row in _rows(header, rows, name):
        where = f"{name}:{line}"
        exercise, order = row.get("exercise name", ""), row.get("set order", "").upper()
        if not exercise or exercise.lower() in ("rest timer", "rest") or order == "REST TIMER":
            continue
        if order in ("W", "WARM-UP", "WARMUP"):
            log.warmups += 1
            continue
        if not (order.isdigit() or order in ("D", "F")):
            raise PlannerError(f"{where}: Set Order {order!r}: a number, or W (warm-up), D (drop set), F (failure)")
        started = _strong_date(row.get("date", ""), where)
        title = row.get("workout name", "")
        key = f"strong:{started.isoformat(sep=' ')}/{title}"
        session = sessions.get(key)
        if session is None:
            session = sessions[key] = ForeignSession(
                key, started.date().isoformat(), started.strftime("%H:%M"), title, ""
            )
        if not session.note and row.get("workout notes"):
            session.note = row["workout notes"]
        unit = _weight_unit(row.get("weight unit", ""), where) if has_unit else (units or "kg")
        distance = _number(row.get("distance", ""), f"{where}: Distance")
        far = _distance(row.get("distance unit", ""), unit, where)
        one = _set(
            _number(row.get("weight", ""), f"{where}: Weight"),
            unit,
            _number(row.get("reps", ""), f"{where}: Reps"),
            _number(row.get("seconds", ""), f"{where}: Seconds"),
            None if distance is None else round(distance * far, 3),
            _rir(row.get("rpe", ""), order == "F", f"{where}: RPE"),
        )
        if one is None:
            continue
        _append(session, exercise, one, row.get("notes", ""))
    log.sessions = list(sessions.values())
    return log


def _strong_date(text: str, where: str) -> dt.datetime:
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise PlannerError(f"{where}: Date {text!r} is not a date and time such as 2024-03-04 18:30:00")


def _weight_unit(text: str, where: str) -> str:
    word = text.strip().lower()
    if word in ("kg", "kgs"):
        return "kg"
    if word in ("lb", "lbs"):
        return "lb"
    if not word:
        return "kg"
    raise PlannerError(f"{where}: Weight Unit {text!r}: kg or lbs")


def _distance(text: str, unit: str, where: str) -> float:
    """Meters in one distance unit (Strong's own, or km with kg and miles with lb)."""
    word = text.strip().lower()
    if not word:
        return KM if unit == "kg" else MILE
    if word in ("km", "kms"):
        return KM
    if word in ("mi", "mile", "miles"):
        return MILE
    if word in ("m", "meters", "metres"):
        return 1.0
    raise PlannerError(f"{where}: Distance Unit {text!r}: km, miles or m")


def _append(session: ForeignSession, name: str, one: LoggedSet, note: str) -> None:
    """A set onto the session: the same exercise as the set before goes on the same entry."""
    if not session.entries or session.entries[-1].name != name:
        session.entries.append(ForeignEntry(name))
    entry = session.entries[-1]
    entry.sets.append(one)
    if note and note not in entry.notes:
        entry.notes.append(note)


# ---------------------------------------------------------------------------- Hevy

_HEVY_TIME = re.compile(r"^(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4}),? (\d{1,2}):(\d{2})$")


def read_hevy(header: list[str], rows: list[list[str]], name: str) -> ForeignLog:
    log = ForeignLog("hevy", [])
    keys = {h.strip().lower() for h in header}
    weight_col = next((k for k in ("weight_kg", "weight_lbs") if k in keys), None)
    distance_col = next((k for k in ("distance_km", "distance_miles") if k in keys), None)
    if weight_col is None:
        raise PlannerError(f"{name}: no weight_kg or weight_lbs column: not a Hevy export planner reads")
    unit = "kg" if weight_col == "weight_kg" else "lb"
    far = KM if distance_col == "distance_km" else MILE
    sessions: dict[str, ForeignSession] = {}
    for line, row in _rows(header, rows, name):
        where = f"{name}:{line}"
        set_type = row.get("set_type", "normal").lower() or "normal"
        if set_type == "warmup":
            log.warmups += 1
            continue
        if set_type not in ("normal", "failure", "dropset"):
            raise PlannerError(f"{where}: set_type {set_type!r}: normal, warmup, dropset or failure")
        exercise = row.get("exercise_title", "")
        if not exercise:
            raise PlannerError(f"{where}: exercise_title: empty")
        started = _hevy_date(row.get("start_time", ""), where)
        title = row.get("title", "")
        key = f"hevy:{started.isoformat(sep=' ')}/{title}"
        session = sessions.get(key)
        if session is None:
            session = sessions[key] = ForeignSession(
                key, started.date().isoformat(), started.strftime("%H:%M"), title, row.get("description", "")
            )
        distance = _number(row.get(distance_col or "", ""), f"{where}: {distance_col}")
        one = _set(
            _number(row.get(weight_col, ""), f"{where}: {weight_col}"),
            unit,
            _number(row.get("reps", ""), f"{where}: reps"),
            _number(row.get("duration_seconds", ""), f"{where}: duration_seconds"),
            None if distance is None else round(distance * far, 3),
            _rir(row.get("rpe", ""), set_type == "failure", f"{where}: rpe"),
        )
        if one is None:
            continue
        _append(session, exercise, one, row.get("exercise_notes", ""))
    log.sessions = list(sessions.values())
    return log


def _hevy_date(text: str, where: str) -> dt.datetime:
    found = _HEVY_TIME.match(text.strip())
    month = found[2].lower() if found else ""
    if found is None or month not in MONTHS:
        try:  # an ISO time, as some exports write it
            return dt.datetime.fromisoformat(text.strip())
        except ValueError:
            raise PlannerError(f'{where}: start_time {text!r} is not a time such as "15 Sep 2024, 18:02"') from None
    try:
        return dt.datetime(int(found[3]), MONTHS.index(month) + 1, int(found[1]), int(found[4]), int(found[5]))
    except ValueError as e:
        raise PlannerError(f"{where}: start_time {text!r}: {e}") from None
