"""What a progression scheme does to one exercise, week by week (`planner progressions`),
leaving the session's minutes and the other exercises aside."""

from __future__ import annotations

from planner.coach.blocks import restart
from planner.coach.context import Context
from planner.coach.deload import lighter_item
from planner.coach.prescribe import working_item
from planner.coach.progress import Scheme
from planner.coach.steps import ZERO_TIME, auto_order, step
from planner.records import Card, Item


def preview(
    ctx: Context, scheme: Scheme, card: Card, weeks: int, role: str = "accessory"
) -> list[tuple[int, Item, str]]:
    """(week, item, what changed) for weeks 1..`weeks`."""
    current = working_item(ctx, card, role, ctx.goal.accessory.sets)
    rows = [(1, current, "start")]
    was_deload = False
    for number in range(2, weeks + 1):
        if ctx.is_deload(number):
            rows.append((number, lighter_item(ctx, current, role), "deload"))
            was_deload = True
            continue
        if was_deload:
            new_block = restart(ctx, current, card, role, number)
            current, change, was_deload = new_block.item, new_block.change, False
            rows.append((number, current, change))
            continue
        order = scheme.order or auto_order(card, role)
        change = "repeat last week (every variable at its limit)"
        for kind in [*order, *(k for k in ZERO_TIME if k not in order)]:
            found = step(ctx, kind, current, card, role, number, {card.id})
            if found is not None:
                current, card, change = found.item, found.card, found.change
                break
        rows.append((number, current, change))
    return rows
