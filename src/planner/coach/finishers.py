"""Finishers (rules 6 and 29): short, low-skill conditioning at the end of a session.

A finisher only uses exercises whose cards say they suit its format: Tabata only with
whole-body or cyclical efforts that can be all-out, an AMRAP only with rep-based ones. It
matches the session's region (on a split day its muscles, or core or cardio), leaves
plyometrics out after a lower-body session's worth of hard sets and for beginners, and never
tires a muscle or loads a joint that tomorrow's main lift needs.
"""

from __future__ import annotations

from planner.coach.context import Context
from planner.coach.draft import Draft, Week
from planner.coach.warmup import pick
from planner.records import Block, Card, Item, replace


def eligible(ctx: Context, draft: Draft, week: Week, fmt: str) -> list[Card]:
    f = ctx.rules.finisher
    lower_sets = sum(i.sets for i in draft.working() if "lower" in ctx.regions(ctx.by_id[i.exercise]))
    tomorrow = week.next.get(draft.day)
    needed = {m for i in tomorrow.main for m in ctx.by_id[i.exercise].primary_muscles} if tomorrow else set()
    # nor loads a joint it loads: a sandbag carry tires the lower back a deadlift needs
    strained = {j for i in tomorrow.main for j in ctx.by_id[i.exercise].stresses} if tomorrow else set()
    regions = draft.regions()
    focus = set(draft.template.focus) if draft.template.region != "full" else set()
    out = []
    for card in ctx.pool.with_block("finisher"):
        if fmt not in card.finisher_formats or card.level == "advanced" or "barbell" in card.equipment:
            continue
        if card.plyometric and (ctx.level not in f.plyometric_levels or lower_sets >= f.plyometric_after_lower_sets):
            continue
        if not (ctx.regions(card) <= regions or card.pattern == "cyclical"):
            continue
        if (
            focus
            and card.pattern != "cyclical"
            and ctx.regions(card) != {"trunk"}
            and not focus & set(card.primary_muscles)
        ):
            continue  # a pull day's finisher pulls (or is core or cardio), it does not push
        if set(card.primary_muscles) & needed or set(card.stresses) & strained:
            continue
        if not week.allowed(card, "finisher", draft):
            continue
        out.append(card)
    return out


def finisher_block(ctx: Context, draft: Draft, fmt: str, cards: list[Card], minutes: float) -> Block:
    f = ctx.rules.finisher
    if fmt == "tabata":  # 8 x (20 s on, 10 s off), exercises alternating
        t = f.tabata
        each = t.rounds // len(cards)
        items = [_timed(c, each, t.on, t.off, "alternate every 20 s" if len(cards) > 1 else None) for c in cards]
        return Block(
            kind="finisher", format="tabata", minutes=t.rounds * (t.on + t.off) / 60, rounds=t.rounds, items=items
        )
    if fmt == "emom":  # each exercise on its own minute, at most ~40 s of work in it
        whole = max(2 * len(cards), int(minutes) - int(minutes) % len(cards))
        items = [_emom_item(ctx, draft, c, whole // len(cards)) for c in cards]
        return Block(kind="finisher", format="emom", minutes=float(whole), rounds=whole, items=items)
    if fmt == "amrap":
        items = [_reps_item(ctx, c, 1, f.circuit_rest) for c in cards]
        return Block(kind="finisher", format="amrap", minutes=float(int(minutes)), items=items)
    if fmt == "carry":
        card = cards[0]
        meters = max(f.carry_meters[0], min(card.defaults.meters or 40, f.carry_meters[1]))
        sets = max(f.carry_sets[0], min(f.carry_sets[1], int(minutes * 60 // (meters + f.carry_rest))))
        item = Item(
            exercise=card.id,
            name=card.name,
            sets=sets,
            meters=meters,
            per_side=card.per_side,
            rest_seconds=f.carry_rest,
        )
        return Block(kind="finisher", format="carry", items=[item])
    items = [_reps_item(ctx, c, 1, f.circuit_rest) for c in cards]
    per_round = sum(draft.clock.work(i) + draft.clock.setup + f.circuit_rest for i in items) + f.circuit_round_rest
    least, most = f.circuit_rounds
    rounds = max(least, min(most, int(minutes * 60 // per_round)))
    return Block(kind="finisher", format="circuit", rounds=rounds, items=[replace(i, sets=rounds) for i in items])


def _timed(card: Card, sets: int, on: int, off: int, note: str | None) -> Item:
    return Item(exercise=card.id, name=card.name, sets=sets, seconds=on, rest_seconds=off, note=note)


def _reps_item(ctx: Context, card: Card, sets: int, rest: int) -> Item:
    f = ctx.rules.finisher
    if card.measure == "seconds":
        seconds = min(card.defaults.seconds or f.default_seconds, f.emom_work_max)
        return Item(exercise=card.id, name=card.name, sets=sets, seconds=seconds, rest_seconds=rest)
    reps = card.defaults.reps or f.default_reps
    return Item(exercise=card.id, name=card.name, sets=sets, reps=reps, per_side=card.per_side, rest_seconds=rest)


def _emom_item(ctx: Context, draft: Draft, card: Card, sets: int) -> Item:
    f = ctx.rules.finisher
    item = _reps_item(ctx, card, sets, f.emom_rest)
    if item.reps is None:
        return item
    per_rep = draft.clock.work(replace(item, reps=1))
    return replace(item, reps=max(f.emom_least_reps, min(item.reps, int(f.emom_work_max // per_rep))))


def size(ctx: Context, fmt: str, seconds_left: float) -> float | None:
    """How many minutes a `fmt` finisher gets with `seconds_left`, or None when it does not fit."""
    f = ctx.rules.finisher
    lo, hi = ctx.goal.finisher.minutes
    bounds = {"amrap": f.amrap_minutes, "emom": f.emom_minutes, "circuit": f.circuit_minutes}.get(fmt, f.minutes)
    if fmt == "tabata":
        fixed = f.tabata.rounds * (f.tabata.on + f.tabata.off) / 60
        return fixed if seconds_left >= fixed * 60 and fixed <= ctx.inputs.minutes * f.max_share else None
    minutes = min(hi, bounds[1], seconds_left / 60, ctx.inputs.minutes * f.max_share)
    return minutes if minutes >= max(lo, bounds[0]) else None


def add_finisher(ctx: Context, draft: Draft, week: Week, seconds_left: float) -> bool:
    """The goal's first format that fits the time left and has exercises to fill it."""
    formats = list(ctx.goal.finisher.formats)
    rng = ctx.rng("finisher", draft.day, draft.template_id)
    rng.shuffle(formats)
    for fmt in formats:
        minutes = size(ctx, fmt, seconds_left)
        if minutes is None or (fmt == "tabata" and ctx.level not in ctx.rules.finisher.tabata_levels):
            continue
        options = eligible(ctx, draft, week, fmt)
        count = 1 if fmt == "carry" else 3 if fmt in ("amrap", "circuit") else 2
        fresh = {c.id: -float(week.uses[c.id]) for c in options}
        cards: list[Card] = []
        for _ in range(count):
            card = pick([c for c in options if c not in cards], fresh, rng)
            if card is not None:
                cards.append(card)
        if len(cards) < (1 if fmt in ("carry", "tabata") else 2):
            continue
        if fmt == "tabata" and not all(c.pattern == "cyclical" for c in cards) and len(cards) == 1:
            continue
        block = finisher_block(ctx, draft, fmt, cards, minutes)
        if draft.clock.block(block) > seconds_left:
            continue
        delta = finisher_credit(ctx, draft, block)
        if not week.room(draft, delta):
            continue
        draft.finisher = block
        for card in cards:
            week.record(card, "finisher", draft, {})
        week.add_counts(draft, delta)
        return True
    return False


def finisher_credit(ctx: Context, draft: Draft, block: Block) -> dict[str, float]:
    """The hard sets a finisher's resistance work gives (rule 8): sets, or an AMRAP's rounds."""
    from planner.coach.volume import block_sets

    out: dict[str, float] = {}
    for item, sets in zip(block.items, block_sets(block, draft.clock), strict=True):
        for muscle, weight in ctx.pool.credits[item.exercise].items():
            out[muscle] = out.get(muscle, 0.0) + sets * weight
    return out


def recheck(ctx: Context, draft: Draft, week: Week, seconds_left: float) -> None:
    """A finisher chosen before the session's last hard sets went in may now follow too many
    lower-body sets for a plyometric drill (rule 29): choose again."""
    block = draft.finisher
    if block is None or not any(ctx.by_id[i.exercise].plyometric for i in block.items):
        return
    lower_sets = sum(i.sets for i in draft.working() if "lower" in ctx.regions(ctx.by_id[i.exercise]))
    if lower_sets < ctx.rules.finisher.plyometric_after_lower_sets:
        return
    week.add_counts(draft, {k: -v for k, v in finisher_credit(ctx, draft, block).items()})
    draft.finisher = None
    add_finisher(ctx, draft, week, seconds_left + draft.clock.block(block))
