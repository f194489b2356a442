"""Plan files read once: the checked plan kept in the cache folder, keyed by the file's bytes.

Checking a plan file means parsing its TOML and validating it with pydantic, which for a
6-day, 8-week plan costs more than the export that follows. Commands that only read a plan
(`export`, `calendar`) ask here first: a file with the same bytes as one read before (and
the same planner, and the same validation code) gives the plan as it was checked then,
from a JSON copy, without importing pydantic. Any other file is read by plans.read_plan,
errors and all, and its result kept. Deleting the cache folder is always safe.

Commands that write a plan back (`swap`, `progress`) read it in full every time: they keep
every field a person added, exactly as TOML typed it."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from planner import __version__, digest
from planner.records import Plan, from_data, to_data

FORMAT = 1
KEEP = 64  # plans kept; the least recently written go first
# the code that decides what a checked plan is: a change to it is a change of key
_CHECKERS = ("models.py", "records.py", "plans.py", "planfile.py", "userfiles.py", "text.py", "plan_cache.py")


def _code_stamp() -> str:
    here = Path(__file__).parent
    parts = [__version__, str(FORMAT)]
    for name in _CHECKERS:
        with contextlib.suppress(OSError):
            stat = (here / name).stat()
            parts.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return "|".join(parts)


def _folder() -> Path:
    from planner.cache import cache_dir

    return cache_dir() / "plans"


def read_plan(path: Path) -> Plan:
    """What plans.read_plan(path) gives, from the cache when the same bytes were read before."""
    from planner.planfile import MAX_PLAN_BYTES
    from planner.userfiles import BadFile, read_bytes

    try:
        data = read_bytes(path, MAX_PLAN_BYTES, "plan file")  # a regular file, bounded: never a pipe
    except BadFile:
        data = None  # plans.read_plan says what is wrong, in its words
    if data is None:
        from planner.plans import read_plan as read_checked

        return read_checked(path)
    key = digest.sha256(_code_stamp().encode() + b"\0" + data).hexdigest()[:32]
    entry = _folder() / f"{key}.json"
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        return from_data(Plan, json.loads(entry.read_text(encoding="utf-8")))
    from planner.plans import read_plan as read_checked

    plan = read_checked(path)
    _keep(entry, plan)
    return plan


def _keep(entry: Path, plan: Plan) -> None:
    from planner.atomic import atomic_write_text
    from planner.errors import PlannerError

    # default=str: a date a person typed into the file (TOML has dates) is kept as its text
    text = json.dumps(to_data(plan), ensure_ascii=False, default=str)
    with contextlib.suppress(PlannerError, OSError):  # a read-only cache must not stop a command
        atomic_write_text(entry, text, overwrite=True)
        files = sorted(entry.parent.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in files[KEEP:]:
            os.unlink(old)
