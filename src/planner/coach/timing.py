"""How long a set, a block and a session take (docs/coaching.md, "Estimating time").

    minutes = warm-up + activation
            + sum over exercises [ ramp sets + sets x (reps x rep_seconds x sides + setup)
                                   + (sets - 1) x rest ]
            + transitions + finisher

rep_seconds is the tempo's digits added up (X counts 1 s), or `untimed_rep` with no tempo;
sides is 2 for work done one side at a time; timed formats (Tabata, EMOM, AMRAP) last
exactly their stated length. Supersets (two exercises alternating, one rest a round) are
counted by `superset_seconds`. The constants are the rules' [time] table.
"""

from __future__ import annotations

from functools import lru_cache

from planner.coach.rules import TimeRules
from planner.records import Block, Item, Session, Tempo
from planner.structs import per_record

TIMED_FORMATS = frozenset({"tabata", "emom", "amrap"})


@lru_cache(maxsize=256)
def tempo_seconds(tempo: str) -> int:
    return Tempo.parse(tempo).rep_seconds


class Clock:
    """The time estimates, with one set of constants."""

    def __init__(self, t: TimeRules) -> None:
        self.setup = t.setup
        self.transition = t.transition
        self.flow = t.flow_transition
        self.untimed = t.untimed_rep
        self.speed = t.meters_per_second
        self.ramp_set = t.ramp_set
        self._timed: dict[int, tuple[Block, float]] = {}

    def work(self, item: Item) -> float:
        """One set's work, both sides included."""
        if item.seconds:
            work = float(item.seconds)
        elif item.meters:
            work = item.meters / self.speed
        else:
            work = (item.reps or 0) * (tempo_seconds(item.tempo) if item.tempo else self.untimed)
        return work * 2 if item.per_side else work

    def item(self, item: Item) -> float:
        sets = item.sets
        return len(item.ramp) * self.ramp_set + sets * (self.work(item) + self.setup) + (sets - 1) * item.rest_seconds

    def block(self, block: Block) -> float:
        """The block's seconds, remembered per block record (records are never changed in
        place; progressing a week times the same unchanged blocks at every step it tries)."""
        return per_record(self._timed, block, lambda: self._block(block))

    def _block(self, block: Block) -> float:
        if block.format in TIMED_FORMATS:
            return block.minutes * 60
        if block.format == "superset":
            return self.superset(block.items)
        total = 0.0
        if block.kind in ("warmup", "activation") or block.format == "circuit":
            # drills flow one into the next, round after round: a short move between each
            for item in block.items:
                total += self.item(item) + self.flow * item.sets
            return total
        for item in block.items:
            total += self.item(item) + self.transition
        return total

    def superset(self, items: list[Item]) -> float:
        """Items in pairs, in order (A1 A2, B1 B2, ...; a last odd one stands alone): the two
        alternate set by set with a short move between, and the rest is taken once a round, the
        longer of the two. Each exercise still rests at least its own rest between its sets
        (rule 14); the pair only saves the rest one of them would have waited out alone."""
        total = 0.0
        for k in range(0, len(items), 2):
            if k + 1 == len(items):
                total += self.item(items[k]) + self.transition
                continue
            a, b = items[k], items[k + 1]
            rounds = max(a.sets, b.sets)
            total += (len(a.ramp) + len(b.ramp)) * self.ramp_set
            total += a.sets * (self.work(a) + self.setup) + b.sets * (self.work(b) + self.setup)
            total += (rounds - 1) * max(a.rest_seconds, b.rest_seconds)
            total += self.flow * min(a.sets, b.sets) + self.transition
        return total

    def block_minutes(self, block: Block) -> float:
        return round(self.block(block) / 60, 1)

    def session_minutes(self, session: Session) -> float:
        return round(sum(self.block(b) for b in session.blocks) / 60, 1)

    def stamped(self, session: Session) -> Session:
        """The session with each block's minutes and its own total written on it."""
        from planner.records import replace

        blocks = [
            replace(b, minutes=self.block_minutes(b)) if b.format not in TIMED_FORMATS else b for b in session.blocks
        ]
        total = round(sum(self.block(b) for b in blocks) / 60, 1)
        return replace(session, blocks=blocks, minutes=total)
