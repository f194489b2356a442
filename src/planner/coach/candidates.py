"""The new exercises a session could take at one step of filling a week (fill.py), and what
is remembered of them from one step to the next.

At every step the filler weighs every change in every session, and a step changes one
session. While one run of the filler adds changes, a session only grows and the week's
roles and ladder variations (rule 31) only fill up, so:
- an exercise that could not come into a session (not allowed, or too long for the seconds
  left) still cannot, with the same or fewer seconds left;
- one found allowed there stays allowed until the week takes a new exercise;
- a session's list of candidates stays the same while the week takes no new exercise and
  the session has the same seconds left and is asked for the same targets.
An undo (fill.py) makes the week forget an exercise, so everything is worked out afresh.
Outside a run (another part of composing may change a session), nothing is remembered.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from planner.records import Card, Item

if TYPE_CHECKING:
    from planner.coach.draft import Draft, Week

# (card, "accessory", None, seconds, hard sets, sets): the shape of a change in fill.py
NewChange = tuple[Card, str, None, float, dict[str, float], int]
Prescribe = Callable[["Draft", Card, int], tuple[Item, float, dict[str, float]]]


class Candidates:
    def __init__(self, week: Week, by_key: dict[str, dict[str, list[Card]]], sets: list[int], prescribe: Prescribe):
        self.week = week
        self.by_key = by_key  # per session: target key -> the exercises that credit it
        self.sets = sets  # the sets a new exercise starts with, most first
        self.prescribe = prescribe  # a new exercise's item, seconds and hard sets
        self.remembering = False
        self.forget()

    def start_run(self) -> None:
        self.remembering = True
        self.forget()

    def end_run(self) -> None:
        self.remembering = False
        self.forget()

    def forget(self) -> None:
        days = [d.day for d in self.week.drafts]
        # per session: exercise id -> the seconds left when it did not fit (inf: not allowed)
        self.out: dict[str, dict[str, float]] = {day: {} for day in days}
        self.allowed: dict[str, set[str]] = {day: set() for day in days}
        self.lists: dict[str, tuple[tuple[float, frozenset[str]], list[NewChange]]] = {}

    def week_took_new_exercise(self) -> None:
        self.allowed = {day: set() for day in self.allowed}
        self.lists = {}

    def new(self, draft: Draft, seconds_left: float, wanted: Iterable[str]) -> Iterable[NewChange]:
        """The new exercises that fit `draft` and credit one of the `wanted` keys, in the order
        of the keys (sorted) and of the exercises under each."""
        if not self.remembering:
            return self._work_out(draft, seconds_left, set(wanted))
        key = (seconds_left, frozenset(wanted))
        kept = self.lists.get(draft.day)
        if kept is None or kept[0] != key:
            kept = self.lists[draft.day] = (key, list(self._work_out(draft, seconds_left, key[1])))
        return kept[1]

    def _work_out(self, draft: Draft, seconds_left: float, wanted: set[str] | frozenset[str]) -> Iterable[NewChange]:
        used = draft.used()
        index = self.by_key[draft.day]
        out = self.out[draft.day] if self.remembering else {}
        allowed = self.allowed[draft.day] if self.remembering else set()
        seen: set[str] = set()
        for card in (c for key in sorted(wanted) for c in index.get(key, ())):
            if card.id in seen or seconds_left <= out.get(card.id, -1.0):
                continue
            seen.add(card.id)
            if card.id not in allowed:
                if card.id in used or not self.week.allowed(card, "accessory", draft, used):
                    out[card.id] = math.inf
                    continue
                allowed.add(card.id)
            for sets in self.sets:  # the goal's sets, or fewer to fit
                _, cost, delta = self.prescribe(draft, card, sets)
                if cost <= seconds_left:
                    yield card, "accessory", None, cost, delta, sets
                    break
            else:
                out[card.id] = seconds_left
