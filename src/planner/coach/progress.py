"""Week N -> week N+1 (rules 17-22, 28 and 33).

Each loading week, every main and accessory exercise changes exactly one variable, chosen by
the plan's scheme (library/progressions/*.toml): reps (with the RIR they spend), a load step
written as a condition, a set, a slower eccentric, a pause, a harder variation, more range.
An exercise that appears in several sessions takes the same step in all of them, so a week
still holds one variation of each ladder (rule 31). A step must fit the session's minutes
(never more than 5 % over), rules 9 and 11, the weekly ceiling and rule 18's growth; when
no step fits, the exercise repeats last week, and says so. The week after a deload starts a
new block: the RIR back to its start, one load step up where the rep range allows, and
then week 1's sets and tempo, to be built again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from planner.coach.blocks import LIGHTER, restart
from planner.coach.context import Context
from planner.coach.order import arranged
from planner.coach.steps import ZERO_TIME, Step, auto_order, step
from planner.coach.timing import Clock
from planner.coach.volume import session_counts
from planner.errors import PlannerError
from planner.records import Block, Card, Item, Session, Week, replace
from planner.structs import per_record, struct

if TYPE_CHECKING:
    from planner.coach.adapt import Adapter

WORKING = ("main", "accessory")


@struct
class Scheme:
    name: str
    description: str
    order: tuple[str, ...] | None  # None: "auto", the best kind for each exercise


def load_schemes(folders: list[Path]) -> dict[str, Scheme]:
    """progressions/*.toml from each library folder; a later folder overrides by name."""
    from planner.coach.steps import KINDS
    from planner.text import first_control
    from planner.toml_memo import read_toml_kept
    from planner.userfiles import MAX_TEMPLATE_BYTES, BadFile, toml_files

    schemes: dict[str, Scheme] = {}
    for folder in folders:
        for path in toml_files(folder / "progressions"):
            try:
                data = read_toml_kept(path, MAX_TEMPLATE_BYTES, "progression scheme")
            except BadFile as e:
                raise PlannerError(f"cannot read progression scheme: {e.message}") from None
            bad = first_control({path.stem: data})  # a scheme's name and words go into plan files
            if bad is not None:
                raise PlannerError(f"{path}: {bad[0]}: {bad[1]}")
            order = data.get("order")
            if order != "auto" and (not isinstance(order, list) or not order or any(k not in KINDS for k in order)):
                raise PlannerError(f'{path}: order: a list of kinds ({", ".join(KINDS)}) or "auto"')
            description = data.get("description", "")
            if not isinstance(description, str):
                raise PlannerError(f"{path}: description: must be text")
            schemes[path.stem] = Scheme(path.stem, description, None if order == "auto" else tuple(order))
    return schemes


def in_order(session: Session, ctx: Context) -> Session:
    """Rule 1 again after a harder variation may have changed what an exercise is."""
    blocks = []
    for b in session.blocks:
        items = arranged(b, ctx) if b.kind in WORKING else b.items
        blocks.append(b if items == b.items else replace(b, items=items))  # the same record: its time stays known
    return replace(session, blocks=blocks)


def clear_changes(session: Session, week: int) -> Session:
    """Week `week`'s session as the start of the next: no change notes, and a load said as a
    choice or a condition ("choose: ...", "if every set of week 2 reached 12: ...") said as
    what it has become, week `week`'s load (a load in numbers keeps its numbers)."""
    blocks = []
    for b in session.blocks:
        items = [_cleared(i, week) for i in b.items]
        same = all(new is old for new, old in zip(items, b.items, strict=True))
        blocks.append(b if same else replace(b, items=items))  # an unchanged block keeps its record
    return replace(session, blocks=blocks)


def _cleared(item: Item, week: int) -> Item:
    load = _settled(item.load, week)
    return item if item.change is None and load == item.load else replace(item, change=None, load=load)


_CONDITION = " if every set of week "
_WORDS = ("choose:", "if every set", "the same load", "about ")


def _settled(load: str | None, week: int) -> str | None:
    if load is None:
        return None
    if load.endswith(LIGHTER):  # a new block's lighter load is, the week after, that week's load
        return f"the load of week {week}"
    if load[:1].isdigit():
        return load.split(_CONDITION)[0]
    return f"the load of week {week}" if load.startswith(_WORDS) else load


class Progressor:
    def __init__(self, ctx: Context, clock: Clock, scheme: Scheme, week1: Week, adapter: Adapter | None = None) -> None:
        self.ctx = ctx
        self.clock = clock
        self.scheme = scheme
        self.adapter = adapter  # the log, for the week after the last logged one
        self.credits: Callable[[str], dict[str, float] | None] = lambda i: ctx.pool.credits.get(i)
        self._counted: dict[int, tuple[Session, Counter[str]]] = {}
        self._held: dict[int, tuple[Session, set[tuple[str, str]]]] = {}
        self._total: tuple[list[Session], Counter[str]] | None = None
        self.following = ctx.next_day_sessions()
        self.week1 = self.week_counts(week1.sessions)
        self.first = {  # each exercise's week-1 prescription, by day: a new block goes back to its sets
            (s.day, b.kind, i.exercise): i for s in week1.sessions for b in s.blocks for i in b.items
        }

    def counts(self, session: Session) -> Counter[str]:
        """The session's hard sets, counted once per session record (records are never changed in place)."""
        return per_record(self._counted, session, lambda: session_counts(session.blocks, self.credits, self.clock))

    def week_counts(self, sessions: list[Session]) -> Counter[str]:
        total: Counter[str] = Counter()
        for s in sessions:
            total.update(self.counts(s))
        return total

    def total(self, sessions: list[Session]) -> Counter[str]:
        """week_counts of the week being built, remembered while it is the same list: every
        step tried on it is measured against it, and a step that fits gives a new list."""
        if self._total is None or self._total[0] is not sessions:
            self._total = (sessions, self.week_counts(sessions))
        return self._total[1]

    def holds(self, session: Session, role: str, exercise: str) -> bool:
        """Whether `exercise` is in a `role` block of the session (remembered per session record)."""
        held = per_record(self._held, session, lambda: {(b.kind, i.exercise) for b in session.blocks for i in b.items})
        return (role, exercise) in held

    # -- a loading week

    def next_week(self, last: Week, number: int, new_block: bool) -> Week:
        self._counted.clear()
        self._held.clear()
        sessions = [clear_changes(s, last.number) for s in last.sessions]
        adapter = self.adapter if self.adapter is not None and self.adapter.applies(last, number) else None
        for exercise, role in _working_exercises(sessions):
            card = self.ctx.by_id.get(exercise)
            if card is None:  # an exercise the person swapped in from another library: it holds
                continue
            if new_block:
                days = [s.day for s in sessions]
                start = partial(restart, self.ctx, card=card, role=role, week=number, planned=self.adapter is None)
                sessions = self._apply(
                    sessions,
                    exercise,
                    role,
                    # called at once, inside this pass of the loop (B023 guards against later calls)
                    lambda n, item: start(item, first=self.first.get((days[n], role, exercise))),  # noqa: B023
                )
                continue
            taken = {i.exercise for s in sessions for b in s.blocks for i in b.items}
            verdict = None if adapter is None else adapter.verdict(card, role, taken)
            if verdict is not None and verdict.fixed is not None:
                sessions = self._everywhere(sessions, exercise, role, verdict.fixed)
                continue
            label = None
            if verdict is not None and verdict.start is not None:
                sessions = self._everywhere(sessions, exercise, role, partial(_from, verdict.start, card=card))
                label = partial(_said, did=verdict.did, units=self.ctx.inputs.units)
            order = self.scheme.order or auto_order(card, role)
            kinds = [*order, *(k for k in ZERO_TIME if k not in order)]
            blocked: list[str] = []
            for kind in kinds:
                trial = self._try(sessions, exercise, role, kind, number, taken, blocked, label)
                if trial is not None:
                    sessions = trial
                    break
            else:
                why = f"no room: {', '.join(dict.fromkeys(blocked))}" if blocked else "every variable at its limit"
                change = f"repeat last week ({why})" if verdict is None else f"{verdict.did} -> repeat ({why})"
                sessions = self._everywhere(sessions, exercise, role, partial(Step, change=change, card=card))
        sessions = [self.clock.stamped(s) for s in sessions]
        return Week(number=number, deload=False, sessions=[replace(s, date=None) for s in sessions])

    def _try(
        self,
        sessions: list[Session],
        exercise: str,
        role: str,
        kind: str,
        number: int,
        taken: set[str],
        blocked: list[str],
        label: Callable[[Item, Step], str] | None = None,
    ) -> list[Session] | None:
        """`kind` tried on `exercise` in every session; `label` (the log's) says why."""
        card = self.ctx.by_id[exercise]
        steps: dict[int, Step] = {}
        for n, s in enumerate(sessions):
            for b in s.blocks:
                if b.kind == role:
                    for item in b.items:
                        if item.exercise == exercise:
                            found = step(self.ctx, kind, item, card, role, number, taken, sure=label is not None)
                            if found is None:
                                return None
                            steps[n] = found if label is None else replace(found, change=label(item, found))
        trial = self._apply(sessions, exercise, role, lambda n, item: steps[n])
        why = self._fits(sessions, trial, set(steps))
        if why is None:
            return trial
        blocked.append(why)
        return None

    def _everywhere(
        self, sessions: list[Session], exercise: str, role: str, make: Callable[[Item], Step]
    ) -> list[Session]:
        """`make` applied to `exercise` in every session now, before the loop variables move on."""
        return self._apply(sessions, exercise, role, lambda n, item: make(item))

    def _apply(
        self, sessions: list[Session], exercise: str, role: str, make: Callable[[int, Item], Step | None]
    ) -> list[Session]:
        """`exercise` in `role` replaced in every session by what `make(session index, item)` gives."""
        out = []
        for n, s in enumerate(sessions):
            if not self.holds(s, role, exercise):
                out.append(s)  # the same record: its counts stay known
                continue
            blocks = []
            for b in s.blocks:
                if b.kind == role and any(i.exercise == exercise for i in b.items):
                    items = []
                    for item in b.items:
                        if item.exercise == exercise:
                            found = make(n, item)
                            if found is not None:
                                item = replace(found.item, change=found.change)
                        items.append(item)
                    b = replace(b, items=items)
                blocks.append(b)
            out.append(in_order(replace(s, blocks=blocks), self.ctx))  # in its final order, so its time is its real one
        return out

    def _jumps_after_legs(self, session: Session) -> bool:
        """Rule 29: no plyometric finisher after a lower-body session's worth of hard sets."""
        ctx = self.ctx
        jumps = any(
            ctx.by_id[i.exercise].plyometric
            for b in session.blocks
            if b.kind == "finisher"
            for i in b.items
            if i.exercise in ctx.by_id
        )
        if not jumps:
            return False
        lower = sum(
            i.sets
            for b in session.blocks
            if b.kind in WORKING
            for i in b.items
            if i.exercise in ctx.by_id and "lower" in ctx.regions(ctx.by_id[i.exercise])
        )
        return lower >= ctx.rules.finisher.plyometric_after_lower_sets

    def _fits(self, before: list[Session], after: list[Session], changed: set[int]) -> str | None:
        """None when `after` keeps every rule a step must keep; else what it would break."""
        ctx = self.ctx
        v = ctx.rules.volume
        cap = ctx.cap_minutes * 60
        for n in changed:
            if sum(self.clock.block(b) for b in after[n].blocks) > cap:
                return f"{ctx.inputs.minutes} min"
            if any(c > v.session_max for c in self.counts(after[n]).values()):
                return "10 sets a muscle a session"
            if self._jumps_after_legs(after[n]):
                return "a plyometric finisher"
        days = [s.day for s in after]
        for n, s in enumerate(after):
            nxt = self.following.get(s.day)
            if nxt is None or nxt not in days:
                continue
            k = days.index(nxt)
            if n not in changed and k not in changed:
                continue  # the same two sessions as before the step, which kept rule 11
            today, tomorrow = self.counts(s), self.counts(after[k])
            if any(c >= v.recovery_after and tomorrow[m] > v.recovery_cap for m, c in today.items()):
                return "the next day's recovery"
        # the week's sets change only in the sessions the step changed
        moved: dict[str, float] = {}
        for n in changed:
            for m, c in self.counts(after[n]).items():
                moved[m] = moved.get(m, 0.0) + c
            for m, c in self.counts(before[n]).items():
                moved[m] = moved.get(m, 0.0) - c
        old = self.total(before)
        growth = 1 + ctx.rules.progression.weekly_set_growth
        for m, more in moved.items():
            total = old[m] + more
            # rule 18: a muscle's weekly sets grow at most a fifth over week 1's (one set where that is less)
            if more > 0 and (total > v.week_warn or total > max(self.week1[m] * growth, self.week1[m] + 1)):
                return "weekly sets"
        after_total = Counter(old)  # the week's sets once the step is taken, as it will be
        for m, more in moved.items():
            after_total[m] += more  # type: ignore[assignment]  # Counter adds floats
        self._total = (after, after_total)
        return None


def _from(start: Callable[[Item], Item], item: Item, card: Card) -> Step:
    return Step(start(item), "", card)


def _said(before: Item, found: Step, did: str, units: str) -> str:
    from planner.coach.adapt import then_text

    return f"{did} -> {then_text(before, found.item, found, units)}"


def _working_exercises(sessions: list[Session]) -> list[tuple[str, str]]:
    seen: dict[tuple[str, str], None] = {}
    for s in sessions:
        for b in s.blocks:
            if b.kind in WORKING:
                for i in b.items:
                    seen.setdefault((i.exercise, b.kind), None)
    return list(seen)


def finisher_blocks(session: Session) -> list[Block]:
    return [b for b in session.blocks if b.kind == "finisher"]
