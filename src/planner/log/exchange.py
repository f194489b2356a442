"""The log as a file of its own: CSV (one row per set) or JSON (sessions, entries, sets), and
back. Export, import into a new log, export again: the same bytes.

CSV columns, in this order (UTF-8, a header row, one row per set; the session's and the
entry's fields repeat on each of their sets):

    date, time, plan, week, day, title, source, key, session_note,
    entry, exercise, name, entry_note, set, load, unit, reps, seconds, meters, rir

`entry` numbers the exercises of a session from 1, `set` the sets of an entry from 1; `key`
is the session's identity (importing a session whose key the log has adds nothing).
"""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

from planner.errors import PlannerError
from planner.log.records import SOURCES, Entry, LoggedSession, LoggedSet, num3

FORMAT = "planner-log"
VERSION = 1
COLUMNS = (
    "date", "time", "plan", "week", "day", "title", "source", "key", "session_note",
    "entry", "exercise", "name", "entry_note", "set", "load", "unit", "reps", "seconds", "meters", "rir",
)  # fmt: skip


def to_json(sessions: list[LoggedSession]) -> str:
    data = {"format": FORMAT, "version": VERSION, "sessions": [s.to_json() for s in sessions]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def to_csv(sessions: list[LoggedSession]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for s in sessions:
        head = [s.date, s.time or "", s.plan or "", "" if s.week is None else s.week, s.day or "", s.title,
                s.source, s.key, s.note]  # fmt: skip
        for e_n, entry in enumerate(s.entries, 1):
            for n, one in enumerate(entry.sets, 1):
                writer.writerow([*head, e_n, entry.exercise, entry.name, entry.note, n, *_set_cells(one)])
    return out.getvalue()


def _set_cells(s: LoggedSet) -> list[str]:
    def text(value: float | None) -> str:
        return "" if value is None else num3(value)

    return [text(s.load), s.unit or "", "" if s.reps is None else str(s.reps), text(s.seconds), text(s.meters),
            text(s.rir)]  # fmt: skip


# ---------------------------------------------------------------------------- reading


def is_planner_csv(header: list[str]) -> bool:
    return tuple(h.strip().lower() for h in header) == COLUMNS


def from_json(text: str, name: str) -> list[LoggedSession]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise PlannerError(f"{name}:{e.lineno}: not a planner log export: JSON syntax: {e.msg}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise PlannerError(
            f'{name}: not a planner log export (no "format": "{FORMAT}"); `planner log export` writes one'
        )
    if data.get("version") != VERSION:
        raise PlannerError(f"{name}: log export version {data.get('version')!r}; this planner reads {VERSION}")
    sessions = data.get("sessions")
    if not isinstance(sessions, list):
        raise PlannerError(f"{name}: sessions: must be a list")
    return [_session(s, f"{name}: sessions[{n}]") for n, s in enumerate(sessions)]


def _session(data: Any, where: str) -> LoggedSession:
    if not isinstance(data, dict):
        raise PlannerError(f"{where}: must be an object")
    entries = data.get("entries")
    if not isinstance(entries, list) or not entries:
        raise PlannerError(f"{where}.entries: a list of one entry or more")
    session = LoggedSession(
        key=_text(data, "key", where),
        date=_date(data.get("date"), f"{where}.date"),
        source=_source(data.get("source", "planner"), f"{where}.source"),
        time=_optional(data, "time", where),
        plan=_optional(data, "plan", where),
        week=_int(data.get("week"), f"{where}.week", optional=True),
        day=_day(data.get("day"), f"{where}.day"),
        title=_optional(data, "title", where) or "",
        note=_optional(data, "note", where) or "",
    )
    _check_place(session, where)
    for n, e in enumerate(entries):
        session.entries.append(_entry(e, f"{where}.entries[{n}]"))
    return session


def _entry(data: Any, where: str) -> Entry:
    if not isinstance(data, dict):
        raise PlannerError(f"{where}: must be an object")
    sets = data.get("sets")
    if not isinstance(sets, list) or not sets:
        raise PlannerError(f"{where}.sets: a list of one set or more")
    return Entry(
        exercise=_text(data, "exercise", where),
        name=_text(data, "name", where),
        note=_optional(data, "note", where) or "",
        sets=[checked_set(s, f"{where}.sets[{n}]") for n, s in enumerate(sets)],
    )


def checked_set(data: Any, where: str) -> LoggedSet:
    """A set from JSON: {"load": 24, "unit": "kg", "reps": 10, "rir": 2} (seconds, meters)."""
    if not isinstance(data, dict):
        raise PlannerError(f'{where}: must be an object such as {{"load": 24, "unit": "kg", "reps": 10}}')
    unknown = sorted(set(data) - {"load", "unit", "reps", "seconds", "meters", "rir"})
    if unknown:
        raise PlannerError(f"{where}.{unknown[0]}: not a field of a set; use load, unit, reps, seconds, meters, rir")
    load = _number(data.get("load"), f"{where}.load", 1000)
    unit = data.get("unit")
    if (load is None) != (unit is None) or unit not in (None, "kg", "lb"):
        raise PlannerError(f"{where}: a load comes with its unit, kg or lb")
    reps = _int(data.get("reps"), f"{where}.reps", optional=True)
    one = LoggedSet(
        load=load,
        unit=unit,
        reps=reps,
        seconds=_number(data.get("seconds"), f"{where}.seconds", 3600),
        meters=_number(data.get("meters"), f"{where}.meters", 100000),
        rir=_number(data.get("rir"), f"{where}.rir", 10, zero=True),
    )
    if one.reps is None and one.seconds is None and one.meters is None:
        raise PlannerError(f"{where}: a set has reps, seconds or meters")
    return one


def from_csv(rows: list[list[str]], name: str) -> list[LoggedSession]:
    """Sessions from a planner CSV export's rows (the header first)."""
    sessions: dict[str, LoggedSession] = {}
    last: tuple[str, str] | None = None
    for line, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(COLUMNS):
            raise PlannerError(f"{name}:{line}: {len(row)} columns, not {len(COLUMNS)}")
        cell = dict(zip(COLUMNS, row, strict=True))
        where = f"{name}:{line}"
        key = cell["key"]
        if not key:
            raise PlannerError(f"{where}: key: empty")
        session = sessions.get(key)
        if session is None:
            session = sessions[key] = LoggedSession(
                key=key,
                date=_date(cell["date"], f"{where}: date"),
                source=_source(cell["source"], f"{where}: source"),
                time=cell["time"] or None,
                plan=cell["plan"] or None,
                week=_int(cell["week"] or None, f"{where}: week", optional=True),
                day=_day(cell["day"] or None, f"{where}: day"),
                title=cell["title"],
                note=cell["session_note"],
            )
            _check_place(session, where)
        if (key, cell["entry"]) != last:
            session.entries.append(Entry(cell["exercise"], cell["name"], [], cell["entry_note"]))
            last = (key, cell["entry"])
        values: dict[str, Any] = {
            "load": cell["load"] or None,
            "unit": cell["unit"] or None,
            "reps": cell["reps"] or None,
            "seconds": cell["seconds"] or None,
            "meters": cell["meters"] or None,
            "rir": cell["rir"] or None,
        }
        for k in ("load", "seconds", "meters", "rir", "reps"):
            if values[k] is not None:
                values[k] = _parse_number(values[k], f"{where}: {k}")
        session.entries[-1].sets.append(checked_set({k: v for k, v in values.items() if v is not None}, where))
    return list(sessions.values())


# ---------------------------------------------------------------------------- checks


def _parse_number(text: str, where: str) -> float | int:
    try:
        value = float(text)
    except ValueError:
        raise PlannerError(f"{where}: {text!r} is not a number") from None
    return int(value) if value.is_integer() and "." not in text else value


def _text(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise PlannerError(f"{where}.{key}: must be text")
    return value


def _optional(data: dict[str, Any], key: str, where: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise PlannerError(f"{where}.{key}: must be text")
    return value


def _int(value: Any, where: str, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1000:
        raise PlannerError(f"{where}: a whole number from 1, not {value!r}")
    return value


def _number(value: Any, where: str, top: float, zero: bool = False) -> float | None:
    if value is None:
        return None
    wrong = isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value)
    if wrong or value < 0 or (value == 0 and not zero) or value > top:
        least = "0" if zero else "more than 0"
        raise PlannerError(f"{where}: a number from {least} to {top:g}, not {value!r}")
    return round(float(value), 3)


def _date(value: Any, where: str) -> str:
    from planner.dates import iso_date

    if not isinstance(value, str):
        raise PlannerError(f"{where}: a date, YYYY-MM-DD")
    try:
        return iso_date(value)
    except ValueError as e:
        raise PlannerError(f"{where}: {e}") from None


def _day(value: Any, where: str) -> str | None:
    from planner.records import WEEKDAYS

    if value is None:
        return None
    if value not in WEEKDAYS:
        raise PlannerError(f"{where}: one of {', '.join(WEEKDAYS)}")
    return str(value)


def _source(value: Any, where: str) -> str:
    if value not in SOURCES:
        raise PlannerError(f"{where}: one of {', '.join(SOURCES)}")
    return str(value)


def _check_place(session: LoggedSession, where: str) -> None:
    if (session.plan is None) != (session.week is None) or (session.week is None) != (session.day is None):
        raise PlannerError(f"{where}: plan, week and day come together (a session of a plan) or not at all")
