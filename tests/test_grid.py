"""Every ordinary request makes a plan that holds every hard rule and says what it misses
(docs/coaching.md, section 0). The grid is the one a new user would try: 2-6 days x 20-90
minutes x the three equipment profiles x the four goals x the three levels, 900 requests;
then 8-week plans with every scheme and the edges of each input."""

from __future__ import annotations

import itertools

import pytest

from rules import hard_violations, soft_misses
from support import cards, make

PROFILES = ("bodyweight", "home", "gym")
GOALS = ("general", "strength", "hypertrophy", "endurance")
LEVELS = ("beginner", "intermediate", "advanced")


def check(plan, pool) -> list[str]:  # type: ignore[no-untyped-def]
    """Every hard rule broken, and every soft miss the plan does not warn about."""
    found = [str(p) for p in hard_violations(plan, cards(), pool)]
    warned = {(w.rule, w.subject) for w in plan.warnings}
    found += [
        f"rule {r}: {s}: missed without a warning" for r, s in soft_misses(plan, cards(), pool) if (r, s) not in warned
    ]
    return found


@pytest.mark.parametrize(("days", "minutes"), list(itertools.product(range(2, 7), (20, 30, 45, 60, 90))))
def test_the_900_request_grid_always_plans_and_holds_the_hard_rules(days, minutes):
    made = 0
    problems: list[str] = []
    for equipment, goal, level in itertools.product(PROFILES, GOALS, LEVELS):
        plan, pool = make(days=days, minutes=minutes, equipment=[equipment], goal=goal, level=level, weeks=4)
        made += 1
        problems += [f"{equipment} {goal} {level}: {p}" for p in check(plan, pool)]
    assert made == len(PROFILES) * len(GOALS) * len(LEVELS)  # a refusal raises: it cannot pass
    assert problems == [], "\n".join(problems[:40])


EDGES = [
    {"minutes": 15, "days": 3, "equipment": ["gym"], "goal": "strength", "level": "intermediate"},
    {"minutes": 15, "days": 6, "equipment": ["bodyweight"], "goal": "hypertrophy", "level": "beginner"},
    {"minutes": 180, "days": 2, "equipment": ["gym"], "goal": "hypertrophy", "level": "advanced"},
    {"minutes": 180, "days": 6, "equipment": ["home"], "goal": "general", "level": "beginner"},
    {"minutes": 120, "days": 4, "equipment": ["bodyweight"], "goal": "endurance", "level": "intermediate"},
    {"minutes": 90, "days": 6, "equipment": ["gym"], "goal": "strength", "level": "advanced"},
    {"minutes": 75, "on": ["tue", "sat"], "equipment": ["home"], "goal": "strength", "level": "advanced"},
    {
        "minutes": 50,
        "on": ["mon", "tue", "wed", "thu", "fri"],
        "equipment": ["gym"],
        "goal": "hypertrophy",
        "level": "intermediate",
    },
    {
        "minutes": 45,
        "days": 3,
        "equipment": ["gym"],
        "goal": "strength",
        "level": "intermediate",
        "exclude": ["lower back"],
    },
    {
        "minutes": 60,
        "days": 4,
        "equipment": ["gym"],
        "goal": "hypertrophy",
        "level": "advanced",
        "exclude": ["shoulder", "knee"],
    },
    {
        "minutes": 45,
        "days": 3,
        "equipment": ["home"],
        "goal": "general",
        "level": "intermediate",
        "exclude": ["loads_spine", "plyometric"],
    },
    {
        "minutes": 60,
        "days": 5,
        "equipment": ["gym"],
        "goal": "hypertrophy",
        "level": "intermediate",
        "focus": ["glutes", "side_delts"],
    },
    {"minutes": 30, "days": 4, "equipment": ["home"], "goal": "hypertrophy", "level": "beginner", "focus": ["arms"]},
    {"minutes": 60, "days": 3, "equipment": ["gym"], "goal": "general", "level": "advanced", "deload_every": 3},
    {"minutes": 60, "days": 3, "equipment": ["gym"], "goal": "general", "level": "beginner", "deload_every": 8},
]


@pytest.mark.parametrize("scheme", ["mixed", "reps", "tempo", "pause", "volume", "variation"])
def test_eight_weeks_at_the_edges_of_every_input_hold_the_rules_for_every_scheme(scheme):
    made = 0
    problems: list[str] = []
    for n, inputs in enumerate(EDGES):
        plan, pool = make(weeks=8, progression=scheme, seed=n + 1, **inputs)
        made += 1
        problems += [f"{inputs}: {p}" for p in check(plan, pool)]
    assert made == len(EDGES)
    assert problems == [], "\n".join(problems[:40])


@pytest.mark.parametrize("seed", [2, 3, 17, 99])
def test_other_seeds_make_other_plans_that_hold_the_rules(seed):
    problems: list[str] = []
    for days, equipment, goal in itertools.product((3, 5), PROFILES, ("general", "hypertrophy")):
        plan, pool = make(
            days=days, minutes=45, equipment=[equipment], goal=goal, level="intermediate", weeks=6, seed=seed
        )
        problems += [f"{days} {equipment} {goal}: {p}" for p in check(plan, pool)]
    assert problems == [], "\n".join(problems[:40])
