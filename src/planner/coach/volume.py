"""Counting hard sets (rule 8) and the weekly targets a plan aims at.

A working set counts 1 for each primary muscle and `secondary_credit` (0.5) for each
secondary one, but only for the muscles its card lists in `hard_set_muscles`: a plank
up-down is not a triceps set. Warm-up and activation count nothing; main, accessory and the
finisher's resistance work count (an AMRAP by the rounds its minutes hold).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping

from planner.coach.rules import Goal, Rules
from planner.coach.timing import Clock
from planner.records import Block, Card, Session

COUNTED_BLOCKS = ("main", "accessory", "finisher")
PATTERN = "pattern:"


def card_credits(card: Card, secondary_credit: float) -> dict[str, float]:
    worked = set(card.hard_set_muscles)
    out = {m: secondary_credit for m in card.secondary_muscles if m in worked}
    out.update({m: 1.0 for m in card.primary_muscles if m in worked})
    return out


def block_sets(block: Block, clock: Clock) -> list[float]:
    """How many sets of each item the block holds; an AMRAP's rounds are estimated from its minutes."""
    if block.format != "amrap":
        return [float(i.sets) for i in block.items]
    per_round = sum(clock.work(i) + clock.flow for i in block.items) or 1.0
    rounds = max(1, int(block.minutes * 60 // per_round))
    return [float(rounds)] * len(block.items)


def session_counts(
    blocks: Iterable[Block],
    credits: Callable[[str], Mapping[str, float] | None],
    clock: Clock,
    patterns: Mapping[str, str] | None = None,
) -> Counter[str]:
    """Hard sets per muscle; with `patterns` (exercise id -> pattern), also per movement
    pattern as "pattern:<name>" for main and accessory work."""
    counts: Counter[str] = Counter()
    for block in blocks:
        if block.kind not in COUNTED_BLOCKS:
            continue
        for item, sets in zip(block.items, block_sets(block, clock), strict=True):
            own = credits(item.exercise)
            if not own:
                continue
            for muscle, weight in own.items():
                counts[muscle] += sets * weight  # type: ignore[assignment]  # Counter adds floats
            if patterns is not None and block.kind != "finisher" and item.exercise in patterns:
                counts[PATTERN + patterns[item.exercise]] += sets  # type: ignore[assignment]
    return counts


def week_counts(
    sessions: Iterable[Session],
    credits: Callable[[str], Mapping[str, float] | None],
    clock: Clock,
    patterns: Mapping[str, str] | None = None,
) -> Counter[str]:
    total: Counter[str] = Counter()
    for s in sessions:
        total.update(session_counts(s.blocks, credits, clock, patterns))
    return total


def targets(
    rules: Rules, goal: Goal, level: str, trainable: set[str], focus: set[str], main_patterns: Iterable[str]
) -> dict[str, tuple[float, float]]:
    """Weekly hard sets each muscle (and, where the goal counts them, each main pattern) should
    reach: (at least, aim). Only muscles some available exercise trains get a target; the rest
    of the muscles have none unless focused (rule 8)."""
    v = goal.volume
    prime = v.prime_beginner if level == "beginner" and v.prime_beginner else v.prime
    out: dict[str, tuple[float, float]] = {}
    for muscle in rules.volume.prime:
        if muscle in trainable:
            out[muscle] = (float(prime[0]), float(prime[1]))
    for muscle in rules.volume.second:
        if muscle in trainable:
            out[muscle] = (float(v.second[0]), float(v.second[1]))
    for muscle in sorted(focus & trainable):
        lo, aim = out.get(muscle, (float(v.second[0]), float(v.second[1])))
        raise_by = rules.volume.focus_raise
        out[muscle] = (min(lo * raise_by, rules.volume.week_warn), min(aim * raise_by, rules.volume.week_warn))
    if v.pattern is not None:
        for pattern in main_patterns:
            out[PATTERN + pattern] = (float(v.pattern[0]), float(v.pattern[1]))
    return out


def tier_of(rules: Rules, muscle: str) -> str:
    if muscle.startswith(PATTERN):
        return "pattern"
    if muscle in rules.volume.prime:
        return "prime mover"
    if muscle in rules.volume.second:
        return "second tier"
    return "focus"


def counter(exercises: Mapping[str, Card], rules: Rules | None = None) -> Callable[[Iterable[Session]], Counter[str]]:
    """Count weeks of a plan with the cards in `exercises` (those missing count nothing), by
    `rules` or the built-in ones: for stats and exports, which have no plan context."""
    if rules is None:
        from planner.coach.rules import builtin_rules

        rules = builtin_rules()
    clock = Clock(rules.time)
    credit = rules.volume.secondary_credit
    credits = {i: card_credits(c, credit) for i, c in exercises.items()}
    return lambda sessions: week_counts(sessions, credits.get, clock)
