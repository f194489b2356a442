"""`planner calendar serve`: the plan's calendar served to calendar apps on this machine;
each fetch reads the plan file again, so edits show up without importing anything."""

from __future__ import annotations

from pathlib import Path

from planner.commands.env import Env
from planner.commands.export import calendar_options, plan_reader
from planner.structs import field, struct


@struct
class Served:
    url: str
    notes: list[str] = field(default_factory=list)


def run(
    env: Env,
    plan_file: Path,
    port: int,
    time: str | None,
    tz: str | None,
    alarm: str | None,
    start: str | None,
    refresh: int,
) -> Served:
    """Serve until Ctrl-C, then say what was served."""
    from planner.calendars import calendar_file_name, make_server

    options = calendar_options(env, start, time, tz, alarm, refresh_minutes=refresh)
    read_plan = plan_reader(env)
    read_plan(plan_file)  # a broken plan file is an error now, not on the first fetch
    server = make_server(plan_file, read_plan, options, port=port, log=env.warn)
    url = f"http://127.0.0.1:{server.server_port}/{calendar_file_name(plan_file, None)}"
    env.warn(f"serving {url} (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return Served(url, [f"stopped serving {url}"])
