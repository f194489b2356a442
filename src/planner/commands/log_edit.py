"""`planner log edit`: one logged exercise written again (its sets, note, the session's date)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planner.commands.env import Env
from planner.errors import PlannerError
from planner.log.records import Entry, LoggedSession
from planner.structs import field, struct


@struct
class Edited:
    session: LoggedSession
    position: int
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.session.id, "entry": self.position, **self.session.to_json()}


def run(env: Env, entry: str, line: str | None, note: str | None, date: str | None, db: Path | None) -> Edited:
    from planner.log.access import existing_log
    from planner.log.grammar import format_line, parse

    session_id, position = _entry_id(entry)
    if line is None and note is None and date is None:
        raise PlannerError("nothing to change: give the new LINE, --note or --date")
    log = existing_log(db)
    with log:
        session = log.session(session_id)
        if not 1 <= position <= len(session.entries):
            raise PlannerError(
                f"session {session_id} has entries {session_id}.1 to {session_id}.{len(session.entries)}"
            )
        old = session.entries[position - 1]
        new = Entry(old.exercise, old.name, old.sets, old.note)
        if line is not None:
            parsed = parse(line, exercise_given=not _names_exercise(line))
            if parsed.words and _key(parsed.words) not in (old.exercise, _key(old.name.split())):
                raise PlannerError(
                    f"{' '.join(parsed.words)!r}: entry {entry} is {old.exercise}; to log another exercise, "
                    "`planner log undo` or log it anew"
                )
            new.sets = parsed.sets
            new.note = parsed.note or new.note
        if note is not None:
            new.note = " ".join(note.split())
        checked = None
        if date is not None:
            from planner.dates import iso_date

            try:
                checked = iso_date(date)
            except ValueError as e:
                raise PlannerError(f"--date: {e}") from None
        stored = log.replace_entry(session_id, position, new, checked)
    before = format_line(old.exercise, old.sets, old.note)
    return Edited(stored, position, [f"{entry}: was {before}"])


def _entry_id(text: str) -> tuple[int, int]:
    session, dot, position = text.partition(".")
    if not (session.isdigit() and dot and position.isdigit()):
        raise PlannerError(f"{text!r}: an entry is SESSION.N, e.g. 12.2 (`planner log show SESSION` numbers them)")
    return int(session), int(position)


def _names_exercise(line: str) -> bool:
    first = line.split()[0] if line.split() else ""
    return bool(first) and not (first[0].isdigit() or first[0] in "+@" or first.lower() == "bw")


def _key(words: list[str]) -> str:
    return "-".join(w.lower() for w in words)
