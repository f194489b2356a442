"""Deload weeks (rules 21, 22 and 33): lighter, shorter, the same days and exercises.

The hard sets are cut by 40-60 %, every working set leaves at least 3 reps in reserve, the
tempo goes back to the one the plan started with, and all-out finishers (Tabata, AMRAP) go.
Nothing is added or lengthened: no block, drill, round or finisher the loading week did not
have. Each session lasts 50-80 % of its loading counterpart; where halving the sets leaves
it longer, the finisher goes, then activation drops to one round, then more sets go (never
past the 60 % cut); where it leaves it shorter, sets come back (never under the 40 % cut).
"""

from __future__ import annotations

import math

from planner.coach.context import Context
from planner.coach.steps import base_tempo
from planner.coach.timing import Clock
from planner.records import Block, Item, Session, Week, replace

ALL_OUT = ("tabata", "amrap")
WORKING = ("main", "accessory")


def deload_week(ctx: Context, clock: Clock, last: Week, number: int) -> Week:
    d = ctx.rules.deload
    before = {s.day: s for s in last.sessions}
    sessions = [_lighter(ctx, s) for s in last.sessions]
    loading = sum(i.sets for s in last.sessions for b in s.blocks if b.kind in WORKING for i in b.items)
    most = math.floor(loading * d.keep_sets[1])
    least = math.ceil(loading * d.keep_sets[0])
    lo, hi = _share(ctx)

    def total() -> int:
        return sum(i.sets for s in sessions for b in s.blocks if b.kind in WORKING for i in b.items)

    def share(n: int) -> float:
        return clock.session_minutes(sessions[n]) / max(before[sessions[n].day].minutes, 0.1)

    while total() > most:  # rounding kept too much: cut at least 40 %
        n = max(range(len(sessions)), key=lambda k: (_sets(sessions[k]), -k))
        cut = _one_set_less(sessions[n])
        if cut is None:
            break
        sessions[n] = cut
    for n in range(len(sessions)):
        for shorten in (_without_finisher, _one_activation_round):
            if share(n) > hi:
                sessions[n] = shorten(sessions[n])
        while share(n) > hi and total() > least:
            cut = _one_set_less(sessions[n])
            if cut is None:
                break
            sessions[n] = cut
        while share(n) < lo and total() < most:
            more = _one_set_more(sessions[n], before[sessions[n].day])
            if more is None or clock.session_minutes(more) / before[more.day].minutes > hi:
                break
            sessions[n] = more
    sessions = [_described(clock.stamped(s), before[s.day]) for s in sessions]
    return Week(number=number, deload=True, sessions=sessions)


def _share(ctx: Context) -> tuple[float, float]:
    return ctx.rules.time.deload_share


def _lighter(ctx: Context, session: Session) -> Session:
    blocks: list[Block] = []
    for block in session.blocks:
        if block.kind in WORKING:
            block = replace(block, items=[lighter_item(ctx, i, block.kind) for i in block.items])
        elif block.kind == "finisher":
            if block.format in ALL_OUT:
                continue  # rule 22: no all-out finisher in a deload
            note = ctx.rules.finisher.easy_note
            block = replace(block, items=[replace(i, note=note, change="deload: easy pace") for i in block.items])
        else:
            block = replace(block, items=[replace(i, change=None) for i in block.items])
        blocks.append(block)
    return replace(session, blocks=blocks)


def lighter_item(ctx: Context, item: Item, role: str) -> Item:
    card = ctx.by_id.get(item.exercise)
    tempo = base_tempo(ctx, card, role) if card is not None else item.tempo
    sets = max(1, round(item.sets * sum(ctx.rules.deload.keep_sets) / 2))
    rir = None if item.rir is None else max(item.rir, ctx.rules.deload.rir_min)
    load = ctx.rules.deload.load_note if card is not None and card.loaded else item.load
    return replace(item, sets=sets, rir=rir, tempo=tempo, load=load)


def _sets(session: Session) -> int:
    return sum(i.sets for b in session.blocks if b.kind in WORKING for i in b.items)


def _one_set_less(session: Session) -> Session | None:
    best: tuple[int, int, int] | None = None
    for b, block in enumerate(session.blocks):
        if block.kind in WORKING:
            for i, item in enumerate(block.items):
                if item.sets > 1 and (best is None or item.sets > best[2]):
                    best = (b, i, item.sets)
    if best is None:
        return None
    b, i, sets = best
    return _with_item(session, b, i, replace(session.blocks[b].items[i], sets=sets - 1))


def _one_set_more(session: Session, loading: Session) -> Session | None:
    """A set back on the item furthest below its loading-week sets."""
    was = {(b.kind, i.exercise): i.sets for b in loading.blocks for i in b.items}
    best: tuple[int, int, int] | None = None
    for b, block in enumerate(session.blocks):
        if block.kind in WORKING:
            for i, item in enumerate(block.items):
                gap = was.get((block.kind, item.exercise), item.sets) - item.sets
                if gap > 1 and (best is None or gap > best[2]):
                    best = (b, i, gap)
    if best is None:
        return None
    b, i, _ = best
    item = session.blocks[b].items[i]
    return _with_item(session, b, i, replace(item, sets=item.sets + 1))


def _with_item(session: Session, b: int, i: int, item: Item) -> Session:
    blocks = list(session.blocks)
    items = list(blocks[b].items)
    items[i] = item
    blocks[b] = replace(blocks[b], items=items)
    return replace(session, blocks=blocks)


def _without_finisher(session: Session) -> Session:
    return replace(session, blocks=[b for b in session.blocks if b.kind != "finisher"])


def _one_activation_round(session: Session) -> Session:
    blocks = [replace(b, items=[replace(i, sets=1) for i in b.items]) if b.kind == "activation" else b for b in session.blocks]
    return replace(session, blocks=blocks)


def _described(session: Session, loading: Session) -> Session:
    """Say what the deload changed, once the sets are final."""
    was = {(b.kind, i.exercise): i.sets for b in loading.blocks for i in b.items}
    blocks = []
    for block in session.blocks:
        if block.kind in WORKING:
            items = []
            for item in block.items:
                before = was.get((block.kind, item.exercise), item.sets)
                cut = f"sets {before} -> {item.sets}, " if before != item.sets else ""
                items.append(replace(item, change=f"deload: {cut}RIR 3+, base tempo"))
            block = replace(block, items=items)
        blocks.append(block)
    return replace(session, blocks=blocks)
