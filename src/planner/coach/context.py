"""What one plan request resolves to before any session is built: the rules and the goal,
the split, the exercises this person can do, and what the engine needs to know of each.

Pure and seeded: the same inputs, library and seed give the same context, and every random
choice later draws from `rng(...)`, which depends only on what shapes week 1.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path

from planner import digest
from planner.coach.pool import Pool, make_pool
from planner.coach.rules import Coaching, Goal, Rules, SessionTemplate, Tier, load_coaching
from planner.errors import PlannerError
from planner.library import Library
from planner.loads import Kit, kit_for
from planner.records import WEEKDAYS, Card, PlanInputs, to_data
from planner.structs import field, struct
from planner.vocab import Vocab

LATER_WEEK_INPUTS = {"weeks", "progression", "deload_every", "start", "units"}  # never change week 1
LOAD_INPUTS = {"lifts", "kit"}  # change what a week-1 item weighs, never which exercise it is


@struct
class Context:
    inputs: PlanInputs
    vocab: Vocab
    coaching: Coaching
    pool: Pool
    days: list[tuple[str, str]]  # (weekday, session template id), in weekday order
    split_name: str
    focus: set[str] = field(default_factory=set)

    @property
    def rules(self) -> Rules:
        return self.coaching.rules

    @cached_property
    def goal(self) -> Goal:
        return self.coaching.goals[self.inputs.goal]

    @cached_property
    def tier(self) -> Tier:
        return self.rules.time.tier(self.inputs.minutes)

    @property
    def level(self) -> str:
        return self.inputs.level

    @property
    def by_id(self) -> dict[str, Card]:
        return self.pool.by_id

    def template(self, template_id: str) -> SessionTemplate:
        return self.coaching.sessions[template_id]

    @cached_property
    def deload_every(self) -> int:
        return self.inputs.deload_every or self.rules.deload.every[self.level]

    def is_deload(self, week: int) -> bool:
        return week % self.deload_every == 0

    @cached_property
    def main_lifts_per_session(self) -> int:
        if self.level not in self.goal.main_lifts:
            return 0
        return min(self.goal.main_max, self.rules.main.lifts(self.inputs.minutes))

    def fill_range(self, week: int = 1) -> tuple[float, float]:
        """The share of the minutes a loading session aims at (rule 7): week 1 of a longer plan
        leaves room for the weeks after it."""
        t = self.rules.time
        if week == 1 and self.inputs.weeks > 1:
            return t.first_week_fill
        if self.inputs.weeks == 1:
            return t.single_week_fill
        return (t.fill, 1.0)

    @property
    def cap_minutes(self) -> float:
        return self.inputs.minutes * (1 + self.rules.time.over)

    def rng(self, *parts: object) -> random.Random:
        shaping = {k: v for k, v in to_data(self.inputs).items() if k not in LATER_WEEK_INPUTS | LOAD_INPUTS}
        key = json.dumps([shaping, *map(str, parts)], sort_keys=True)
        return random.Random(digest.sha256(key.encode()).hexdigest())

    @cached_property
    def kit(self) -> Kit:
        """The person's kit in the plan's units (rule 28: every load one they can load)."""
        return kit_for(self.inputs.units, self.inputs.kit)

    def regions(self, card: Card) -> frozenset[str]:
        return self.pool.regions[card.id]

    @cached_property
    def stand_ins(self) -> dict[str, list[str]]:
        """Rule 32: a movement pattern --exclude emptied -> the patterns that take its place
        (rules.toml [exclusions]), for main lifts and the week's patterns."""
        have = {
            c.pattern for c in self.pool.cards if c.mechanic == "compound" and {"main", "accessory"} & set(c.blocks)
        }
        return {
            pattern: [p for p in self.rules.exclusions.get(pattern, []) if p != "tags"]
            for pattern in self.pool.excluded_patterns
            if pattern not in have
        }

    def next_day_sessions(self) -> dict[str, str]:
        """Each training day -> the training day right after it, when that is the next calendar day."""
        days = [d for d, _ in self.days]
        out = {}
        for day in days:
            following = WEEKDAYS[(WEEKDAYS.index(day) + 1) % 7]
            if following in days:
                out[day] = following
        return out


def make_context(inputs: PlanInputs, library: Library, vocab: Vocab, folders: Iterable[Path]) -> Context:
    coaching = load_coaching(folders, vocab)
    return context_from(inputs, library, vocab, coaching)


def context_from(inputs: PlanInputs, library: Library, vocab: Vocab, coaching: Coaching) -> Context:
    if inputs.goal not in coaching.goals:
        raise PlannerError(
            f"--goal: no goal {inputs.goal!r}; use one of: {', '.join(coaching.goals)} "
            "(or add it to templates/goals.toml in a library folder)"
        )
    count = len(inputs.on) if inputs.on else inputs.days
    split = coaching.splits.get(str(count))
    if split is None:
        raise PlannerError(
            f"--days: {count} training days is not a split planner knows; use 2 to 6 (docs/coaching.md rule 12)"
        )
    weekdays = inputs.on or list(split.weekdays)
    days = list(zip(sorted(weekdays, key=WEEKDAYS.index), split.sessions, strict=True))
    pool = make_pool(inputs, library, vocab, coaching.rules)
    focus = vocab.expand_muscles(inputs.focus, "--focus")
    return Context(inputs, vocab, coaching, pool, days, split.name, focus)
