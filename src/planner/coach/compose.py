"""Week 1: the sessions of the split, composed together.

In order: each session's warm-up and activation (their size set by the session's time tier),
the main lifts, what rule 24 requires of every full-body and lower-body session, then hard
sets one at a time toward the week's targets (fill.py); if straight sets leave a muscle short,
the accessories go in supersets; a finisher where time is left; more hard sets toward the
goal's aim and the ceiling of rules 8 and 9. A session never passes the share of its minutes
week 1 may use (rule 7: room is left for the weeks after it).
"""

from __future__ import annotations

import math

from planner.coach.context import Context
from planner.coach.draft import Draft, Week
from planner.coach.fill import Filler, add_required
from planner.coach.finishers import add_finisher
from planner.coach.finishers import recheck as recheck_finisher
from planner.coach.mains import add_mains
from planner.coach.shrink import fit_frame, tighten
from planner.coach.timing import Clock
from planner.coach.volume import PATTERN, targets, tier_of
from planner.coach.warmup import (
    add_potentiation,
    build_activation,
    build_warmup,
    reaim_activation,
    recheck_potentiation,
)
from planner.records import Session


def week_targets(ctx: Context) -> dict[str, tuple[float, float]]:
    trainable = {m for c in ctx.pool.cards if {"main", "accessory"} & set(c.blocks) for m in ctx.pool.credits[c.id]}
    patterns = {p for _, t in ctx.days for p in ctx.template(t).main[: max(1, ctx.main_lifts_per_session)]}
    patterns &= {c.pattern for c in ctx.pool.cards if {"main", "accessory"} & set(c.blocks)}
    return targets(ctx.rules, ctx.goal, ctx.level, trainable, ctx.focus, sorted(patterns))


def compose_week(ctx: Context) -> tuple[list[Session], Week]:
    clock = Clock(ctx.rules.time)
    week = Week(ctx, [Draft(ctx, clock, day, template) for day, template in ctx.days])
    for draft in week.drafts:
        build_warmup(ctx, draft)
        build_activation(ctx, draft)
    add_mains(ctx, week)
    for draft in week.drafts:
        add_potentiation(ctx, draft)
    goal_targets = week_targets(ctx)
    weight = ctx.rules.selection.weight
    weights = {k: weight[tier_of(ctx.rules, k)] * (weight["focus"] if k in ctx.focus else 1.0) for k in goal_targets}
    filler = Filler(ctx, week, goal_targets, weights)
    add_required(ctx, week, filler)
    share = ctx.fill_range(1)[1]
    budget = {d.day: ctx.inputs.minutes * 60 * share for d in week.drafts}
    fit_frame(ctx, week, budget, filler)
    filler.run("minimum", budget)
    if _short(week, goal_targets) and not all(d.superset for d in week.drafts):
        for draft in week.drafts:
            draft.superset = True  # more hard sets in the same minutes: pairs share one rest
        filler.run("minimum", budget)
    if _short(week, goal_targets):  # still short: minutes of warm-up and activation become hard sets
        for draft in week.drafts:
            if _time_bound(filler, draft, budget[draft.day] - draft.seconds()):
                tighten(ctx, draft, week)
        filler.run("minimum", budget)
    planned = ctx.tier.finisher == "planned"  # a short session has one only if time is left
    if planned:
        _finishers(ctx, week, budget)
    filler.run("aim", budget)
    if not planned:
        _finishers(ctx, week, budget)
    filler.run("ceiling", budget)
    # a session left under its floor because the next set would pass the budget (a short
    # session's sets are coarse steps) may take it, up to the minutes asked
    floor = ctx.inputs.minutes * 60 * ctx.fill_range(1)[0]
    under = {d.day: ctx.inputs.minutes * 60.0 for d in week.drafts if d.seconds() < floor}
    if under:
        filler.run("ceiling", {d.day: under.get(d.day, 0.0) for d in week.drafts}, until=floor)
    for draft in week.drafts:
        recheck_potentiation(ctx, draft)
        recheck_finisher(ctx, draft, week, budget[draft.day] - draft.seconds())
        reaim_activation(ctx, draft)
    return [d.session() for d in week.drafts], week


def _finishers(ctx: Context, week: Week, budget: dict[str, float]) -> None:
    for draft in week.drafts:
        add_finisher(ctx, draft, week, budget[draft.day] - draft.seconds())


def _time_bound(filler: Filler, draft: Draft, left: float) -> bool:
    """Whether a set the week still needs would go into this session but for its minutes."""
    filler.start("minimum")
    return any(
        cost > left and filler.value(delta, draft, card) > 0
        for card, _, _, cost, delta, _ in filler.changes(draft, math.inf)
    )


def _short(week: Week, goal_targets: dict[str, tuple[float, float]]) -> bool:
    return any(week.counts[k] < lo for k, (lo, _) in goal_targets.items() if not k.startswith(PATTERN))
