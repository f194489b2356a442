"""A plan as GitHub-flavoured Markdown: overview, every session as tables, weekly hard
sets per muscle, and an appendix with how to do each exercise.

Names and notes come from files people edit, so every piece of text goes through
`inline()`: a `|` would split a table cell, `*` or `_` start emphasis, `<b>` pass as
HTML, `[x](y)` become a link."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from planner.export import shared_note
from planner.records import WEEKDAYS, Block, Card, Item, Plan, Session, Week
from planner.render import SUPERSET_HOW, block_label, dose, item_name, rest_text, session_heading, tempo_words
from planner.vocab import builtin_vocab

# CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that
# mean something inline or in a table (`&` starts entities such as &lt;).
_INLINE = re.compile(r"([\\`*_\[\]<>|#~&!])")
# ...and these only at the start of a line, where they open a list, a heading underline
# or a quote (`>` is escaped everywhere already).
_LINE_START = re.compile(r"^([-+=]|\d+(?=[.)]))")


def inline(text: object) -> str:
    """Text that renders as itself in a paragraph, a heading or a table cell. Line breaks
    become spaces: a newline would end a table row."""
    return _INLINE.sub(r"\\\1", " ".join(str(text).split()))


def line(text: object) -> str:
    """Like inline(), for text that starts a line (a paragraph, a list item's body)."""
    escaped = inline(text)
    match = _LINE_START.match(escaped)
    if match is None:
        return escaped
    if match[1] in "-+=":
        return "\\" + escaped
    digits = match[1]
    return digits + "\\" + escaped[len(digits) :]  # "1." starts an ordered list; "1\." does not


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> list[str]:
    """A GFM table. Cells must already be escaped; each row has exactly the header's cells."""
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"table row has {len(row)} cells, header has {len(headers)}: {row!r}")
    rule = ["---:" if i in right else "---" for i in range(len(headers))]
    out = ["| " + " | ".join(headers) + " |", "| " + " | ".join(rule) + " |"]
    out += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return out


def plan_markdown(plan: Plan, exercises: Mapping[str, Card]) -> str:
    out: list[str] = [f"# Training plan: {inline(plan.split or 'custom')}", ""]
    out += _overview(plan)
    for week in plan.weeks:
        out += [f"## Week {week.number}{' (deload)' if week.deload else ''}", ""]
        if week.deload:
            out += ["A lighter week to recover and come back stronger.", ""]
        for session in week.sessions:
            out += _session(session)
    out += _hard_sets(plan, exercises)
    out += _appendix(plan, exercises)
    return "\n".join(out).rstrip("\n") + "\n"


# ---------------------------------------------------------------------------- overview


def _minutes(values: Sequence[float]) -> str:
    low, high = round(min(values)), round(max(values))
    return f"{low}" if low == high else f"{low}–{high}"


def _overview(plan: Plan) -> list[str]:
    i = plan.inputs
    weeks = len(plan.weeks)
    days = sorted({s.day for w in plan.weeks for s in w.sessions}, key=_weekday_index)
    progression = f"{i.progression} progression, a deload every {i.deload_every}th week" if weeks > 1 else "single week"
    settings = [
        ("Goal", i.goal),
        ("Level", i.level),
        ("Equipment", ", ".join(i.equipment) or "bodyweight"),
        ("Training days", f"{len(days)} a week ({', '.join(d.capitalize() for d in days)})" if days else "none"),
        ("Minutes per session", f"{i.minutes} asked"),
        ("Weeks", f"{weeks} ({progression})"),
        ("Focus", ", ".join(i.focus) or "-"),
        ("Left out", ", ".join(i.exclude) or "-"),
        # the dates the sessions have: an export with --start re-dates the plan (and its inputs.start)
        ("First week", i.start or _first_date(plan) or "not dated"),
        ("Split", plan.split or "-"),
        ("Seed", str(i.seed)),
        ("Plan id", plan.id or "-"),
    ]
    out = ["## Overview", ""]
    out += table(["Setting", "Value"], [[inline(k), inline(v)] for k, v in settings])
    out += ["", "### Weekly schedule", ""]
    by_day: dict[str, list[Session]] = {}
    for week in plan.weeks:
        for session in week.sessions:
            by_day.setdefault(session.day, []).append(session)
    rows = []
    for day in [*WEEKDAYS, *sorted(d for d in by_day if d not in WEEKDAYS)]:
        sessions = by_day.get(day, [])
        titles = list(dict.fromkeys(s.title for s in sessions))
        if not sessions:
            rows.append([inline(day.capitalize()), "rest", "-"])
        else:
            rows.append([inline(day.capitalize()), inline(" / ".join(titles)), _minutes([s.minutes for s in sessions])])
    out += table(["Day", "Session", "Minutes"], rows, right=(2,))
    out += ["", "Minutes are estimated per session; a range covers the weeks of the plan.", ""]
    if plan.warnings:
        out += ["### What this plan does not reach", ""]
        out += [f"- {line(w)}" for w in plan.warnings]
        out.append("")
    return out


def _weekday_index(day: str) -> int:
    return WEEKDAYS.index(day) if day in WEEKDAYS else len(WEEKDAYS)


def _first_date(plan: Plan) -> str | None:
    dates = [s.date for w in plan.weeks for s in w.sessions if s.date]
    return min(dates) if dates else None


# ---------------------------------------------------------------------------- sessions


def _tempo(item: Item) -> str:
    if not item.tempo:
        return "-"
    return f"{item.tempo} ({tempo_words(item)})"


def _session(session: Session) -> list[str]:
    out = [f"### {inline(session_heading(session))}", ""]
    for block in session.blocks:
        shared = shared_note(block) or (SUPERSET_HOW if block.format == "superset" else None)
        out += [f"**{inline(block_label(block))}**" + (f" ({inline(shared)})" if shared else ""), ""]
        out += _block_table(block)
        out.append("")
    if not session.blocks:
        out += ["No exercises in this session.", ""]
    return out


def _block_table(block: Block) -> list[str]:
    headers = ["Exercise", "Sets x reps / time", "Tempo", "Rest", "RIR"]
    loads = any(item.load for item in block.items)
    ramps = any(item.ramp for item in block.items)
    if loads:
        headers.append("Load")
    if ramps:
        headers.append("Ramp sets first")
    changes = any(item.change for item in block.items)
    shared = shared_note(block)
    notes = any(item.note and item.note != shared for item in block.items)
    if changes:
        headers.append("Change this week")
    if notes:
        headers.append("Note")
    rows = []
    for n, item in enumerate(block.items):
        row = [
            inline(item_name(block, n)),
            inline(dose(item, block)),
            inline(_tempo(item)),
            inline(rest_text(item)),
            "-" if item.rir is None else str(item.rir),
        ]
        if loads:
            row.append(inline(item.load or "-"))
        if ramps:
            row.append(inline(", ".join(item.ramp) or "-"))
        if changes:
            row.append(inline(item.change or "-"))
        if notes:
            row.append(inline(item.note if item.note and item.note != shared else "-"))
        rows.append(row)
    if not rows:
        return ["No exercises in this block."]
    return table(headers, rows)


# ---------------------------------------------------------------------------- stats


def _sets(value: float) -> str:
    return f"{value:g}" if value else "-"


def _hard_sets(plan: Plan, exercises: Mapping[str, Card]) -> list[str]:
    if not plan.weeks:
        return []
    from planner.coach.volume import counter

    vocab = builtin_vocab()
    by_id = dict(exercises)
    count = counter(by_id)
    counts = [count(week.sessions) for week in plan.weeks]
    muscles = [m for m in vocab.muscles.ids if any(c.get(m) for c in counts)]
    out = [
        "## Weekly hard sets per muscle",
        "",
        "Working sets of the main, accessory and finisher blocks: 1 for each muscle an exercise trains "
        "as a primary muscle, 0.5 for each secondary one, for the muscles a hard set of it really works. "
        "Warm-up and activation sets do not count.",
        "",
    ]
    missing = sorted(
        {i.exercise for w in plan.weeks for s in w.sessions for b in s.blocks for i in b.items} - set(by_id)
    )
    if not muscles:
        out += ["No hard sets to count.", ""]
    else:
        headers = ["Muscle", *(_week_name(w) for w in plan.weeks)]
        rows = [
            [inline(vocab.muscle_info(m).get("name", m)), *(_sets(float(c.get(m, 0))) for c in counts)] for m in muscles
        ]
        out += table(headers, rows, right=tuple(range(1, len(headers))))
        out.append("")
    if missing:
        out += [f"Not counted (not in the library): {inline(', '.join(missing))}.", ""]
    return out


def _week_name(week: Week) -> str:
    return f"Week {week.number}{' (deload)' if week.deload else ''}"


# ---------------------------------------------------------------------------- appendix


def _appendix(plan: Plan, exercises: Mapping[str, Card]) -> list[str]:
    used: dict[str, str] = {}
    for week in plan.weeks:
        for session in week.sessions:
            for block in session.blocks:
                for item in block.items:
                    used.setdefault(item.exercise, item.name)
    if not used:
        return []
    out = ["## Appendix: the exercises", ""]
    for exercise_id, name in sorted(used.items(), key=lambda kv: (kv[1].lower(), kv[0])):
        ex = exercises.get(exercise_id)
        out += [f"### {inline(ex.name if ex else name)}", ""]
        if ex is None:
            out += [f"{line(exercise_id)} is not in the library, so there are no instructions for it.", ""]
            continue
        out += [line(ex.summary), "", "How to do it:", ""]
        out += [f"{n}. {line(step)}" for n, step in enumerate(ex.instructions, 1)]
        out.append("")
        if ex.tips:
            out += ["Tips:", ""]
            out += [f"- {line(tip)}" for tip in ex.tips]
            out.append("")
    return out
