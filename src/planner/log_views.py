"""The training log's results as text: sessions, what was logged, the coming session, an
exercise's history with its chart (views.py registers these with the others)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner.tables import Column, Section, render_table
from planner.views import View, _lines, _plural, view

if TYPE_CHECKING:
    from planner.commands.history import ExerciseHistory
    from planner.commands.log_add import Logged
    from planner.commands.log_edit import Edited
    from planner.commands.log_export import LogExport
    from planner.commands.log_import import LogImport
    from planner.commands.log_list import SessionList
    from planner.commands.log_show import ShownSession
    from planner.commands.log_undo import Undone
    from planner.commands.next_session import NextSession
    from planner.commands.progress import Progressed
    from planner.log.records import LoggedSession
    from planner.records import Item


def _heading(s: LoggedSession) -> str:
    when = f"{s.date} {s.time}" if s.time else s.date
    what = f"{s.place} · {s.title}" if s.week is not None and s.title else s.place
    return f"Session {s.id} · {when} · {what}"


def _entries(s: LoggedSession, first: int = 1) -> list[str]:
    from planner.log.grammar import format_line

    return [
        f"  {s.id}.{n}  {format_line(e.exercise, e.sets, e.note)}" for n, e in enumerate(s.entries, 1) if n >= first
    ]


@view
def logged_view(result: Logged, width: int | None) -> View:
    s = result.session
    first = len(s.entries) - result.added + 1
    return "\n".join([_heading(s), *_entries(s, first)]) + "\n", []


@view
def shown_session_view(result: ShownSession, width: int | None) -> View:
    s = result.session
    out = [_heading(s), *_entries(s)]
    if s.note:
        out.append(f"  note: {s.note}")
    return "\n".join(out) + "\n", []


@view
def edited_view(result: Edited, width: int | None) -> View:
    return "\n".join([_heading(result.session), *_entries(result.session)]) + "\n", []


@view
def undone_view(result: Undone, width: int | None) -> View:
    from planner.log.grammar import format_line

    out = [
        f"took back from session {s.id} ({s.date}, {s.place}): {format_line(e.exercise, e.sets)}"
        for s, e in result.removed
    ]
    return "", out


LIST_COLUMNS = (
    Column("ID", fixed=True, right=True),
    Column("Date", fixed=True),
    Column("Session"),
    Column("Exercises"),
    Column("Sets", fixed=True, right=True),
)


@view
def session_list_view(result: SessionList, width: int | None) -> View:
    if not result.sessions:
        return "", [] if result.notes else ["The log has no session here yet."]
    rows = [
        [
            str(s.id),
            s.date,
            f"{s.place} · {s.title}" if s.week is not None and s.title else s.place,
            ", ".join(dict.fromkeys(e.exercise for e in s.entries)),
            str(sum(len(e.sets) for e in s.entries)),
        ]
        for s in result.sessions
    ]
    from planner.log.store import shown

    notes = [f"{_plural(len(result.sessions), 'session')} in {shown(result.path)}"]
    if result.hidden:
        notes.append(f"{result.hidden} older not shown (without --last: all)")
    return render_table(LIST_COLUMNS, rows, width=width), notes


@view
def log_export_view(result: LogExport, width: int | None) -> View:
    return "", []  # the export went out as it is


@view
def log_import_view(result: LogImport, width: int | None) -> View:
    return "", []  # what was added is in the notes


# ---------------------------------------------------------------------------- the coming session


@view
def next_session_view(result: NextSession, width: int | None) -> View:
    from planner.render import session_heading, session_table

    s = result.session
    heading = f"Week {result.week}{' (deload)' if result.deload else ''} · " + session_heading(s)
    how = "targets from the log" if result.from_log else "as the plan has it"
    logged = f"{_plural(result.logged, 'session')} of this plan logged"
    out = [*_lines(f"{heading}   ({how}; {logged})", width), session_table(s, width, change="Why").rstrip("\n")]
    return "\n".join(out) + "\n", []


TARGET_COLUMNS = (
    Column("Exercise"),
    Column("Dose", fixed=True),
    Column("Load"),
    Column("RIR", fixed=True, right=True),
    Column("Why"),
)


@view
def progress_view(result: Progressed, width: int | None) -> View:
    week = result.replanned
    if week is None:
        return "", []
    out = [f"Week {week.number}{' (deload)' if week.deload else ''}: targets from the log", ""]
    rows: list[list[str] | Section] = []
    for s in week.sessions:
        rows.append(Section(f"{s.day.capitalize()}{' ' + s.date if s.date else ''} · {s.title}"))
        rows.extend(_target_row(i) for b in s.blocks if b.kind in ("main", "accessory") for i in b.items)
    out.append(render_table(TARGET_COLUMNS, rows, width=width).rstrip("\n"))
    return "\n".join(out) + "\n", []


def _target_row(item: Item) -> list[str]:
    return [item.name, item.dose, item.load or "", "-" if item.rir is None else str(item.rir), item.change or ""]


# ---------------------------------------------------------------------------- history

HISTORY_COLUMNS = (
    Column("Date", fixed=True),
    Column("Sets"),
    Column("Best set", fixed=True),
    Column("e1RM", fixed=True, right=True),
    Column("PR", fixed=True),
)
CHART_HEIGHT = 8
BLOCKS = " ▁▂▃▄▅▆▇█"


@view
def history_view(result: ExerciseHistory, width: int | None) -> View:
    from planner.log.grammar import format_sets
    from planner.log.history import set_text
    from planner.log.records import num3

    h = result.history
    e1rm = h.measure == "e1rm"
    label = {"e1rm": f"e1RM ({h.unit})", "reps": "best reps", "seconds": "best seconds", "meters": "best metres"}[
        h.measure
    ]
    out = [f"{h.name} ({h.exercise}): {_plural(len(h.sessions), 'session')}, {label}"]
    if h.formula:
        out.append(f"e1RM: {h.formula}")
    out.append("")
    shown = h.sessions[-result.last :] if result.last else h.sessions
    columns = HISTORY_COLUMNS if e1rm else tuple(c for c in HISTORY_COLUMNS if c.header != "e1RM")
    rows = []
    for s in shown:
        row = [s.date, format_sets(s.sets), set_text(s.best)]
        if e1rm:
            row.append(num3(round(s.score, 1)))
        row.append("PR" if s.pr else "")
        rows.append(row)
    out.append(render_table(columns, rows, width=width).rstrip("\n"))
    if len(shown) < len(h.sessions):
        out.append(f"({len(h.sessions) - len(shown)} earlier sessions: --last {len(h.sessions)} shows them)")
    out += ["", *chart([s.score for s in h.sessions], [s.pr for s in h.sessions], label, width)]
    out += ["", "Hard sets per week (RIR 4 or less, or not given):", *weekly(h.weeks, width)]
    return "\n".join(out).rstrip("\n") + "\n", []


def chart(values: list[float], marks: list[bool], label: str, width: int | None) -> list[str]:
    """A column per session (the latest that fit, up to three cells wide), eight rows high
    in eighths of a row; the scale's top and bottom on the left, a ^ under each record."""
    from planner.log.records import num3

    if not values:
        return []
    top, low = max(values), min(values)
    base = low - (top - low) * 0.1 if top > low else low * 0.9
    lab = max(len(num3(round(top, 1))), len(num3(round(base, 1))))
    room = max(10, min(width or 80, 80) - lab - 3)
    cell = max(1, min(3, room // len(values)))
    gap = " " if cell > 1 else ""
    fit = room // (cell + len(gap))
    values, marks = values[-fit:], marks[-fit:]
    span = (top - base) or 1.0
    levels = [round((v - base) / span * CHART_HEIGHT * 8) for v in values]
    lines = [f"{label}, one column a session (^ a record):"]
    for row in range(CHART_HEIGHT, 0, -1):
        cells = gap.join(BLOCKS[max(0, min(8, level - (row - 1) * 8))] * cell for level in levels)
        scale = num3(round(top, 1)) if row == CHART_HEIGHT else num3(round(base, 1)) if row == 1 else ""
        lines.append(f"{scale:>{lab}} │{cells}".rstrip())
    lines.append(f"{'':>{lab}} └{'─' * (len(values) * (cell + len(gap)) - len(gap))}")
    if any(marks):
        under = gap.join(("^" if m else " ").center(cell) for m in marks)
        lines.append(f"{'':>{lab}}  {under}".rstrip())
    return lines


def weekly(weeks: list[tuple[str, int]], width: int | None) -> list[str]:
    """One cell per hard set, a line per week (the last 26 weeks)."""
    if not weeks:
        return ["  none"]
    room = max(10, min(width or 80, 80) - 20)
    return [f"  {week}  {'█' * min(n, room)}{'+' if n > room else ''} {n}" for week, n in weeks[-26:]]
