"""Next week from what was logged (rule 28 with a log): the week after the last logged one
follows what was done, not what was planned.

For each working exercise of the last logged week, its sets are held against that week's
targets (rules.toml [adapt]):

- done: every set reached its reps (seconds, metres) with the reserve asked or no more than
  `hard_by` under it: the week's step is taken from what was done (the reps and RIR logged,
  the load lifted), so double progression moves the load once every set reached the top of
  the range, and a set logged with reserve to spare takes a bigger reps step. A load step is
  then a load, no longer a condition;
- too hard (RIR under the target by more than `hard_by`) or short (a rep or a set missing):
  the week repeats at the load lifted; short `failures` weeks running: a lighter load, or
  the easier variation where the load is not a number;
- missed (its session was not logged, though a later one was): the week repeats.

`stalls` stalled weeks running (more than `stall_share` of their logged exercises short or
too hard) bring the deload forward, once the block has had `stalls_after` loading weeks.
Every changed target says why, in one line: "3 x 12 at 20 kg, RIR 2 -> 22.5 kg x 8".
Pure and deterministic: the same plan and the same log give the same weeks.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial

from planner.coach.context import Context
from planner.coach.prescribe import item_load, rep_range, rir_span, working_item
from planner.coach.steps import Step
from planner.loads import load_text, num, planned_load
from planner.records import Card, Item, Session, Week, replace
from planner.structs import field, struct

WORKING = ("main", "accessory")


@struct
class Done:
    """One logged set, its load in the plan's units."""

    load: float | None = None
    reps: int | None = None
    seconds: float | None = None
    meters: float | None = None
    rir: float | None = None


@struct
class PlanLog:
    """What the log holds for one plan: (week, day) -> exercise -> the sets done."""

    sessions: dict[tuple[int, str], dict[str, list[Done]]] = field(default_factory=dict)

    @property
    def last_week(self) -> int:
        return max((w for w, _ in self.sessions), default=0)


@struct
class Verdict:
    """The log's say on one exercise: a `fixed` step for each of its items (the week repeats,
    or goes lighter or easier), or where the week's own step `start`s from (what was done,
    said in `did`)."""

    fixed: Callable[[Item], Step] | None = None
    start: Callable[[Item], Item] | None = None
    did: str = ""


@struct
class Outcome:
    kind: str  # done, hard, short or missed
    item: Item  # the target, as planned
    sets: tuple[Done, ...]
    why: str  # what was done, in words

    @property
    def load(self) -> float | None:
        """The load most sets were done with (the heavier on a tie)."""
        loads = [s.load for s in self.sets if s.load is not None]
        if not loads:
            return None
        return max(set(loads), key=lambda w: (loads.count(w), w))

    @property
    def rir(self) -> float | None:
        rirs = [s.rir for s in self.sets if s.rir is not None]
        return min(rirs) if rirs else None


class Adapter:
    def __init__(self, ctx: Context, log: PlanLog, weeks: list[Week]) -> None:
        self.ctx = ctx
        self.log = log
        self.weeks = {w.number: w for w in weeks}
        self.last = log.last_week

    def applies(self, last: Week, number: int) -> bool:
        """Week `number` is the one after the last logged week, a loading week made from it."""
        return last.number == self.last and number == self.last + 1 and not last.deload

    # -- what happened

    def outcome(self, exercise: str, role: str, number: int) -> Outcome | None:
        """How `exercise` went in week `number` against that week's targets; None when the
        week was not logged or its sessions with the exercise are still to come."""
        week = self.weeks.get(number)
        if week is None or week.deload:
            return None
        order = [s.day for s in week.sessions]
        logged = [d for d in order if (number, d) in self.log.sessions]
        if not logged:
            return None
        latest = max(order.index(d) for d in logged)
        planned: list[Item] = []
        done: list[tuple[Item, list[Done], str]] = []
        missed: list[str] = []
        for n, s in enumerate(week.sessions):
            for b in s.blocks:
                for item in b.items:
                    if b.kind != role or item.exercise != exercise:
                        continue
                    planned.append(item)
                    sets = self.log.sessions.get((number, s.day), {}).get(exercise)
                    if sets:
                        done.append((item, sets, s.day))
                    elif (number, s.day) in self.log.sessions or n < latest:
                        missed.append(s.day)
        if not planned:
            return None
        if not done:
            return (
                Outcome("missed", planned[0], (), f"not done in week {number} ({', '.join(missed)})")
                if missed
                else None
            )
        kinds = [self._judge(item, sets) for item, sets, _ in done]
        kind = next((k for k in ("short", "hard") if k in kinds), "done")
        all_sets = tuple(s for _, sets, _ in done for s in sets)
        units = self.ctx.inputs.units
        parts = [describe(tuple(sets), units) for _, sets, _ in done]
        if len(set(parts)) == 1:
            why = parts[0] + ("" if len(parts) == 1 else f" ({' and '.join(d for _, _, d in done)})")
        else:
            why = "; ".join(f"{part} ({day})" for part, (_, _, day) in zip(parts, done, strict=True))
        return Outcome(kind, done[0][0], all_sets, why)

    def _judge(self, item: Item, sets: list[Done]) -> str:
        amount = "reps" if item.reps is not None else "seconds" if item.seconds is not None else "meters"
        target = getattr(item, amount)
        if len(sets) < item.sets or any((getattr(s, amount) or 0) < target for s in sets):
            return "short"
        rirs = [s.rir for s in sets if s.rir is not None]
        if item.rir is not None and rirs and min(rirs) < item.rir - self.ctx.rules.adapt.hard_by:
            return "hard"
        return "done"

    def _earlier(self, number: int) -> list[int]:
        """Loading weeks before `number`, latest first, back to the last deload."""
        out = []
        for n in range(number - 1, 0, -1):
            week = self.weeks.get(n)
            if week is None or week.deload:
                break
            out.append(n)
        return out

    # -- what comes next

    def verdict(self, card: Card, role: str, taken: set[str]) -> Verdict | None:
        """What the log says for `card` in the week after the last logged one; None: nothing."""
        o = self.outcome(card.id, role, self.last)
        if o is None:
            return None
        if o.kind == "missed":
            return Verdict(fixed=lambda item: Step(item, f"{o.why} -> repeat", card))
        if o.kind == "done":
            return Verdict(start=lambda item: self._as_done(item, o, card, role), did=o.why)
        wanted = _target(o.item)
        if o.kind == "short" and self._short_in_a_row(card.id, role):
            lighter = self._lighter(card, role, o, taken)
            if lighter is not None:
                new_card, make, then = lighter
                why = f"{o.why}; short of {wanted} {self._running()} -> {then}"
                return Verdict(fixed=lambda item: Step(make(item), why, new_card))
        load = self._load_text(card, o.load, o.item)
        known = planned_load(load) or planned_load(o.item.load)
        again = f"{o.item.sets} x {_amount(o.item)}" + (f" at {num(known[0])} {known[1]}" if known else "")
        why = f"{o.why}; wanted {wanted}: {'too hard' if o.kind == 'hard' else 'short'} -> repeat {again}"
        return Verdict(fixed=lambda item: Step(replace(item, load=load or item.load), why, card))

    def _running(self) -> str:
        n = self.ctx.rules.adapt.failures
        return "two weeks running" if n == 2 else f"{n} weeks running"

    def _short_in_a_row(self, exercise: str, role: str) -> bool:
        weeks = [self.last, *self._earlier(self.last)][: self.ctx.rules.adapt.failures]
        if len(weeks) < self.ctx.rules.adapt.failures:
            return False
        outcomes = [self.outcome(exercise, role, n) for n in weeks]
        return all(o is not None and o.kind == "short" for o in outcomes)

    def _as_done(self, item: Item, o: Outcome, card: Card, role: str) -> Item:
        """The item set to what was done: the reps reached (within the range), the reserve
        logged, the load lifted; the week's step is taken from there."""
        high = rep_range(self.ctx, card, role)[1]
        reps = item.reps
        if item.reps is not None:
            done = [s.reps for s in o.sets if s.reps is not None]
            reps = max(item.reps, min(min(done), high)) if done else item.reps
        rir = item.rir
        if item.rir is not None and o.rir is not None:  # within the level's span: a plan never asks for less (rule 13)
            start, end = rir_span(self.ctx)
            rir = max(min(end, item.rir), min(start, math.floor(o.rir)))
        load = self._load_text(card, o.load, item) or item.load
        return replace(item, reps=reps, rir=rir, load=load)

    def _load_text(self, card: Card, load: float | None, item: Item) -> str | None:
        """The logged load as the plan writes it, on a load the kit makes."""
        from planner.loads import implement

        how = implement(card)
        if load is None or how is None or not card.loaded:
            return None
        kit = self.ctx.kit
        return load_text(kit.nearest(how[0], load, how[1], "nearest"), kit, how)

    def _lighter(
        self, card: Card, role: str, o: Outcome, taken: set[str]
    ) -> tuple[Card, Callable[[Item], Item], str] | None:
        """A lighter load (a step down the kit), or the easier variation of the movement."""
        ctx = self.ctx
        known = item_load(ctx, card, replace(o.item, load=self._load_text(card, o.load, o.item) or o.item.load))
        if known is not None:
            (now, how), kit = known, ctx.kit
            steps = ctx.rules.progression.load_step
            from planner.coach.steps import load_kind

            kind = load_kind(ctx, card)
            size = 0.0 if kind is None else (steps[kind].kg if ctx.inputs.units == "kg" else steps[kind].lb)
            down = kit.down(how[0], now, size or kit.other_step, how[1])
            if down is not None:
                text = load_text(down, kit, how)
                return (
                    card,
                    (lambda item: replace(item, load=text)),
                    f"{num(down)} {ctx.inputs.units} x {_amount(o.item)}",
                )
        for easier_id in card.easier:
            easier = ctx.by_id.get(easier_id)
            if easier is None or easier_id in taken or role not in easier.blocks or easier.pattern != card.pattern:
                continue
            return easier, partial(_easier_item, ctx, easier, role), f"easier: {easier.name}"
        if card.loaded:
            share = ctx.rules.adapt.lighter_share
            text = f"about {share:.0%} lighter than week {self.last}"
            return card, (lambda item: replace(item, load=text)), text
        return None

    # -- the week as a whole

    def stalled(self, number: int) -> tuple[int, int] | None:
        """(exercises short or too hard, exercises logged) when week `number` stalled."""
        week = self.weeks.get(number)
        if week is None or week.deload:
            return None
        seen = {(i.exercise, b.kind) for s in week.sessions for b in s.blocks if b.kind in WORKING for i in b.items}
        outcomes = [self.outcome(e, role, number) for e, role in sorted(seen)]
        judged = [o for o in outcomes if o is not None and o.kind != "missed"]
        bad = sum(o.kind in ("short", "hard") for o in judged)
        if judged and bad / len(judged) > self.ctx.rules.adapt.stall_share:
            return bad, len(judged)
        return None

    def deload_early(self, number: int) -> str | None:
        """Why week `number` is a deload brought forward, or None when it is not one."""
        a = self.ctx.rules.adapt
        if number != self.last + 1:
            return None
        block = [self.last, *self._earlier(self.last)]
        if len(block) < a.stalls_after:
            return None
        weeks = block[: a.stalls]
        found = [self.stalled(n) for n in weeks]
        if len(weeks) < a.stalls or any(f is None for f in found):
            return None
        named = " and ".join(str(n) for n in sorted(weeks))
        counts = ", ".join(f"{f[0]} of {f[1]}" for f in reversed(found) if f)
        return f"deload brought forward: weeks {named} stalled ({counts} exercises short or too hard)"


def _easier_item(ctx: Context, card: Card, role: str, item: Item) -> Item:
    return working_item(ctx, card, role, item.sets)


def early_deload(week: Week, why: str) -> Week:
    """A deload week whose working items say why it came early."""
    sessions: list[Session] = []
    for s in week.sessions:
        blocks = [
            replace(b, items=[replace(i, change=f"{why}; {i.change}" if i.change else why) for i in b.items])
            if b.kind in WORKING
            else b
            for b in s.blocks
        ]
        sessions.append(replace(s, blocks=blocks))
    return replace(week, sessions=sessions)


# ---------------------------------------------------------------------------- words


def _amount(item: Item) -> str:
    if item.reps is not None:
        return str(item.reps)
    return f"{item.seconds} s" if item.seconds is not None else f"{item.meters} m"


def _target(item: Item) -> str:
    rir = f", RIR {item.rir}" if item.rir is not None else ""
    return f"{item.sets} x {_amount(item)}{rir}"


def describe(sets: tuple[Done, ...], unit: str) -> str:
    """What was done, in one phrase: "3 x 12 at 20 kg, RIR 2", "10, 10, 8 at 24 kg, RIR 0"."""
    if not sets:
        return "nothing"

    def amount(s: Done) -> str:
        if s.reps is not None:
            return str(s.reps)
        return f"{num(s.seconds)} s" if s.seconds is not None else f"{num(s.meters or 0)} m"

    loads = list(dict.fromkeys(s.load for s in sets))
    if len(loads) == 1:
        amounts = [amount(s) for s in sets]
        done = f"{len(sets)} x {amounts[0]}" if len(set(amounts)) == 1 else ", ".join(amounts)
        if loads[0] is not None:
            done += f" at {num(loads[0])} {unit}"
    else:
        done = ", ".join(f"{amount(s)} at {num(s.load)} {unit}" if s.load else amount(s) for s in sets)
    rirs = [s.rir for s in sets if s.rir is not None]
    if rirs:
        done += f", RIR {num(min(rirs))}"
    return done


def then_text(before: Item, after: Item, step: Step, unit: str) -> str:
    """What the step sets, in words: the new load and reps for a load step, else its change."""
    old, new = planned_load(before.load), planned_load(after.load)
    if new is not None and (old is None or abs(old[0] - new[0]) > 1e-9) and after.reps is not None:
        rir = f", RIR {after.rir}" if after.rir is not None and after.rir != before.rir else ""
        return f"{num(new[0])} {new[1]} x {after.reps}{rir}"
    return step.change
