"""Prescriptions: what one exercise is written as in a session (rules 13-15, 26, 27, 30).

A working item's reps come from the goal and the person's level, raised to the card's rep
floor and capped by how far the card says reps may go; it starts at the bottom of that range
at the level's starting RIR, so that later weeks can climb (rule 28). Holds, carries and
jumps get no RIR (rule 27).
"""

from __future__ import annotations

from planner.coach.context import Context
from planner.records import Card, Item, Tempo, replace

ROLE_SPEC = ("main", "accessory")


def rep_range(ctx: Context, card: Card, role: str) -> tuple[int, int]:
    """The reps a set of `card` may have in `role` for this goal and level."""
    spec = ctx.goal.main if role == "main" else ctx.goal.accessory
    lo, hi = spec.reps[ctx.level]
    ex = ctx.rules.exercise
    floor = card.rep_floor or 1
    if ctx.level == "beginner":
        floor = max(floor, ctx.goal.beginner_min_reps)
    if ctx.level not in ex.triples_levels:
        floor = max(floor, ex.least_reps_otherwise)
    if role == "main" and not set(card.equipment) & set(ctx.rules.main.free_weights):
        floor = max(floor, ctx.rules.main.min_reps_fixed_path)  # rule 25: triples belong to free weights
    lo = max(lo, floor)
    hi = max(hi, lo)
    cap = card.limits.reps_max
    if cap and cap < hi:
        # a card that stops short of the goal's top keeps the goal's span of reps under its
        # cap, down to the fewest reps the goal writes anywhere (rule 13): a dumbbell press
        # for endurance climbs 12 -> 15 instead of sitting at 15 all block
        span = spec.reps[ctx.level][1] - spec.reps[ctx.level][0]
        hi = cap
        lo = min(lo, max(hi - span, goal_fewest(ctx), floor), hi)
    return lo, hi


def goal_fewest(ctx: Context) -> int:
    """The fewest reps the goal writes for a working set in either role: rule 13's bottom
    for the goal (endurance 12), under which no working set of it goes."""
    return min(ctx.goal.main.reps[ctx.level][0], ctx.goal.accessory.reps[ctx.level][0])


def suits(ctx: Context, card: Card, role: str) -> bool:
    """A rep-based card whose useful range stops below the fewest reps the goal writes does
    not fit the goal (rule 13): eight negative pull-ups are not endurance work."""
    if card.measure != "reps" or card.limits.reps_max is None:
        return True
    return card.limits.reps_max >= goal_fewest(ctx)


def rir_span(ctx: Context) -> tuple[int, int]:
    return ctx.rules.exercise.rir[ctx.level]


def rir_at(ctx: Context, card: Card, reps: int, low: int, high: int) -> int | None:
    """Reps in reserve for `reps` in [low, high]: the level's starting RIR at the bottom,
    its ending RIR at the top (rule 28: more reps at the same load leave fewer in reserve)."""
    if not card.uses_rir:
        return None
    start, end = rir_span(ctx)
    if high <= low:
        return start
    share = (reps - low) / (high - low)
    return round(start - (start - end) * share)


def rest_for(ctx: Context, card: Card, role: str, shortest: bool = False) -> int:
    """Rest between sets (rule 14): the goal's, never under the rule's minimums; `shortest`
    gives the minimum itself (a short session's)."""
    goal = ctx.goal
    floors = ctx.rules.exercise.rest_min
    compound = card.mechanic == "compound"
    if role == "main":
        rest = goal.main.rest
        floor = goal.main.rest_min or floors.compound
    else:
        rest = goal.accessory.rest_compound if compound else goal.accessory.rest_isolation
        floor = floors.compound if compound else floors.isolation
    if goal.rest_range is not None:
        lo, hi = goal.rest_range
        return lo if shortest else max(lo, min(rest, hi))
    return floor if shortest else max(rest, floor)


def tempo_for(card: Card, base: str) -> str | None:
    if card.measure != "reps" or card.limits.eccentric_max_s == 0:
        return card.defaults.tempo  # jumps, swings and holds run at their own pace
    if card.defaults.tempo:
        return card.defaults.tempo
    tempo = Tempo.parse(base)
    eccentric = min(tempo.eccentric, card.limits.eccentric_max_s)
    top = tempo.top_pause if card.peak_contraction else 0  # rule 16: pause only where loaded
    return str(replace(tempo, eccentric=max(eccentric, 1), top_pause=min(top, card.limits.pause_max_s)))


def choose_load(ctx: Context, card: Card, item: Item) -> str | None:
    """Week 1's load: from the person's known lift of this exercise when the profile gives one
    (rule 28), else how to pick it (the RIR column says how much to leave in reserve)."""
    if not card.loaded:
        return None
    known = known_load(ctx, card, item)
    if known is not None:
        return known
    if item.meters:
        return f"choose: a weight to carry {item.meters} m"
    if item.seconds:
        return f"choose: a weight to hold {item.seconds} s"
    return f"choose: a weight for {item.reps} reps"


def most_sets(ctx: Context, card: Card, role: str) -> int:
    """The most working sets the exercise may have in a session (rule 31), fewer where its
    card says so (`defaults.sets`: a Nordic curl's two or three)."""
    top = ctx.rules.main.max_sets if role == "main" else ctx.rules.exercise.sets[1]
    return min(top, card.defaults.sets) if card.defaults.sets else top


def working_item(ctx: Context, card: Card, role: str, sets: int) -> Item:
    """A main or accessory prescription for week 1."""
    spec = ctx.goal.main if role == "main" else ctx.goal.accessory
    low, high = rep_range(ctx, card, role)
    item = Item(
        exercise=card.id,
        name=card.name,
        sets=sets,
        reps=low if card.measure == "reps" else None,
        seconds=(card.defaults.seconds or ctx.rules.exercise.default_seconds) if card.measure == "seconds" else None,
        meters=(card.defaults.meters or ctx.rules.exercise.default_meters) if card.measure == "meters" else None,
        per_side=card.per_side,
        tempo=tempo_for(card, spec.tempo),
        rest_seconds=rest_for(ctx, card, role),
        rir=rir_at(ctx, card, low, low, high) if card.measure == "reps" else None,
    )
    return replace(item, load=choose_load(ctx, card, item))


def known_load(ctx: Context, card: Card, item: Item) -> str | None:
    """The load for `item`'s reps and RIR from a known lift ("24 kg x 10", taken as a set to
    failure) by Epley's estimate, rounded down to one the person's kit can make."""
    from planner.loads import convert, e1rm, implement, load_for, load_text, parse_lift

    lift = (ctx.inputs.lifts or {}).get(card.id)
    how = implement(card)
    if lift is None or how is None or item.reps is None:
        return None
    load, unit, reps = parse_lift(lift, ctx.inputs.units)
    best = e1rm(convert(load, unit, ctx.inputs.units), reps)
    value = ctx.kit.nearest(how[0], load_for(best, item.reps, item.rir or 0), how[1], "down")
    return load_text(value, ctx.kit, how)


def item_load(ctx: Context, card: Card, item: Item) -> tuple[float, tuple[str, str]] | None:
    """The load `item` names in numbers, in the plan's units, and how the card is loaded;
    None when it names none ("choose: ...") or the card takes no load in numbers."""
    from planner.loads import convert, implement, planned_load

    planned, how = planned_load(item.load), implement(card)
    if planned is None or how is None:
        return None
    return convert(planned[0], planned[1], ctx.inputs.units), how


def ramp_sets(ctx: Context, card: Card, item: Item) -> list[str]:
    """Lighter sets before a main lift (rules 4 and 30): percentages of the working load for a
    loaded lift, an easier variation for a body-weight one."""
    m = ctx.rules.main
    if card.loaded:
        heavy = item.reps is not None and item.reps <= m.heavy_reps
        return list(m.ramp_heavy if heavy else m.ramp)
    easier = next((ctx.by_id[e] for e in card.easier if e in ctx.by_id), None)
    reps = m.ramp_bodyweight_reps
    return [f"{reps} x {easier.name}" if easier else f"{reps} easy reps through half the range"]


def drill_item(ctx: Context, card: Card, rounds: int, activation: bool = False, seconds: int | None = None) -> Item:
    """A warm-up or activation drill: easy effort, the card's own dose where it has one, kept
    inside the block's range (rule 2: holds up to 45 s; rule 3: 8-20 reps or 20-40 s)."""
    w = ctx.rules.warmup
    hold = card.defaults.seconds or seconds or w.drill_seconds
    count = card.defaults.reps or (ctx.rules.activation.drill_reps if activation else w.drill_reps)
    if activation:
        a = ctx.rules.activation
        hold = max(a.seconds[0], min(hold, a.seconds[1]))
        count = max(a.reps[0], min(count, a.reps[1]))
    timed = card.measure == "seconds"
    if timed and card.pattern not in ctx.rules.warmup.raise_patterns:
        hold = min(hold, ctx.rules.warmup.hold_max)  # rule 2: static holds stay short
    return Item(
        exercise=card.id,
        name=card.name,
        sets=rounds,
        reps=count if card.measure == "reps" else None,
        seconds=hold if timed else None,
        meters=(card.defaults.meters or w.drill_meters) if card.measure == "meters" else None,
        per_side=card.per_side,
        note=ctx.rules.warmup.effort_note,
    )
