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
from typing import Any

from planner.atomic import atomic_write_text
from planner.compose import (
    Context,
    compose_week,
    frequency_shortfalls,
    load_templates,
    make_context,
    schedule,
    volume_shortfalls,
)
from planner.errors import PlannerError
from planner.library import Library, Source, validation_problems
from planner.records import WEEKDAYS, Plan, PlanInputs, Week, from_data, replace, to_data
from planner.vocab import Vocab

SCHEMA_VERSION = 1


def plan_id(inputs: PlanInputs) -> str:
    """A stable identity for a plan: the same inputs give the same id (and calendar UIDs)."""
    digest = hashlib.sha256(json.dumps(to_data(inputs), sort_keys=True, default=str).encode()).hexdigest()
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
    """Compose the plan for `inputs`: the first week, then each later week by progression."""
    templates = load_templates([s.path for s in sources])
    ctx = make_context(inputs, library, vocab, templates)
    split_name, _ = schedule(inputs, templates)
    first = compose_week(ctx)
    shortfalls = volume_shortfalls(ctx, first)
    if shortfalls:
        raise not_enough_volume(ctx, shortfalls)
    once = frequency_shortfalls(ctx, first)
    if once:
        raise PlannerError(
            f"hypertrophy trains each major muscle at least twice a week (TRAINING.md rule 10), but "
            f"{', '.join(sorted(once))} fit into only one session of {len(first)} x {inputs.minutes} min; "
            f"try --minutes {min(inputs.minutes + 15, 90)} or another --equipment"
        )
    weeks = [Week(number=1, sessions=first)]
    weeks = extend_weeks(ctx, weeks, inputs.weeks, sources)
    check_minutes(ctx, weeks)
    plan = Plan(schema_version=SCHEMA_VERSION, id=plan_id(inputs), inputs=inputs, split=split_name, weeks=weeks)
    return with_dates(plan, inputs.start)


def extend_weeks(ctx: Context, weeks: list[Week], total: int, sources: list[Source]) -> list[Week]:
    """Add weeks by the plan's progression scheme until there are `total`."""
    from planner.progression import load_schemes, next_week

    schemes = load_schemes([s.path for s in sources])
    scheme = schemes.get(ctx.inputs.progression)
    if scheme is None:
        raise PlannerError(
            f"--progression: unknown scheme {ctx.inputs.progression!r}; use one of: {', '.join(sorted(schemes))}"
        )
    weeks = list(weeks)
    while len(weeks) < total:
        weeks.append(next_week(ctx, weeks, scheme))
    return weeks


def check_minutes(ctx: Context, weeks: list[Week]) -> None:
    """Rule 7 in every week, deloads included: when a week cannot be made to last the
    minutes asked (a deload has fewer sets to fill them with), say so; no half plan."""
    asked = ctx.inputs.minutes
    for week in weeks:
        for session in week.sessions:
            if abs(session.minutes - asked) > asked * 0.1:
                kind = "deload week" if week.deload else "week"
                raise PlannerError(
                    f"{kind} {week.number}, {session.title}: the session can only be made to last {session.minutes:.0f} "
                    f"of {asked} min +-10 % (TRAINING.md rule 7); try --minutes {min(asked, round(session.minutes / 0.95))}, "
                    f"more --equipment or --weeks {week.number - 1 if week.deload and week.number > 1 else 1}"
                )


def not_enough_volume(ctx: Context, shortfalls: dict[str, tuple[float, float]]) -> PlannerError:
    inputs = ctx.inputs
    worst = sorted(shortfalls.items(), key=lambda kv: kv[1][0] - kv[1][1])[:4]
    listed = ", ".join(f"{m} {have:g}/{need:g}" for m, (have, need) in worst)
    hints = []
    if inputs.minutes < 90:
        hints.append(f"--minutes {min(inputs.minutes + 15, 90)}")
    if (len(inputs.on) or inputs.days) < 6:
        hints.append(f"--days {(len(inputs.on) or inputs.days) + 1}")
    if inputs.goal == "hypertrophy":
        hints.append("--goal general")
    listed = listed.replace("pattern:", "")
    muscles = [m for m in shortfalls if not m.startswith("pattern:")]
    need = (
        f"at least {min(shortfalls[m][1] for m in muscles):g} hard sets a week for each major muscle"
        if muscles
        else f"{min(n for _, n in shortfalls.values()):g} to 12 weekly sets for each main movement pattern"
    )
    return PlannerError(
        f"{inputs.goal} needs {need} (TRAINING.md rule 8), but {len(inputs.on) or inputs.days} sessions of "
        f"{inputs.minutes} min leave {len(shortfalls)} short ({listed}); try {' or '.join(hints) or 'fewer --focus muscles'}"
    )


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
    atomic_write_text(path, plan_to_toml(plan), overwrite=force)


def read_plan(path: Path) -> Plan:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlannerError(f"{path}: no such plan file (make one with `planner plan --output {path}`)") from None
    except (OSError, UnicodeDecodeError) as e:
        raise PlannerError(f"{path}: cannot read: {getattr(e, 'strerror', None) or e}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise PlannerError(f"{path}: not a plan file: TOML syntax: {e}") from None
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


# ---------------------------------------------------------------------------- stats


def plan_stats(plan: Plan, library: Library, vocab: Vocab, sources: list[Source]) -> dict[str, Any]:
    """Weekly hard sets per muscle (rule 8 counting) against the goal's range, and minutes per session."""
    from planner.compose import goal_range, week_hard_sets

    templates = load_templates([s.path for s in sources])
    goal = templates.goals.get(plan.inputs.goal, {"weekly_sets": [4, 20]})
    lo, hi = goal_range(plan.inputs, goal)
    weeks = []
    for week in plan.weeks:
        counts = week_hard_sets(week.sessions, library.exercises)
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
        {i.exercise for w in plan.weeks for s in w.sessions for b in s.blocks for i in b.items} - set(library.exercises)
    )
    return {
        "goal": plan.inputs.goal,
        "target": [lo, hi],
        "major": [m for m in vocab.muscles.ids if vocab.is_major(m)],
        "minutes_asked": plan.inputs.minutes,
        "weeks": weeks,
        "not_in_library": unknown,
    }
