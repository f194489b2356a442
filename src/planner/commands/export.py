"""`planner export`: a plan file as Markdown, a calendar (ics) or JSON."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from planner.commands.env import Env, open_library
from planner.errors import FileExists, PlannerError

CALENDAR_ONLY = ("--time", "--tz", "--alarm")  # options only a calendar has a place for


@dataclass
class Exported:
    output: Path | None  # the file written; None: stdout
    raw: bytes | None = None  # the export itself, for stdout
    notes: list[str] = field(default_factory=list)


def _checked_date(text: str) -> str:
    from planner.dates import iso_date

    try:
        return iso_date(text)
    except ValueError as e:
        raise PlannerError(f"--start: {e}") from None


def run(
    env: Env,
    plan_file: Path,
    fmt: str | None,
    output: Path | None,
    force: bool,
    time: str | None,
    tz: str | None,
    alarm: str | None,
    start: str | None,
) -> Exported:
    from planner.export import (
        SUFFIXES,
        ExportOptions,
        export_clock,
        export_plan,
        parse_alarm,
        parse_format,
        parse_start,
        parse_time,
        parse_zone,
    )
    from planner.plans import read_plan

    to_stdout = output is None or str(output) == "-"
    chosen = parse_format(fmt, None if to_stdout else output)
    if not to_stdout and output is not None:
        by_name = SUFFIXES.get(output.suffix.lower())
        if by_name is not None and by_name != chosen:
            raise PlannerError(
                f"--format {chosen} but --output {output} names a .{output.suffix.lower().lstrip('.')} file; "
                f"give --format {by_name}, or an output name ending in .{chosen}"
            )
    given = {"--time": time, "--tz": tz, "--alarm": alarm}
    stray = [name for name in CALENDAR_ONLY if given[name] is not None]
    if stray and chosen != "ics":
        raise PlannerError(f"{stray[0]}: only the ics (calendar) export has session times and reminders, not {chosen}")
    options = ExportOptions(
        format=chosen,
        start=None if start is None else parse_start(_checked_date(start)),
        time=parse_time(time),
        zone=parse_zone(tz) if chosen == "ics" else "UTC",
        alarm_minutes=parse_alarm(alarm),
        now=export_clock(os.environ),
    )
    if not to_stdout and output is not None and output.exists() and not force:
        raise FileExists(output)  # before any work: the answer would be the same after it
    the_plan = read_plan(plan_file)
    exercises = {}
    if options.format == "md":  # the appendix needs each used exercise in full, prose included
        _, lib = open_library(env)
        used = {i.exercise for w in the_plan.weeks for s in w.sessions for b in s.blocks for i in b.items}
        exercises = {exercise_id: lib.get(exercise_id) for exercise_id in sorted(used & set(lib.cards))}
    data = export_plan(the_plan, options, exercises)
    if to_stdout:
        return Exported(None, raw=data)
    from planner.atomic import atomic_write_bytes

    assert output is not None
    atomic_write_bytes(output, data, overwrite=force)
    return Exported(output, notes=[f"wrote {output}"])
