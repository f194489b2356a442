"""Build plans from inputs, and read and write plan files.

A plan file is TOML (written with tomli-w) with `schema_version` at the top. People edit
plan files, so reading one keeps every field planner does not know, and writing it back
puts them out again."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.atomic import atomic_write_text
from planner.errors import PlannerError
from planner.library import Library, Source, validation_problems
from planner.records import WEEKDAYS, Plan, PlanInputs, from_data, replace, to_data
from planner.vocab import Vocab

if TYPE_CHECKING:  # the engine loads only when a plan is made or extended
    from planner.coach.adapt import PlanLog

SCHEMA_VERSION = 1


def plan_id(inputs: PlanInputs) -> str:
    """A stable identity for a plan: the same inputs give the same id (and calendar UIDs). The
    person's known lifts and kit are left out: new numbers for them keep the plan (and its log)."""
    data = {k: v for k, v in to_data(inputs).items() if k not in ("lifts", "kit")}
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
    return f"plan-{digest[:12]}"


def session_date(start: dt.date, week: int, day: str) -> dt.date:
    """Week 1 runs for seven days from `start`; a session falls on its weekday in that span."""
    offset = (WEEKDAYS.index(day) - start.weekday()) % 7
    return start + dt.timedelta(days=offset + 7 * (week - 1))


def with_dates(plan: Plan, start: str | None) -> Plan:
    """Put dates on every session (or take them off with None), sessions in date order."""
    weeks = []
    for week in plan.weeks:
        sessions = list(week.sessions)
        if start is not None:
            first = dt.date.fromisoformat(start)
            sessions = [replace(s, date=session_date(first, week.number, s.day).isoformat()) for s in sessions]
            sessions.sort(key=lambda s: s.date or "")
        else:
            sessions = [replace(s, date=None) for s in sessions]
        weeks.append(replace(week, sessions=sessions))
    return replace(plan, weeks=weeks)


def build_plan(inputs: PlanInputs, library: Library, vocab: Vocab, sources: list[Source]) -> Plan:
    """The plan for `inputs` (the engine lives in planner.coach; it is imported only here, so
    that reading, exporting and counting a plan never load it)."""
    from planner.coach.plan import build_plan as build

    return build(inputs, library, vocab, [s.path for s in sources])


def extend_weeks(
    plan: Plan, library: Library, vocab: Vocab, sources: list[Source], total: int, log: PlanLog | None = None
) -> Plan:
    """The plan with weeks added by its progression scheme until it has `total`; with a `log`
    of its sessions, the weeks after the last one logged made again from what was done."""
    from planner.coach.context import make_context
    from planner.coach.plan import extend, scheme_for

    folders = [s.path for s in sources]
    ctx = make_context(plan.inputs, library, vocab, folders)
    weeks = extend(ctx, plan.weeks, total, scheme_for(ctx, folders), log)
    longer = replace(plan, weeks=weeks, inputs=replace(plan.inputs, weeks=total))
    return with_dates(longer, longer.inputs.start)


# ---------------------------------------------------------------------------- files


def _drop_none(value: Any) -> Any:
    """TOML has no null: leave out what does not apply."""
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def plan_to_toml(plan: Plan) -> str:
    import tomli_w

    data = _drop_none(to_data(plan))
    ordered = {"schema_version": data.pop("schema_version"), **data}
    header = "# A training plan made by planner (`planner plan`). Edit it freely; `planner export` reads it.\n"
    return header + tomli_w.dumps(ordered)


def plan_to_json(plan: Plan) -> str:
    # default=str: a date a person typed into a plan file (TOML has dates) prints as its ISO text
    return json.dumps(to_data(plan), indent=2, ensure_ascii=False, default=str) + "\n"


def write_plan(plan: Plan, path: Path, force: bool = False) -> None:
    """TOML, or JSON for a file named *.json (a JSON plan stays JSON after `swap` or `progress`)."""
    text = plan_to_json(plan) if path.suffix.lower() == ".json" else plan_to_toml(plan)
    atomic_write_text(path, text, overwrite=force)


def read_plan(path: Path) -> Plan:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlannerError(f"{path}: no such plan file (make one with `planner plan --output {path}`)") from None
    except (OSError, UnicodeDecodeError) as e:
        raise PlannerError(f"{path}: cannot read: {getattr(e, 'strerror', None) or e}") from None
    data = _plan_data(path, text)
    version = data.get("schema_version")
    if version is None:  # an empty file, or TOML of something else (a card, a profile)
        what = "it is empty" if not data else "it has no schema_version"
        raise PlannerError(f"{path}: not a plan file ({what}); make one with `planner plan --output {path}`")
    if version != SCHEMA_VERSION:
        raise PlannerError(
            f"{path}: schema_version {version!r} is not one this planner reads (it reads {SCHEMA_VERSION})"
        )
    from pydantic import ValidationError

    from planner.models import Plan as PlanFile

    try:
        checked = PlanFile.model_validate(data)
    except ValidationError as e:
        first = validation_problems(path, e, PlanFile)[0]
        raise PlannerError(str(first)) from None
    return from_data(Plan, checked.model_dump())


def _plan_data(path: Path, text: str) -> dict[str, Any]:
    """A plan file's data: JSON (`planner plan --json`, `export --format json`) when it is
    named *.json or starts with `{` (no TOML file does), else TOML."""
    if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise PlannerError(f"{path}:{e.lineno}: not a plan file: JSON syntax: {e.msg} (column {e.colno})") from None
        if not isinstance(data, dict):
            raise PlannerError(f"{path}: not a plan file: the JSON holds a {type(data).__name__}, not an object")
        return data
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise PlannerError(f"{path}: not a plan file: TOML syntax: {e}") from None


# ---------------------------------------------------------------------------- stats


def plan_stats(plan: Plan, library: Library, vocab: Vocab, sources: list[Source]) -> dict[str, Any]:
    """Weekly hard sets per muscle (rule 8 counting) against the goal's range, minutes per
    session, and the plan's warnings."""
    from planner.coach.rules import load_coaching
    from planner.coach.timing import Clock
    from planner.coach.volume import card_credits, week_counts

    coaching = load_coaching([s.path for s in sources], vocab)
    goal = coaching.goals.get(plan.inputs.goal)
    if goal is None:
        raise PlannerError(f"{plan.inputs.goal!r}: the plan's goal is not in templates/goals.toml any more")
    v = goal.volume
    lo, hi = v.prime_beginner if plan.inputs.level == "beginner" and v.prime_beginner else v.prime
    clock = Clock(coaching.rules.time)
    credit = coaching.rules.volume.secondary_credit
    known = library.exercises
    cache: dict[str, dict[str, float] | None] = {}

    def credits(exercise: str) -> dict[str, float] | None:
        if exercise not in cache:
            cache[exercise] = card_credits(known[exercise], credit) if exercise in known else None
        return cache[exercise]

    weeks = []
    for week in plan.weeks:
        counts = week_counts(week.sessions, credits, clock)
        weeks.append(
            {
                "number": week.number,
                "deload": week.deload,
                "hard_sets": {m: counts.get(m, 0.0) for m in vocab.muscles.ids if counts.get(m) or vocab.is_major(m)},
                "sessions": [
                    {"day": s.day, "date": s.date, "title": s.title, "minutes": s.minutes} for s in week.sessions
                ],
            }
        )
    unknown = sorted(
        {i.exercise for w in plan.weeks for s in w.sessions for b in s.blocks for i in b.items} - set(known)
    )
    return {
        "goal": plan.inputs.goal,
        "target": [float(lo), float(hi)],
        "major": [m for m in vocab.muscles.ids if vocab.is_major(m)],
        "minutes_asked": plan.inputs.minutes,
        "weeks": weeks,
        "not_in_library": unknown,
        "warnings": [to_data(w) for w in plan.warnings],
    }
