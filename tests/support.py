"""Helpers the plan tests share: the shipped library read once, and plans built from it."""

from __future__ import annotations

from functools import cache

from planner.compose import exercise_pool
from planner.library import Library, Source, library_sources, load_library
from planner.plans import build_plan
from planner.records import Card, Plan, plan_inputs
from planner.vocab import builtin_vocab


@cache
def shipped() -> tuple[list[Source], Library]:
    """The built-in library (no user folder, no PLANNER_LIBRARY), read once per test run."""
    sources = library_sources(env={})
    return sources, load_library(sources, use_cache=False)


def make(**inputs: object) -> tuple[Plan, list[Card]]:
    """A plan from these inputs, and the exercises that person could have been given."""
    sources, lib = shipped()
    checked = plan_inputs(inputs)
    return build_plan(checked, lib, builtin_vocab(), sources), exercise_pool(checked, lib, builtin_vocab())
