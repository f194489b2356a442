"""A plan as CSV: one row per planned set, for a spreadsheet or a tracker's import.

The columns (COLUMNS, in this order; the README lists them too):
week, deload, day, date, session, block, group, exercise_id, exercise, set_type, set,
sets, reps, seconds, meters, per_side, load, tempo, rest_seconds, rir, change, note,
done_load, done_reps, done_rir.

`set_type` is `work` for a planned set and `ramp` for a lighter set before them (its text
in `note`); `group` is the superset place (A1, A2, ...) or the circuit's block; the three
`done_` columns are left empty for what was lifted. The file is UTF-8 with a byte-order
mark and CRLF line ends (RFC 4180), which Excel, LibreOffice and Google Sheets all read;
a text cell that starts with = + - or @ gets a leading apostrophe, so a spreadsheet shows
it as text instead of running it as a formula."""

from __future__ import annotations

import csv
import io

from planner.export import shared_note
from planner.records import Block, Item, Plan
from planner.render import BLOCK_NAMES, block_label

COLUMNS = (
    "week", "deload", "day", "date", "session", "block", "group", "exercise_id", "exercise", "set_type", "set",
    "sets", "reps", "seconds", "meters", "per_side", "load", "tempo", "rest_seconds", "rir", "change", "note",
    "done_load", "done_reps", "done_rir",
)  # fmt: skip
_FORMULA = ("=", "+", "-", "@")


def text(value: str | None) -> str:
    if not value:
        return ""
    return "'" + value if value.startswith(_FORMULA) else value


def number(value: int | None) -> str:
    return "" if value is None else str(value)


def _group(block: Block, n: int) -> str:
    if block.format == "superset":
        pair, second = divmod(n, 2)
        return f"{chr(ord('A') + pair % 26)}{second + 1}"
    if block.format == "straight":
        return ""
    return BLOCK_NAMES.get(block.kind, block.kind)


def _row(item: Item, block: Block, shared: str | None, set_type: str, number_in: int) -> dict[str, str]:
    note = item.note if item.note and item.note != shared else shared
    return {
        "exercise_id": text(item.exercise),
        "exercise": text(item.name),
        "set_type": set_type,
        "set": str(number_in),
        "sets": str(item.sets),
        "reps": number(item.reps),
        "seconds": number(item.seconds),
        "meters": number(item.meters),
        "per_side": "yes" if item.per_side else "no",
        "load": text(item.load),
        "tempo": text(item.tempo),
        "rest_seconds": str(item.rest_seconds),
        "rir": number(item.rir),
        "change": text(item.change),
        "note": text(note),
    }


def plan_csv(plan: Plan) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n", restval="")
    writer.writeheader()
    for week in plan.weeks:
        for session in week.sessions:
            where = {
                "week": str(week.number),
                "deload": "yes" if week.deload else "no",
                "day": text(session.day),
                "date": session.date or "",
                "session": text(session.title),
            }
            for block in session.blocks:
                shared = shared_note(block)
                label = text(block_label(block))
                for n, item in enumerate(block.items):
                    common = {**where, "block": label, "group": _group(block, n)}
                    for k, ramp in enumerate(item.ramp, 1):
                        row = _row(item, block, shared, "ramp", k)
                        writer.writerow(
                            {**common, **row, "reps": "", "seconds": "", "meters": "", "rir": "", "note": text(ramp)}
                        )
                    for k in range(1, item.sets + 1):
                        writer.writerow({**common, **_row(item, block, shared, "work", k)})
    return "\ufeff" + out.getvalue()
