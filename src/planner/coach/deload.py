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
from planner.coach.prescribe import item_load
from planner.coach.steps import base_tempo
from planner.coach.timing import Clock
from planner.records import Block, Item, Session, Week, replace

ALL_OUT = ("tabata", "amrap")
WORKING = ("main", "accessory")


def deload_week(ctx: Context, clock: Clock, last: Week, number: int) -> Week:
    d = ctx.rules.deload
    before = {s.day: s for s in last.sessions}
    sessions = [_lighter(ctx, clock, s) for s in last.sessions]
    loading = sum(_sets(s) for s in last.sessions)
    most = math.floor(loading * d.keep_sets[1])
    least = math.ceil(loading * d.keep_sets[0])
    lo, hi = ctx.rules.time.deload_share
    shortest_finisher = ctx.rules.finisher.minutes[0] * 60

    def total() -> int:
        return sum(_sets(s) for s in sessions)

    def share(n: int, session: Session | None = None) -> float:
        session = sessions[n] if session is None else session
        return clock.session_minutes(session) / max(before[session.day].minutes, 0.1)

    def cut(n: int) -> bool:
        fewer = _one_set_less(sessions[n], before[sessions[n].day])
        if fewer is not None:
            sessions[n] = fewer
        return fewer is not None

    def add(n: int) -> bool:
        more = _one_set_more(sessions[n], before[sessions[n].day])
        if more is None or share(n, more) > hi:
            return False
        sessions[n] = more
        return True

    while total() > most and cut(max(range(len(sessions)), key=lambda k: (share(k), -k))):
        pass  # rounding kept too much: cut at least 40 %
    for n in range(len(sessions)):  # the extras go first where a session is still long
        for shorten in (_without_finisher, _one_activation_round):
            if share(n) > hi and share(n, shorter := shorten(sessions[n])) >= lo:
                sessions[n] = shorter
        while share(n) > hi and (fewer := _fewer_rounds(sessions[n], clock, shortest_finisher)) is not None:
            sessions[n] = fewer
    for _ in range(200):  # then sets move, one at a time, toward 50-80 % in every session
        order = sorted(range(len(sessions)), key=share)
        low, high = order[0], order[-1]
        if share(high) > hi and total() > least and cut(high):
            continue
        if share(low) < lo and total() < most and add(low):
            continue
        if share(low) < lo and share(high) > lo and _sets(sessions[high]) > len(_items(sessions[high])):
            if add(low) and not cut(high):
                break
            continue
        break
    sessions = [_described(clock.stamped(s), before[s.day]) for s in sessions]
    return Week(number=number, deload=True, sessions=sessions)


def _items(session: Session) -> list[Item]:
    return [i for b in session.blocks if b.kind in WORKING for i in b.items]


def _easy_circuit(ctx: Context, clock: Clock, block: Block) -> Block:
    """An all-out finisher's drills as an easy circuit, never longer than the finisher was."""
    f = ctx.rules.finisher
    items = [replace(i, sets=1, seconds=i.seconds, rest_seconds=f.circuit_rest) for i in block.items]
    if block.format == "tabata":
        items = [replace(i, seconds=min(i.seconds or f.tabata.on, f.default_seconds)) for i in items]
    circuit = Block(kind="finisher", format="circuit", items=items)
    rounds = 1
    while rounds < 10 and clock.block(
        replace(circuit, items=[replace(i, sets=rounds + 1) for i in items])
    ) <= clock.block(block):
        rounds += 1
    return replace(circuit, rounds=rounds, items=[replace(i, sets=rounds) for i in items])


def _lighter(ctx: Context, clock: Clock, session: Session) -> Session:
    blocks: list[Block] = []
    for block in session.blocks:
        if block.kind in WORKING:
            block = replace(block, items=[lighter_item(ctx, i, block.kind) for i in block.items])
        elif block.kind == "finisher":
            note = ctx.rules.finisher.easy_note
            block = replace(block, items=[replace(i, note=note, change="deload: easy pace") for i in block.items])
            if block.format in ALL_OUT:  # rule 22: no all-out finisher; the same drills as an easy circuit
                block = _easy_circuit(ctx, clock, block)
                if clock.block(block) < ctx.rules.finisher.minutes[0] * 60:
                    continue  # too short to be a finisher at all
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
    known = None if card is None else item_load(ctx, card, item)
    if known is not None and item.reps is not None:  # the load that leaves that reserve, in numbers
        from planner.loads import e1rm, load_for, load_text

        (now, how), before = known, item.rir or 0
        lighter = load_for(e1rm(now, item.reps, before), item.reps, rir or before)
        load = load_text(ctx.kit.nearest(how[0], min(now, lighter), how[1], "down"), ctx.kit, how)
    return replace(item, sets=sets, rir=rir, tempo=tempo, load=load)


def _sets(session: Session) -> int:
    return sum(i.sets for b in session.blocks if b.kind in WORKING for i in b.items)


def _one_set_less(session: Session, loading: Session) -> Session | None:
    """A set off the item that kept the largest share of its loading-week sets, so that the
    cut spreads evenly (a 4-set main lift does not fall to 1 while 3-set accessories keep 2)."""
    return _one_set(session, loading, -1)


def _one_set_more(session: Session, loading: Session) -> Session | None:
    """A set back on the item that kept the smallest share of its loading-week sets (the 40-60 %
    cut is the week's: the caller keeps the total inside it)."""
    return _one_set(session, loading, +1)


def _one_set(session: Session, loading: Session, by: int) -> Session | None:
    was = {(b.kind, i.exercise): i.sets for b in loading.blocks for i in b.items}
    best: tuple[float, int, int] | None = None
    for b, block in enumerate(session.blocks):
        if block.kind not in WORKING:
            continue
        for i, item in enumerate(block.items):
            before = was.get((block.kind, item.exercise), item.sets)
            if not 1 <= item.sets + by <= before:
                continue
            kept = item.sets / before * -by  # cutting: the most kept first; adding: the least kept first
            if best is None or kept > best[0]:
                best = (kept, b, i)
    if best is None:
        return None
    _, b, i = best
    item = session.blocks[b].items[i]
    return _with_item(session, b, i, replace(item, sets=item.sets + by))


def _with_item(session: Session, b: int, i: int, item: Item) -> Session:
    blocks = list(session.blocks)
    items = list(blocks[b].items)
    items[i] = item
    blocks[b] = replace(blocks[b], items=items)
    return replace(session, blocks=blocks)


def _without_finisher(session: Session) -> Session:
    return replace(session, blocks=[b for b in session.blocks if b.kind != "finisher"])


def _fewer_rounds(session: Session, clock: Clock, least: float) -> Session | None:
    """The deload's easy finisher one round (or one minute) shorter, while it stays 3 minutes or more."""
    for n, block in enumerate(session.blocks):
        if block.kind != "finisher" or block.format in ("tabata",):
            continue
        if block.format == "emom" and block.minutes > len(block.items) * 2:
            k = len(block.items)
            shorter = replace(
                block,
                minutes=block.minutes - k,
                rounds=(block.rounds or 0) - k,
                items=[replace(i, sets=i.sets - 1) for i in block.items],
            )
        elif block.format in ("circuit", "carry") and min(i.sets for i in block.items) > 2:
            shorter = replace(
                block,
                rounds=(block.rounds or 0) - 1 if block.rounds else None,
                items=[replace(i, sets=i.sets - 1) for i in block.items],
            )
        else:
            return None
        if clock.block(shorter) < least:  # rule 6: a finisher lasts a few minutes at least
            return None
        blocks = list(session.blocks)
        blocks[n] = shorter
        return replace(session, blocks=blocks)
    return None


def _one_activation_round(session: Session) -> Session:
    blocks = [
        replace(b, items=[replace(i, sets=1) for i in b.items]) if b.kind == "activation" else b for b in session.blocks
    ]
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
