"""`planner calendar publish` and `planner calendar serve`: a calendar that follows the plan
file, written to a synced folder or served to calendar apps on this machine."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from planner.commands.env import Env
from planner.commands.export import calendar_options, plan_reader


@dataclass
class Published:
    path: Path
    notes: list[str] = field(default_factory=list)


def publish(
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


def serve(
    env: Env,
    plan_file: Path,
    port: int,
    time: str | None,
    tz: str | None,
    alarm: str | None,
    start: str | None,
    refresh: int,
) -> None:
    """Serve until Ctrl-C; each fetch reads the plan file again."""
    from planner.calendars import calendar_file_name, make_server

    options = calendar_options(env, start, time, tz, alarm, refresh_minutes=refresh)
    read_plan = plan_reader(env)
    read_plan(plan_file)  # a broken plan file is an error now, not on the first fetch
    server = make_server(plan_file, read_plan, options, port=port, log=env.warn)
    env.warn(f"serving http://127.0.0.1:{server.server_port}/{calendar_file_name(plan_file, None)} (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
