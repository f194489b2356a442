"""`planner calendar publish`: the plan's calendar written into a folder a calendar app
subscribes to (or that is synced), updated in place on every run."""

from __future__ import annotations

from pathlib import Path

from planner.commands.env import Env
from planner.commands.export import calendar_options, plan_reader
from planner.structs import field, struct


@struct
class Published:
    path: Path
    notes: list[str] = field(default_factory=list)


def run(
    env: Env,
    plan_file: Path,
    folder: Path,
    name: str | None,
    time: str | None,
    tz: str | None,
    alarm: str | None,
    start: str | None,
    refresh: int,
) -> Published:
    from planner.calendars import publish as write

    options = calendar_options(env, start, time, tz, alarm, refresh_minutes=refresh)
    target = write(plan_reader(env)(plan_file), plan_file, folder, options, name)
    return Published(target, [f"published {target}"])
