"""Main lifts (rules 4, 25, 30): the heavy compound lifts a session opens with.

Each session takes the movement patterns its template lists, in order, as many as its minutes
and the goal allow. A pattern gets one lift for the whole week (rule 31), chosen loadable
first: a barbell, then dumbbells or a kettlebell (or pull-ups and dips), then a machine;
body weight only when the person has nothing to load; the staple lift of the pattern before
its variations (rules.toml [main] staples). Every main lift gets ramp sets.
"""

from __future__ import annotations

from planner.coach.context import Context
from planner.coach.draft import Draft, Week
from planner.coach.prescribe import ramp_sets, suits, working_item
from planner.records import Card, replace

BODYWEIGHT_RANK = 9


def load_rank(ctx: Context, card: Card) -> int | None:
    """Lower is better for a main lift; None: not a main lift for this person (rule 25)."""
    m = ctx.rules.main
    ranks = [m.load_rank[e] for e in card.equipment if e in m.load_rank]
    if ranks:
        return min(ranks)
    if set(card.equipment) & set(m.bodyweight_ok):
        return 1  # pull-ups, chin-ups and dips: loaded by the body, the standard main lifts
    has_loads = any(ctx.vocab.is_loaded(e) for e in ctx.vocab.expand_equipment(ctx.inputs.equipment))
    return None if has_loads else BODYWEIGHT_RANK


def main_sets(ctx: Context) -> int:
    m = ctx.rules.main
    sets = ctx.goal.main.sets
    if ctx.level != "beginner":
        sets = max(sets, m.min_sets_trained)
    if ctx.tier.name == "long":
        sets += m.long_extra_sets
    return min(sets, m.max_sets)


def pick_main(ctx: Context, pattern: str, week: Week, draft: Draft) -> Card | None:
    """The lift for `pattern`; where --exclude emptied it, the best of its stand-ins (rule 32)."""
    found = _pick(ctx, [pattern], week, draft)
    if found is None and pattern in ctx.pool.excluded_patterns:
        found = _pick(ctx, [p for p in ctx.rules.exclusions.get(pattern, []) if p != "tags"], week, draft)
    return found


def _pick(ctx: Context, patterns: list[str], week: Week, draft: Draft) -> Card | None:
    """Loadable first; at the person's level (a loaded lift only up to `staple_level`: the
    load makes it harder); the staple lifts before their variations; then a seeded choice."""
    m = ctx.rules.main
    ranked: list[tuple[tuple[int, int, int], Card]] = []
    levels = ("beginner", "intermediate", "advanced")
    mine = levels.index(ctx.level)
    for card in ctx.pool.cards:
        if "main" not in card.blocks or card.pattern not in patterns or card.mechanic != "compound":
            continue
        if not suits(ctx, card, "main") or not week.allowed(card, "main", draft):
            continue
        rank = load_rank(ctx, card)
        if rank is None:
            continue
        aim = min(mine, levels.index(m.staple_level)) if rank < BODYWEIGHT_RANK and card.loaded else mine
        staple = 0 if card.id in m.staples else 1
        ranked.append(((rank, abs(aim - levels.index(card.level)), staple), card))
    if not ranked:
        return None
    best = min(key for key, _ in ranked)
    ties = [c for key, c in ranked if key == best]
    return ctx.rng("main", *patterns).choice(ties)


def add_mains(ctx: Context, week: Week) -> None:
    wanted = ctx.main_lifts_per_session
    if wanted == 0:
        return
    chosen: dict[str, Card] = {}
    sets = main_sets(ctx)
    for draft in week.drafts:
        count = 0
        here = min(wanted, len(draft.template.main))
        why: dict[str, str] = {}
        for pattern in draft.template.main:
            if count == here:
                break
            card = chosen.get(pattern)
            if card is None or not week.allowed(card, "main", draft):
                card = pick_main(ctx, pattern, week, draft)
            if card is None:
                why[pattern] = "none you can do"
                continue
            chosen.setdefault(pattern, card)
            delta = draft.credit(card, sets)
            if not week.room(draft, delta):
                why[pattern] = f"{card.name} would pass rule 9 or 11 (hard sets a muscle a session, or the day after)"
                continue
            item = working_item(ctx, card, "main", sets)
            draft.main.append(replace(item, ramp=ramp_sets(ctx, card, item)))
            week.record(card, "main", draft, delta)
            count += 1
        if count < here:
            missing = [p for p in draft.template.main if p not in {ctx.by_id[i.exercise].pattern for i in draft.main}]
            pattern = missing[0] if missing else "main"
            week.missing_mains.append((draft.template.title, pattern, why.get(pattern, "none fits")))
