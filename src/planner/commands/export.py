"""`planner export`: a plan file as Markdown, a calendar (ics), JSON, printable sheets (pdf,
html), Garmin watch workouts (fit), CSV or Liftoscript."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from planner.commands.env import Env, open_library
from planner.errors import PlannerError
from planner.structs import field, replace, struct

CALENDAR_ONLY = ("--time", "--tz", "--alarm")  # options only a calendar has a place for
BINARY = ("pdf", "fit")


@struct
class Exported:
    output: Path | None  # the file (or folder) written; None: stdout
    raw: bytes | None = None  # the export itself, for stdout
    notes: list[str] = field(default_factory=list)


def _checked_date(text: str) -> str:
    from planner.dates import iso_date

    try:
        return iso_date(text)
    except ValueError as e:
        raise PlannerError(f"--start: {e}") from None


def plan_reader(env: Env) -> Any:
    """How a read-only command reads a plan file: through the cache of checked plans unless
    --no-cache."""
    if env.use_cache:
        from planner.plan_cache import read_plan
    else:
        from planner.plans import read_plan
    return read_plan


def calendar_options(
    env: Env, start: str | None, time: str | None, tz: str | None, alarm: str | None, **more: Any
) -> Any:
    """The calendar options, checked; a one-line note when the zone falls back to UTC."""
    from planner.export import ExportOptions, export_clock, parse_alarm, parse_start, parse_time, resolve_zone

    zone, notice = resolve_zone(tz)
    if notice:
        env.warn(f"note: {notice}")
    return ExportOptions(
        format="ics",
        start=None if start is None else parse_start(_checked_date(start)),
        time=parse_time(time),
        zone=zone,
        alarm_minutes=parse_alarm(alarm),
        now=export_clock(os.environ),
        **more,
    )


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
    paper: str | None = None,
) -> Exported:
    from planner.export import (
        NEEDS_CARDS,
        SUFFIXES,
        export_fit_files,
        export_plan,
        is_folder_target,
        parse_format,
        parse_paper,
        write_folder,
    )

    to_stdout = output is None or str(output) == "-"
    chosen = parse_format(fmt, None if to_stdout else output)
    folder = chosen == "fit" and not to_stdout and output is not None and is_folder_target(output)
    if not to_stdout and not folder and output is not None:
        by_name = SUFFIXES.get(output.suffix.lower())
        if by_name is not None and by_name != chosen and not (chosen == "fit" and output.suffix.lower() == ".zip"):
            raise PlannerError(
                f"--format {chosen} but --output {output} names a .{output.suffix.lower().lstrip('.')} file; "
                f"give --format {by_name}, or an output name ending in .{chosen}"
            )
    given = {"--time": time, "--tz": tz, "--alarm": alarm}
    stray = [name for name in CALENDAR_ONLY if given[name] is not None]
    if stray and chosen != "ics":
        raise PlannerError(f"{stray[0]}: only the ics (calendar) export has session times and reminders, not {chosen}")
    options = calendar_options(env, start, time, tz if chosen == "ics" else "UTC", alarm, paper=parse_paper(paper))
    options = replace(options, format=chosen)
    if not to_stdout and not folder and output is not None:
        from planner.atomic import check_target

        check_target(output, force)  # before any work: the answer would be the same after it
    if to_stdout and chosen in BINARY and env.terminal:
        raise PlannerError(f"--output: a {chosen} export is binary; give --output FILE (or pipe it)")
    the_plan = plan_reader(env)(plan_file)
    exercises = {}
    if chosen in NEEDS_CARDS:
        _, lib = open_library(env)
        used = {i.exercise for w in the_plan.weeks for s in w.sessions for b in s.blocks for i in b.items}
        # the Markdown appendix needs each used exercise in full, prose included; FIT only its tags
        get = lib.get if chosen == "md" else lib.card
        exercises = {exercise_id: get(exercise_id) for exercise_id in sorted(used & set(lib.cards))}
    if folder:
        assert output is not None
        written = write_folder(output, export_fit_files(the_plan, options, exercises), overwrite=force)
        return Exported(output, notes=[f"wrote {len(written)} workout files to {output}"])
    if chosen == "ics":
        from planner.calendars import calendar_bytes

        data = calendar_bytes(the_plan, options)
    else:
        data = export_plan(the_plan, options, exercises)
    if to_stdout:
        return Exported(None, raw=data)
    from planner.atomic import atomic_write_bytes

    assert output is not None
    atomic_write_bytes(output, data, overwrite=force)
    return Exported(output, notes=[f"wrote {output}"])
