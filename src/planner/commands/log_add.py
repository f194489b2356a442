"""`planner log PLAN` (`planner log add`): what was done in a session of a plan, into the log.

The sets come as lines (log/grammar.py), as JSON on stdin (--json), or, on a terminal, one
prompt per exercise of the session; a missing --week or --day is asked for there too (the
coming session offered), and named in the error elsewhere."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planner.commands.env import Env
from planner.errors import PlannerError
from planner.log.records import Entry, LoggedSession
from planner.log.store import shown
from planner.records import WEEKDAYS, Item, Plan, Session
from planner.structs import field, struct


@struct
class Logged:
    session: LoggedSession  # as stored, with every entry so far
    added: int  # how many entries at the end are new
    path: Path
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.session.id, "added": self.added, "db": str(self.path), **self.session.to_json()}


def run(
    env: Env,
    plan_file: Path,
    lines: list[str],
    week: int | None,
    day: str | None,
    date: str | None,
    note: str | None,
    as_json: bool,
    db: Path | None,
) -> Logged:
    from planner.commands.export import plan_reader
    from planner.log.access import plan_sessions, writable_log
    from planner.log.records import plan_key

    plan = plan_reader(env)(plan_file)
    if not plan.id:
        raise PlannerError(f"{plan_file}: the plan has no id; make it with `planner plan --output {plan_file}`")
    given: dict[str, Any] = {}
    json_in = as_json and not lines  # with LINEs, --json is only the answer's form
    if json_in:
        given = _json_input(env.read_input())
        week, day = week or given.get("week"), day or given.get("day")
        date, note = date or given.get("date"), note or given.get("note")
    with writable_log(db) as log:
        week, day = _which_session(env, plan, plan_sessions(log, plan), week, day)
        session = plan.session(week, day)
        place = f"week {week} {day}"
        if json_in:
            entries = [_json_entry(e, n, session, place, env) for n, e in enumerate(given["exercises"])]
        elif lines:
            entries = [_line_entry(line, session, place, env) for line in lines]
        else:
            entries = _asked(env, session, week)
        if not entries:
            raise PlannerError(f"nothing to log for {place}")
        when = _date(date, session)
        stored = LoggedSession(
            key=plan_key(plan.id, week, day),
            date=when,
            plan=plan.id,
            week=week,
            day=day,
            title=session.title,
            note=" ".join((note or "").split()),
        )
        result = log.add(stored, entries)
        sets = sum(len(e.sets) for e in entries)
        notes = [f"logged {sets} set{'s' * (sets != 1)} for {place} of {plan_file} in {shown(log.path)}"]
        if result.date != when:
            notes.append(f"note: the session was logged on {result.date} before; it keeps that date")
        return Logged(result, len(entries), log.path, notes)


def _which_session(
    env: Env, plan: Plan, logged: list[LoggedSession], week: int | None, day: str | None
) -> tuple[int, str]:
    """--week and --day, or on a terminal the answers (the coming session offered)."""
    from planner.log.access import coming

    if week is not None and day is not None:
        return week, _weekday(day)
    nxt = coming(plan, {(s.week, s.day) for s in logged if s.week is not None and s.day is not None})
    if env.ask is None:
        missing = " and ".join(o for o, v in (("--week", week), ("--day", day)) if v is None)
        hint = f" (the coming session is --week {nxt[0]} --day {nxt[1]})" if nxt else ""
        raise PlannerError(f"{missing}: which session of the plan was done?{hint}")
    if week is None:
        answer = env.ask("Week", str(nxt[0]) if nxt else None)
        if not answer.isdigit():
            raise PlannerError(f"week {answer!r}: a week number of the plan, 1 to {len(plan.weeks)}")
        week = int(answer)
    if day is None:
        days = [s.day for w in plan.weeks if w.number == week for s in w.sessions]
        default = nxt[1] if nxt and nxt[0] == week else (days[0] if days else None)
        day = env.ask(f"Day ({', '.join(days)})", default)
    return week, _weekday(day)


def _weekday(text: str) -> str:
    key = text.strip().lower()[:3]
    if key not in WEEKDAYS:
        raise PlannerError(f"--day: unknown weekday {text!r}; use mon, tue, wed, thu, fri, sat, sun")
    return key


def _date(date: str | None, session: Session) -> str:
    from planner.dates import iso_date
    from planner.log.access import today

    if date is None:
        return session.date or today()
    try:
        return iso_date(date)
    except ValueError as e:
        raise PlannerError(f"--date: {e}") from None


def _exercise(words: list[str], session: Session, place: str, env: Env) -> tuple[str, str]:
    """(id, name) of the exercise the words name: one of the session's, else a library card."""
    from planner.log.access import ambiguous, find_exercise, unknown_exercise

    found, fits = find_exercise(words, session)
    if found is not None:
        return found.exercise, found.name
    from planner.commands.env import open_library

    typed = " ".join(words)
    _, lib = open_library(env)
    key = typed.strip().lower().replace(" ", "-")
    if key in lib.cards:
        return key, lib.card(key).name
    if fits:
        raise ambiguous(typed, fits, place)
    raise unknown_exercise(typed, session, place, list(lib.cards))


def _line_entry(line: str, session: Session, place: str, env: Env) -> Entry:
    from planner.log.grammar import parse

    parsed = parse(line)
    exercise, name = _exercise(parsed.words, session, place, env)
    if exercise not in {i.exercise for b in session.blocks for i in b.items}:
        env.warn(f"note: {exercise} is not in {place} of the plan; logged all the same")
    return Entry(exercise, name, parsed.sets, parsed.note)


def _asked(env: Env, session: Session, week: int) -> list[Entry]:
    """On a terminal: each exercise of the session in turn; Enter skips one."""
    from planner.log.access import working_items
    from planner.log.grammar import parse

    if env.ask is None:
        raise PlannerError('give the sets as lines, e.g. "goblet-squat 24kg 10 10 9 @2", or --json on stdin')
    env.warn(
        f"Week {week} {session.day} · {session.title}: each exercise's load and sets (24kg 10 10 9 @2); Enter skips it"
    )
    entries = []
    for item in working_items(session):
        while True:
            answer = env.ask(f"  {item.name} ({_target(item)})", None)
            if not answer:
                break
            try:
                parsed = parse(answer, exercise_given=True)
            except PlannerError as e:
                env.warn(f"  {e.message}")
                continue
            entries.append(Entry(item.exercise, item.name, parsed.sets, parsed.note))
            break
    return entries


def _target(item: Item) -> str:
    parts = [item.dose]
    if item.load and not item.load.startswith("choose"):
        parts.append(item.load.split(" (")[0].split(" if ")[0])
    if item.rir is not None:
        parts.append(f"RIR {item.rir}")
    return ", ".join(parts)


# ---------------------------------------------------------------------------- --json


def _json_input(text: str) -> dict[str, Any]:
    """{"week": 1, "day": "mon", "date": "...", "note": "...", "exercises": [{"exercise":
    "goblet-squat", "sets": [{"load": 24, "unit": "kg", "reps": 10, "rir": 2}], "note": ""}]},
    or just the list of exercises."""
    import json

    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise PlannerError(f"--json: stdin:{e.lineno}: JSON syntax: {e.msg}") from None
    if isinstance(data, list):
        data = {"exercises": data}
    if not isinstance(data, dict) or not isinstance(data.get("exercises"), list):
        raise PlannerError('--json: stdin must hold {"exercises": [{"exercise": ID, "sets": [...]}, ...]} or that list')
    unknown = sorted(set(data) - {"week", "day", "date", "note", "exercises"})
    if unknown:
        raise PlannerError(f"--json: {unknown[0]}: not a field; use week, day, date, note, exercises")
    if data.get("week") is not None and (isinstance(data["week"], bool) or not isinstance(data["week"], int)):
        raise PlannerError("--json: week: a whole number")
    for key in ("day", "date", "note"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise PlannerError(f"--json: {key}: text")
    return data


def _json_entry(data: Any, n: int, session: Session, place: str, env: Env) -> Entry:
    from planner.log.exchange import checked_set

    where = f"--json: exercises[{n}]"
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("exercise"), str)
        or not isinstance(data.get("sets"), list)
    ):
        raise PlannerError(f'{where}: {{"exercise": ID, "sets": [{{"load": 24, "unit": "kg", "reps": 10}}]}}')
    if not data["sets"]:
        raise PlannerError(f"{where}.sets: one set or more")
    exercise, name = _exercise([data["exercise"]], session, place, env)
    note = data.get("note") or ""
    if not isinstance(note, str):
        raise PlannerError(f"{where}.note: text")
    sets = [checked_set(s, f"{where}.sets[{k}]") for k, s in enumerate(data["sets"])]
    return Entry(exercise, name, sets, " ".join(note.split()))
