"""A new block after a deload (rules 21, 22 and 28): where the next one starts.

The RIR goes back to its start. A block that went to plan is taken to have made the lifter a
little stronger (`[deload] new_block_gain`): the next load step where the rep range allows,
else the same load with the rep that gain buys, else lighter by what Epley asks, in whole
load steps. Every new block goes back to week 1's sets and tempo, to be built again.
"""

from __future__ import annotations

import math

from planner.coach.context import Context
from planner.coach.prescribe import item_load, rep_range, rir_span
from planner.coach.steps import Step, base_tempo, fewest_reps, load_kind, reset_reps
from planner.loads import load_text, num
from planner.records import Card, Item, replace

LIGHTER = " lighter than before the deload"


def restart(
    ctx: Context,
    item: Item,
    card: Card,
    role: str,
    week: int | None = None,
    first: Item | None = None,
    planned: bool = True,
) -> Step:
    """The week after a deload starts a new block with the RIR back at its start, one load
    step heavier than the last loading week where the rep range allows (a block that went
    to plan made the lifter stronger: a coach adds the step the way 5/3/1 adds one a cycle).
    Every new block goes back to week 1's sets and tempo (`first`), so that it has the
    minutes to build them again. The reps are what leave that RIR by Epley's
    estimate (reps + RIR to failure at a load, fewer as it rises); where even the old load
    would fall below the rep range, the block starts at the bottom of the range, lighter by
    what Epley asks and the block's gain does not make up. Where the load stays, the gain buys
    a rep instead (one at most, fewer than the last loading week had); not when a log is followed
    (`planned` False): what was lifted, not an assumed gain, sets the next block there."""
    if item.reps is None or item.rir is None:
        return Step(item, "new block: as the last loading week", card)
    start = rir_span(ctx)[0]
    low, high = rep_range(ctx, card, role)
    least = fewest_reps(ctx, card, role)  # an accessory's load step may have left it a little below its range
    reps = item.reps + item.rir - start
    if reps < least and card.loaded:
        fewest = min(least, item.reps)  # never more reps than before, at more reserve
        # lighter by what Epley asks for `fewest` reps at the starting RIR, less the block's gain
        gain = ctx.rules.deload.new_block_gain[ctx.level]  # type: ignore[index]  # a checked level
        lighter = max(0.0, 1 - (30 + fewest + start) / ((30 + item.reps + item.rir) * (1 + gain)))
        load = _lighter_words(ctx, card, lighter)
        if load is None:  # less than half a real step down: no step at all (rule 28)
            lighter, load = 0.0, "the same load as before the deload"
        known = item_load(ctx, card, item)
        if known is not None:  # in numbers: the load the kit makes, that much lighter
            (now, how), kit = known, ctx.kit
            load = load_text(kit.nearest(how[0], now * (1 - lighter), how[1], "down"), kit, how)
        change = f"new block: {_reps_said(item.reps, fewest)}, RIR {item.rir} -> {start}, {load}"
        return _from_first(ctx, replace(item, reps=fewest, rir=start, load=load), item, change, card, role, first)
    reps = max(least if card.loaded else low, min(high, reps))
    # at the same load the block's gain buys reps (Epley): one at most, as it is an estimate,
    # and never as many as the last loading week had, so that block 2 has reps to climb
    plain = item.reps + item.rir - start
    gained = min(_gained_reps(ctx, item.reps, item.rir, start), plain + 1) if planned else plain
    if not card.loaded:
        reps = max(reps, min(gained, item.reps - 1, high))
        rir = min(start, max(item.rir, gained + start - reps))
        if (reps, rir) == (item.reps, item.rir):
            return _from_first(ctx, item, item, _AS_BEFORE, card, role, first)
        change = f"new block: {_reps_said(item.reps, reps)}, RIR {item.rir} -> {rir}"
        return _from_first(ctx, replace(item, reps=reps, rir=rir), item, change, card, role, first)
    heavier = _block_step(ctx, card, reps, start, least, week, max(item.rir, start - 1), item_load(ctx, card, item))
    if heavier is not None:
        new_reps, new_rir, load, words = heavier
        change = f"new block: {_reps_said(item.reps, new_reps)}, RIR {item.rir} -> {new_rir}, {words}"
        new_item = replace(item, reps=new_reps, rir=new_rir, load=load)
        return _from_first(ctx, new_item, item, change, card, role, first)
    reps = max(reps, min(gained, item.reps - 1, high))
    if (reps, start) == (item.reps, item.rir):
        return _from_first(ctx, item, item, _AS_BEFORE, card, role, first)
    change = f"new block: {_reps_said(item.reps, reps)}, RIR {item.rir} -> {start}, same load"
    known = item_load(ctx, card, item)
    same = "the same load as before the deload" if known is None else load_text(known[0], ctx.kit, known[1])
    return _from_first(ctx, replace(item, reps=reps, rir=start, load=same), item, change, card, role, first)


def _lighter_words(ctx: Context, card: Card, lighter: float) -> str | None:
    """`lighter` (a share of the load) in whole load steps of the card's kind (rule 28: real
    increments, 2.5 kg on a bar, not "2 % lighter"); None when it rounds to no step."""
    kind = load_kind(ctx, card)
    if kind is None:
        return None if lighter < 0.01 else f"about {lighter:.0%}{LIGHTER}"
    step_ = ctx.rules.progression.load_step[kind]
    steps = round(lighter / step_.share)
    size = step_.kg if ctx.inputs.units == "kg" else step_.lb
    if steps < 1:
        return None
    if not size:
        return f"about {lighter:.0%}{LIGHTER}"
    return f"{num(steps * size)} {ctx.inputs.units}{LIGHTER}"


_AS_BEFORE = "new block: as the last loading week"


def _from_first(
    ctx: Context, new_item: Item, item: Item, change: str, card: Card, role: str, first: Item | None
) -> Step:
    """A new block goes back to week 1's sets and tempo (`first`): it has the minutes to build
    them again, and block 2 is not the last loading week with a new label."""
    back = []
    if first is not None and first.sets < item.sets:
        back.append(f"sets {item.sets} -> {first.sets}")
        new_item = replace(new_item, sets=first.sets)
    base = base_tempo(ctx, card, role)
    if base is not None and item.tempo != base:
        back.append(f"tempo {item.tempo} -> {base}")
        new_item = replace(new_item, tempo=base)
    if back and change == _AS_BEFORE:
        change = "new block: back to week 1"
    return Step(new_item, "; ".join([change, *back]), card)


def _reps_said(before: int, after: int) -> str:
    return f"reps {before} -> {after}" if after != before else f"{after} reps"


def _gained_reps(ctx: Context, reps: int, rir: int, new_rir: int) -> int:
    """The reps that leave `new_rir` at the same load once the block's gain is added to the
    strength `reps` at `rir` showed (Epley: reps to failure = 30 x (1RM / load - 1))."""
    gain = ctx.rules.deload.new_block_gain[ctx.level]  # type: ignore[index]  # a checked level
    return math.floor((1 + gain) * (30 + reps + rir) - 30 - new_rir)


def _block_step(
    ctx: Context,
    card: Card,
    reps: int,
    rir: int,
    low: int,
    week: int | None,
    least_rir: int,
    known: tuple[float, tuple[str, str]] | None = None,
) -> tuple[int, int, str, str] | None:
    """(reps, RIR, load text, change words) for a new block one load step up. The block's
    gain (rules `new_block_gain`) pays for the step; the rest of it costs reps at the same
    RIR, or, where that falls below the rep range (heavy doubles), some reserve, never below
    `least_rir` (Epley). None when neither fits: a kettlebell's jump is a fifth of its load."""
    kind = load_kind(ctx, card)
    if kind is None:
        return None
    step_ = ctx.rules.progression.load_step[kind]
    gain = ctx.rules.deload.new_block_gain[ctx.level]  # type: ignore[index]  # a checked level
    share, heavier = step_.share, None
    if known is not None:  # in numbers: the next load the kit makes, and the share it really adds
        (now, how), size = known, step_.kg if ctx.inputs.units == "kg" else step_.lb
        heavier = ctx.kit.up(how[0], now, size, how[1])
        if heavier is None or now <= 0:
            return None  # the top of the kit
        share = heavier / now - 1
    beyond = max(0.0, (1 + share) / (1 + gain) - 1)
    capacity = reset_reps(reps, rir, beyond) + rir  # reps to failure at the heavier load
    new_reps, new_rir = min(reps, int(capacity - rir + 1e-9)), rir
    if new_reps < low:
        new_reps, new_rir = reps, round(capacity - reps)
        if new_rir < max(least_rir, rir_span(ctx)[1]):
            return None
    amount = step_.words
    if step_.kg:
        amount += f" ({step_.kg:g} kg)" if ctx.inputs.units == "kg" else f" ({step_.lb:g} lb)"
    last = "the last loading week" if week is None else f"week {week - 2}"
    if known is not None and heavier is not None:
        (now, how), units = known, ctx.inputs.units
        text = (
            f"{load_text(heavier, ctx.kit, how)} if every set of {last} reached its reps; otherwise {num(now)} {units}"
        )
        return new_reps, new_rir, text, f"load {num(now)} -> {num(heavier)} {units} if {last} went to plan"
    load = f"if every set of {last} reached its reps: {amount} over its load; otherwise repeat its load"
    return new_reps, new_rir, load, f"{step_.words} if {last} went to plan"
