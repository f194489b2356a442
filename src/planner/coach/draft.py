"""A session while it is being composed, and the week it belongs to.

A Draft holds a session's blocks as lists it can grow, knows its own estimated time and the
hard sets it gives each muscle. The Week holds the drafts and what the week's rules need:
every muscle's weekly count, which role each exercise has (rule 31: one role a week), which
variation of each ladder is in use (rule 31: one variation per pattern), and the caps that
rules 8, 9 and 11 put on adding sets to one session.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from planner.coach.context import Context
from planner.coach.order import arranged
from planner.coach.timing import Clock
from planner.coach.volume import PATTERN
from planner.records import Block, Card, Item, Session, replace


class Draft:
    def __init__(self, ctx: Context, clock: Clock, day: str, template_id: str) -> None:
        self.ctx = ctx
        self.clock = clock
        self.day = day
        self.template_id = template_id
        self.template = ctx.template(template_id)
        self.warmup: list[Item] = []
        self.activation: list[Item] = []
        self.main: list[Item] = []
        self.accessory: list[Item] = []
        self.finisher: Block | None = None
        self.superset = ctx.tier.accessory_format == "superset"
        self.counts: Counter[str] = Counter()  # hard sets per muscle and "pattern:<p>" (main, accessory, finisher)
        self.finisher_counts: Counter[str] = Counter()
        self._timed: tuple[tuple[object, ...], float] | None = None  # (contents, seconds): see seconds()

    # -- what is in it

    def used(self) -> set[str]:
        out = {i.exercise for i in (*self.warmup, *self.activation, *self.main, *self.accessory)}
        if self.finisher is not None:
            out |= {i.exercise for i in self.finisher.items}
        return out

    def working(self) -> list[Item]:
        return [*self.main, *self.accessory]

    def regions(self) -> set[str]:
        region = self.template.region
        return {"upper", "lower", "trunk"} if region == "full" else {region, "trunk"}

    # -- time

    def warmup_block(self) -> Block:
        return Block(kind="warmup", format="circuit", items=list(self.warmup))

    def accessory_block(self, items: list[Item] | None = None) -> Block:
        items = self.accessory if items is None else items
        kind_format = "superset" if self.superset and len(items) > 1 else "straight"
        block = Block(kind="accessory", format=kind_format, items=list(items))
        return replace(block, items=arranged(block, self.ctx))

    def blocks(self) -> list[Block]:
        out = [self.warmup_block()]
        if self.activation:
            out.append(Block(kind="activation", format="circuit", items=list(self.activation)))
        if self.main:
            main = Block(kind="main", format="straight", items=list(self.main))
            out.append(replace(main, items=arranged(main, self.ctx)))
        if self.accessory:
            out.append(self.accessory_block())
        if self.finisher is not None and self.finisher.items:
            out.append(self.finisher)
        return out

    def seconds(self) -> float:
        """The session's estimated time. Filling a week asks each draft for it at every step
        while only one draft changed, so it is remembered with what it was worked out from:
        items are records, replaced and never changed in place, and the same items (by
        identity, or else by value) in the same lists take the same time."""
        contents = (
            self.superset,
            self.finisher,
            tuple(self.warmup),
            tuple(self.activation),
            tuple(self.main),
            tuple(self.accessory),
        )
        if self._timed is not None and self._timed[0] == contents:
            return self._timed[1]
        seconds = sum(self.clock.block(b) for b in self.blocks())
        self._timed = (contents, seconds)
        return seconds

    def seconds_without_accessories(self) -> float:
        return sum(self.clock.block(b) for b in self.blocks() if b.kind != "accessory")

    def accessory_seconds(self, items: list[Item]) -> float:
        return self.clock.block(self.accessory_block(items)) if items else 0.0

    def session(self) -> Session:
        session = Session(day=self.day, title=self.template.title, template=self.template_id, blocks=self.blocks())
        return self.clock.stamped(session)

    # -- counts

    def credit(self, card: Card, sets: float) -> dict[str, float]:
        own = {m: w * sets for m, w in self.ctx.pool.credits[card.id].items()}
        if self.ctx.goal.volume.pattern is not None and own:  # a set that is no hard set is no pattern set
            own[PATTERN + card.pattern] = sets
        return own

    def apply(self, delta: Mapping[str, float]) -> None:
        for key, n in delta.items():
            self.counts[key] += n  # type: ignore[assignment]  # Counter adds floats


class Week:
    """The drafts of one week and the week-wide bookkeeping."""

    def __init__(self, ctx: Context, drafts: list[Draft]) -> None:
        self.ctx = ctx
        self.drafts = drafts
        self.counts: Counter[str] = Counter()
        self.role: dict[str, str] = {}  # exercise id -> main / accessory / finisher
        self.family_card: dict[str, str] = {}  # ladder family -> the one variation used this week
        self.uses: Counter[str] = Counter()  # exercise id -> sessions using it
        self.by_day = {d.day: d for d in drafts}
        following = ctx.next_day_sessions()
        self.next = {day: self.by_day[other] for day, other in following.items()}
        self.previous = {other: self.by_day[day] for day, other in following.items()}
        self.missing_mains: list[tuple[str, str, str]] = []  # (session title, pattern, why): rule 25 warnings

    def allowed(self, card: Card, role: str, draft: Draft, used: set[str] | None = None) -> bool:
        """Rule 31: one role for an exercise in a week, one variation of a ladder a week, and
        one isolation exercise of a pattern for a muscle in a session (a second lateral raise
        beside the first is the same work at the same effort: more sets of one say it better)."""
        if card.id in (draft.used() if used is None else used):
            return False
        held = self.role.get(card.id)
        if held is not None and held != role:
            return False
        if card.mechanic == "isolation" and self._same_isolation(card, draft):
            return False
        family = self.ctx.pool.family[card.id]
        return self.family_card.get(family, card.id) == card.id

    def _same_isolation(self, card: Card, draft: Draft) -> bool:
        by_id = self.ctx.by_id
        for item in draft.working():
            other = by_id.get(item.exercise)
            if (
                other is not None
                and other.mechanic == "isolation"
                and other.pattern == card.pattern
                and set(other.primary_muscles) & set(card.primary_muscles)
            ):
                return True
        return False

    def record(self, card: Card, role: str, draft: Draft, delta: Mapping[str, float]) -> None:
        self.role[card.id] = role
        self.family_card.setdefault(self.ctx.pool.family[card.id], card.id)
        self.uses[card.id] += 1
        self.add_counts(draft, delta)

    def forget(self, card: Card, draft: Draft, delta: Mapping[str, float]) -> None:
        """Undo `record` for one session: the exercise leaves `draft`, its sets leave the counts."""
        self.uses[card.id] -= 1
        if self.uses[card.id] <= 0:
            self.role.pop(card.id, None)
            family = self.ctx.pool.family[card.id]
            if self.family_card.get(family) == card.id:
                del self.family_card[family]
        self.add_counts(draft, {k: -v for k, v in delta.items()})

    def add_counts(self, draft: Draft, delta: Mapping[str, float]) -> None:
        draft.apply(delta)
        for key, n in delta.items():
            self.counts[key] += n  # type: ignore[assignment]

    def room(self, draft: Draft, delta: Mapping[str, float], ceiling: float | None = None) -> bool:
        """Can `delta` go into `draft` without breaking rule 9 (per session), rule 11 (the days
        around it) or the weekly ceiling of rule 8 (`week_warn` unless another is given)?"""
        v = self.ctx.rules.volume
        ceiling = v.week_warn if ceiling is None else ceiling
        before = self.previous.get(draft.day)
        after = self.next.get(draft.day)
        for key, n in delta.items():
            if key.startswith(PATTERN) or n <= 0:
                continue
            mine = draft.counts[key] + n
            if mine > v.session_max or self.counts[key] + n > ceiling:
                return False
            if before is not None and before.counts[key] >= v.recovery_after and mine > v.recovery_cap:
                return False
            if after is not None and mine >= v.recovery_after and after.counts[key] > v.recovery_cap:
                return False
        return True

    def sessions_training(self, muscle: str) -> int:
        return sum(1 for d in self.drafts if d.counts[muscle] >= 1)


def item_index(items: Iterable[Item], exercise: str) -> int:
    return next(n for n, i in enumerate(items) if i.exercise == exercise)
