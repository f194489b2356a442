"""Compose a week of sessions from templates, a goal and the exercises a person can do.

Pure and seeded: the same request, library and seed give the same week. The steps follow
TRAINING.md: blocks in order (rule 1); a warm-up that raises then mobilises (rule 2);
activation aimed at the session's muscles (rule 3); main lifts for strength and
hypertrophy (rule 4); accessories chosen to fill the weekly hard-set targets (rules 8-10);
a low-skill finisher (rule 6); and every session fitted to the minutes asked (rule 7).
"""

from __future__ import annotations

import hashlib
import json
import random
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner.errors import PlannerError
from planner.estimate import block_minutes, block_seconds, session_minutes, work_seconds
from planner.library import Library
from planner.records import WEEKDAYS, Block, Card, Item, PlanInputs, Session, Tempo, replace, to_data
from planner.vocab import Vocab, level_allows

EXCLUDE_TAGS = ("loads_spine", "peak_contraction")
FINISHER_MINUTES = {"amrap": (5, 15), "emom": (4, 12), "circuit": (3, 12)}  # rule 6: 3-15 min; AMRAP 5-15
TOLERANCE = 0.10  # rule 7: within +-10 % of the minutes asked
MAX_SESSION_SETS = 10  # rule 9
RECOVERY_AFTER = 4  # rule 11: a session giving a muscle 4+ hard sets...
RECOVERY_CAP = 3  # ...leaves it at most 3 in a session within the next 48 hours (the next day's)
WARMUP_HOLD_MAX_S = 45  # rule 2: static holds at most 45 s
RAMP_NOTE = "ramp up first: a set at about 50 % and one at about 80 % of the working load"


# ---------------------------------------------------------------------------- templates


@dataclass(frozen=True)
class Templates:
    splits: dict[str, dict[str, Any]]
    sessions: dict[str, dict[str, Any]]
    goals: dict[str, dict[str, Any]]


def load_templates(folders: Iterable[Path]) -> Templates:
    """Read templates/*.toml from each library folder; a later folder overrides by key."""
    merged: dict[str, dict[str, Any]] = {"splits": {}, "sessions": {}, "goals": {}}
    for folder in folders:
        for name in merged:
            path = folder / "templates" / f"{name}.toml"
            if path.is_file():
                try:
                    merged[name].update(tomllib.loads(path.read_text(encoding="utf-8")))
                except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
                    raise PlannerError(f"{path}: cannot read templates: {e}") from None
    return Templates(merged["splits"], merged["sessions"], merged["goals"])


# ---------------------------------------------------------------------------- request


@dataclass
class Context:
    """Everything composition needs, resolved once."""

    inputs: PlanInputs
    vocab: Vocab
    templates: Templates
    pool: list[Card]
    goal: dict[str, Any]
    targets: dict[str, tuple[float, float]]  # muscle (or "pattern:<p>") -> weekly hard-set range
    by_id: dict[str, Card] = field(default_factory=dict)
    by_block: dict[str, list[Card]] = field(default_factory=dict)  # pool order, goal-suited
    count_patterns: bool = False  # strength counts sets per movement pattern too (rule 8)
    _regions: dict[str, set[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        # indexes built once: composition asks them for every slot of every session
        self.by_id = {ex.id: ex for ex in self.pool}
        self.count_patterns = any(k.startswith("pattern:") for k in self.targets)
        for ex in self.pool:
            for block in ex.blocks:
                if block not in self.goal or suits_goal(ex, block, self.goal):
                    self.by_block.setdefault(block, []).append(ex)

    def keys(self, ex: Card) -> list[str]:
        """What one set of `ex` counts toward: its primary muscles and, for strength, its pattern."""
        return [*ex.primary_muscles, "pattern:" + ex.pattern] if self.count_patterns else ex.primary_muscles

    def regions(self, ex: Card) -> set[str]:
        """Body regions (upper, lower, trunk) of the card's primary muscles."""
        found = self._regions.get(ex.id)
        if found is None:
            found = self._regions[ex.id] = regions(ex, self.vocab)
        return found


def schedule(inputs: PlanInputs, templates: Templates) -> tuple[str, list[tuple[str, str]]]:
    """The split's name and (weekday, session template) pairs, in weekday order."""
    days = len(inputs.on) if inputs.on else inputs.days
    split = templates.splits.get(str(days))
    if split is None:
        raise PlannerError(
            f"--days: {days} training days is not a split planner knows; use 2 to 6 (TRAINING.md rule 12)"
        )
    weekdays = inputs.on or list(split["weekdays"])
    for template in split["sessions"]:
        if template not in templates.sessions:
            raise PlannerError(f"split {days}: session template {template!r} is not defined in templates/sessions.toml")
    return str(split["name"]), list(zip(sorted(weekdays, key=WEEKDAYS.index), split["sessions"], strict=True))


def exercise_pool(inputs: PlanInputs, library: Library, vocab: Vocab) -> list[Card]:
    """What this person can do: equipment they have, at or below their level, not excluded."""
    return [library.card(i) for i in pool_ids(inputs, library, vocab)]


def pool_ids(inputs: PlanInputs, library: Library, vocab: Vocab) -> list[str]:
    """exercise_pool's ids, in name order, read off the card data (no Card is built: at
    ten thousand cards that alone would cost more than the plan)."""
    equipment = vocab.expand_equipment(inputs.equipment)
    excluded_ids: set[str] = set()
    excluded_tags: set[str] = set()
    for word in inputs.exclude:
        if word in library.cards:
            excluded_ids.add(word)
        elif word in EXCLUDE_TAGS:
            excluded_tags.add(word)
        elif word in vocab.equipment:
            excluded_tags.add("equipment:" + vocab.equipment.resolve(word))
        elif word in vocab.patterns:
            excluded_tags.add("pattern:" + vocab.patterns.resolve(word))
        else:
            library.get(word)  # raises with the closest ids
    ids = []
    for exercise_id in library.sorted_ids():
        card = library.cards[exercise_id]
        if not equipment.issuperset(card["equipment"]) or not level_allows(inputs.level, card["level"]):
            continue
        if exercise_id in excluded_ids:
            continue
        if excluded_tags:
            tags = {t for t in EXCLUDE_TAGS if card[t]}
            tags |= {"equipment:" + e for e in card["equipment"]} | {"pattern:" + card["pattern"]}
            if tags & excluded_tags:
                continue
        ids.append(exercise_id)
    return ids


INTERCHANGEABLE_KEPT = 3
BODYWEIGHT_MAIN_ANYWHERE = frozenset({"pull_up_bar", "dip_station"})  # rule 25


def shortlist(ids: list[str], library: Library, inputs: PlanInputs) -> list[str]:
    """At most three of any set of interchangeable cards (alike in every field planning
    reads, names aside: library.PLANNING_FIELDS), chosen by the seed. Choosing among twenty
    copies of one exercise gives the same plan as choosing among three, only slower, and a
    library of thousands of imported cards holds many such sets. Order is kept."""
    groups: dict[str, list[str]] = {}
    for exercise_id in ids:
        groups.setdefault(library.signatures[exercise_id], []).append(exercise_id)
    if all(len(members) <= INTERCHANGEABLE_KEPT for members in groups.values()):
        return ids
    rng = rng_for(inputs, "shortlist")
    kept: set[str] = set()
    for members in groups.values():
        kept.update(members if len(members) <= INTERCHANGEABLE_KEPT else rng.sample(members, INTERCHANGEABLE_KEPT))
    return [i for i in ids if i in kept]


def goal_range(inputs: PlanInputs, goal: dict[str, Any]) -> tuple[float, float]:
    """The goal's weekly hard sets per major muscle (rule 8); beginners may have a lower floor."""
    lo, hi = (float(x) for x in goal["weekly_sets"])
    if inputs.level == "beginner" and "weekly_sets_beginner" in goal:
        lo = float(goal["weekly_sets_beginner"])
    return lo, hi


def weekly_targets(
    inputs: PlanInputs, goal: dict[str, Any], vocab: Vocab, pool: list[Card]
) -> dict[str, tuple[float, float]]:
    """Weekly hard-set range for each major muscle the available exercises can train
    (rule 8), raised for --focus muscles."""
    lo, hi = goal_range(inputs, goal)
    trainable = {m for ex in pool if {"accessory", "main"} & set(ex.blocks) for m in ex.primary_muscles}
    focus = vocab.expand_muscles(inputs.focus, "--focus")
    targets = {m: (lo, hi) for m in vocab.muscles.ids if vocab.is_major(m) and m in trainable}
    for m in sorted(focus):
        if m not in trainable:
            raise PlannerError(
                f"--focus: no exercise you can do trains {m} as a primary muscle; add equipment or drop it"
            )
        base_lo, base_hi = targets.get(m, (4.0, hi))
        targets[m] = (min((base_lo + base_hi) / 2 + 2, base_hi), base_hi)  # well above the minimum
    return targets


def make_context(inputs: PlanInputs, library: Library, vocab: Vocab, templates: Templates) -> Context:
    goal = templates.goals.get(inputs.goal)
    if goal is None:
        raise PlannerError(f"--goal: no goal {inputs.goal!r} in templates/goals.toml")
    pool = [library.card(i) for i in shortlist(pool_ids(inputs, library, vocab), library, inputs)]
    if not pool:
        raise PlannerError("no exercise in the library matches this equipment, level and --exclude")
    targets = weekly_targets(inputs, goal, vocab, pool)
    if "pattern_sets" in goal:  # strength: 6-12 weekly sets per main movement pattern (rule 8)
        lo, hi = (float(x) for x in goal["pattern_sets"])
        _, days = schedule(inputs, templates)
        for _, template in days:
            for pattern in main_patterns(inputs, templates.sessions[template]):
                if any("main" in ex.blocks and ex.pattern == pattern for ex in pool):
                    targets["pattern:" + pattern] = (lo, hi)
    return Context(inputs, vocab, templates, pool, goal, targets)


def main_patterns(inputs: PlanInputs, template: dict[str, Any]) -> list[str]:
    """The heavy lifts a session opens with: two from 60 minutes up, else one, so that
    accessories still carry the bulk of the hard sets (rule 5)."""
    patterns = list(template.get("main", []))
    return patterns if inputs.minutes >= 60 else patterns[:1]


WEEK_ONE_INPUTS = {"weeks", "progression", "deload_every", "start", "units"}  # later weeks only, or words only


def rng_for(inputs: PlanInputs, *parts: object) -> random.Random:
    """A random stream that depends only on the inputs that shape the first week, the seed
    and where it is used: asking for more weeks never changes week 1."""
    shaping = {k: v for k, v in to_data(inputs).items() if k not in WEEK_ONE_INPUTS}
    key = json.dumps([shaping, *map(str, parts)], sort_keys=True)
    return random.Random(hashlib.sha256(key.encode()).hexdigest())


# ---------------------------------------------------------------------------- counting


def hard_sets(blocks: Iterable[Block], by_id: dict[str, Card], patterns: bool = False) -> Counter[str]:
    """Hard sets per muscle: primary 1, secondary 0.5; warm-up, activation and finisher 0 (rule 8).
    With `patterns`, also sets per movement pattern, as "pattern:<name>"."""
    counts: Counter[str] = Counter()
    for block in blocks:
        if block.kind not in ("main", "accessory"):
            continue
        for item in block.items:
            ex = by_id.get(item.exercise)
            if ex is None:
                continue
            for m in ex.primary_muscles:
                counts[m] += item.sets
            for m in ex.secondary_muscles:
                counts[m] += item.sets * 0.5  # type: ignore[assignment]  # Counter adds floats; typeshed says int
            if patterns:
                counts["pattern:" + ex.pattern] += item.sets
    return counts


def week_hard_sets(sessions: Iterable[Session], by_id: dict[str, Card], patterns: bool = False) -> Counter[str]:
    total: Counter[str] = Counter()
    for s in sessions:
        total.update(hard_sets(s.blocks, by_id, patterns))
    return total


# ---------------------------------------------------------------------------- prescriptions


def _tempo_for(ex: Card, base: str) -> str | None:
    if ex.measure != "reps" or ex.limits.eccentric_max_s == 0:
        return ex.defaults.tempo  # jumps, swings and holds run at their own pace
    if ex.defaults.tempo:
        return ex.defaults.tempo
    tempo = Tempo.parse(base)
    eccentric = min(tempo.eccentric, ex.limits.eccentric_max_s)
    top = tempo.top_pause if ex.peak_contraction else 0
    return str(replace(tempo, eccentric=max(eccentric, 1), top_pause=min(top, ex.limits.pause_max_s)))


def working_item(ex: Card, kind: str, goal: dict[str, Any], sets: int | None = None) -> Item:
    """A main or accessory prescription by goal (rules 13-15); the exercise's own
    seconds, meters and tempo win over the goal's."""
    spec = goal[kind]
    reps_lo = int(spec["reps"][0])
    if ex.limits.reps_max:
        reps_lo = min(reps_lo, ex.limits.reps_max)
    if kind == "main":
        rest = int(spec["rest"])
    else:
        rest = int(spec["rest_compound"] if ex.mechanic == "compound" else spec["rest_isolation"])
    return Item(
        exercise=ex.id,
        name=ex.name,
        sets=sets or int(spec["sets"]),
        reps=reps_lo if ex.measure == "reps" else None,
        seconds=(ex.defaults.seconds or 30) if ex.measure == "seconds" else None,
        meters=(ex.defaults.meters or 40) if ex.measure == "meters" else None,
        per_side=ex.per_side,
        tempo=_tempo_for(ex, str(spec["tempo"])),
        rest_seconds=rest,
        rir=int(spec["rir"]),
    )


def drill_item(ex: Card, rounds: int, reps: int = 10, seconds: int = 30, activation: bool = False) -> Item:
    """A warm-up or activation drill: easy effort, the card's own dose where it has one,
    kept inside the block's range (rule 2: holds up to 45 s; rule 3: 8-20 reps or 20-40 s)."""
    hold = ex.defaults.seconds or seconds
    count = ex.defaults.reps or reps
    if activation:
        hold, count = max(20, min(hold, 40)), max(8, min(count, 20))
    return Item(
        exercise=ex.id,
        name=ex.name,
        sets=rounds,
        reps=count if ex.measure == "reps" else None,
        seconds=min(hold, WARMUP_HOLD_MAX_S) if ex.measure == "seconds" else None,
        meters=(ex.defaults.meters or 20) if ex.measure == "meters" else None,
        per_side=ex.per_side,
        tempo=None,
        rest_seconds=0,
        rir=None,
        note="easy effort (RPE 5 or less)",
    )


# ---------------------------------------------------------------------------- picking


def _pick(candidates: Sequence[Card], score: Any, rng: random.Random) -> Card | None:
    """The best-scoring candidate; a small seeded jitter breaks ties and varies plans by seed."""
    best: tuple[float, str] | None = None
    choice = None
    for ex in candidates:
        value = (score(ex) + rng.random() * 0.5, ex.id)
        if best is None or value > best:
            best, choice = value, ex
    return choice


def regions(ex: Card, vocab: Vocab) -> set[str]:
    return {vocab.region(m) for m in ex.primary_muscles}


@dataclass
class WeekState:
    """What the week holds so far, so later sessions can fill what earlier ones left."""

    counts: Counter[str] = field(default_factory=Counter)
    used: Counter[str] = field(default_factory=Counter)
    main_by_pattern: dict[str, str] = field(default_factory=dict)


class SessionBuilder:
    def __init__(
        self,
        ctx: Context,
        day: str,
        template_id: str,
        state: WeekState,
        rng: random.Random,
        boost: dict[str, float] | None = None,
        finisher: bool = True,
        supersets: bool = False,
        caps: dict[str, float] | None = None,
    ) -> None:
        self.ctx = ctx
        self.caps = caps or {}  # rule 11: muscles the day before or after leaves little room for
        self.boost = boost or {}
        self.want_finisher = finisher
        self.focus = ctx.vocab.expand_muscles(ctx.inputs.focus, "--focus")
        self.day = day
        self.template_id = template_id
        self.template = ctx.templates.sessions[template_id]
        self.state = state
        self.rng = rng
        self.minutes = ctx.inputs.minutes
        self.in_session: set[str] = set()
        self.warmup = Block(kind="warmup", format="circuit")
        self.activation = Block(kind="activation", format="circuit")
        self.main = Block(kind="main", format="straight")
        self.accessory = Block(kind="accessory", format="superset" if supersets else "straight")
        self.finisher: Block | None = None
        self.open_slots = list(range(len(self.template["accessory"])))
        self._counts_key: tuple[tuple[str, int], ...] | None = None
        self._counts: Counter[str] = Counter()

    # -- helpers

    def blocks(self) -> list[Block]:
        out = [self.warmup, self.activation]
        if self.main.items:
            out.append(self.main)
        if self.accessory.items:
            out.append(self.accessory)
        if self.finisher is not None and self.finisher.items:
            out.append(self.finisher)
        return out

    def session(self) -> Session:
        for block in (self.main, self.accessory):
            block.items[:] = arranged(block, self.ctx)
        if self.main.items:  # rule 4: the first heavy lift is ramped up to
            self.main.items[0] = replace(self.main.items[0], note=RAMP_NOTE)
        return finalized(
            Session(day=self.day, title=str(self.template["title"]), template=self.template_id, blocks=self.blocks())
        )

    def estimate(self) -> float:
        if self.accessory.format == "superset":  # its time depends on which exercises pair up
            self.accessory.items[:] = arranged(self.accessory, self.ctx)
        return session_minutes(Session(day=self.day, title="", blocks=self.blocks()))

    def session_counts(self) -> Counter[str]:
        """Hard sets this session gives so far; recounted only when its items change (scoring
        asks for it once per candidate exercise)."""
        key = tuple((i.exercise, i.sets) for block in (self.main, self.accessory) for i in block.items)
        if key != self._counts_key:
            self._counts_key = key
            self._counts = hard_sets([self.main, self.accessory], self.ctx.by_id, self.ctx.count_patterns)
        return self._counts

    def deficit(self, muscle: str) -> float:
        target = self.ctx.targets.get(muscle)
        if target is None:
            return 0.0
        have = self.state.counts[muscle] + self.session_counts()[muscle]
        return self.boost.get(muscle, 1.0) * max(0.0, target[0] - have) / target[0]

    def surplus(self, muscle: str) -> float:
        target = self.ctx.targets.get(muscle)
        have = self.state.counts[muscle] + self.session_counts()[muscle]
        return have - (target[0] if target else 0.0)

    def fits_session_cap(self, ex: Card, extra_sets: int) -> bool:
        counts, caps = self.session_counts(), self.caps
        return all(counts[m] + extra_sets <= caps.get(m, MAX_SESSION_SETS) for m in ex.primary_muscles) and all(
            counts[m] + 0.5 * extra_sets <= caps.get(m, MAX_SESSION_SETS) for m in ex.secondary_muscles
        )

    def over_week_max(self, ex: Card, extra_sets: int) -> bool:
        counts = self.session_counts()
        for m, weight in credits(ex, self.ctx).items():
            target = self.ctx.targets.get(m)
            if target and self.state.counts[m] + counts[m] + weight * extra_sets > target[1]:
                return True
        return False

    def available(self, block: str) -> list[Card]:
        return [ex for ex in self.ctx.by_block.get(block, []) if ex.id not in self.in_session]

    def take(self, block: Block, item: Item) -> None:
        block.items.append(item)
        self.in_session.add(item.exercise)

    # -- blocks

    def build_warmup(self) -> None:
        """Raise, then mobilise the joints the session uses (rule 2): 5-10 minutes."""
        target_s = 60 * (5 if self.minutes <= 30 else 6 if self.minutes <= 45 else 7 if self.minutes <= 60 else 8)
        region = self.template["region"]
        drills = self.available("warmup")
        raisers = [ex for ex in drills if ex.pattern in ("locomotion", "jump", "cyclical") and ex.measure != "meters"]
        first = _pick(raisers, lambda ex: 0.0, self.rng)
        if first is not None:
            self.take(self.warmup, drill_item(first, 1, seconds=45))
        while block_seconds(self.warmup) < target_s:
            options = [ex for ex in self.available("warmup") if ex.measure != "meters"]
            pick = _pick(options, lambda ex: self._warmup_score(ex, region), self.rng)
            if pick is None:
                break
            self.take(self.warmup, drill_item(pick, 1))

    def _warmup_score(self, ex: Card, region: str) -> float:
        own = self.ctx.regions(ex)
        score = 2.0 if region == "full" or region in own else 0.0
        score += 1.0 if ex.pattern == "mobility" else 0.0
        score -= 1.5 if ex.measure == "seconds" else 0.0  # rule 2: mostly moving, few holds
        score += sum(0.5 for m in ex.primary_muscles if m in self.template["focus"])
        return score

    def build_activation(self) -> None:
        """2-3 low-load drills for the muscles the session trains (rule 3)."""
        region = self.template["region"]
        wanted = ["lower", "upper"] if region == "full" else [region, region]
        if self.minutes >= 60 and region != "full":
            wanted.append(region)
        rounds = 1 if self.minutes <= 30 else 2
        focus = set(self.template["focus"])
        for want in wanted:
            options = [ex for ex in self.available("activation") if want in self.ctx.regions(ex)]
            pick = _pick(
                options, lambda ex: 2.0 * len(focus & set(ex.primary_muscles)) + len(focus & ex.muscles) * 0.5, self.rng
            )
            if pick is not None:
                self.take(self.activation, drill_item(pick, rounds, reps=12, activation=True))
                if block_seconds(self.activation) > 8 * 60:  # rule 3: at most 8 minutes
                    self.in_session.discard(self.activation.items.pop().exercise)

    def _main_score(self, ex: Card) -> float:
        # rule 25: a lift that takes external load comes before a bodyweight one wherever the
        # equipment offers both (a skater squat is a bodyweight plan's squat, not a gym's);
        # pull-ups, chin-ups and dips are main lifts in any setting
        loadable = ex.loaded or bool(BODYWEIGHT_MAIN_ANYWHERE & set(ex.equipment))
        return (1.0 if ex.level == self.ctx.inputs.level else 0.0) + (1.0 if loadable else 0.0)

    def reaim_activation(self) -> bool:
        """Activation drills must wake up muscles the session then trains (rule 3): swap a
        drill that aims elsewhere for one that aims at the session's work."""
        trained = set().union(*(self.ctx.by_id[i.exercise].muscles for i in [*self.main.items, *self.accessory.items]))
        changed = False
        for n, item in enumerate(self.activation.items):
            if set(self.ctx.by_id[item.exercise].primary_muscles) & trained:
                continue
            options = [ex for ex in self.available("activation") if set(ex.primary_muscles) & trained]
            pick = _pick(options, lambda ex: 2.0 * len(set(ex.primary_muscles) & trained), self.rng)
            if pick is not None:
                swapped = [
                    *self.activation.items[:n],
                    drill_item(pick, item.sets, reps=12, activation=True),
                    *self.activation.items[n + 1 :],
                ]
                if block_seconds(replace(self.activation, items=swapped)) > 8 * 60:
                    continue  # rule 3: at most 8 minutes
                self.in_session.discard(item.exercise)
                self.activation.items[n] = drill_item(pick, item.sets, reps=12, activation=True)
                self.in_session.add(pick.id)
                changed = True
        return changed

    def build_main(self) -> None:
        if self.ctx.inputs.goal not in ("strength", "hypertrophy"):
            return
        for pattern in main_patterns(self.ctx.inputs, self.template):
            chosen = self.state.main_by_pattern.get(pattern)
            if chosen in self.in_session or (chosen and chosen not in self.ctx.by_id):
                chosen = None
            ex = self.ctx.by_id.get(chosen) if chosen else None
            if ex is None:
                options = [e for e in self.available("main") if e.pattern == pattern and e.mechanic == "compound"]
                ex = _pick(options, self._main_score, self.rng)
            sets = int(self.ctx.goal["main"]["sets"])
            if self.minutes < 45 or len(self.ctx.inputs.on or []) >= 5 or self.ctx.inputs.days >= 5:
                # a short session, or a split that repeats each lift twice a week, keeps most of
                # its sets for accessories (rule 5)
                sets = max(2, sets - 1)
            if ex is None or not self.fits_session_cap(ex, sets) or self.over_week_max(ex, sets):
                continue
            self.state.main_by_pattern[pattern] = ex.id
            self.take(self.main, working_item(ex, "main", self.ctx.goal, sets=sets))

    def add_accessory(self) -> bool:
        """Fill the open template slot whose muscles the week needs most (template order
        breaks ties), with the best exercise for it."""
        sets = int(self.ctx.goal["accessory"]["sets"])
        while self.open_slots:
            index = max(
                self.open_slots,
                key=lambda i: (round(max(self.deficit(m) for m in self.template["accessory"][i]), 2), -i),
            )
            self.open_slots.remove(index)
            slot = set(self.template["accessory"][index])
            options = [
                ex
                for ex in self.available("accessory")
                if slot & set(ex.primary_muscles) and self.fits_session_cap(ex, 2) and not self.over_week_max(ex, 2)
            ]
            pick = _pick(options, lambda ex, slot=slot: self._accessory_score(ex, slot), self.rng)
            if pick is None and not self.open_slots:
                pick = self._fallback_accessory()
            if pick is not None:
                # two sets to start: cover every muscle first; fitting adds sets where the week is short
                self.take(self.accessory, working_item(pick, "accessory", self.ctx.goal, sets=min(2, sets)))
                return True
        return False

    def _fallback_accessory(self) -> Card | None:
        """The template's slots are spent: any accessory for this session's region or the
        trunk, muscles the week still needs first."""
        allowed = session_regions(self.ctx, self.template_id)
        options = [
            ex
            for ex in self.available("accessory")
            if self.ctx.regions(ex) <= allowed and self.fits_session_cap(ex, 2) and not self.over_week_max(ex, 2)
        ]
        return _pick(options, lambda ex: self._accessory_score(ex, set(ex.primary_muscles)), self.rng)

    def _accessory_score(self, ex: Card, slot: set[str]) -> float:
        score = 3.0 * sum(self.deficit(m) for m in self.ctx.keys(ex))
        score += 1.0 * sum(self.deficit(m) for m in ex.secondary_muscles)
        score -= 2.5 * self.state.used[ex.id]  # vary accessories across the week
        score += 0.4 if ex.level == self.ctx.inputs.level else 0.0
        score += 1.5 * len(self.focus & set(ex.primary_muscles))  # --focus: more of these, always
        score += 0.3 if ex.mechanic == "compound" else 0.0
        score += 1.5 if ex.loaded else 0.0  # with weights at hand, prefer what can progress by load
        score -= 0.8 if ex.measure != "reps" else 0.0
        return score

    def build_finisher(self) -> None:
        formats = list(self.ctx.goal["finisher_formats"])
        self.rng.shuffle(formats)
        for fmt in formats:
            block = self._finisher(fmt, int(self.ctx.goal["finisher_minutes"]))
            if block is not None:
                self.finisher = block
                for item in block.items:
                    self.in_session.add(item.exercise)
                return

    def _finisher(self, fmt: str, minutes: int) -> Block | None:
        """Low-skill conditioning at the end (rule 6)."""
        options = [ex for ex in self.available("finisher") if ex.level != "advanced" and "barbell" not in ex.equipment]
        if fmt == "carry":
            options = [ex for ex in options if ex.measure == "meters"]
            pick = _pick(options, lambda ex: 0.0, self.rng)
            if pick is None:
                return None
            meters = pick.defaults.meters or 40
            item = Item(
                exercise=pick.id, name=pick.name, sets=4, meters=meters, per_side=pick.per_side, rest_seconds=60
            )
            return Block(kind="finisher", format="carry", items=[item])
        options = [ex for ex in options if ex.measure != "meters"]
        count = 3 if fmt in ("amrap", "circuit") else 2
        picked: list[Card] = []
        for _ in range(count):
            pick = _pick([ex for ex in options if ex not in picked], lambda ex: -self.state.used[ex.id] * 1.0, self.rng)
            if pick is not None:
                picked.append(pick)
        if len(picked) < 2:
            return None
        return finisher_block(fmt, picked, minutes)

    # -- fitting the minutes (rule 7)

    def grow_item(self, index: int) -> bool:
        item = self.accessory.items[index]
        ex = self.ctx.by_id[item.exercise]
        limit = 5 if self.ctx.inputs.goal == "hypertrophy" else 4
        if item.sets >= limit or not self.fits_session_cap(ex, 1) or self.over_week_max(ex, 1):
            return False
        self.accessory.items[index] = replace(item, sets=item.sets + 1)
        return True

    def finisher_can_change(self, step: int) -> bool:
        if self.finisher is None or self.finisher.format not in FINISHER_MINUTES:
            return False
        low, high = FINISHER_MINUTES[self.finisher.format]
        resized = resize_finisher(self.finisher, self.finisher.minutes + step, self.ctx.by_id)
        # a circuit grows by whole rounds: judge by the time it really takes, not the minutes asked of it
        return low * 60 <= block_seconds(resized) <= high * 60 and block_seconds(resized) != block_seconds(
            self.finisher
        )

    def grow(self) -> bool:
        # more sets where the week is short, then another exercise, then a longer finisher
        order = sorted(
            range(len(self.accessory.items)),
            key=lambda i: (
                -sum(self.deficit(m) for m in self.ctx.keys(self.ctx.by_id[self.accessory.items[i].exercise]))
            ),
        )
        for i in order:
            ex = self.ctx.by_id[self.accessory.items[i].exercise]
            if any(self.deficit(m) > 0 for m in self.ctx.keys(ex)) and self.grow_item(i):
                return True
        if self.add_accessory():
            return True
        for i in order:
            if self.accessory.items[i].sets < 3 and self.grow_item(i):
                return True
        if self.finisher is not None and self.finisher_can_change(+1):
            self.finisher = resize_finisher(self.finisher, self.finisher.minutes + 1, self.ctx.by_id)
            return True
        for i in order:
            if self.grow_item(i):
                return True
        return self.grow_preparation()  # main lifts keep their sets: accessories carry the bulk (rule 5)

    def grow_preparation(self) -> bool:
        """Last resort for a long session with few exercises: a fuller warm-up (up to 10
        minutes, rule 2) and activation (up to 2 rounds and 8 minutes, rule 3)."""
        options = [ex for ex in self.available("warmup") if ex.measure != "meters"]
        pick = _pick(options, lambda ex: self._warmup_score(ex, self.template["region"]), self.rng)
        if pick is not None:
            longer = replace(self.warmup, items=[*self.warmup.items, drill_item(pick, 1)])
            if block_seconds(longer) <= 10 * 60:  # rule 2: 5-10 minutes
                self.take(self.warmup, drill_item(pick, 1))
                return True
        rounds = max((i.sets for i in self.activation.items), default=2)
        if rounds < 2:  # rule 3: one or two rounds
            bigger = [replace(i, sets=rounds + 1) for i in self.activation.items]
            if block_seconds(Block(kind="activation", format="circuit", items=bigger)) <= 8 * 60:
                self.activation.items[:] = bigger
                return True
        return False

    def shrink(self) -> bool:
        if self.finisher is not None and self.finisher_can_change(-1):
            self.finisher = resize_finisher(self.finisher, self.finisher.minutes - 1, self.ctx.by_id)
            return True
        # fewer sets where the week has the most to spare
        order = sorted(
            range(len(self.accessory.items)),
            key=lambda i: (
                -min(self.surplus(m) for m in self.ctx.keys(self.ctx.by_id[self.accessory.items[i].exercise]))
            ),
        )
        for i in order:
            item = self.accessory.items[i]
            if item.sets > 2:
                self.accessory.items[i] = replace(item, sets=item.sets - 1)
                return True
        if len(self.accessory.items) > 1:
            gone = self.accessory.items.pop(order[0])
            self.in_session.discard(gone.exercise)
            return True
        if self.finisher is not None:
            self.finisher = None
            return True
        for i, item in enumerate(self.main.items):
            if item.sets > 2:
                self.main.items[i] = replace(item, sets=item.sets - 1)
                return True
        if len(self.main.items) > 1:
            self.in_session.discard(self.main.items.pop().exercise)
            return True
        for block in (self.activation, self.warmup):
            if any(item.sets > 1 for item in block.items):
                block.items[:] = [replace(item, sets=1) for item in block.items]
                return True
        if len(self.activation.items) > 2:
            self.in_session.discard(self.activation.items.pop().exercise)
            return True
        if len(self.warmup.items) > 3:
            last = self.warmup.items[-1]
            if block_seconds(replace(self.warmup, items=self.warmup.items[:-1])) >= 5 * 60:  # rule 2: 5 min at least
                self.in_session.discard(self.warmup.items.pop().exercise)
                return True
            del last
        return False

    def fit(self) -> None:
        target = float(self.minutes)
        lo, hi = target * (1 - TOLERANCE), target * (1 + TOLERANCE)
        # a multi-week plan starts low in the band: progressions make sets longer (rule 7)
        aim_low, aim_high = (0.92, 1.0) if self.ctx.inputs.weeks > 1 else (0.97, 1 + TOLERANCE)
        for _ in range(400):
            now = self.estimate()
            if now > target * aim_high:
                if not self.shrink():
                    break
            elif now < target * aim_low:  # aim near the target, not just inside the band
                if not self.grow():
                    break
            else:
                break
        # the last grow step can overshoot: step back while still above the band
        for _ in range(50):
            if self.estimate() <= hi or not self.shrink():
                break
        now = self.estimate()
        if not lo <= now <= hi:
            raise SessionDoesNotFit(self.template["title"], now, target)

    def build(self) -> Session:
        self.build_warmup()
        self.build_activation()
        self.build_main()
        if self.want_finisher:
            self.build_finisher()
        while self.add_accessory() and self.estimate() < self.minutes * 0.75:
            pass
        self.fit()
        if self.reaim_activation():
            self.fit()
        for block in (self.main, self.accessory):
            for item in block.items:
                self.state.used[item.exercise] += 1
        self.state.counts.update(self.session_counts())
        return self.session()


class SessionDoesNotFit(PlannerError):
    """A session that cannot be made to last the minutes asked (rule 7)."""

    def __init__(self, title: str, estimated: float, asked: float) -> None:
        if estimated > asked:
            why = (
                f"even its leanest version (warm-up, activation and the fewest working sets) takes {estimated:.0f} min; "
                f"try --minutes {int(estimated * 1.05 + 1)} or fewer --days"
            )
        else:
            why = (
                f"your equipment and level leave too few different exercises to fill it: the fullest version takes "
                f"{estimated:.0f} min; try --minutes {max(20, round(estimated))}, fewer --days or more --equipment"
            )
        super().__init__(f"{title} cannot last {asked:.0f} min +-10 % (TRAINING.md rule 7): {why}")
        self.estimated = estimated
        self.asked = asked


def credits(ex: Card, ctx: Context) -> dict[str, float]:
    """What one set of `ex` adds to the weekly counts: primary 1, secondary 0.5, its pattern 1."""
    out = {m: 0.5 for m in ex.secondary_muscles}
    out.update({k: 1.0 for k in ctx.keys(ex)})
    return out


def suits_goal(ex: Card, kind: str, goal: dict[str, Any]) -> bool:
    """A rep-based exercise whose useful range stops below the goal's reps does not fit
    it (rule 13): 8 negative pull-ups are not endurance work."""
    return ex.measure != "reps" or ex.limits.reps_max is None or ex.limits.reps_max >= int(goal[kind]["reps"][0])


def finalized(session: Session, ctx: Context | None = None) -> Session:
    """The session with each block's minutes and its own total stamped on; with `ctx`,
    main and accessory items put in rule 1's order first."""
    blocks = [
        replace(
            b,
            minutes=block_minutes(b),
            items=arranged(b, ctx) if ctx is not None and b.kind in ("main", "accessory") else b.items,
        )
        for b in session.blocks
    ]
    s = replace(session, blocks=blocks)
    return replace(s, minutes=session_minutes(s))


def arranged(block: Block, ctx: Context) -> list[Item]:
    """The block's items in rule 1's order; a superset block's then paired up."""
    items = ordered_items(block.items, ctx)
    return superset_order(items, ctx) if block.format == "superset" else items


def superset_order(items: list[Item], ctx: Context) -> list[Item]:
    """Pairs for a superset block (A1 A2, B1 B2, ...): each exercise, in rule 1's order,
    with the next one that shares none of its primary muscles, so that neither works a
    muscle the other has just tired (chest with back, quads with hamstrings). Pair leaders
    keep rule 1's order, and so does each pair."""
    left = list(items)
    out: list[Item] = []
    while left:
        first = left.pop(0)
        out.append(first)
        if not left:
            break
        mine = _primary(first, ctx)
        partner = next((n for n, other in enumerate(left) if not mine & _primary(other, ctx)), 0)
        out.append(left.pop(partner))
    return out


def _primary(item: Item, ctx: Context) -> set[str]:
    ex = ctx.by_id.get(item.exercise)
    return set(ex.primary_muscles) if ex is not None else set()


def ordered_items(items: list[Item], ctx: Context) -> list[Item]:
    """Rule 1: within a block, multi-joint before single-joint, large muscles before small."""

    def key(item: Item) -> tuple[bool, int]:
        ex = ctx.by_id.get(item.exercise)
        if ex is None:  # swapped in from elsewhere: keep it where the person put it
            return (False, 0)
        return (ex.mechanic != "compound", min(ctx.vocab.size_rank(m) for m in ex.primary_muscles))

    return sorted(items, key=key)


# ---------------------------------------------------------------------------- finishers


def finisher_block(fmt: str, exercises: list[Card], minutes: int) -> Block:
    if fmt == "tabata":  # 8 x (20 s on / 10 s off) = 4 min (rule 6), exercises alternating
        each = 8 // len(exercises[:2])
        items = [
            Item(exercise=ex.id, name=ex.name, sets=each, seconds=20, rest_seconds=10, note="alternate every 20 s")
            for ex in exercises[:2]
        ]
        return Block(kind="finisher", format="tabata", minutes=4, rounds=8, items=items)
    if fmt == "emom":  # at most ~40 s of work in each minute (rule 6)
        return resize_finisher(
            Block(kind="finisher", format="emom", items=[_emom_item(ex) for ex in exercises[:2]]), minutes, {}
        )
    reps_items = [_circuit_item(ex) for ex in exercises[:3]]
    if fmt == "circuit":
        block = Block(kind="finisher", format="circuit", items=reps_items)
        return resize_finisher(block, minutes, {})
    return Block(kind="finisher", format="amrap", minutes=max(minutes, 5), items=reps_items)


def _emom_item(ex: Card) -> Item:
    if ex.measure == "seconds":
        return Item(exercise=ex.id, name=ex.name, sets=1, seconds=min(ex.defaults.seconds or 30, 40), rest_seconds=20)
    from planner.estimate import UNTIMED_REP_SECONDS

    reps = ex.defaults.reps or 10
    per_rep = UNTIMED_REP_SECONDS * (2 if ex.per_side else 1)
    reps = max(4, min(reps, int(35 // per_rep)))  # rule 6: at most ~40 s of work in each minute
    return Item(exercise=ex.id, name=ex.name, sets=1, reps=reps, per_side=ex.per_side, rest_seconds=20)


def _circuit_item(ex: Card) -> Item:
    if ex.measure == "seconds":
        return Item(exercise=ex.id, name=ex.name, sets=1, seconds=min(ex.defaults.seconds or 30, 40), rest_seconds=15)
    return Item(
        exercise=ex.id, name=ex.name, sets=1, reps=ex.defaults.reps or 10, per_side=ex.per_side, rest_seconds=15
    )


def resize_finisher(block: Block, minutes: float, by_id: dict[str, Card]) -> Block:
    """The same finisher, made `minutes` long (EMOM and AMRAP) or given as many rounds as fit (circuit)."""
    minutes = int(minutes)
    if block.format == "emom":
        n = len(block.items)
        minutes = max(n * 2, minutes - minutes % n)  # whole rounds: each exercise on its own minute
        items = [replace(i, sets=minutes // n) for i in block.items]
        return replace(block, minutes=minutes, items=items, rounds=minutes)
    if block.format == "amrap":
        return replace(block, minutes=minutes)
    if block.format == "carry":  # rule 6: 3-5 carries
        sets = max(3, min(5, round(minutes * 60 / 100)))
        return replace(block, minutes=minutes, items=[replace(i, sets=sets) for i in block.items])
    if block.format == "circuit":
        per_round = sum(work_seconds(i) + 10 + 15 for i in block.items) + 45  # 45 s between rounds
        rounds = max(2, min(10, round(minutes * 60 / per_round)))
        items = [replace(i, sets=rounds) for i in block.items]
        return replace(block, rounds=rounds, items=items, minutes=minutes)
    return block


# ---------------------------------------------------------------------------- the week


def compose_week(ctx: Context) -> list[Session]:
    """The first week. When a muscle ends the week short of its target (rule 8), the week
    is composed again favouring the muscles that fell short, and without finishers, whose
    minutes then go to hard sets; up to three tries. Still short, the accessories go in
    supersets (pairs share one rest), which fits more hard sets into the same minutes:
    three tries more. A week that needs no help keeps straight sets."""
    straight: list[Session] = []
    for supersets in (False, True):
        boost: dict[str, float] = {}
        for attempt in range(3):
            try:
                sessions = repair_volume(ctx, _compose(ctx, boost, finisher=attempt == 0, supersets=supersets))
            except SessionDoesNotFit:
                if not supersets:
                    raise
                return straight  # supersets cannot help: the straight-set week says what falls short
            short = {**volume_shortfalls(ctx, sessions), **frequency_shortfalls(ctx, sessions)}
            if not short:
                return sessions
            if not supersets:
                straight = sessions
            for m in short:
                boost[m] = boost.get(m, 1.0) * 3
    return straight


def _compose(ctx: Context, boost: dict[str, float], finisher: bool, supersets: bool = False) -> list[Session]:
    _, days = schedule(ctx.inputs, ctx.templates)
    state = WeekState()
    sessions: list[Session] = []
    for day, template_id in days:
        rng = rng_for(ctx.inputs, "week", 1, day, template_id)
        caps = recovery_caps(ctx, sessions, day)
        builder = SessionBuilder(ctx, day, template_id, state, rng, boost, finisher, supersets, caps)
        sessions.append(builder.build())
    return sessions


def next_day(day: str, other: str) -> bool:
    """Is `other` the day after `day` (Sunday to Monday too)? Rule 11 keeps such sessions apart."""
    return (WEEKDAYS.index(other) - WEEKDAYS.index(day)) % 7 == 1


def recovery_caps(ctx: Context, others: Iterable[Session], day: str) -> dict[str, float]:
    """Rule 11: the most hard sets a session on `day` may give each muscle, given the
    sessions of the days around it: at most 3 after a day that gave the muscle 4 or more,
    and under 4 before a day that gives it more than 3."""
    caps: dict[str, float] = {}
    for other in others:
        if next_day(other.day, day):
            counts = hard_sets(other.blocks, ctx.by_id)
            caps.update((m, float(RECOVERY_CAP)) for m, n in counts.items() if n >= RECOVERY_AFTER)
        elif next_day(day, other.day):
            for m, n in hard_sets(other.blocks, ctx.by_id).items():
                if n > RECOVERY_CAP:
                    caps[m] = min(caps.get(m, MAX_SESSION_SETS), RECOVERY_AFTER - 0.5)
    return caps


def recovery_kept(ctx: Context, sessions: list[Session]) -> bool:
    """Rule 11 holds between every two sessions on following days."""
    counts = {s.day: hard_sets(s.blocks, ctx.by_id) for s in sessions}
    for day, today in counts.items():
        for other, tomorrow in counts.items():
            if next_day(day, other) and any(
                n >= RECOVERY_AFTER and tomorrow[m] > RECOVERY_CAP for m, n in today.items()
            ):
                return False
    return True


def volume_shortfalls(ctx: Context, sessions: list[Session]) -> dict[str, tuple[float, float]]:
    """Muscles below their weekly minimum: muscle -> (have, need)."""
    counts = week_hard_sets(sessions, ctx.by_id, ctx.count_patterns)
    return {m: (counts[m], lo) for m, (lo, _) in ctx.targets.items() if counts[m] < lo}


def frequency_shortfalls(ctx: Context, sessions: list[Session]) -> dict[str, int]:
    """For hypertrophy, major muscles trained in fewer than two sessions (rule 10)."""
    if ctx.inputs.goal != "hypertrophy":
        return {}
    per_session = [hard_sets(s.blocks, ctx.by_id) for s in sessions]
    out = {}
    for m in ctx.targets:
        if not m.startswith("pattern:"):
            n = sum(1 for c in per_session if c[m] >= 1)
            if n < 2:
                out[m] = n
    return out


# ---------------------------------------------------------------------------- repair


def repair_volume(ctx: Context, sessions: list[Session]) -> list[Session]:
    """Close small weekly shortfalls (rule 8) after composing: add a set where a session
    has minutes to spare, or swap an accessory whose muscles have sets to spare for one
    that trains the muscle that is short. Every change keeps the session within its
    minutes (rule 7) and under ten hard sets per muscle (rule 9)."""
    sessions = list(sessions)
    for _ in range(80):
        short = volume_shortfalls(ctx, sessions)
        counts = week_hard_sets(sessions, ctx.by_id, ctx.count_patterns)
        if not short:
            if frequency_shortfalls(ctx, sessions) and _repair_frequency(ctx, sessions, counts):
                continue
            break
        fixed = False
        for muscle in sorted(short, key=lambda m: short[m][0] - short[m][1]):
            for i, session in enumerate(sessions):
                better = _add_set(ctx, session, muscle, counts) or _swap_in(ctx, session, muscle, counts)
                if better is not None and _under_week_max(ctx, [*sessions[:i], better, *sessions[i + 1 :]]):
                    sessions[i] = better
                    fixed = True
                    break
            if fixed:
                break
        if not fixed:
            break
    return sessions


def _repair_frequency(ctx: Context, sessions: list[Session], counts: Counter[str]) -> bool:
    """Rule 10: put a muscle trained only once into a second session."""
    for muscle in frequency_shortfalls(ctx, sessions):
        for i, session in enumerate(sessions):
            if hard_sets(session.blocks, ctx.by_id)[muscle] >= 1:
                continue
            better = _swap_in(ctx, session, muscle, counts)
            if better is not None and _under_week_max(ctx, [*sessions[:i], better, *sessions[i + 1 :]]):
                sessions[i] = better
                return True
    return False


def _under_week_max(ctx: Context, sessions: list[Session]) -> bool:
    """No weekly maximum passed (rule 8), accessories still hold the bulk (rule 5), and no
    muscle worked hard two days running (rule 11)."""
    counts = week_hard_sets(sessions, ctx.by_id, ctx.count_patterns)
    sets = Counter(b.kind for s in sessions for b in s.blocks for i in b.items for _ in range(i.sets))
    return (
        all(counts[k] <= hi for k, (_, hi) in ctx.targets.items())
        and sets["accessory"] >= sets["main"]
        and recovery_kept(ctx, sessions)
    )


def activation_on_target(session: Session, ctx: Context) -> bool:
    """Rule 3: activation still aims at muscles the session trains."""
    trained: set[str] = set()
    aimed: set[str] = set()
    for b in session.blocks:
        for i in b.items:
            ex = ctx.by_id.get(i.exercise)
            if ex is None:
                continue
            if b.kind in ("main", "accessory"):
                trained |= ex.muscles
            elif b.kind == "activation":
                aimed |= set(ex.primary_muscles)
    return not aimed or bool(aimed & trained)


def _within(ctx: Context, session: Session) -> Session | None:
    minutes = session_minutes(session)
    target = ctx.inputs.minutes
    if not target * (1 - TOLERANCE) <= minutes <= target * (1 + TOLERANCE):
        return None
    if any(v > MAX_SESSION_SETS for v in hard_sets(session.blocks, ctx.by_id).values()):
        return None
    if not activation_on_target(session, ctx):  # rule 3: a swap must not strand the activation
        return None
    return finalized(session, ctx)


def _spare(ctx: Context, counts: Counter[str], ex: Card, sets: int) -> bool:
    """Can `sets` sets of `ex` go without pushing one of its muscles below its target?"""
    for m in ctx.keys(ex):
        if m in ctx.targets and counts[m] - sets < ctx.targets[m][0]:
            return False
    return all(not (m in ctx.targets and counts[m] - 0.5 * sets < ctx.targets[m][0]) for m in ex.secondary_muscles)


def _replace_item(session: Session, kind: str, index: int, item: Item | None) -> Session:
    blocks = []
    for block in session.blocks:
        if block.kind == kind:
            items = list(block.items)
            if item is None:
                items.pop(index)
            else:
                items[index] = item
            block = replace(block, items=items)
        if block.items:
            blocks.append(block)
    return replace(session, blocks=blocks)


def _add_set(ctx: Context, session: Session, muscle: str, counts: Counter[str]) -> Session | None:
    limit = 5 if ctx.inputs.goal in ("hypertrophy", "strength") else 4
    for block in session.blocks:
        # a movement pattern short of sets grows on its main lift first; muscles on accessories
        if block.kind != "accessory" and not (block.kind == "main" and muscle.startswith("pattern:")):
            continue
        for index, item in enumerate(block.items):
            ex = ctx.by_id[item.exercise]
            # a strength lift may take up to 6 sets (6 x 3-5 is ordinary strength work)
            if muscle not in ctx.keys(ex) or item.sets >= (6 if block.kind == "main" else limit):
                continue
            grown = _replace_item(session, block.kind, index, replace(item, sets=item.sets + 1))
            if (ok := _within(ctx, grown)) is not None:
                return ok
            # no time: take a set from an accessory whose muscles have sets to spare
            accessory = next((b for b in grown.blocks if b.kind == "accessory"), None)
            for other_index, other in enumerate(accessory.items if accessory else []):
                other_ex = ctx.by_id[other.exercise]
                if (
                    other.exercise == item.exercise
                    or other.sets <= 2
                    or muscle in [*other_ex.muscles, *ctx.keys(other_ex)]
                ):
                    continue
                if _spare(ctx, counts, other_ex, 1):
                    traded = _replace_item(grown, "accessory", other_index, replace(other, sets=other.sets - 1))
                    if (ok := _within(ctx, traded)) is not None:
                        return ok
    return None


def session_regions(ctx: Context, template: str) -> set[str]:
    region = ctx.templates.sessions[template]["region"] if template in ctx.templates.sessions else "full"
    return {"upper", "lower", "trunk"} if region == "full" else {region, "trunk"}


def _swap_in(ctx: Context, session: Session, muscle: str, counts: Counter[str]) -> Session | None:
    in_session = {item.exercise for block in session.blocks for item in block.items}
    allowed = session_regions(ctx, session.template)
    candidates = sorted(
        (
            ex
            for ex in ctx.pool
            if "accessory" in ex.blocks
            and muscle in ctx.keys(ex)
            and ex.id not in in_session
            and suits_goal(ex, "accessory", ctx.goal)
            and ctx.regions(ex) <= allowed
        ),
        key=lambda ex: (
            not ex.loaded,
            -len(set(ex.muscles) & set(ctx.targets)),
            ex.id,
        ),  # weights first, where there are any
    )
    for block in session.blocks:
        if block.kind != "accessory":
            continue
        for index, item in enumerate(block.items):
            ex = ctx.by_id[item.exercise]
            if muscle in [*ex.muscles, *ctx.keys(ex)] or not _spare(ctx, counts, ex, item.sets):
                continue
            for candidate in candidates:
                new_item = working_item(candidate, "accessory", ctx.goal, sets=item.sets)
                if (ok := _within(ctx, _replace_item(session, "accessory", index, new_item))) is not None:
                    return ok
    return None
