"""Making a session's frame fit its minutes (rule 7) before any hard set is added to fill it.

A short session keeps everything a coach would keep and less of each: rests at the rule-14
minimums, the warm-up at its shortest, one round of activation, the fewest main-lift sets
the person's level allows, two ramp sets, accessories in supersets. Only past the hard limit
(5 % over the minutes asked) does a session give up a second main lift, choosing one whose
place in the session's required patterns (rule 24) an accessory can take.
"""

from __future__ import annotations

from collections.abc import Callable

from planner.coach.context import Context
from planner.coach.draft import Draft, Week
from planner.coach.fill import Filler, add_required_to
from planner.coach.prescribe import rest_for
from planner.records import Item, replace


def _shorter_rests(ctx: Context, draft: Draft, week: Week) -> bool:
    changed = False
    for role, items in (("main", draft.main), ("accessory", draft.accessory)):
        for n, item in enumerate(items):
            floor = rest_for(ctx, ctx.by_id[item.exercise], role, shortest=True)
            if item.rest_seconds > floor:
                items[n] = replace(item, rest_seconds=floor)
                changed = True
    return changed


def _shorter_warmup(ctx: Context, draft: Draft, week: Week) -> bool:
    lowest = ctx.tier.warmup_minutes[0] * 60
    raise_patterns = ctx.rules.warmup.raise_patterns
    for n in range(len(draft.warmup) - 1, -1, -1):
        card = ctx.by_id[draft.warmup[n].exercise]
        if card.pattern in raise_patterns or ("activation" in card.blocks and ctx.tier.activation == "folded"):
            continue
        shorter = [*draft.warmup[:n], *draft.warmup[n + 1 :]]
        if draft.clock.block(replace(draft.warmup_block(), items=shorter)) >= lowest:
            draft.warmup[:] = shorter
            return True
    return False


def _one_activation_round(ctx: Context, draft: Draft, week: Week) -> bool:
    if any(i.sets > 1 and not ctx.by_id[i.exercise].plyometric for i in draft.activation):
        draft.activation[:] = [i if ctx.by_id[i.exercise].plyometric else replace(i, sets=1) for i in draft.activation]
        return True
    return False


def tighten(ctx: Context, draft: Draft, week: Week) -> None:
    """The warm-up at its shortest and one round of activation: what a session gives up
    first when the week is short of its minimum hard sets (rules 2, 3 and 8). A short
    session's warm-up is already its least (3 to 5 minutes) and stays: a deload, which cuts
    the hard sets and never adds a drill, needs it to last half its loading session."""
    while ctx.tier.activation == "block" and _shorter_warmup(ctx, draft, week):
        pass
    _one_activation_round(ctx, draft, week)


def _fewer_main_sets(ctx: Context, draft: Draft, week: Week) -> bool:
    floor = ctx.rules.main.min_sets_trained if ctx.level != "beginner" else ctx.rules.exercise.sets[0]
    return _one_set_fewer(ctx, draft, week, draft.main, floor)


def _two_ramp_sets(ctx: Context, draft: Draft, week: Week) -> bool:
    least = ctx.rules.main.ramp_sets_least
    for n, item in enumerate(draft.main):
        if len(item.ramp) > least:
            draft.main[n] = replace(item, ramp=[*item.ramp[: least - 1], item.ramp[-1]])
            return True
    return False


def _fewer_accessory_sets(ctx: Context, draft: Draft, week: Week) -> bool:
    """The accessories a session must hold (rule 24) start at the goal's sets; a tight
    session takes them down to the fewest rule 31 allows."""
    return _one_set_fewer(ctx, draft, week, draft.accessory, ctx.rules.exercise.sets[0])


def _one_set_fewer(ctx: Context, draft: Draft, week: Week, items: list[Item], floor: int) -> bool:
    """One set off the first of `items` above `floor`, its hard sets taken off the counts."""
    for n, item in enumerate(items):
        if item.sets > floor:
            items[n] = replace(item, sets=item.sets - 1)
            _recount(ctx, draft, week, item, -1)
            return True
    return False


def _supersets(ctx: Context, draft: Draft, week: Week) -> bool:
    if draft.superset or len(draft.accessory) < 2:
        return False
    draft.superset = True
    return True


def _one_main_lift(ctx: Context, draft: Draft, week: Week, filler: Filler) -> bool:
    """Give up one of two or more main lifts: the last whose part in rule 24 an accessory
    can take over (else the last), that accessory then added."""
    if len(draft.main) < 2:
        return False
    n = next((n for n in reversed(range(len(draft.main))) if _replaceable(ctx, draft, week, filler, n)), -1)
    item = draft.main.pop(n)
    _recount(ctx, draft, week, item, -item.sets)
    week.missing_mains.append((draft.template.title, ctx.by_id[item.exercise].pattern, _GIVEN_UP))
    add_required_to(ctx, week, filler, draft, mains_too=False)
    return True


def _replaceable(ctx: Context, draft: Draft, week: Week, filler: Filler, n: int) -> bool:
    """Whether every `requires` group only draft.main[n] holds has an accessory to hold it."""
    leaving = draft.main[n]
    rest = [ctx.by_id[i.exercise] for i in draft.working() if i is not leaving]
    held = {c.pattern for c in rest if c.mechanic == "compound"}
    used = draft.used()
    for group in draft.template.requires:
        if ctx.by_id[leaving.exercise].pattern not in group or held & set(group):
            continue
        if not any(
            c.pattern in group and c.mechanic == "compound" and week.allowed(c, "accessory", draft, used)
            for c in filler.options[draft.day]
        ):
            return False
    return True


_GIVEN_UP = "given up to keep within the minutes"


def _recount(ctx: Context, draft: Draft, week: Week, item: Item, sets: int) -> None:
    week.add_counts(draft, draft.credit(ctx.by_id[item.exercise], sets))


STEPS: tuple[Callable[[Context, Draft, Week], bool], ...] = (
    _shorter_rests,
    _shorter_warmup,
    _one_activation_round,
    _two_ramp_sets,
    _fewer_main_sets,
    _fewer_accessory_sets,
    _supersets,
)


def fit_frame(ctx: Context, week: Week, budget: dict[str, float], filler: Filler) -> None:
    """Shrink each session until its frame fits its week-1 budget; only if it is still past
    the hard limit (rule 7), give up main lifts, the last one's pattern then kept by an
    accessory (rule 24), and the session says so (rule 25)."""
    cap = ctx.cap_minutes * 60
    for draft in week.drafts:
        _shrink(ctx, draft, week, budget[draft.day])
        while draft.seconds() > cap and _one_main_lift(ctx, draft, week, filler):
            _shrink(ctx, draft, week, budget[draft.day])
        if draft.seconds() > cap and draft.main:
            item = draft.main.pop()
            card = ctx.by_id[item.exercise]
            week.forget(card, draft, draft.credit(card, item.sets))
            week.missing_mains.append((draft.template.title, card.pattern, _GIVEN_UP))
            add_required_to(ctx, week, filler, draft, mains_too=False)
            _shrink(ctx, draft, week, budget[draft.day])


def _shrink(ctx: Context, draft: Draft, week: Week, budget: float) -> None:
    for shrink in STEPS:
        while draft.seconds() > budget and shrink(ctx, draft, week):
            pass
