"""What a printable sheet shows, shared by the PDF and HTML exports: one sheet per session,
its header, and for each exercise the prescription and one blank cell per set (load, reps
and RIR for working sets; a box to tick for warm-up rounds)."""

from __future__ import annotations

from planner.export import shared_note
from planner.records import Block, Item, Plan, Session, Week
from planner.render import SUPERSET_HOW, block_label, dose, item_name, rest_text, tempo_words
from planner.structs import field, struct

TICK_KINDS = ("warmup", "activation")  # rounds to tick off, nothing to write down


@struct(frozen=True)
class Row:
    name: str  # with its superset place (A1, A2, ...) where it has one
    prescription: str  # "3 x 10 · RIR 2 · rest 1:30"
    details: str  # tempo in words, load, ramp sets, this week's change, the note
    sets: int
    tick: bool  # warm-up and activation rounds: tick a box, no load/reps/RIR
    group: str | None  # the superset pair ("A", "B", ...) rows share


@struct(frozen=True)
class Section:
    title: str  # "Main", "Accessory: supersets (a set of A1, then ...)"
    rows: list[Row]


@struct(frozen=True)
class Sheet:
    plan: str  # "Full body x3 · general · bodyweight"
    heading: str  # "Week 2 · Wed 2027-03-24 · Full Body B"
    minutes: int
    deload: bool
    sections: list[Section] = field(default_factory=list)


def plan_title(plan: Plan) -> str:
    i = plan.inputs
    return " · ".join(x for x in (plan.split or "Training plan", i.goal, ", ".join(i.equipment)) if x)


def _prescription(item: Item, block: Block) -> str:
    parts = [dose(item, block)]
    if item.load:
        parts.append(f"load {item.load}")
    if item.rir is not None:
        parts.append(f"RIR {item.rir}")
    if item.rest_seconds:
        parts.append(f"rest {rest_text(item)}")
    return " · ".join(parts)


def _details(item: Item, shared: str | None) -> str:
    parts = []
    if item.tempo:
        parts.append(f"tempo {item.tempo}: {tempo_words(item)}")
    if item.ramp:
        parts.append(f"ramp up: {', '.join(item.ramp)}")
    if item.change:
        parts.append(f"this week: {item.change}")
    if item.note and item.note != shared:
        parts.append(item.note)
    return "; ".join(parts)


def _section(block: Block) -> Section:
    shared = shared_note(block)
    how = shared or (SUPERSET_HOW if block.format == "superset" else None)
    rows = []
    for n, item in enumerate(block.items):
        paired = block.format == "superset" and (n // 2) * 2 + 1 < len(block.items)
        rows.append(
            Row(
                name=item_name(block, n),
                prescription=_prescription(item, block),
                details=_details(item, shared),
                sets=item.sets,
                tick=block.kind in TICK_KINDS,
                group=chr(ord("A") + (n // 2) % 26) if paired else None,
            )
        )
    return Section(block_label(block) + (f" ({how})" if how else ""), rows)


def sheet(plan: Plan, week: Week, session: Session) -> Sheet:
    when = f"{session.day.capitalize()} {session.date}" if session.date else session.day.capitalize()
    deload = " (deload)" if week.deload else ""
    return Sheet(
        plan=plan_title(plan),
        heading=f"Week {week.number}{deload} · {when} · {session.title}",
        minutes=round(session.minutes),
        deload=week.deload,
        sections=[_section(b) for b in session.blocks],
    )


def sheets(plan: Plan) -> list[Sheet]:
    return [sheet(plan, week, session) for week in plan.weeks for session in week.sessions]


def warning_lines(plan: Plan) -> list[str]:
    """What the plan does not reach, one line each (records.Warning's own wording)."""
    return [str(w) for w in plan.warnings]
