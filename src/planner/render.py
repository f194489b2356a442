"""The one renderer: a command's result becomes a table or text for people, or JSON for
scripts, on stdout; what it did and what it skipped goes to stderr. Plans as text for the
terminal live here too (Markdown, ICS and JSON files are made in export/)."""

from __future__ import annotations

import sys
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # loaded when a plan is shown: `planner --help` imports this module too
    from planner.records import Block, Item, Plan, Session, Warning
    from planner.tables import Column, Row

# ---------------------------------------------------------------------------- output


def stdout_is_terminal() -> bool:
    import sys

    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):  # closed or replaced by something without a terminal
        return False


def stdin_is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def ask(prompt: str, default: str | None = None) -> str:
    """A question on the terminal; Enter takes the default. Ctrl-C and Ctrl-D stop the command."""
    shown = f"{prompt} [{default}]: " if default else f"{prompt}: "
    answer = input(shown).strip()
    return answer or (default or "")


def read_input() -> str:
    """Everything piped into planner (`planner log --json < sets.json`)."""
    try:
        return sys.stdin.read()
    except (OSError, ValueError, UnicodeDecodeError) as e:
        from planner.errors import PlannerError

        raise PlannerError(f"cannot read the input: {e}") from None


def emit(result: Any, as_json: bool = False) -> None:
    """Write a command's result: its JSON (`result.to_json()`), its text view (views.py), or
    the bytes it carries for stdout (an export); then its notes, on stderr."""
    raw = getattr(result, "raw", None)
    if raw is not None:
        write_bytes(raw)
    elif as_json:
        write(dumps(result.to_json()))
    else:
        from planner.tables import terminal_width
        from planner.views import text

        out, notes = text(result, terminal_width())
        if out:
            write(out)
        for line in notes:
            warn(line)
    for line in getattr(result, "notes", ()):
        warn(line)


def dumps(data: Any) -> str:
    """JSON for scripts. A listing (a list of records) has one record per line: as easy to
    read and grep, and made by json's C encoder, where indenting would take the pure-Python
    one (about 40 ms against 15 ms for a thousand cards, measured)."""
    import json

    if isinstance(data, list) and data and all(isinstance(d, dict) for d in data):
        return "[\n" + ",\n".join(json.dumps(d, ensure_ascii=False, default=str) for d in data) + "\n]\n"
    # default=str: a date a person typed into a plan file (TOML has dates) prints as its ISO text
    return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"


def write(text: str) -> None:
    sys.stdout.write(text)


def write_bytes(data: bytes) -> None:
    """Bytes as they are (ics lines end in CRLF on every platform)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (tests capture stdout this way)
        sys.stdout.write(data.decode("utf-8"))
        return
    sys.stdout.flush()
    buffer.write(data)
    buffer.flush()


def warn(line: str) -> None:
    sys.stderr.write(line + "\n")


# ---------------------------------------------------------------------------- plans as text

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


SUPERSET_HOW = (
    "a set of A1, then one of A2, then the longer of their two rests, for every set; B1 and B2, "
    "C1 and C2 and so on the same way; an exercise without a letter is done on its own"
)


def item_name(block: Block, n: int) -> str:
    """The exercise's name, with its place in a superset (A1, A2, B1, ...) where it has one.
    Items pair up in order; a last odd one has no partner, so it gets no letter."""
    name = block.items[n].name
    if block.format != "superset":
        return name
    pair, second = divmod(n, 2)
    if second == 0 and n == len(block.items) - 1:
        return name
    return f"{chr(ord('A') + pair % 26)}{second + 1} {name}"


def dose(item: Item, block: Block) -> str:
    if block.format in ("amrap",) or block.kind in ("warmup", "activation") or block.format == "circuit":
        amount = f"{item.reps}" if item.reps else f"{item.seconds} s" if item.seconds else f"{item.meters} m"
        return amount + ("/side" if item.per_side else "")
    return item.dose


def tempo_text(item: Item) -> str:
    return item.tempo or "-"


def tempo_words(item: Item) -> str:
    from planner.records import Tempo

    return Tempo.parse(item.tempo).in_words() if item.tempo else ""


def rest_text(item: Item) -> str:
    if not item.rest_seconds:
        return "-"
    m, s = divmod(item.rest_seconds, 60)
    return f"{m}:{s:02d}" if m else f"{s} s"


def ramp_text(item: Item) -> str:
    """Lighter sets before the working sets, on one line: "ramp: 40 % x 8, 75 % x 3"."""
    return "ramp: " + ", ".join(item.ramp)


def session_heading(session: Session, week: int | None = None) -> str:
    when = f"{session.day.capitalize()} {session.date}" if session.date else session.day.capitalize()
    prefix = f"Week {week} · " if week is not None else ""
    return f"{prefix}{when} · {session.title} · {session.minutes:.0f} min"


SESSION_COLUMNS = ("Exercise", "Dose", "Load", "Tempo", "Rest", "RIR", "Change")
FIXED = ("Dose", "Tempo", "Rest", "RIR")  # never wrapped: numbers and codes


def session_table(session: Session, width: int | None, change: str = "Change") -> str:
    """The session as a table: a heading row for each block, its exercises under it, ramp
    sets on a line under their exercise. Load and Change (headed `change`) appear only when
    something has one."""
    from planner.tables import Note, Section, render_table

    rows: list[Row] = []
    for block in session.blocks:
        rows.append(Section(block_label(block)))
        for n, item in enumerate(block.items):
            rows.append(
                [
                    item_name(block, n),
                    dose(item, block),
                    item.load or "",
                    tempo_text(item),
                    rest_text(item),
                    "-" if item.rir is None else str(item.rir),
                    item.change or "",
                ]
            )
            if item.ramp:
                rows.append(Note(ramp_text(item)))
    items = [r for r in rows if isinstance(r, list)]
    keep = tuple(i for i, c in enumerate(SESSION_COLUMNS) if c not in ("Load", "Change") or any(r[i] for r in items))
    if len(keep) < len(SESSION_COLUMNS):
        rows = [[r[i] for i in keep] if isinstance(r, list) else r for r in rows]
    return render_table(_session_columns(keep, change), rows, width=width)


@cache  # the same few headers for every session of a plan
def _session_columns(keep: tuple[int, ...], change: str) -> tuple[Column, ...]:
    from planner.tables import Column

    headers = [change if c == "Change" else c for c in SESSION_COLUMNS]
    return tuple(Column(headers[i], fixed=SESSION_COLUMNS[i] in FIXED) for i in keep)


def plan_text(plan: Plan, width: int | None = None) -> str:
    from planner.tables import wrap, wrap_fields

    i = plan.inputs
    parts = [plan.split, i.goal, i.level, ", ".join(i.equipment), f"{i.minutes} min"]
    parts.append(f"{len(plan.weeks)} week{'s' * (len(plan.weeks) != 1)}")
    if len(plan.weeks) > 1:
        parts.append(f"{i.progression} progression")
    parts.append(f"seed {i.seed}")
    lines = [*wrap_fields(parts, width or 10**6), ""]
    for week in plan.weeks:
        lines.append(f"== Week {week.number}{' (deload)' if week.deload else ''} ==")
        lines.append("")
        for session in week.sessions:
            lines.extend(wrap(session_heading(session), width) if width else [session_heading(session)])
            lines.append(session_table(session, width).rstrip("\n"))
            if any(b.format == "superset" and len(b.items) > 1 for b in session.blocks):
                lines.extend(wrap(f"Supersets: {SUPERSET_HOW}.", width) if width else [f"Supersets: {SUPERSET_HOW}."])
            lines.append("")
    lines.extend(warnings_text(plan.warnings, width))
    return "\n".join(lines).rstrip() + "\n"


def warnings_text(warnings: list[Warning], width: int | None) -> list[str]:
    """What the plan does not reach, one entry per warning: the rule, what it is about,
    what it reached of what was wanted, and what would help."""
    from planner.tables import wrap

    if not warnings:
        return []
    lines = ["What this plan does not reach (docs/coaching.md):"]
    for w in warnings:
        text = str(w)
        parts = wrap(text, width - 2) if width else [text]
        lines.append(f"- {parts[0]}")
        lines.extend(f"  {part}" for part in parts[1:])
    return lines
