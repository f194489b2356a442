"""How long a set, a block and a session take (TRAINING.md, "Estimating time").

    minutes = warm-up + activation
            + sum over exercises [ sets x (reps x rep_seconds x sides + setup) + (sets - 1) x rest ]
            + transitions + finisher

rep_seconds is the tempo's digits added up (X counts 1 s), or 3.5 s with no tempo; sides is
2 for work done one side at a time; timed formats (Tabata, EMOM, AMRAP) last exactly
their stated length. Supersets (two exercises alternating, one rest a round) are not in
TRAINING.md's formula: superset_seconds says how they are counted.
"""

from __future__ import annotations

from functools import lru_cache

from planner.records import Block, Item, Session, Tempo

SETUP_SECONDS = 10
TRANSITION_SECONDS = 60  # walking to the next station, loading, setting up
FLOW_TRANSITION_SECONDS = 15  # between drills of a warm-up, activation or circuit
UNTIMED_REP_SECONDS = 3.5
METERS_PER_SECOND = 1.0  # a loaded carry or sled push at a steady walk
TIMED_FORMATS = {"tabata", "emom", "amrap"}
FLOWING_FORMATS = {"circuit"}


def rep_seconds(item: Item) -> float:
    return _tempo_seconds(item.tempo) if item.tempo else UNTIMED_REP_SECONDS


@lru_cache(maxsize=256)
def _tempo_seconds(tempo: str) -> int:
    return Tempo.parse(tempo).rep_seconds


def work_seconds(item: Item) -> float:
    """One set's work, both sides included."""
    if item.seconds:
        work = float(item.seconds)
    elif item.meters:
        work = item.meters / METERS_PER_SECOND
    else:
        work = (item.reps or 0) * (_tempo_seconds(item.tempo) if item.tempo else UNTIMED_REP_SECONDS)
    return work * 2 if item.per_side else work


def item_seconds(item: Item) -> float:
    sets = item.sets
    return sets * (work_seconds(item) + SETUP_SECONDS) + (sets - 1) * item.rest_seconds


def block_seconds(block: Block) -> float:
    # written as plain loops: a plan estimates blocks thousands of times while it is fitted
    if block.format in TIMED_FORMATS:
        return block.minutes * 60
    if block.format == "superset":
        return superset_seconds(block.items)
    total = 0.0
    if block.kind in ("warmup", "activation") or block.format in FLOWING_FORMATS:
        # drills flow one into the next, round after round: a short move between each
        for item in block.items:
            total += item_seconds(item) + FLOW_TRANSITION_SECONDS * item.sets
        return total
    for item in block.items:
        total += item_seconds(item) + TRANSITION_SECONDS
    return total


def superset_seconds(items: list[Item]) -> float:
    """Items in pairs, in order (A1 A2, B1 B2, ...; a last odd one stands alone): the two
    alternate set by set with a short move between, and the rest is taken once a round, the
    longer of the two. Each exercise still rests at least its own rest between its sets
    (rule 14); the pair only saves the rest one of them would have waited out alone."""
    total = 0.0
    for k in range(0, len(items), 2):
        if k + 1 == len(items):
            total += item_seconds(items[k]) + TRANSITION_SECONDS
            continue
        a, b = items[k], items[k + 1]
        rounds = max(a.sets, b.sets)
        total += a.sets * (work_seconds(a) + SETUP_SECONDS) + b.sets * (work_seconds(b) + SETUP_SECONDS)
        total += (rounds - 1) * max(a.rest_seconds, b.rest_seconds)
        total += FLOW_TRANSITION_SECONDS * min(a.sets, b.sets) + TRANSITION_SECONDS
    return total


def block_minutes(block: Block) -> float:
    return round(block_seconds(block) / 60, 1)


def session_minutes(session: Session) -> float:
    total = 0.0
    for block in session.blocks:
        total += block_seconds(block)
    return round(total / 60, 1)
