"""One exercise, one step (rules 15-20 and 28): the ways a working item can get harder from
one loading week to the next, each changing exactly one variable.

Reps climb at the same load only while there is effort in reserve to spend: each added rep
takes one from the RIR (start near 3, finish near 1). A load step is written as a condition
the person checks against last week, with the reps reset by enough to keep the RIR; it is
offered only when that reset stays inside the exercise's rep range.
"""

from __future__ import annotations

import math

from planner.coach.context import Context
from planner.coach.prescribe import goal_fewest, most_sets, rep_range, rir_span, suits, tempo_for, working_item
from planner.records import Card, Item, Tempo, replace
from planner.structs import struct

KINDS = ("eccentric", "pause", "reps", "sets", "variation", "load", "range")
ZERO_TIME = ("load", "variation", "range")  # ways forward that cost no extra minutes


@struct
class Step:
    item: Item
    change: str
    card: Card  # the card the item is now (a harder variation changes it)


def auto_order(card: Card, role: str = "accessory") -> tuple[str, ...]:
    """The kinds an exercise allows best, for the `mixed` scheme."""
    if card.measure != "reps":
        return ("reps", "variation")  # for holds and carries "reps" means seconds or meters
    if card.loaded:
        return ("reps", "load", "sets", "eccentric", "range")  # double progression
    if role == "main":  # a body-weight main lift gets heavier by its harder rung (a loaded pull-up), not a slower rep
        return ("reps", "variation", "sets", "eccentric", "pause", "range")
    if card.peak_contraction and card.limits.pause_max_s:
        return ("reps", "pause", "eccentric", "variation", "sets", "range")
    return ("reps", "eccentric", "variation", "pause", "sets", "range")


def load_kind(ctx: Context, card: Card) -> str | None:
    kinds = ctx.rules.progression.load_kind
    kind = next((kinds[e] for e in card.equipment if e in kinds), None)
    if kind == "barbell":
        lower = any(ctx.vocab.region(m) == "lower" for m in card.primary_muscles)
        return "barbell_lower" if lower else "barbell_upper"
    return kind


def step(
    ctx: Context, kind: str, item: Item, card: Card, role: str, week: int, taken: set[str], sure: bool = False
) -> Step | None:
    """`item` with one variable changed by `kind`, or None when the exercise does not allow it.
    `sure`: the log shows last week went to plan, so a load step is no longer a condition."""
    p = ctx.rules.progression
    tempo = Tempo.parse(item.tempo) if item.tempo else None
    if kind in ("eccentric", "pause"):
        if tempo is None:
            return None
        if kind == "eccentric":
            slot, where, top = "eccentric", "eccentric", card.limits.eccentric_max_s
            by = p.eccentric_step
        else:  # rule 16: pause where the muscle is still loaded
            slot, where = (
                ("top_pause", "pause at the top") if card.peak_contraction else ("bottom_pause", "pause in the stretch")
            )
            top, by = card.limits.pause_max_s, p.pause_step
        now = getattr(tempo, slot)
        new = replace(tempo, **{slot: now + by})
        if now + by > top or new.rep_seconds > p.rep_seconds_max:
            return None
        return Step(replace(item, tempo=str(new)), f"{where} {now} s -> {now + by} s", card)
    if kind == "reps":
        return _more(ctx, item, card, role)
    if kind == "sets":
        if item.sets >= most_sets(ctx, card, role):
            return None
        return Step(replace(item, sets=item.sets + 1), f"sets {item.sets} -> {item.sets + 1}", card)
    if kind == "variation":
        return _harder(ctx, item, card, role, taken)
    if kind == "load":
        return _load(ctx, item, card, role, week, sure)
    if kind == "range":
        if not card.more_range or "more range" in (item.note or ""):
            return None
        return Step(replace(item, note=f"more range: {card.more_range}"), "more range of motion", card)
    raise ValueError(f"unknown progression kind {kind!r}")


def _more(ctx: Context, item: Item, card: Card, role: str) -> Step | None:
    p = ctx.rules.progression
    if item.seconds is not None:
        top = card.limits.seconds_max or item.seconds
        new = min(top, item.seconds + p.seconds_step)
        return (
            None if new <= item.seconds else Step(replace(item, seconds=new), f"seconds {item.seconds} -> {new}", card)
        )
    if item.meters is not None:
        top = card.limits.meters_max or item.meters
        new = min(top, item.meters + p.meters_step)
        return None if new <= item.meters else Step(replace(item, meters=new), f"meters {item.meters} -> {new}", card)
    if item.reps is None:
        return None
    _, high = rep_range(ctx, card, role)
    if item.reps >= high:
        return None
    if item.rir is None:  # no reserve to spend (jumps, ballistics): reps climb on their own
        new = min(high, item.reps + 1)
        return Step(replace(item, reps=new), f"reps {item.reps} -> {new}", card)
    end = rir_span(ctx)[1]
    room = item.rir - end
    if room <= 0:
        return None  # rule 28: at the same load, more reps need effort in reserve to spend
    by = min(room, high - item.reps, 2 if item.reps >= 10 else 1)
    new_item = replace(item, reps=item.reps + by, rir=item.rir - by)
    same = " at the same load" if card.loaded else ""
    return Step(new_item, f"reps {item.reps} -> {item.reps + by}{same} (RIR {item.rir} -> {item.rir - by})", card)


def reset_reps(reps: int, rir: int, share: float, new_rir: int | None = None) -> float:
    """The reps that leave the same RIR (or `new_rir`) after a load `share` heavier (Epley's
    1RM estimate, reps to failure = reps + RIR): 15 -> 10 reps is about +12 %."""
    return (30 + reps + rir) / (1 + share) - 30 - (rir if new_rir is None else new_rir)


def _load(ctx: Context, item: Item, card: Card, role: str, week: int, sure: bool = False) -> Step | None:
    if not card.loaded or item.reps is None or item.rir is None:
        return None
    kind = load_kind(ctx, card)
    if kind is None:
        return None
    low, high = rep_range(ctx, card, role)
    if item.reps < high and item.rir > rir_span(ctx)[1]:
        return None  # rule 18: load goes up only once the rep target is beaten
    step_ = ctx.rules.progression.load_step[kind]
    least = fewest_reps(ctx, card, role)
    size = step_.kg if ctx.inputs.units == "kg" else step_.lb
    numeric = _numeric_load(ctx, item, card, low, least, week, size, sure)
    if not isinstance(numeric, bool):
        return numeric
    new_reps = math.floor(reset_reps(item.reps, item.rir, step_.share) + 0.5)  # half a rep rounds up
    if new_reps < least:
        return None  # the next implement is too big a jump for this rep range
    amount = step_.words
    if step_.kg:
        amount += f" ({step_.kg:g} kg)" if ctx.inputs.units == "kg" else f" ({step_.lb:g} lb)"
    load = f"if every set of week {week - 1} reached {item.reps}: {amount}; otherwise repeat week {week - 1}"
    return Step(
        replace(item, reps=new_reps, load=load),
        f"load up if week {week - 1} went to plan; reps {item.reps} -> {new_reps} (RIR {item.rir})",
        card,
    )


def fewest_reps(ctx: Context, card: Card, role: str) -> int:
    """The fewest reps a load step may reset an exercise to: an accessory's a little below
    its range (the next dumbbell is a tenth heavier; the reps then climb back), never below
    the card's floor, the goal's fewest (rule 13) or a beginner's fewest; a main lift's, the
    bottom of its range."""
    low, _ = rep_range(ctx, card, role)
    if role == "main":
        return low
    least = max(low - ctx.rules.progression.below_range, card.rep_floor or 1, min(goal_fewest(ctx), low))
    return max(least, ctx.goal.beginner_min_reps) if ctx.level == "beginner" else least


def _numeric_load(
    ctx: Context, item: Item, card: Card, low: int, least: int, week: int, size: float, sure: bool
) -> Step | bool | None:  # False: no numbers to step from
    """The load step in numbers when the item's load is one (a known lift, or the log): the
    next load the kit makes at least a step heavier, the reps reset for the real share it
    adds. None when the kit has nothing heavier or the reset would leave the rep range;
    False when the load is not known in numbers (the step is then said in words)."""
    from planner.coach.prescribe import item_load
    from planner.loads import load_text, num

    known = item_load(ctx, card, item)
    if known is None or item.reps is None or item.rir is None:
        return False
    (now, how), units = known, ctx.inputs.units
    heavier = ctx.kit.up(how[0], now, size, how[1])
    if heavier is None or now <= 0:
        return None  # the top of the kit: another way forward
    start, end = rir_span(ctx)
    to_failure = reset_reps(item.reps, item.rir, heavier / now - 1, 0)  # reps to failure at the heavier load
    if sure:  # double progression: the heavier load at the bottom of the range, with what reserve that leaves
        new_reps, rir = low, min(start, math.floor(to_failure - low + 0.5))  # half a rep rounds up
        if rir < end:
            return None  # too big a jump even for the fewest reps
    else:  # a condition: the reps that keep about the same reserve (rule 28)
        rir = min(item.rir, start)
        new_reps = math.floor(to_failure - rir + 0.5)
        if new_reps < least:
            return None  # the next load is too big a jump for this rep range
    text = load_text(heavier, ctx.kit, how)
    if sure:
        change = f"load {num(now)} -> {num(heavier)} {units}; reps {item.reps} -> {new_reps} (RIR {rir})"
        return Step(replace(item, reps=new_reps, rir=rir, load=text), change, card)
    last = week - 1
    load = f"{text} if every set of week {last} reached {item.reps}; otherwise repeat week {last}"
    change = f"load {num(now)} -> {num(heavier)} {units} if week {last} went to plan; reps {item.reps} -> {new_reps} (RIR {rir})"
    return Step(replace(item, reps=new_reps, rir=rir, load=load), change, card)


def _harder(ctx: Context, item: Item, card: Card, role: str, taken: set[str]) -> Step | None:
    for harder_id in card.harder:
        harder = ctx.by_id.get(harder_id)
        if harder is None or harder_id in taken or role not in harder.blocks or harder.pattern != card.pattern:
            continue  # a harder rung of the same movement, never another pattern
        if not set(harder.primary_muscles) & set(card.primary_muscles) or not suits(ctx, harder, role):
            continue  # rule 13: a rung whose reps stop under the goal's is not this goal's work
        new = working_item(ctx, harder, role, item.sets)
        if item.ramp:
            from planner.coach.prescribe import ramp_sets

            new = replace(new, ramp=ramp_sets(ctx, harder, new))
        return Step(new, f"harder variation: {card.name} -> {harder.name}", harder)
    return None


def base_tempo(ctx: Context, card: Card, role: str) -> str | None:
    spec = ctx.goal.main if role == "main" else ctx.goal.accessory
    return tempo_for(card, spec.tempo)
