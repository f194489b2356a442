"""Rule 1 inside a block: multi-joint before single-joint, large muscles before small; and
supersets paired so that neither exercise works a muscle the other has just tired."""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner.records import Block, Item

if TYPE_CHECKING:
    from planner.coach.context import Context


def arranged(block: Block, ctx: Context) -> list[Item]:
    """The block's items in rule 1's order; a superset block's then paired up."""
    items = ordered(block.items, ctx)
    return paired(items, ctx) if block.format == "superset" else items


def ordered(items: list[Item], ctx: Context) -> list[Item]:
    """--focus muscles first, while fresh (rule 8), then rule 1's order."""
    focus: set[str] = getattr(ctx, "focus", set())  # a bare context of cards (tests) has no focus

    def key(item: Item) -> tuple[bool, bool, int]:
        card = ctx.by_id.get(item.exercise)
        if card is None:  # swapped in from elsewhere: keep it where the person put it
            return (False, False, 0)
        first = bool(focus & set(card.primary_muscles))
        return (not first, card.mechanic != "compound", min(ctx.vocab.size_rank(m) for m in card.primary_muscles))

    return sorted(items, key=key)


def paired(items: list[Item], ctx: Context) -> list[Item]:
    """Pairs A1 A2, B1 B2, ...: each exercise, in rule 1's order, with the next one that
    shares none of its primary muscles (chest with back, quads with hamstrings)."""
    left = list(items)
    out: list[Item] = []
    while left:
        first = left.pop(0)
        out.append(first)
        if not left:
            break
        mine = _primary(first, ctx)
        partner = next((n for n, other in enumerate(left) if not mine & _primary(other, ctx)), 0)
        out.append(left.pop(partner))
    return out


def _primary(item: Item, ctx: Context) -> set[str]:
    card = ctx.by_id.get(item.exercise)
    return set(card.primary_muscles) if card is not None else set()
