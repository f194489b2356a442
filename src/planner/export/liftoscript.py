"""A plan as Liftoscript, the plan text Liftosaur's program editor reads in its full mode.

What is written, as Liftosaur documents it (liftosaur.com/doc/liftoscript):
- `# Week N` and `## Day` lines; a `//` comment above a `#` or `##` line describes that week
  or day, a `//` comment above an exercise describes the exercise (shown during the
  workout), `///` comments are notes the app does not show.
- One line per exercise: `Name / sets / properties`, sets as `3x8` (reps), `3x1 30s|15s`
  (a set timed to 30 s, then 15 s rest) and RPE as `@8`. planner prescribes reps in reserve
  (RIR), so RPE = 10 - RIR. The rest after a set is a timer, `90s`; a load in kg or lb is a
  weight, `22.5kg`.
- A superset pair is `superset: A` on both lines; a warm-up, activation or finisher circuit
  is a group of its own, so the app moves through it round by round.
- Tempo, pauses, "each side", distances and how to choose a load go in the exercise's
  comment (Liftoscript has no words for them). An exercise's comment carries over to later
  weeks until another replaces it, so every exercise gets one, an empty `//` at least.
- `warmup: none` on every line but those with ramp sets of their own, where Liftosaur's
  warm-up sets stand and the comment lists planner's.

Names: Liftosaur reads a name up to the first `/`, takes what follows a comma as the
equipment and a word before a colon as a label, and its custom exercise names may not hold
`/ { } ( ) # [ ] | ! :`; all of those become spaces. Names Liftosaur does not know are
custom exercises in the app."""

from __future__ import annotations

import re

from planner.export import shared_note
from planner.records import Block, Item, Plan
from planner.render import block_label, tempo_words

_NAME_UNSAFE = re.compile(r"[/{}()#\[\]|!:,\\@%]+")
# a load in numbers, with the plates a side a barbell load names ("62.5 kg (20 + 1.25 a side)")
LOAD = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(kg|lb)s?(?:\s*\([^)]*\))?\s*$", re.IGNORECASE)
CIRCUIT_GROUPS = {
    "warmup": "Warmup",
    "activation": "Activation",
    "finisher": "Finisher",
    "main": "Main",
    "accessory": "Accessory",
}


def exercise_name(name: str, fallback: str) -> str:
    clean = " ".join(_NAME_UNSAFE.sub(" ", name).split())
    return clean or " ".join(_NAME_UNSAFE.sub(" ", fallback).split()) or "Exercise"


def comment(text: str) -> str:
    return f"// {text}".rstrip()


def _sets(item: Item, units: str) -> str:
    rir = f" @{10 - item.rir}" if item.rir is not None else ""
    load = LOAD.match(item.load or "")
    weight = f" {load[1]}{load[2].lower()}" if load else ""
    if item.reps:
        timer = f" {item.rest_seconds}s" if item.rest_seconds else ""
        return f"{item.sets}x{item.reps}{weight}{rir}{timer}"
    seconds = (
        f" {item.seconds}s|{item.rest_seconds}s"
        if item.seconds
        else (f" {item.rest_seconds}s" if item.rest_seconds else "")
    )
    return f"{item.sets}x1{weight or f' 0{units}'}{rir}{seconds}"


def _description(item: Item, block: Block, shared: str | None) -> str:
    parts = []
    if item.meters:
        parts.append(f"{item.meters} m")
    if item.per_side:
        parts.append("each side")
    if item.load and not LOAD.match(item.load):
        parts.append(f"load: {item.load}")
    if item.tempo:
        parts.append(f"tempo {item.tempo} ({tempo_words(item)})")
    if item.rir is not None:
        parts.append(f"{item.rir} rep{'s' * (item.rir != 1)} in reserve")
    if item.ramp:
        parts.append(f"ramp up first: {', '.join(item.ramp)}")
    if item.change:
        parts.append(f"this week: {item.change}")
    note = item.note if item.note else None
    if note and note != shared:
        parts.append(note)
    return "; ".join(parts)


def _group(block: Block, n: int) -> str | None:
    if block.format == "superset":
        return chr(ord("A") + (n // 2) % 26) if n // 2 * 2 + 1 < len(block.items) else None
    if block.format == "straight" or len(block.items) < 2:
        return None
    return CIRCUIT_GROUPS.get(block.kind, "Circuit")


def plan_liftoscript(plan: Plan) -> str:
    units = plan.inputs.units if plan.inputs.units in ("kg", "lb") else "kg"
    i = plan.inputs
    out = [
        f"/// {plan.split or 'Training plan'} · {i.goal} · {i.level} · {', '.join(i.equipment)} · made by planner",
        "/// @N is RPE: 10 minus the reps in reserve the plan asks for (RIR 2 is @8)",
        *(f"/// Not reached: {w}" for w in plan.warnings),
        "",
    ]
    for week in plan.weeks:
        if week.deload:
            out.append(comment("A lighter week to recover"))
        out += [f"# Week {week.number}{' (deload)' if week.deload else ''}", ""]
        for session in week.sessions:
            when = f"{session.day.capitalize()} {session.date}" if session.date else session.day.capitalize()
            hows = [f"{block_label(b)}: {shared_note(b)}" for b in session.blocks if shared_note(b)]
            if hows:
                out.append(comment("; ".join(hows)))
            out += [f"## {when} · {session.title}", ""]
            for block in session.blocks:
                out.append(f"/// {block_label(block)}")
                shared = shared_note(block)
                for n, item in enumerate(block.items):
                    out.append(comment(_description(item, block, shared)))
                    sections = [exercise_name(item.name, item.exercise), _sets(item, units)]
                    if not item.ramp:
                        sections.append("warmup: none")
                    group = _group(block, n)
                    if group:
                        sections.append(f"superset: {group}")
                    out.append(" / ".join(sections))
                out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
