"""Helpers the plan tests share: the shipped library read once, and plans built from it."""

from __future__ import annotations

from functools import cache

from planner.coach.plan import build_plan
from planner.coach.pool import make_pool
from planner.coach.rules import Coaching, load_coaching
from planner.library import Library, Source, library_sources, load_library
from planner.records import Card, Plan, plan_inputs
from planner.vocab import builtin_vocab


@cache
def shipped() -> tuple[list[Source], Library]:
    """The built-in library (no user folder, no PLANNER_LIBRARY), read once per test run."""
    sources = library_sources(env={})
    return sources, load_library(sources, use_cache=False)


@cache
def coaching() -> Coaching:
    sources, _ = shipped()
    return load_coaching([s.path for s in sources], builtin_vocab())


def make(hints: bool = False, **inputs: object) -> tuple[Plan, list[Card]]:
    """A plan from these inputs (hints are checked by building other plans: off unless asked),
    and the exercises that person could have been given."""
    sources, lib = shipped()
    checked = plan_inputs(inputs)
    plan = build_plan(checked, lib, builtin_vocab(), [s.path for s in sources], hints=hints)
    return plan, make_pool(checked, lib, builtin_vocab(), coaching().rules).cards


def cards() -> dict[str, Card]:
    return shipped()[1].exercises
