"""The coach's rules (docs/coaching.md) as checks a coach would run on a finished plan,
written apart from the engine: the numbers are the rules' own, spelled out here, and every
count is made here from the plan and the cards. `hard_violations` lists what breaks a hard
rule; `soft_misses` lists the soft targets the plan misses, each of which must appear among
the plan's warnings (same rule, same subject)."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from planner.records import Card, Item, Plan, Session, Tempo, Week
from planner.vocab import builtin_vocab

ORDER = ["warmup", "activation", "main", "accessory", "finisher"]
SPLITS = {
    2: ["full-a", "full-b"],
    3: ["full-a", "full-b", "full-c"],
    4: ["upper-a", "lower-a", "upper-b", "lower-b"],
    5: ["upper-a", "lower-a", "push-a", "pull-a", "legs-a"],
    6: ["push-a", "pull-a", "legs-a", "push-b", "pull-b", "legs-b"],
}
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
PRIME = ["chest", "lats", "upper_back", "quads", "glutes", "hamstrings", "side_delts"]
SECOND = ["biceps", "triceps", "rear_delts", "calves", "abs"]
TARGETS = {  # rule 8: weekly hard-set minimum for (prime movers, second tier)
    "general": (4, 2),
    "strength": (6, 2),
    "hypertrophy": (10, 6),
    "endurance": (4, 2),
}
MAIN_PATTERNS = ["squat", "hinge", "horizontal_push", "vertical_push", "horizontal_pull", "vertical_pull"]
PUSH, PULL = {"horizontal_push", "vertical_push"}, {"horizontal_pull", "vertical_pull"}
KNEE, HIP = {"squat", "lunge", "knee_extension"}, {"hinge", "hip_extension", "knee_flexion"}
DELOAD_EVERY = {"beginner": 6, "intermediate": 5, "advanced": 4}
WORKING = ("main", "accessory")
RAISE = ("locomotion", "jump", "cyclical")
TRAINED_LEVELS = ("intermediate", "advanced")


@dataclass
class Problem:
    rule: int
    where: str
    what: str

    def __str__(self) -> str:
        return f"rule {self.rule}: {self.where}: {self.what}"


@dataclass
class View:
    """The plan, the cards it uses and the pool the person had, with counts made once."""

    plan: Plan
    cards: dict[str, Card]  # every card in the library, by id
    pool: list[Card]  # what this person could be given
    problems: list[Problem] = field(default_factory=list)

    def card(self, item: Item) -> Card:
        return self.cards[item.exercise]

    def fail(self, rule: int, where: str, what: str) -> None:
        self.problems.append(Problem(rule, where, what))

    @property
    def minutes(self) -> int:
        return self.plan.inputs.minutes

    @property
    def level(self) -> str:
        return self.plan.inputs.level

    @property
    def goal(self) -> str:
        return self.plan.inputs.goal


def credits(card: Card) -> dict[str, float]:
    worked = set(card.hard_set_muscles)
    out = {m: 0.5 for m in card.secondary_muscles if m in worked}
    out.update({m: 1.0 for m in card.primary_muscles if m in worked})
    return out


def finisher_sets(block, work) -> list[float]:  # type: ignore[no-untyped-def]
    if block.format != "amrap":
        return [float(i.sets) for i in block.items]
    per_round = sum(work(i) + 15 for i in block.items) or 1
    return [float(max(1, int(block.minutes * 60 // per_round)))] * len(block.items)


def work_seconds(item: Item) -> float:
    if item.seconds:
        w = float(item.seconds)
    elif item.meters:
        w = float(item.meters)
    else:
        w = (item.reps or 0) * (Tempo.parse(item.tempo).rep_seconds if item.tempo else 3.5)
    return w * 2 if item.per_side else w


def session_sets(session: Session, cards: dict[str, Card]) -> Counter[str]:
    """Rule 8's count: main, accessory and finisher work; warm-up and activation count nothing."""
    counts: Counter[str] = Counter()
    for block in session.blocks:
        if block.kind == "finisher":
            sets = finisher_sets(block, work_seconds)
        elif block.kind in WORKING:
            sets = [float(i.sets) for i in block.items]
        else:
            continue
        for item, n in zip(block.items, sets, strict=True):
            for m, w in credits(cards[item.exercise]).items():
                counts[m] += n * w  # type: ignore[assignment]
    return counts


def week_sets(week: Week, cards: dict[str, Card]) -> Counter[str]:
    total: Counter[str] = Counter()
    for s in week.sessions:
        total.update(session_sets(s, cards))
    return total


def where(week: Week, session: Session) -> str:
    return f"week {week.number} {session.day} {session.title}"


# ---------------------------------------------------------------------------- session structure


def rule_1(v: View) -> None:
    vocab = builtin_vocab()
    focus = vocab.expand_muscles(v.plan.inputs.focus, "--focus")
    for week in v.plan.weeks:
        for s in week.sessions:
            kinds = [b.kind for b in s.blocks]
            if kinds != sorted(kinds, key=ORDER.index) or len(set(kinds)) != len(kinds):
                v.fail(1, where(week, s), f"blocks out of order: {kinds}")
            for block in s.blocks:
                if block.kind not in WORKING:
                    continue
                keys = [  # --focus muscles may come first (rule 8), then compound and large before the rest
                    (
                        not focus & set(v.card(i).primary_muscles),
                        v.card(i).mechanic != "compound",
                        min(vocab.size_rank(m) for m in v.card(i).primary_muscles),
                    )
                    for i in block.items
                ]
                if block.format == "superset":
                    leaders = keys[0::2]
                    ok = leaders == sorted(leaders) and all(keys[k] <= keys[k + 1] for k in range(0, len(keys) - 1, 2))
                else:
                    ok = keys == sorted(keys)
                if not ok:
                    v.fail(1, where(week, s), f"{block.kind}: compound and large muscles must come first")


def rule_2_3_30_warmup(v: View) -> None:
    short = v.minutes <= 30
    for week in v.plan.weeks:
        for s in week.sessions:
            blocks = {b.kind: b for b in s.blocks}
            warm = blocks.get("warmup")
            if warm is None:
                v.fail(2, where(week, s), "no warm-up")
                continue
            lo, hi = (3, 5) if short else (5, 10)
            if not lo - 0.05 <= warm.minutes <= hi + 0.05:
                v.fail(2 if not short else 7, where(week, s), f"warm-up lasts {warm.minutes} min, not {lo}-{hi}")
            if any(i.rir is not None for i in warm.items):
                v.fail(2, where(week, s), "warm-up sets carry an RIR: they are not working sets")
            holds = [i for i in warm.items if i.seconds and v.card(i).pattern not in RAISE]
            if any((i.seconds or 0) > 45 for i in holds) or len(holds) == len(warm.items):
                v.fail(2, where(week, s), "static holds over 45 s, or a warm-up of holds only")
            if any(v.card(i).plyometric for i in warm.items):
                v.fail(30, where(week, s), "jumps in the warm-up: potentiation comes after activation")
            raise_ = [i for i in warm.items if v.card(i).pattern in RAISE]
            kinds = ["raise" if v.card(i).pattern in RAISE else "other" for i in warm.items]
            if not raise_ or kinds[0] != "raise" or kinds != sorted(kinds, key=["raise", "other"].index):
                v.fail(30, where(week, s), "the warm-up starts with its raise (easy cardio), then mobilises")
            elif sum((i.seconds or 0) * i.sets for i in raise_) < 120:
                v.fail(30, where(week, s), "the raise lasts less than 2 minutes")
            for i in warm.items:
                if not {"warmup", "activation"} & set(v.card(i).blocks):
                    v.fail(2, where(week, s), f"{i.exercise} is not a warm-up drill")
            act = blocks.get("activation")
            if short:
                if act is not None or not any("activation" in v.card(i).blocks for i in warm.items):
                    v.fail(7, where(week, s), "a short session folds one activation drill into its warm-up")
                continue
            if act is None:
                v.fail(3, where(week, s), "no activation block")
                continue
            drills = [i for i in act.items if not v.card(i).plyometric]
            jumps = [i for i in act.items if v.card(i).plyometric]
            if not 2 <= len(act.items) <= 4 or act.minutes > 8 or len(drills) < 2:
                v.fail(3, where(week, s), f"{len(act.items)} activation items in {act.minutes} min")
            for i in drills:
                dose_ok = (i.reps is None or 8 <= i.reps <= 20) and (i.seconds is None or 20 <= i.seconds <= 40)
                if not 1 <= i.sets <= 2 or not dose_ok or i.rir is not None:
                    v.fail(3, where(week, s), f"activation drill {i.exercise}: {i.sets} x {i.reps or i.seconds}")
            mains = [i for b in s.blocks if b.kind == "main" for i in b.items]
            for i in jumps:  # rule 30: potentiation, a few crisp jumps or throws for the first main lift
                if v.level == "beginner" or (i.reps or 99) > 5 or i.sets > 3:
                    v.fail(30, where(week, s), f"potentiation {i.exercise}: {i.sets} x {i.reps}")
                if not mains or not set(v.card(i).primary_muscles) & v.card(mains[0]).muscles:
                    v.fail(30, where(week, s), f"potentiation {i.exercise} does not rehearse the first main lift")
            trained = set().union(*(v.card(i).muscles for b in s.blocks if b.kind in WORKING for i in b.items))
            aimed = set().union(*(set(v.card(i).primary_muscles) for i in drills))
            if trained and not aimed & trained:
                v.fail(3, where(week, s), "activation aims at muscles the session does not train")


def rule_4_25_30_main(v: View) -> None:
    loads = {e for e in builtin_vocab().expand_equipment(v.plan.inputs.equipment) if builtin_vocab().is_loaded(e)}
    for week in v.plan.weeks:
        for s in week.sessions:
            for block in s.blocks:
                if block.kind != "main":
                    continue
                for i in block.items:
                    card = v.card(i)
                    if not i.ramp:
                        v.fail(30, where(week, s), f"main lift {i.exercise} has no ramp sets")
                    elif not card.loaded and any("%" in r for r in i.ramp):
                        v.fail(30, where(week, s), f"{i.exercise}: a body-weight lift ramps with an easier variation")
                    if card.mechanic != "compound":
                        v.fail(25, where(week, s), f"main lift {i.exercise} is not a compound")
                    bodyweight_ok = set(card.equipment) & {"pull_up_bar", "dip_station", "rings"}
                    if not card.loaded and not bodyweight_ok and loads:
                        v.fail(25, where(week, s), f"{i.exercise}: a body-weight main lift though loads are at hand")
                    fixed_path = card.pattern == "lunge" or set(card.equipment) & {"cable", "machine", "band"}
                    if i.reps is not None and i.reps <= 3 and fixed_path:
                        v.fail(25, where(week, s), f"{i.exercise} for sets of {i.reps}")
                    if v.level in TRAINED_LEVELS and not week.deload and i.sets < 3:
                        v.fail(25, where(week, s), f"main lift {i.exercise} with {i.sets} sets")


def rule_6_29_finisher(v: View) -> None:
    by_day = {s.day: s for s in v.plan.weeks[0].sessions} if v.plan.weeks else {}
    for week in v.plan.weeks:
        days = {s.day: s for s in week.sessions}
        for s in week.sessions:
            fin = [b for b in s.blocks if b.kind == "finisher"]
            if not fin:
                continue
            block = fin[0]
            if s.blocks[-1] is not block or not 3 <= block.minutes <= 15:
                v.fail(6, where(week, s), f"finisher of {block.minutes} min, or not last")
            for i in block.items:
                card = v.card(i)
                if "barbell" in card.equipment or card.level == "advanced" or "finisher" not in card.blocks:
                    v.fail(6, where(week, s), f"{i.exercise} is not a low-skill finisher exercise")
                if (
                    block.format in ("tabata", "amrap", "emom", "circuit", "carry")
                    and block.format not in card.finisher_formats
                ):
                    v.fail(29, where(week, s), f"{i.exercise} does not suit a {block.format}")
            if block.format == "tabata":
                ok = block.minutes == 4 and all(i.seconds == 20 and i.rest_seconds == 10 for i in block.items)
                if not ok or v.level == "beginner":
                    v.fail(6, where(week, s), "a Tabata is 8 x 20 s on, 10 s off, and not for beginners")
            if block.format == "emom" and any(work_seconds(i) > 40 for i in block.items):
                v.fail(6, where(week, s), "an EMOM minute holds more than 40 s of work")
            if block.format == "amrap" and not 5 <= block.minutes <= 15:
                v.fail(6, where(week, s), f"an AMRAP of {block.minutes} min")
            if block.format == "carry" and not all(
                3 <= i.sets <= 5 and 20 <= (i.meters or 0) <= 100 for i in block.items
            ):
                v.fail(6, where(week, s), "carries are 3-5 x 20-100 m")
            lower_sets = sum(
                i.sets
                for b in s.blocks
                if b.kind in WORKING
                for i in b.items
                if any(builtin_vocab().region(m) == "lower" for m in v.card(i).primary_muscles)
            )
            regions = {"upper", "lower", "trunk"} if s.template.startswith("full") else set()
            if not regions:
                region = "lower" if s.template.split("-")[0] in ("lower", "legs") else "upper"
                regions = {region, "trunk"}
            nxt = WEEKDAYS[(WEEKDAYS.index(s.day) + 1) % 7]
            tomorrow = days.get(nxt) or by_day.get(nxt)
            needed: set[str] = set()
            strained: set[str] = set()
            if tomorrow is not None:
                mains = [v.card(i) for b in tomorrow.blocks if b.kind == "main" for i in b.items]
                needed = {m for card in mains for m in card.primary_muscles}
                strained = {j for card in mains for j in card.stresses}
            for i in block.items:
                card = v.card(i)
                if card.plyometric and (v.level == "beginner" or lower_sets >= 6):
                    v.fail(
                        29,
                        where(week, s),
                        f"plyometric {i.exercise} after {lower_sets} lower-body sets / for a beginner",
                    )
                own = {builtin_vocab().region(m) for m in card.primary_muscles}
                if not own <= regions and card.pattern != "cyclical":
                    v.fail(29, where(week, s), f"{i.exercise} does not match the session's region")
                kind = s.template.split("-")[0]  # a push day's finisher does not pull, nor a pull day's push
                other = {"push": "_pull", "pull": "_push"}.get(kind)
                if other is not None and card.pattern.endswith(other):
                    v.fail(29, where(week, s), f"{i.exercise} on a {kind} day")
                if set(card.primary_muscles) & needed or set(card.stresses) & strained:
                    v.fail(29, where(week, s), f"{i.exercise} tires what tomorrow's main lift needs")


def rule_7_time(v: View) -> None:
    for week in v.plan.weeks:
        for s in week.sessions:
            if s.minutes > v.minutes * 1.05 + 0.05:
                v.fail(7, where(week, s), f"{s.minutes} min for {v.minutes} asked")


# ---------------------------------------------------------------------------- weekly structure


def rule_8_9_11_volume(v: View) -> None:
    for week in v.plan.weeks:
        counts = {s.day: session_sets(s, v.cards) for s in week.sessions}
        total: Counter[str] = Counter()
        for c in counts.values():
            total.update(c)
        for m, n in total.items():
            if n > 25:
                v.fail(8, f"week {week.number}", f"{m} gets {n:g} hard sets, over 25")
        for s in week.sessions:
            for m, n in counts[s.day].items():
                if n > 10:
                    v.fail(9, where(week, s), f"{m} gets {n:g} hard sets in one session")
            nxt = WEEKDAYS[(WEEKDAYS.index(s.day) + 1) % 7]
            if nxt in counts:
                for m, n in counts[s.day].items():
                    if n >= 4 and counts[nxt][m] > 3:
                        v.fail(11, where(week, s), f"{m}: {n:g} sets, then {counts[nxt][m]:g} the next day")


def rule_12_split(v: View) -> None:
    days = len(v.plan.inputs.on) or v.plan.inputs.days
    for week in v.plan.weeks:
        if [s.template for s in sorted(week.sessions, key=lambda s: WEEKDAYS.index(s.day))] != SPLITS[days]:
            v.fail(12, f"week {week.number}", "sessions do not follow the split for the number of days")
        if len({s.day for s in week.sessions}) > 6:
            v.fail(12, f"week {week.number}", "no rest day")


# ---------------------------------------------------------------------------- load, effort, rest, tempo


def rule_13_14_26_27(v: View) -> None:
    for week in v.plan.weeks:
        for s in week.sessions:
            for block in s.blocks:
                if block.kind not in WORKING:
                    continue
                for i in block.items:
                    card = v.card(i)
                    w = where(week, s) + f" {i.exercise}"
                    if not card.uses_rir and i.rir is not None:
                        v.fail(27, w, "a hold, carry or jump carries an RIR")
                    if card.uses_rir and i.rir is not None and not 0 < i.rir <= 4:
                        v.fail(13, w, f"RIR {i.rir}")
                    if i.reps is not None:
                        floor = card.rep_floor or 1
                        if i.reps < floor:
                            v.fail(27, w, f"{i.reps} reps under the floor of {floor}")
                        if i.reps <= 3 and v.level not in TRAINED_LEVELS:
                            v.fail(26, w, f"sets of {i.reps} for a beginner")
                        if v.level == "beginner" and card.uses_rir:
                            least = 5 if v.goal == "strength" else 8
                            if i.reps < min(least, card.limits.reps_max or least):
                                v.fail(26, w, f"{i.reps} reps for a beginner")
                            if card.mechanic == "compound" and i.rir is not None and i.rir < 3:
                                v.fail(26, w, f"RIR {i.rir} on a compound for a beginner")
                        if block.kind == "main" and v.goal == "strength" and i.reps > max(6, floor):
                            v.fail(13, w, f"{i.reps} reps on a strength main lift")
                        if block.kind == "main" and v.goal == "hypertrophy" and not 6 <= i.reps <= 12:
                            v.fail(13, w, f"{i.reps} reps on a hypertrophy main lift")
                        fewest = {"endurance": 12, "hypertrophy": 6}.get(v.goal, 1)  # rule 13's bottom by goal
                        if card.uses_rir and i.reps < fewest:
                            v.fail(13, w, f"{i.reps} reps for {v.goal}")
                    rest = i.rest_seconds
                    if v.goal == "endurance":
                        if not 15 <= rest <= 60:
                            v.fail(14, w, f"rest {rest} s for endurance work")
                    elif block.kind == "main" and v.goal == "strength":
                        if not 120 <= rest <= 300:
                            v.fail(14, w, f"rest {rest} s on a strength main lift")
                    elif rest < (90 if card.mechanic == "compound" else 60):
                        v.fail(14, w, f"rest {rest} s")


def rule_15_16_tempo(v: View) -> None:
    for week in v.plan.weeks:
        for s in week.sessions:
            for block in s.blocks:
                for i in block.items:
                    if i.tempo is None:
                        continue
                    tempo = Tempo.parse(i.tempo)
                    if not 2 <= tempo.rep_seconds <= 8:
                        v.fail(15, where(week, s), f"{i.exercise}: a rep of {tempo.rep_seconds} s")
                    if tempo.top_pause and not v.card(i).peak_contraction:
                        v.fail(16, where(week, s), f"{i.exercise}: a pause at the top, where the muscle rests")


# ---------------------------------------------------------------------------- progression and deloads


def _working(session: Session) -> dict[tuple[str, str], Item]:
    return {(b.kind, i.exercise): i for b in session.blocks if b.kind in WORKING for i in b.items}


def rule_17_to_20_28(v: View) -> None:
    loading = [w for w in v.plan.weeks if not w.deload]
    for prev, new in itertools.pairwise(loading):
        restart = any(w.deload for w in v.plan.weeks if prev.number < w.number < new.number)
        before = {s.day: _working(s) for s in prev.sessions}
        for s in new.sessions:
            for key, item in _working(s).items():
                old = before.get(s.day, {}).get(key)
                w = f"week {new.number} {s.day} {item.exercise}"
                if old is None:
                    continue  # a harder variation replaces its easier self under a new id
                changed = [
                    name
                    for name in ("sets", "reps", "seconds", "meters", "tempo", "note")
                    if getattr(old, name) != getattr(item, name)
                ]
                # a load step is a condition: "if every set ... reached 12: the next dumbbell; ...",
                # or the next load in numbers, "24 kg if every set of week 2 reached 12; ..."
                load_step = (item.load or "").startswith("if ") or " if every set of week " in (item.load or "")
                if restart:  # a new block after a deload: the same load, reps down and RIR back up
                    if (
                        item.rir is not None
                        and old.rir is not None
                        and (item.rir < old.rir or (item.reps or 0) > (old.reps or 0))
                    ):
                        v.fail(28, w, f"a new block goes from {old.reps} @{old.rir} to {item.reps} @{item.rir}")
                    continue
                if len([c for c in changed if c != "reps" or not load_step]) > 1:
                    v.fail(17, w, f"changes {changed} in one week")
                if old.tempo and item.tempo and old.tempo != item.tempo:
                    a, b = Tempo.parse(old.tempo), Tempo.parse(item.tempo)
                    if (
                        b.eccentric - a.eccentric > 1
                        or max(b.top_pause - a.top_pause, b.bottom_pause - a.bottom_pause) > 1
                    ):
                        v.fail(18, w, f"tempo {old.tempo} -> {item.tempo}")
                    if b.eccentric > 6 or b.top_pause > 3 or b.bottom_pause > 3:
                        v.fail(18, w, f"tempo {item.tempo} past its limits")
                    if item.reps != old.reps:
                        v.fail(19, w, "slower tempo and more reps in the same week")
                if item.sets - old.sets > 1:
                    v.fail(18, w, f"sets {old.sets} -> {item.sets}")
                if item.reps and old.reps and item.reps > old.reps:
                    if item.reps - old.reps > 2:
                        v.fail(18, w, f"reps {old.reps} -> {item.reps}")
                    if item.rir is not None and old.rir is not None and item.rir >= old.rir:
                        v.fail(28, w, f"reps {old.reps} -> {item.reps} at the same load, RIR {old.rir} -> {item.rir}")
                reset = item.reps and old.reps and item.reps < old.reps and (item.rir or 0) >= (old.rir or 0)
                if load_step and item.load != old.load and not reset:
                    v.fail(28, w, "a load step keeps the RIR and resets the reps")
                if item.load and re.search(r"\bbeat\b", item.load):
                    v.fail(28, w, "a load step is stated as if it had happened")
                if old.note and "more range" in old.note and "more range" not in (item.note or ""):
                    v.fail(20, w, "range of motion taken away")
    first = week_sets(loading[0], v.cards) if loading else Counter()
    for week in loading[1:]:
        for m, n in week_sets(week, v.cards).items():
            if n > max(first[m] * 1.2, first[m] + 1) + 1e-9:
                v.fail(18, f"week {week.number}", f"{m}: {first[m]:g} -> {n:g} weekly sets, more than +20 %")


def rule_21_22_33_deload(v: View) -> None:
    every = v.plan.inputs.deload_every or DELOAD_EVERY[v.level]
    for week in v.plan.weeks:
        if week.deload != (week.number % every == 0):
            v.fail(33, f"week {week.number}", f"deload weeks fall on every {every}th week")
    run = 0
    for week in v.plan.weeks:
        run = 0 if week.deload else run + 1
        if run > 8:
            v.fail(21, f"week {week.number}", "more than 8 weeks without a deload")
    loading = {w.number: w for w in v.plan.weeks if not w.deload}
    first = v.plan.weeks[0] if v.plan.weeks else None
    base = {(b.kind, i.exercise): i.tempo for s in first.sessions for b in s.blocks for i in b.items} if first else {}
    for week in v.plan.weeks:
        if not week.deload:
            continue
        last = loading[max(n for n in loading if n < week.number)]
        before = {s.day: s for s in last.sessions}
        worked_before = sum(i.sets for s in last.sessions for b in s.blocks if b.kind in WORKING for i in b.items)
        worked = sum(i.sets for s in week.sessions for b in s.blocks if b.kind in WORKING for i in b.items)
        if not 0.4 <= worked / worked_before <= 0.6 + 1e-9:
            v.fail(22, f"week {week.number}", f"hard sets {worked_before} -> {worked}: not a 40-60 % cut")
        for s in week.sessions:
            old = before[s.day]
            w = where(week, s)
            if set(_working(s)) != set(_working(old)):
                v.fail(22, w, "a deload keeps the same exercises")
            if not 0.5 <= s.minutes / old.minutes <= 0.8 + 0.005:
                v.fail(22, w, f"{s.minutes} min against {old.minutes} in the loading week: not 50-80 %")
            old_blocks = {b.kind: b for b in old.blocks}
            for b in s.blocks:
                ob = old_blocks.get(b.kind)
                if ob is None or b.minutes > ob.minutes + 0.05 or len(b.items) > len(ob.items):
                    v.fail(22, w, f"the {b.kind} block is new or longer")
                if b.kind == "finisher" and b.format in ("tabata", "amrap"):
                    v.fail(22, w, "an all-out finisher in a deload")
                for i in b.items:
                    if b.kind in WORKING:
                        if i.rir is not None and i.rir < 3:
                            v.fail(22, w, f"{i.exercise} at RIR {i.rir}")
                        start = base.get((b.kind, i.exercise))
                        if i.tempo and start and Tempo.parse(i.tempo).rep_seconds > Tempo.parse(start).rep_seconds:
                            v.fail(22, w, f"{i.exercise} keeps a slower tempo {i.tempo} than week 1's {start}")


# ---------------------------------------------------------------------------- balance and selection


def families(cards: list[Card]) -> dict[str, str]:
    by_id = {c.id: c for c in cards}
    parent = {c.id: c.id for c in cards}

    def root(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    for c in cards:
        for o in (*c.easier, *c.harder):
            if o in by_id and by_id[o].pattern == c.pattern:
                a, b = root(c.id), root(o)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    return {c: root(c) for c in parent}


def rule_24_required(v: View) -> None:
    patterns = {c.pattern for c in v.pool if {"main", "accessory"} & set(c.blocks) and c.mechanic == "compound"}
    for week in v.plan.weeks:
        for s in week.sessions:
            have = {
                v.card(i).pattern
                for b in s.blocks
                if b.kind in WORKING
                for i in b.items
                if v.card(i).mechanic == "compound"
            }
            region = s.template.split("-")[0]
            other = {"push": "_pull", "pull": "_push"}.get(region)  # a push day does not row, a pull day does not press
            for i in (i for b in s.blocks if b.kind in WORKING for i in b.items):
                if other is not None and v.card(i).pattern.endswith(other):
                    v.fail(24, where(week, s), f"{i.exercise} on a {region} day")
            groups = []
            if region == "full":
                groups = [{"squat", "hinge", "lunge"}, PUSH, PULL]
            elif region in ("lower", "legs"):
                groups = [{"squat", "hinge"}]
            for group in groups:
                if group & patterns and not group & have:
                    v.fail(24, where(week, s), f"no {' / '.join(sorted(group))}")


def rule_31_consistency(v: View) -> None:
    fam = families(list(v.cards.values()))
    for week in v.plan.weeks:
        roles: dict[str, set[str]] = {}
        by_family: dict[str, set[str]] = {}
        for s in week.sessions:
            accessories = [i for b in s.blocks if b.kind == "accessory" for i in b.items]
            if len(accessories) > 6 and all(i.sets == 2 for i in accessories):
                v.fail(31, where(week, s), "a scattered session: more than six accessories of two sets")
            isolation: dict[tuple[str, str], str] = {}  # (pattern, primary muscle) -> the one isolation exercise
            for i in (i for b in s.blocks if b.kind in WORKING for i in b.items):
                card = v.card(i)
                if card.mechanic != "isolation":
                    continue
                for muscle in card.primary_muscles:
                    other = isolation.setdefault((card.pattern, muscle), i.exercise)
                    if other != i.exercise:
                        v.fail(31, where(week, s), f"{other} and {i.exercise}: one isolation exercise a pattern")
            for b in s.blocks:
                if b.kind not in WORKING:
                    continue
                for i in b.items:
                    roles.setdefault(i.exercise, set()).add(b.kind)
                    by_family.setdefault(fam[i.exercise], set()).add(i.exercise)
                    if not week.deload and not 2 <= i.sets <= 5 + (b.kind == "main"):
                        v.fail(31, where(week, s), f"{i.exercise} with {i.sets} sets")
        for exercise, kinds in roles.items():
            if len(kinds) > 1:
                v.fail(31, f"week {week.number}", f"{exercise} is both {' and '.join(sorted(kinds))}")
        for members in by_family.values():
            if len(members) > 1:
                v.fail(31, f"week {week.number}", f"variations of one ladder in one week: {sorted(members)}")


def rule_32_exclusions(v: View) -> None:
    words = {w.lower().replace(" ", "_").replace("-", "_") for w in v.plan.inputs.exclude}
    joints = {"lower_back": {"lower_back", "loads_spine", "low_back", "lumbar", "spine"}, "shoulder": {"shoulder", "shoulders"},
              "knee": {"knee", "knees"}, "wrist": {"wrist", "wrists"}, "elbow": {"elbow", "elbows"}, "hip": {"hip", "hips"}}  # fmt: skip
    for week in v.plan.weeks:
        for s in week.sessions:
            for b in s.blocks:
                for i in b.items:
                    card = v.card(i)
                    hit = {card.id, card.pattern, *card.equipment} & set(v.plan.inputs.exclude)
                    hit |= {j for j in card.stresses if joints.get(j, set()) & words}
                    if card.loads_spine and "loads_spine" in words:
                        hit.add("loads_spine")
                    if card.plyometric and "plyometric" in words:
                        hit.add("plyometric")
                    if hit:
                        v.fail(32, where(week, s), f"{i.exercise} though {sorted(hit)} is excluded")


HARD = (
    rule_1,
    rule_2_3_30_warmup,
    rule_4_25_30_main,
    rule_6_29_finisher,
    rule_7_time,
    rule_8_9_11_volume,
    rule_12_split,
    rule_13_14_26_27,
    rule_15_16_tempo,
    rule_17_to_20_28,
    rule_21_22_33_deload,
    rule_24_required,
    rule_31_consistency,
    rule_32_exclusions,
)


def hard_violations(plan: Plan, cards: dict[str, Card], pool: list[Card]) -> list[Problem]:
    v = View(plan, cards, pool)
    for check in HARD:
        check(v)
    return v.problems


# ---------------------------------------------------------------------------- soft targets


def soft_misses(plan: Plan, cards: dict[str, Card], pool: list[Card]) -> Iterator[tuple[int, str]]:
    """(rule, subject) of every soft target week 1 misses, as the oracle counts it."""
    inputs = plan.inputs
    week = plan.weeks[0]
    counts = week_sets(week, cards)
    prime, second = TARGETS[inputs.goal]
    if inputs.goal == "hypertrophy" and inputs.level == "beginner":
        prime = 8
    trainable = {m for c in pool if {"main", "accessory"} & set(c.blocks) for m in credits(c)}
    focus = builtin_vocab().expand_muscles(inputs.focus, "--focus")
    for m in PRIME + SECOND + sorted(focus - set(PRIME + SECOND)):
        need = prime if m in PRIME else second
        if m in focus:
            need = min(round(need * 1.33, 2), 20)
        if m in trainable and counts[m] < need - 1e-9:
            yield 8, m
    if inputs.goal == "hypertrophy":
        for m in PRIME:
            trained = sum(1 for s in week.sessions if session_sets(s, cards)[m] >= 1)
            if m in trainable and 0 < trained < 2:
                yield 10, m
    if inputs.goal in ("strength", "hypertrophy"):
        used = {
            cards[i.exercise].pattern
            for s in week.sessions
            for b in s.blocks
            if b.kind in WORKING
            for i in b.items
            if cards[i.exercise].mechanic == "compound"
        }
        for p in MAIN_PATTERNS:
            if p not in used:
                yield 24, f"{p} pattern"
        sets = Counter()
        for s in week.sessions:
            for b in s.blocks:
                if b.kind in WORKING:
                    for i in b.items:
                        sets[cards[i.exercise].pattern] += i.sets
        push, pull = sum(sets[p] for p in PUSH), sum(sets[p] for p in PULL)
        knee, hip = sum(sets[p] for p in KNEE), sum(sets[p] for p in HIP)
        if push and pull and not 1.0 <= pull / push <= 1.5:
            yield 24, "pull:push"
        if knee and hip and not 0.67 <= knee / hip <= 1.5:
            yield 24, "knee:hip"
    for w in plan.weeks:
        if w.deload:
            continue
        floor = 0.85 if inputs.weeks > 1 else 0.9
        for s in w.sessions:
            if s.minutes < inputs.minutes * floor - 0.05:
                yield 7, f"{s.day} {s.title}"
