"""Warm-up and activation (rules 2, 3 and 30): raise, mobilise, activate, potentiate.

The warm-up raises the heart rate with easy cardio (a bike, rower or rope where there is
one, locomotion drills otherwise), then mobilises the joints the session uses. Activation
wakes up the muscles the session then trains; a short session folds one activation drill
into its warm-up. Before a lower-body main lift, an intermediate or advanced lifter gets a
few crisp jumps to potentiate. The main lifts' ramp sets finish the job (mains.py).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from planner.coach.context import Context
from planner.coach.draft import Draft
from planner.coach.order import ordered
from planner.coach.prescribe import drill_item
from planner.records import Block, Card, Item, replace


def pick(cards: Sequence[Card], score: dict[str, float], rng: random.Random) -> Card | None:
    """The best-scoring card; a small seeded jitter breaks ties and varies plans by seed."""
    best: tuple[float, str] | None = None
    choice = None
    for card in cards:
        value = (score.get(card.id, 0.0) + rng.random() * 0.5, card.id)
        if best is None or value > best:
            best, choice = value, card
    return choice


def build_warmup(ctx: Context, draft: Draft) -> None:
    w = ctx.rules.warmup
    lo, hi = ctx.tier.warmup_minutes
    target = 60 * (lo + hi) / 2
    rng = ctx.rng("warmup", draft.day, draft.template_id)
    # jumps and throws are potentiation, after activation (add_potentiation), never the raise or mobility
    drills = [c for c in ctx.pool.with_block("warmup") if c.level != "advanced" and c.measure != "meters"]
    drills = [c for c in drills if not c.plyometric] or drills
    raisers = [c for c in drills if c.pattern in w.raise_patterns]
    cyclical = [c for c in raisers if c.pattern == "cyclical"]
    raise_s = w.raise_seconds[0] if ctx.tier.name != "long" else (w.raise_seconds[0] + w.raise_seconds[1]) // 2
    if cyclical:  # rule 30: easy cardio on a machine or a rope where there is one
        card = pick(cyclical, {}, rng)
        assert card is not None
        draft.warmup.append(replace(drill_item(ctx, card, 1), reps=None, seconds=raise_s))
    else:
        moving = [c for c in raisers if c.measure == "seconds"]
        count = max(1, min(len(moving), round(raise_s / w.raise_drill_seconds)))
        for _ in range(count):  # locomotion drills, one after another, make up the raise
            card = pick([c for c in moving if c.id not in draft.used()], {}, rng)
            if card is None:
                break
            draft.warmup.append(replace(drill_item(ctx, card, 1), seconds=round(raise_s / count)))
    region = draft.template.region
    focus = set(draft.template.focus)
    score = {}
    for c in drills:
        own = ctx.regions(c)
        value = 2.0 if region == "full" or region in own else 0.0
        value += 1.0 if c.pattern == "mobility" else 0.0
        value -= 1.5 if c.measure == "seconds" else 0.0  # rule 2: mostly moving, few holds
        score[c.id] = value + 0.5 * len(focus & set(c.primary_muscles))
    mobilisers = [c for c in drills if c.pattern not in w.raise_patterns]
    folded = (
        activation_drills(ctx, draft, ctx.rules.activation.folded_drills, 1) if ctx.tier.activation == "folded" else []
    )
    room = draft.clock.block(replace(draft.warmup_block(), items=folded)) if folded else 0.0
    target, hi_s = target - room, 60 * hi - room  # the folded activation drills come last, inside the same minutes
    while draft.clock.block(draft.warmup_block()) < target:
        card = pick([c for c in mobilisers if c.id not in draft.used()], score, rng)
        if card is None:
            break
        longer = [*draft.warmup, drill_item(ctx, card, 1)]
        if draft.clock.block(replace(draft.warmup_block(), items=longer)) > hi_s:
            break
        draft.warmup.append(drill_item(ctx, card, 1))
    draft.warmup.extend(folded)


def activation_drills(ctx: Context, draft: Draft, count: int, rounds: int, aim: set[str] | None = None) -> list[Item]:
    """Drills for the muscles the session is about (rule 3): its focus, or `aim`."""
    rng = ctx.rng("activation", draft.day, draft.template_id)
    focus = aim or set(draft.template.focus)
    options = [c for c in ctx.pool.with_block("activation") if not c.plyometric and c.level != "advanced"]
    regions = draft.regions()
    options = [c for c in options if ctx.regions(c) & regions]
    score = {c.id: 2.0 * len(focus & set(c.primary_muscles)) + 0.5 * len(focus & c.muscles) for c in options}
    out: list[Item] = []
    used = draft.used()
    wanted_regions = ["lower", "upper"] if draft.template.region == "full" else [draft.template.region]
    for n in range(count):
        region = wanted_regions[n % len(wanted_regions)]
        choices = [c for c in options if c.id not in used and region in ctx.regions(c)] or [
            c for c in options if c.id not in used
        ]
        card = pick(choices, score, rng)
        if card is None:
            break
        used.add(card.id)
        out.append(drill_item(ctx, card, rounds, activation=True))
    return out


def build_activation(ctx: Context, draft: Draft) -> None:
    """Two or three drills, one or two rounds, at most eight minutes (rule 3)."""
    if ctx.tier.activation != "block":
        return
    a = ctx.rules.activation
    count = a.drills[0] + (1 if ctx.inputs.minutes >= 60 and draft.template.region != "full" else 0)
    rounds = a.rounds[1] if ctx.inputs.minutes > 30 else a.rounds[0]
    draft.activation = activation_drills(ctx, draft, count, rounds)
    while draft.activation and draft.clock.block(draft.blocks()[1]) > a.max_minutes * 60:
        draft.activation = [replace(i, sets=max(1, i.sets - 1)) for i in draft.activation]
        if all(i.sets == 1 for i in draft.activation) and draft.clock.block(draft.blocks()[1]) > a.max_minutes * 60:
            draft.activation.pop()


def reaim_activation(ctx: Context, draft: Draft) -> None:
    """Activation must wake up muscles the session then trains (rule 3): a drill aimed
    elsewhere is swapped for one aimed at the session's work."""
    trained = set().union(*(ctx.by_id[i.exercise].muscles for i in draft.working()))
    if not trained:
        return
    holder = draft.activation if draft.activation else draft.warmup
    drills = [
        i for i in holder if "activation" in ctx.by_id[i.exercise].blocks and not ctx.by_id[i.exercise].plyometric
    ]
    if not drills or any(set(ctx.by_id[i.exercise].primary_muscles) & trained for i in drills):
        return
    fresh = activation_drills(ctx, draft, 1, drills[-1].sets, aim=trained)
    if fresh:
        holder[holder.index(drills[-1])] = fresh[0]


def add_potentiation(ctx: Context, draft: Draft) -> None:
    """Two sets of a few crisp jumps or throws before the first main lift, for lifters past
    the beginner stage: ones that rehearse it (`potentiation_for`: jumps before a squat,
    explosive push-ups before a press)."""
    a = ctx.rules.activation
    if ctx.level not in a.potentiation_levels or not draft.activation or len(draft.activation) >= a.drills[1]:
        return
    if not draft.main:
        return
    first = ctx.by_id[ordered(draft.main, ctx)[0].exercise]
    if ctx.goal.potentiate is not None and first.pattern not in ctx.goal.potentiate:
        return
    fits = a.potentiation_for.get(first.pattern, [])
    jumps = [
        c
        for c in ctx.pool.cards
        if c.plyometric
        and c.pattern in fits
        and set(c.primary_muscles) & first.muscles  # pogo hops (calves) do not rehearse a squat
        and c.measure == "reps"
        and {"warmup", "activation"} & set(c.blocks)
        and c.id not in draft.used()
    ]
    card = pick(jumps, {}, ctx.rng("potentiate", draft.day))
    if card is None:
        return
    jump = Item(
        exercise=card.id,
        name=card.name,
        sets=a.potentiation_sets,
        reps=a.potentiation_reps,
        per_side=card.per_side,
        rest_seconds=a.potentiation_rest,
        note="potentiate: fast and crisp, full recovery between sets",
    )
    for drills in (draft.activation, [replace(i, sets=1) for i in draft.activation]):
        block = Block(kind="activation", format="circuit", items=[*drills, jump])
        if draft.clock.block(block) <= a.max_minutes * 60:  # rule 3: activation stays within its minutes
            draft.activation[:] = [*drills, jump]
            return


def recheck_potentiation(ctx: Context, draft: Draft) -> None:
    """A session that gave up a main lift after its drill was chosen (shrink.py) may open
    with another: the drill is chosen again for the lift that now comes first."""
    drills = [i for i in draft.activation if ctx.by_id[i.exercise].plyometric]
    if not drills:
        return
    first = ctx.by_id[ordered(draft.main, ctx)[0].exercise] if draft.main else None
    if first is not None and set(ctx.by_id[drills[0].exercise].primary_muscles) & first.muscles:
        return
    draft.activation[:] = [i for i in draft.activation if i not in drills]
    add_potentiation(ctx, draft)
