"""Plans as text for the terminal (Markdown, ICS and JSON live in export/)."""

from __future__ import annotations

from planner.records import Block, Item, Plan, Session, Tempo
from planner.tables import render_table

BLOCK_NAMES = {
    "warmup": "Warm-up",
    "activation": "Activation",
    "main": "Main",
    "accessory": "Accessory",
    "finisher": "Finisher",
}
FORMAT_NAMES = {"tabata": "Tabata", "emom": "EMOM", "amrap": "AMRAP", "circuit": "circuit", "carry": "carries"}


def block_label(block: Block) -> str:
    name = BLOCK_NAMES.get(block.kind, block.kind)
    if block.format in ("tabata", "emom", "amrap"):
        return f"{name}: {FORMAT_NAMES[block.format]} {block.minutes:g} min"
    if block.format == "circuit" and block.rounds:
        return f"{name}: {block.rounds} rounds"
    if block.kind in ("warmup", "activation"):
        rounds = max((i.sets for i in block.items), default=1)
        return f"{name}: {rounds} round{'s' * (rounds != 1)}"
    if block.format == "superset":
        return f"{name}: supersets"
    return name


SUPERSET_HOW = "a set of A1, then one of A2, then the longer of their two rests; B1 and B2 the same way"


def item_name(block: Block, n: int) -> str:
    """The exercise's name, with its place in a superset (A1, A2, B1, ...) where it has one."""
    name = block.items[n].name
    if block.format != "superset":
        return name
    pair, second = divmod(n, 2)
    return f"{chr(ord('A') + pair % 26)}{second + 1} {name}"


def dose(item: Item, block: Block) -> str:
    if block.format in ("amrap",) or block.kind in ("warmup", "activation") or block.format == "circuit":
        amount = f"{item.reps}" if item.reps else f"{item.seconds} s" if item.seconds else f"{item.meters} m"
        return amount + ("/side" if item.per_side else "")
    return item.dose


def tempo_text(item: Item) -> str:
    return item.tempo or "-"


def tempo_words(item: Item) -> str:
    return Tempo.parse(item.tempo).in_words() if item.tempo else ""


def rest_text(item: Item) -> str:
    if not item.rest_seconds:
        return "-"
    m, s = divmod(item.rest_seconds, 60)
    return f"{m}:{s:02d}" if m else f"{s} s"


def session_heading(session: Session, week: int | None = None) -> str:
    when = f"{session.day.capitalize()} {session.date}" if session.date else session.day.capitalize()
    prefix = f"Week {week} · " if week is not None else ""
    return f"{prefix}{when} · {session.title} · {session.minutes:.0f} min"


def session_rows(session: Session) -> list[list[str]]:
    rows = []
    for block in session.blocks:
        for n, item in enumerate(block.items):
            rows.append(
                [
                    block_label(block) if n == 0 else "",
                    item_name(block, n),
                    dose(item, block),
                    tempo_text(item),
                    rest_text(item),
                    "-" if item.rir is None else str(item.rir),
                    item.change or "",
                ]
            )
    return rows


def plan_text(plan: Plan, width: int | None = None) -> str:
    i = plan.inputs
    lines = [
        f"{plan.split} · {i.goal} · {i.level} · {', '.join(i.equipment)} · {i.minutes} min · "
        f"{len(plan.weeks)} week{'s' * (len(plan.weeks) != 1)}"
        + (f" · {i.progression} progression" if len(plan.weeks) > 1 else "")
        + f" · seed {i.seed}",
        "",
    ]
    for week in plan.weeks:
        lines.append(f"== Week {week.number}{' (deload)' if week.deload else ''} ==")
        lines.append("")
        for session in week.sessions:
            lines.append(session_heading(session))
            rows = session_rows(session)
            headers = ["Block", "Exercise", "Dose", "Tempo", "Rest", "RIR", "Change"]
            if not any(r[-1] for r in rows):
                headers, rows = headers[:-1], [r[:-1] for r in rows]
            lines.append(render_table(headers, rows, width=width).rstrip("\n"))
            if any(b.format == "superset" for b in session.blocks):
                lines.append(f"Supersets: {SUPERSET_HOW}.")
            lines.append("")
    if plan.warnings:
        lines.append("What this plan does not reach (docs/coaching.md):")
        lines += [f"  - {warning}" for warning in plan.warnings]
    return "\n".join(lines).rstrip() + "\n"
