"""`planner log import`: sessions into the log from a `planner log export` (CSV or JSON), a
Strong CSV export or a Hevy CSV export. A session the log has already (the same key) is left
as it is, so importing a file twice adds nothing."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from planner.commands.env import Env
from planner.errors import PlannerError
from planner.log.records import Entry, LoggedSession
from planner.log.store import shown
from planner.structs import field, struct


@struct
class LogImport:
    file: Path
    source: str  # planner, strong or hevy
    added: list[LoggedSession]
    already: int  # sessions the log had
    warmups: int = 0
    names: dict[str, str] = field(default_factory=dict)  # the app's name -> exercise id (or skip)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "file": str(self.file),
            "source": self.source,
            "added_sessions": len(self.added),
            "added_sets": sum(len(e.sets) for s in self.added for e in s.entries),
            "already_in_log": self.already,
            "warmups_left_out": self.warmups,
            "names": self.names,
        }


def run(env: Env, file: Path, units: str | None, names: Path | None, db: Path | None) -> LogImport:
    from planner.log.access import writable_log

    text = _read(file)
    source, sessions, extra = _sessions(env, file, text, units, names)
    with writable_log(db) as log:
        added, there = log.add_sessions(sessions)
        path = log.path
    sets = sum(len(e.sets) for s in added for e in s.entries)
    result = LogImport(file, source, added, len(there), **extra)
    result.notes.append(
        f"{file}: {len(added)} session{'s' * (len(added) != 1)} ({sets} sets) added to {shown(path)}"
        + (f"; {len(there)} already in the log" if there else "")
        + (f"; {result.warmups} warm-up sets left out" if result.warmups else "")
    )
    return result


MAX_IMPORT_BYTES = 256 * 1024 * 1024  # years of sessions are a few MiB


def _read(file: Path) -> str:
    from planner.userfiles import read_bytes

    data = read_bytes(file, MAX_IMPORT_BYTES, "CSV or JSON export")  # a regular file, bounded: never a pipe
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PlannerError(f"{file}: not UTF-8 text; export it again as UTF-8 CSV") from None


def _sessions(
    env: Env, file: Path, text: str, units: str | None, names: Path | None
) -> tuple[str, list[LoggedSession], dict[str, Any]]:
    from planner.log import exchange, foreign

    if units is not None and units not in ("kg", "lb"):
        raise PlannerError(f"--units: {units!r}; use kg or lb")
    if file.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        return "planner", exchange.from_json(text, str(file)), {}
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        raise PlannerError(f"{file}: empty")
    header = rows[0]
    if exchange.is_planner_csv(header):
        return "planner", exchange.from_csv(rows, str(file)), {}
    kind = foreign.kind(header)
    if kind is None:
        raise PlannerError(
            f"{file}: not a log planner reads: a `planner log export`, a Strong CSV or a Hevy CSV export "
            "(README: Import your history)"
        )
    if kind == "hevy":
        read = foreign.read_hevy(header, rows[1:], str(file))
    else:
        read = foreign.read_strong(header, rows[1:], str(file), units)
    env_notes = list(read.notes)
    ids, titles = _mapped(env, file, read, names)
    sessions = []
    for s in read.sessions:
        entries = []
        for e in s.entries:
            exercise = ids[e.name]
            if exercise == "skip":
                continue
            entries.append(Entry(exercise, titles.get(exercise, exercise), e.sets, "; ".join(e.notes)))
        if entries:
            sessions.append(
                LoggedSession(
                    key=s.key, date=s.date, source=read.source, time=s.time, title=s.title, note=s.note, entries=entries
                )
            )
    return read.source, sessions, {"warmups": read.warmups, "names": ids, "notes": env_notes}


def _mapped(env: Env, file: Path, read: Any, names: Path | None) -> tuple[dict[str, str], dict[str, str]]:
    """Every exercise name of the file as an exercise id (or "skip"): matched by planner, or
    set in the names file. While some name has neither, the names file is written (or the
    missing names added to it) for the person to fill in, and nothing is imported."""
    from planner.atomic import atomic_write_text
    from planner.commands.env import open_library
    from planner.log import names as naming

    _, lib = open_library(env)
    cards = lib.exercises
    mapping = names or file.with_name(f"{file.stem}.names.toml")
    found = naming.resolve(read.names(), cards, mapping)
    counts = {n: read.sets(n) for n in read.names()}
    review = names is not None and not names.exists()
    if found.missing or review:
        if mapping.exists():
            text = naming.added_lines(mapping.read_text(encoding="utf-8"), read.names(), found.ids, counts, cards)
        else:
            text = naming.mapping_text(read.names(), found.ids, counts, read.source.capitalize(), file.name, cards)
        atomic_write_text(mapping, text, overwrite=True)
        if review:
            raise PlannerError(
                f"wrote {mapping}: {len(found.matched)} names matched, {len(found.missing)} to fill in; "
                "review it, then import again with the same --names"
            )
        named = ", ".join(repr(n) for n in found.missing[:3]) + (", ..." if len(found.missing) > 3 else "")
        raise PlannerError(
            f"{len(found.missing)} exercise name{'s' * (len(found.missing) != 1)} of {file.name} "
            f"{'match' if len(found.missing) != 1 else 'matches'} no planner "
            f'exercise ({named}): set each in {mapping} (an exercise id, or "skip"), then import again; nothing '
            "was imported"
        )
    for name in found.matched:
        env.warn(f"  {name} -> {found.ids[name]}")
    if found.matched:
        env.warn(f"  ({len(found.matched)} names matched by planner; to change one: --names FILE)")
    return found.ids, {i: cards[i].name for i in found.ids.values() if i in cards}
