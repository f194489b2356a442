"""Filling a week with hard sets (rules 5, 8, 10, 24 and 31), within each session's minutes.

One set at a time, the week takes the change that does the most for it per second of
session time: another set of an exercise already there, or a new accessory (two sets to
start, rule 31). What a change "does" is measured against the weekly targets in three
phases: first every muscle's minimum (and, for hypertrophy, a second session for each prime
mover, and every movement pattern the goal asks for), then the goal's aim, then up to the
ceiling of rules 8 and 9, so that long sessions fill with work rather than filler. Nothing
may break rule 9 (ten sets a session), rule 11 (the days around it) or the weekly ceiling,
and no session may pass the time it was given.
"""

from __future__ import annotations

from collections.abc import Iterator

from planner.coach.candidates import Candidates
from planner.coach.context import Context
from planner.coach.draft import Draft, Week
from planner.coach.prescribe import most_sets, suits, working_item
from planner.coach.volume import PATTERN
from planner.records import Card, Item, replace
from planner.structs import struct


@struct
class Change:
    draft: Draft
    card: Card
    role: str
    index: int | None  # an existing item's index, or None for a new exercise
    seconds: float
    delta: dict[str, float]
    value: float  # a new exercise: the sets it starts with


class Filler:
    def __init__(self, ctx: Context, week: Week, targets: dict[str, tuple[float, float]], weights: dict[str, float]):
        self.ctx = ctx
        self.week = week
        self.targets = targets
        self.weights = weights
        self.loaded_here = any(ctx.vocab.is_loaded(e) for e in ctx.vocab.expand_equipment(ctx.inputs.equipment))
        self.options = {d.day: self._options(d) for d in week.drafts}
        # per session, the candidates that credit each key: a step only looks at those the week still needs
        self.by_key: dict[str, dict[str, list[Card]]] = {}
        for d in week.drafts:
            index: dict[str, list[Card]] = {}
            for card in self.options[d.day]:
                for key in [*ctx.pool.credits[card.id], PATTERN + card.pattern]:
                    index.setdefault(key, []).append(card)
            self.by_key[d.day] = index
        self._new: dict[tuple[str, int], tuple[Item, float, dict[str, float]]] = {}
        self._one: dict[str, dict[str, float]] = {}
        self.w = ctx.rules.selection
        rng = ctx.rng("accessory")
        self.jitter = {c.id: rng.random() * self.w.jitter for c in ctx.pool.cards}
        b = ctx.rules.balance
        sides = {p: "push" for p in b.push} | {p: "pull" for p in b.pull}
        sides |= {p: "knee" for p in b.knee} | {p: "hip" for p in b.hip}
        self.sides = {PATTERN + p: side for p, side in sides.items()}  # pattern key -> push, pull, knee or hip
        self.prime = set(ctx.rules.volume.prime) & set(targets)
        wanted = [p for goal in ctx.goal.patterns for p in ctx.stand_ins.get(goal, [goal])]
        self.wanted_patterns = {PATTERN + p for p in wanted}  # rule 32: an excluded pattern's stand-ins instead
        self._preference: dict[tuple[str, str], float] = {}
        self.new_sets = sorted({ctx.goal.accessory.sets, ctx.rules.exercise.sets[0]}, reverse=True)
        self.candidates = Candidates(week, self.by_key, self.new_sets, self.new_item)

    def _options(self, draft: Draft) -> list[Card]:
        regions = draft.regions()
        avoid = set(draft.template.avoid)  # a push day's accessories push (rule 24's split of the week)
        return [
            c
            for c in self.ctx.pool.cards
            if "accessory" in c.blocks
            and suits(self.ctx, c, "accessory")
            and self.ctx.regions(c) <= regions
            and c.pattern not in avoid
        ]

    # -- value of a change

    def start(self, phase: str) -> None:
        """What each target still needs in this phase, worked out once per step."""
        counts = self.week.counts
        self.need: dict[str, tuple[float, float]] = {}  # key -> (sets still needed, weight / goal)
        for key, target in self.targets.items():
            goal = target[0] if phase == "minimum" else target[1] if phase == "aim" else self.ceiling(key)
            if counts[key] < goal:
                self.need[key] = (goal - counts[key], self.weights.get(key, 1.0) / max(goal, 1.0))
        self.sums = self.side_sums()
        self.tilts: dict[tuple[str, float], float] = {}
        self.phase = phase
        self.patterns_done = {
            PATTERN + self.ctx.by_id[i.exercise].pattern
            for d in self.week.drafts
            for i in d.working()
            if self.ctx.by_id[i.exercise].mechanic == "compound"
        }

    def value(self, delta: dict[str, float], draft: Draft, card: Card) -> float:
        gain = 0.0
        need = self.need
        for key, n in delta.items():
            wanted = need.get(key)
            if wanted is not None:
                gain += wanted[1] * min(n, wanted[0])
        if self.phase == "minimum":
            gain += self.frequency_gain(delta, draft) + self.pattern_gain(delta, card)
        return gain * self.balance(delta) if gain > 0 else 0.0

    def ceiling(self, key: str) -> float:
        if key.startswith(PATTERN):
            return self.targets[key][1]
        return self.ctx.rules.volume.week_warn

    def frequency_gain(self, delta: dict[str, float], draft: Draft) -> float:
        wanted = self.ctx.goal.frequency
        if wanted < 2:
            return 0.0
        gain = 0.0
        for muscle, n in delta.items():
            if muscle in self.prime and draft.counts[muscle] < 1 <= n and self.week.sessions_training(muscle) < wanted:
                gain += self.w.second_session
        return gain

    def pattern_gain(self, delta: dict[str, float], card: Card) -> float:
        """Rule 24: a compound of a pattern the goal wants each week and the week lacks (a
        stand-in's hip thrust or leg curl counts, compound or not, where hinges are excluded)."""
        key = PATTERN + card.pattern
        stand_in = key not in {PATTERN + p for p in self.ctx.goal.patterns}
        if (
            not self.ctx.pool.credits[card.id]  # no hard set (rule 8): it does not train the pattern either
            or (card.mechanic != "compound" and not stand_in)
            or key not in self.wanted_patterns
            or key in self.patterns_done
        ):
            return 0.0
        return self.w.missing_pattern

    def balance(self, delta: dict[str, float]) -> float:
        """Rule 24: a change that takes pull:push or knee:hip further out of its range is worth less."""
        factor = 1.0
        for key, n in delta.items():
            side = self.sides.get(key)
            if side is not None:
                tilt = self.tilts.get((side, n))
                if tilt is None:  # the week's sums hold for the whole step: once per side and size
                    tilt = self.tilts[side, n] = self.w.out_of_balance if self.tips(side, n) else 1.0
                factor *= tilt
        return factor

    def tips(self, side: str, n: float) -> bool:
        """Whether `n` more sets on `side` leave its ratio out of range on that side."""
        b = self.ctx.rules.balance
        sums = dict(self.sums)
        sums[side] += n
        return bool(
            (side == "push" and sums["push"] and sums["pull"] / sums["push"] < b.pull_push[0])
            or (side == "pull" and sums["push"] and sums["pull"] / sums["push"] > b.pull_push[1])
            or (side == "knee" and sums["hip"] and sums["knee"] / sums["hip"] > b.knee_hip[1])
            or (side == "hip" and sums["knee"] and sums["knee"] / sums["hip"] < b.knee_hip[0])
        )

    def side_sums(self) -> dict[str, float]:
        out = {"push": 0.0, "pull": 0.0, "knee": 0.0, "hip": 0.0}
        for key, side in self.sides.items():
            out[side] += self.week.counts[key]
        return out

    def preference(self, card: Card, draft: Draft) -> float:
        """What a coach would pick among exercises that do the same job (rules 25 and 34)."""
        key = (card.id, draft.day)
        score = self._preference.get(key)
        if score is None:
            score = self._preference[key] = self._base_preference(card, draft)
        return score * (self.w.repeat ** self.week.uses[card.id])

    def _base_preference(self, card: Card, draft: Draft) -> float:
        ctx = self.ctx
        w = self.w
        score = 1.0 + self.jitter[card.id]
        if self.loaded_here and ctx.level != "beginner":  # pull-ups and dips count as loaded (by the body)
            loaded = card.loaded or bool(set(card.equipment) & set(ctx.rules.main.bodyweight_ok))
            score *= w.loaded if loaded else w.unloaded
        score *= w.own_level if card.level == ctx.level else 1.0
        score *= w.compound if card.mechanic == "compound" else 1.0
        score *= w.timed if card.measure != "reps" else 1.0
        score *= w.focus if ctx.focus & set(card.primary_muscles) else 1.0
        first, step = w.template_slot
        for n, slot in enumerate(draft.template.accessory):
            if set(slot) & set(card.primary_muscles):
                return score * max(1.0, first - step * n)
        return score

    # -- changes

    def changes(
        self, draft: Draft, seconds_left: float
    ) -> Iterator[tuple[Card, str, int | None, float, dict[str, float], int]]:
        """(card, role, index of an existing item or None, seconds, hard sets, sets of a new one)."""
        ctx = self.ctx
        clock = draft.clock
        for role, items in (("accessory", draft.accessory), ("main", draft.main)):
            for n, item in enumerate(items):
                card = ctx.by_id[item.exercise]
                if item.sets >= most_sets(ctx, card, role) or (role == "main" and ctx.goal.volume.pattern is None):
                    continue
                cost = clock.work(item) + clock.setup + item.rest_seconds
                if cost <= seconds_left:
                    yield card, role, n, cost, self.one_set(draft, card), 0
        if len(draft.accessory) >= ctx.rules.exercise.scattered:
            return
        wanted = set(self.need) | (self.wanted_patterns - self.patterns_done if self.phase == "minimum" else set())
        if self.phase == "minimum" and self.ctx.goal.frequency > 1:
            wanted |= self.prime
        yield from self.candidates.new(draft, seconds_left, wanted)

    def one_set(self, draft: Draft, card: Card) -> dict[str, float]:
        """The hard sets one more set of `card` gives (the same in every session), worked out once."""
        found = self._one.get(card.id)
        if found is None:
            found = self._one[card.id] = draft.credit(card, 1)
        return found

    def new_item(self, draft: Draft, card: Card, sets: int) -> tuple[Item, float, dict[str, float]]:
        """A new accessory's prescription, its time and its hard sets, worked out once (for
        the sets asked: every step asks again for each candidate)."""
        key = (card.id, sets)
        found = self._new.get(key)
        if found is None:
            sets = min(sets, most_sets(self.ctx, card, "accessory"))
            item = working_item(self.ctx, card, "accessory", sets)
            found = self._new[key] = (item, draft.clock.item(item) + draft.clock.transition, draft.credit(card, sets))
        return found

    def best(self, phase: str, budget: dict[str, float]) -> Change | None:
        self.start(phase)
        if not self.need and phase != "minimum":
            return None
        best: Change | None = None
        best_score = 0.0
        for draft in self.week.drafts:
            left = budget[draft.day] - draft.seconds()
            if left <= 0:
                continue
            for card, role, index, cost, delta, sets in self.changes(draft, left):
                gain = self.value(delta, draft, card)
                if gain <= 0:
                    continue
                score = gain / cost * (self.preference(card, draft) if index is None else self.w.existing_exercise)
                if score > best_score and self.week.room(draft, delta):
                    best, best_score = Change(draft, card, role, index, cost, delta, float(sets)), score
        return best

    def apply(self, change: Change) -> None:
        draft = change.draft
        if change.index is None:
            draft.accessory.append(self.new_item(draft, change.card, int(change.value))[0])
            self.week.record(change.card, "accessory", draft, change.delta)
            self.candidates.week_took_new_exercise()
            return
        items = draft.accessory if change.role == "accessory" else draft.main
        item = items[change.index]
        items[change.index] = replace(item, sets=item.sets + 1)
        self.week.add_counts(draft, change.delta)

    def run(self, phase: str, budget: dict[str, float], until: float | None = None) -> None:
        """Add the best change, one at a time, while one fits; with `until`, a session stops
        taking changes once it lasts that long."""
        budget = dict(budget)
        self.candidates.start_run()
        try:
            self._run(phase, budget, until)
        finally:
            self.candidates.end_run()

    def _run(self, phase: str, budget: dict[str, float], until: float | None) -> None:
        for _ in range(400):  # far more than any week needs; a bound, not a target
            if until is not None:
                for d in self.week.drafts:
                    if d.seconds() >= until:
                        budget[d.day] = 0.0
            change = self.best(phase, budget)
            if change is None:
                return
            self.apply(change)
            if change.draft.seconds() > budget[change.draft.day]:  # a superset's pairing moved: undo
                self.undo(change)
                budget[change.draft.day] = change.draft.seconds() - 1  # this session is full

    def undo(self, change: Change) -> None:
        draft = change.draft
        self.candidates.forget()  # what leaves may make another exercise allowed again
        if change.index is None:
            draft.accessory.pop()
            self.week.forget(change.card, draft, change.delta)
            return
        items = draft.accessory if change.role == "accessory" else draft.main
        items[change.index] = replace(items[change.index], sets=items[change.index].sets - 1)
        self.week.add_counts(draft, {k: -v for k, v in change.delta.items()})


def add_required(ctx: Context, week: Week, filler: Filler) -> None:
    """Rule 24 (hard): every full-body session holds a lower-body compound, a push and a pull;
    every lower-body session a squat or a hinge (the templates' `requires`); where the person
    has an exercise for it. A lift that is a main lift elsewhere in the week comes in as a main
    lift here too (rule 31: one role a week)."""
    for draft in week.drafts:
        add_required_to(ctx, week, filler, draft)


def add_required_to(ctx: Context, week: Week, filler: Filler, draft: Draft, mains_too: bool = True) -> None:
    from planner.coach.mains import main_sets
    from planner.coach.prescribe import ramp_sets

    for group in draft.template.requires:
        have = {ctx.by_id[i.exercise].pattern for i in draft.working() if ctx.by_id[i.exercise].mechanic == "compound"}
        if have & set(group):
            continue
        used = draft.used()
        options = [c for c in filler.options[draft.day] if c.pattern in group and c.mechanic == "compound"]
        options = [c for c in options if week.allowed(c, "accessory", draft, used)]
        # one that counts as hard sets first: a towel isometric row holds the pattern, not the work
        options.sort(key=lambda c: (not ctx.pool.credits[c.id], -filler.preference(c, draft), c.id))
        choices: list[tuple[Card, str, int]] = [(c, "accessory", ctx.goal.accessory.sets) for c in options]
        choices += [  # a main lift of another day only where no accessory can do the job
            (c, "main", main_sets(ctx))
            for c in ctx.pool.cards
            if mains_too and week.role.get(c.id) == "main" and c.pattern in group and c.id not in used
        ]
        for card, role, sets in choices:
            sets = min(sets, most_sets(ctx, card, role))
            delta = draft.credit(card, sets)
            if not week.room(draft, delta, ctx.rules.volume.week_max):  # a requirement may pass the fill's ceiling
                continue
            item: Item = working_item(ctx, card, role, sets)
            if role == "main":
                draft.main.append(replace(item, ramp=ramp_sets(ctx, card, item)))
            else:
                draft.accessory.append(item)
            week.record(card, role, draft, delta)
            break
