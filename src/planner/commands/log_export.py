"""`planner log export`: the whole log as CSV or JSON, which `planner log import` reads back
exactly."""

from __future__ import annotations

from pathlib import Path

from planner.commands.env import Env
from planner.errors import PlannerError
from planner.structs import field, struct

FORMATS = ("csv", "json")


@struct
class LogExport:
    output: Path | None
    raw: bytes | None = None  # for stdout
    notes: list[str] = field(default_factory=list)


def run(env: Env, fmt: str | None, output: Path | None, force: bool, db: Path | None) -> LogExport:
    from planner.log import exchange
    from planner.log.access import open_log

    to_stdout = output is None or str(output) == "-"
    suffix = None if to_stdout or output is None else output.suffix.lower().lstrip(".")
    fmt = (fmt or (suffix if suffix in FORMATS else None) or "json").lower()
    if fmt not in FORMATS:
        raise PlannerError(f"--format: {fmt!r}; use csv or json")
    if suffix in FORMATS and suffix != fmt:
        raise PlannerError(f"--format {fmt} but --output {output}; give one of them, or make them agree")
    if not to_stdout and output is not None and output.exists() and not force:
        from planner.errors import FileExists

        raise FileExists(output)
    log = open_log(db, create=False)
    sessions = []
    if log is not None:
        with log:
            sessions = log.sessions()
    text = exchange.to_csv(sessions) if fmt == "csv" else exchange.to_json(sessions)
    count = f"{len(sessions)} session{'s' * (len(sessions) != 1)}"
    if to_stdout:
        return LogExport(None, text.encode("utf-8"), [f"exported {count}"])
    from planner.atomic import atomic_write_text

    assert output is not None
    atomic_write_text(output, text, overwrite=force)
    return LogExport(output, None, [f"wrote {count} to {output}"])
