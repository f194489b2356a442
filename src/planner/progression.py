"""Week N -> week N+1: progressions and deloads (TRAINING.md rules 15-22).

Each loading week, every main and accessory exercise changes exactly one variable (rule
17), chosen by the plan's scheme (library/progressions/*.toml): a slower eccentric, a
pause, reps, a set, a harder variation, more range, or load. Steps and limits follow rule
18 and the exercise card's [limits]. Every few weeks a deload keeps the same days and
exercises with 40-60 % fewer hard sets (rules 21-22). Every session keeps its minutes
(rule 7): when a change would not fit, another variable is chosen.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from planner.compose import (
    TOLERANCE,
    Context,
    activation_on_target,
    finalized,
    finisher_block,
    hard_sets,
    recovery_caps,
    resize_finisher,
    suits_goal,
    week_hard_sets,
    working_item,
)
from planner.errors import PlannerError
from planner.estimate import block_seconds, session_minutes
from planner.records import Block, Card, Item, Session, Tempo, Week, replace
from planner.text import first_control
from planner.userfiles import MAX_TEMPLATE_BYTES, BadFile, read_toml, toml_files

KINDS = ("eccentric", "pause", "reps", "sets", "variation", "load", "range")
ZERO_TIME_KINDS = ("load", "range", "variation")  # ways forward that cost no extra minutes
MAX_REP_SECONDS = 8  # rule 15: one rep lasts 2-8 s
WEEKLY_SET_GROWTH = 1.2  # rule 18: weekly sets for a muscle up at most 20 % over about 4 weeks
DELOAD_KEEP = 0.55  # rule 22: cut hard sets by 40-60 %


@dataclass(frozen=True)
class Scheme:
    name: str
    description: str
    order: tuple[str, ...] | None  # None: "auto", the best kind for each exercise


def load_schemes(folders: Iterable[Path]) -> dict[str, Scheme]:
    """progressions/*.toml from each library folder; a later folder overrides by name."""
    schemes: dict[str, Scheme] = {}
    for folder in folders:
        for path in toml_files(folder / "progressions"):
            try:
                data = read_toml(path, MAX_TEMPLATE_BYTES, "progression scheme")
            except BadFile as e:
                raise PlannerError(f"cannot read progression scheme: {e.message}") from None
            bad = first_control({path.stem: data})  # a scheme's name and words go into plan files
            if bad is not None:
                raise PlannerError(f"{path}: {bad[0]}: {bad[1]}")
            order = data.get("order")
            if order != "auto" and (not isinstance(order, list) or not order or any(k not in KINDS for k in order)):
                raise PlannerError(f'{path}: order: a list of kinds ({", ".join(KINDS)}) or "auto"')
            schemes[path.stem] = Scheme(
                path.stem, str(data.get("description", "")), None if order == "auto" else tuple(order)
            )
    return schemes


def auto_order(ex: Card) -> tuple[str, ...]:
    """The kinds an exercise allows best, for the `mixed` scheme."""
    if ex.measure != "reps":
        return ("reps", "variation")  # for holds and carries "reps" means seconds or meters
    if ex.loaded:
        return ("reps", "load", "range")  # double progression
    if ex.peak_contraction and ex.limits.pause_max_s:
        return ("pause", "eccentric", "reps", "variation", "range")
    return ("eccentric", "reps", "variation", "pause", "range")


# ---------------------------------------------------------------------------- one exercise, one step


@dataclass(frozen=True)
class Step:
    item: Item
    change: str


def _lower_body(ex: Card, ctx: Context) -> bool:
    return any(ctx.vocab.region(m) == "lower" for m in ex.primary_muscles)


def rep_range(ex: Card, kind: str, ctx: Context) -> tuple[int, int]:
    low, high = (int(x) for x in ctx.goal[kind]["reps"])
    if ex.limits.reps_max:
        high = min(high, ex.limits.reps_max)
        low = min(low, high)
    return low, high


def step(kind: str, item: Item, ex: Card, block: str, ctx: Context, in_session: set[str]) -> Step | None:
    """`item` with one variable changed by `kind`, or None when the exercise does not allow it."""
    tempo = Tempo.parse(item.tempo) if item.tempo else None
    if kind == "eccentric":
        if tempo is None or tempo.eccentric >= ex.limits.eccentric_max_s:
            return None
        new = replace(tempo, eccentric=tempo.eccentric + 1)
        if new.rep_seconds > MAX_REP_SECONDS:
            return None
        return Step(replace(item, tempo=str(new)), f"eccentric {tempo.eccentric} s -> {new.eccentric} s")
    if kind == "pause":
        if tempo is None or not ex.limits.pause_max_s:
            return None
        # rule 16: pause where the muscle is still loaded: at the top for peak-contraction work
        slot, where = ("top_pause", "at the top") if ex.peak_contraction else ("bottom_pause", "in the stretch")
        current = getattr(tempo, slot)
        if current >= ex.limits.pause_max_s:
            return None
        new = replace(tempo, **{slot: current + 1})
        if new.rep_seconds > MAX_REP_SECONDS:
            return None
        return Step(replace(item, tempo=str(new)), f"pause {where} {current} s -> {current + 1} s")
    if kind == "reps":
        if item.seconds is not None:
            top = ex.limits.seconds_max or item.seconds
            if item.seconds >= top:
                return None
            new_s = min(top, item.seconds + 5)
            return Step(replace(item, seconds=new_s), f"seconds {item.seconds} -> {new_s}")
        if item.meters is not None:
            top = ex.limits.meters_max or item.meters
            if item.meters >= top:
                return None
            new_m = min(top, item.meters + 10)
            return Step(replace(item, meters=new_m), f"meters {item.meters} -> {new_m}")
        if item.reps is None:
            return None
        _, high = rep_range(ex, block, ctx)
        if item.reps >= high:
            return None
        new_r = min(high, item.reps + (2 if item.reps >= 10 else 1))  # rule 18: +1-2 reps per set
        return Step(replace(item, reps=new_r), f"reps {item.reps} -> {new_r}")
    if kind == "sets":
        limit = 5 if ctx.inputs.goal in ("hypertrophy", "strength") else 4
        if item.sets >= limit:
            return None
        return Step(replace(item, sets=item.sets + 1), f"sets {item.sets} -> {item.sets + 1}")
    if kind == "variation":
        options = [
            h
            for h in ex.harder
            if h in ctx.by_id
            and h not in in_session
            and block in ctx.by_id[h].blocks
            and set(ctx.by_id[h].primary_muscles) & set(ex.primary_muscles)  # the same muscles, harder
            and suits_goal(ctx.by_id[h], block, ctx.goal)  # rule 13: its reps still fit the goal
        ]
        if not options:
            return None
        harder = ctx.by_id[options[0]]
        new_item = working_item(harder, block, ctx.goal, sets=item.sets)
        return Step(new_item, f"harder variation: {ex.name} -> {harder.name}")
    if kind == "load":
        if not ex.loaded or item.reps is None:
            return None
        low, high = rep_range(ex, block, ctx)
        if item.reps < high:
            return None  # rule 18: load goes up only once the rep target is beaten
        amount = "5-10 %" if _lower_body(ex, ctx) else "2.5-5 %"
        return Step(
            replace(item, reps=low),
            f"load +{amount} (you beat {high} reps on every set); reps {item.reps} -> {low}",
        )
    if kind == "range":
        if not ex.more_range or "more range" in (item.note or ""):
            return None
        return Step(replace(item, note=f"more range: {ex.more_range}"), "more range of motion")
    raise PlannerError(f"unknown progression kind {kind!r}")


# ---------------------------------------------------------------------------- weeks


def _fits(session: Session, ctx: Context) -> bool:
    m = session_minutes(session)
    return ctx.inputs.minutes * (1 - TOLERANCE) <= m <= ctx.inputs.minutes * (1 + TOLERANCE)


def _replace(session: Session, b: int, i: int, item: Item) -> Session:
    blocks = list(session.blocks)
    items = list(blocks[b].items)
    items[i] = item
    blocks[b] = replace(blocks[b], items=items)
    return replace(session, blocks=blocks)


def _make_room(session: Session, ctx: Context) -> Session:
    """Shorten the finisher (never the hard sets) until the session fits, if it can."""
    for _ in range(15):
        if session_minutes(session) <= ctx.inputs.minutes * (1 + TOLERANCE):
            return session
        n = next((k for k, b in enumerate(session.blocks) if b.kind == "finisher"), None)
        if n is None:
            return session
        block = session.blocks[n]
        shorter = resize_finisher(block, block.minutes - 1, ctx.by_id)
        if block_seconds(shorter) >= block_seconds(block) or shorter.minutes < {"amrap": 5}.get(block.format, 3):
            return session
        blocks = list(session.blocks)
        blocks[n] = shorter
        session = replace(session, blocks=blocks)
    return session


def progress_session(
    session: Session,
    ctx: Context,
    scheme: Scheme,
    week1_counts: Counter[str],
    week_counts: Counter[str],
    caps: dict[str, float] | None = None,
) -> Session:
    """One loading week later: one change per main and accessory exercise, within the
    minutes; no muscle's sets grow past `caps` (rule 11: the days around it)."""
    caps = caps or {}
    session = clear_changes(session)
    # a harder variation is never an exercise the session already had this week: each
    # exercise keeps one line of progress that a person can follow
    at_start = {it.exercise for blk in session.blocks for it in blk.items}
    for b, block in enumerate(session.blocks):
        if block.kind not in ("main", "accessory"):
            continue
        for i in range(len(block.items)):
            item = session.blocks[b].items[i]
            ex = ctx.by_id.get(item.exercise)
            if ex is None:  # an exercise the person swapped in that is not in this library
                session = _replace(session, b, i, replace(item, change=None))
                continue
            order = scheme.order or auto_order(ex)
            kinds = [*order, *(k for k in ZERO_TIME_KINDS if k not in order)]
            in_session = at_start | {it.exercise for blk in session.blocks for it in blk.items}
            before = hard_sets(session.blocks, ctx.by_id, ctx.count_patterns)
            chosen: Session | None = None
            for kind in kinds:
                result = step(kind, item, ex, block.kind, ctx, in_session)
                if result is None:
                    continue
                candidate = _make_room(_replace(session, b, i, replace(result.item, change=result.change)), ctx)
                after = hard_sets(candidate.blocks, ctx.by_id, ctx.count_patterns)
                delta = after.copy()
                delta.subtract(before)
                if (
                    _fits(candidate, ctx)
                    and max((n for m, n in after.items() if not m.startswith("pattern:")), default=0) <= 10
                    and all(n <= caps.get(m, n) or n <= before[m] for m, n in after.items())
                    and _keeps_targets(ctx, week1_counts, week_counts, delta)
                    and activation_on_target(candidate, ctx)
                ):
                    chosen = candidate
                    week_counts.update(delta)
                    break
            if chosen is None:  # nothing fits: this exercise holds for a week
                chosen = _replace(session, b, i, replace(item, change=None))
            session = chosen
    return finalized(session, ctx)  # a harder variation may change the order (rule 1)


def _keeps_targets(ctx: Context, week1: Counter[str], week_counts: Counter[str], delta: Counter[str]) -> bool:
    """A change (a harder variation above all) must not leave a muscle below its weekly
    target (rule 8), above its maximum, or more than 20 % (one set for small counts) above
    where the plan started (rule 18)."""
    for m, (lo, hi) in ctx.targets.items():
        if m in delta and delta[m] and not (min(lo, week_counts[m]) <= week_counts[m] + delta[m] <= hi):
            return False
    for m, d in delta.items():
        if d > 0 and not m.startswith("pattern:") and week_counts[m] + d > week1[m] * WEEKLY_SET_GROWTH + 1:
            return False
    return True


def clear_changes(session: Session) -> Session:
    if not any(i.change is not None for b in session.blocks for i in b.items):
        return session
    blocks = [
        replace(b, items=[i if i.change is None else replace(i, change=None) for i in b.items])
        if any(i.change is not None for i in b.items)
        else b
        for b in session.blocks
    ]
    return replace(session, blocks=blocks)


def deload_week(ctx: Context, last: Week, number: int) -> Week:
    """Rule 22: same days and exercises, 40-60 % fewer hard sets, RIR 3 or more, no added
    tempo or pause, no all-out finisher; not a week off."""
    sessions = []
    for session in last.sessions:
        blocks = []
        for block in session.blocks:
            if block.kind in ("main", "accessory"):
                items = [_deload_item(item, block.kind, ctx) for item in block.items]
                block = replace(block, items=items)
            elif block.kind == "finisher":
                block = _easy_finisher(block, ctx)
            blocks.append(block)
        sessions.append(finalized(replace(clear_changes(session), blocks=blocks)))
    # cut at least 40 % first, then fill each session's freed minutes with easy work, then give
    # sets back where a session is still short and the cut allows it
    week = Week(number=number, deload=True, sessions=sessions)
    week = _balance_deload_cut(week, last, ctx, fill=False)
    week = replace(week, sessions=[finalized(_deload_fill(s, ctx)) for s in week.sessions])
    week = _balance_deload_cut(week, last, ctx, fill=True)
    return _describe_deload(week, last)


def _deload_change(before: int, after: int) -> str:
    cut = f"sets {before} -> {after}, " if after != before else ""
    return f"deload: {cut}RIR 3+, base tempo"


def _describe_deload(week: Week, last: Week) -> Week:
    """Say what the deload changed, once the sets are final."""
    before = {
        (s.day, b.kind, i.exercise): i.sets
        for s in last.sessions
        for b in s.blocks
        if b.kind in ("main", "accessory")
        for i in b.items
    }
    sessions = []
    for s in week.sessions:
        blocks = []
        for b in s.blocks:
            if b.kind in ("main", "accessory"):
                items = [
                    replace(i, change=_deload_change(before.get((s.day, b.kind, i.exercise), i.sets), i.sets))
                    for i in b.items
                ]
                b = replace(b, items=items)
            blocks.append(b)
        sessions.append(replace(s, blocks=blocks))
    return replace(week, sessions=sessions)


def _base_tempo(item: Item, ex: Card | None, kind: str, ctx: Context) -> str | None:
    """The tempo the exercise started the plan with: a deload adds no tempo or pause."""
    if ex is None:
        return item.tempo
    return working_item(ex, kind, ctx.goal).tempo


def _deload_item(item: Item, kind: str, ctx: Context) -> Item:
    ex = ctx.by_id.get(item.exercise)
    sets = max(1, round(item.sets * DELOAD_KEEP))
    return replace(item, sets=sets, rir=max(3, item.rir or 3), tempo=_base_tempo(item, ex, kind, ctx))


def _easy_finisher(block: Block, ctx: Context) -> Block:
    """A deload keeps some easy conditioning but nothing all-out: an easy-paced circuit."""
    exercises = [ctx.by_id[i.exercise] for i in block.items if i.exercise in ctx.by_id]
    if len(exercises) < 2:
        return replace(block, items=[replace(i, note="easy pace (RPE 5-6), not all-out") for i in block.items])
    easy = finisher_block("circuit", exercises, max(3, int(block.minutes)))
    for minutes in range(int(block.minutes) - 1, 2, -1):  # whole rounds can overshoot: rule 6 caps it at 15
        if block_seconds(easy) <= 15 * 60:
            break
        easy = finisher_block("circuit", exercises, minutes)
    items = [replace(i, note="easy pace (RPE 5-6), not all-out", change="deload: easy circuit") for i in easy.items]
    return replace(easy, items=items)


def _deload_fill(session: Session, ctx: Context) -> Session:
    """Fewer hard sets leave minutes free; easy work takes them so the session still lasts
    what was asked (rule 7): the easy circuit (up to 15 minutes, rule 6), a fuller warm-up
    (up to 15 minutes, rule 2), a second activation round (up to 8 minutes, rule 3), longer rests."""
    for _ in range(40):
        if session_minutes(session) >= ctx.inputs.minutes * (1 - TOLERANCE) + 0.5:
            break
        grown = (
            _add_easy_finisher(session, ctx)
            or _longer_finisher(session, ctx)
            or _longer_warmup(session, ctx)
            or _second_activation_round(session)
            or _more_activation(session, ctx)
            or _longer_rests(session, ctx)
            or _fuller_circuit(session)
        )
        if grown is None:
            break
        session = grown
    return session


def _block_index(session: Session, kind: str) -> int | None:
    return next((k for k, b in enumerate(session.blocks) if b.kind == kind), None)


def _with_block(session: Session, n: int, block: Block) -> Session:
    blocks = list(session.blocks)
    blocks[n] = block
    return replace(session, blocks=blocks)


def _longer_finisher(session: Session, ctx: Context) -> Session | None:
    n = _block_index(session, "finisher")
    if n is None:
        return None
    block = session.blocks[n]
    for extra in range(1, 9):  # a circuit grows by whole rounds, several minutes each
        longer = resize_finisher(block, block.minutes + extra, ctx.by_id)
        if block_seconds(longer) > 15 * 60:
            return None
        if block_seconds(longer) > block_seconds(block):
            return _with_block(session, n, longer)
    return None


def _add_easy_finisher(session: Session, ctx: Context) -> Session | None:
    """A deload session that had no finisher gets an easy circuit of low-skill drills."""
    if _block_index(session, "finisher") is not None:
        return None
    used = {i.exercise for b in session.blocks for i in b.items}
    drills = [
        ex
        for ex in ctx.pool
        if "finisher" in ex.blocks and ex.id not in used and ex.measure != "meters" and ex.level != "advanced"
    ]
    if len(drills) < 2:
        return None
    easy = finisher_block("circuit", drills[:3], 4)
    items = [replace(i, note="easy pace (RPE 5-6), not all-out", change="deload: easy circuit") for i in easy.items]
    return replace(session, blocks=[*session.blocks, replace(easy, items=items)])


def _longer_warmup(session: Session, ctx: Context) -> Session | None:
    from planner.compose import drill_item

    n = _block_index(session, "warmup")
    if n is None:
        return None
    block = session.blocks[n]
    used = {i.exercise for b in session.blocks for i in b.items}
    for ex in ctx.pool:
        if "warmup" in ex.blocks and ex.id not in used and ex.measure != "meters":
            longer = replace(block, items=[*block.items, drill_item(ex, 1)])
            if block_seconds(longer) <= 15 * 60:  # rule 2: 5-10 minutes, up to 15 (a deload's extra mobility)
                return _with_block(session, n, longer)
    return None


def _more_activation(session: Session, ctx: Context) -> Session | None:
    """Up to four activation drills in at most 8 minutes (rule 3), aimed at the session's muscles."""
    from planner.compose import drill_item

    n = _block_index(session, "activation")
    if n is None or len(session.blocks[n].items) >= 4:
        return None
    block = session.blocks[n]
    used = {i.exercise for b in session.blocks for i in b.items}
    trained = set().union(
        *(
            ctx.by_id[i.exercise].muscles
            for b in session.blocks
            if b.kind in ("main", "accessory")
            for i in b.items
            if i.exercise in ctx.by_id
        )
    )
    rounds = max((i.sets for i in block.items), default=1)
    for ex in ctx.pool:
        if "activation" in ex.blocks and ex.id not in used and set(ex.primary_muscles) & trained:
            longer = replace(block, items=[*block.items, drill_item(ex, rounds, reps=12, activation=True)])
            if block_seconds(longer) <= 8 * 60:
                return _with_block(session, n, longer)
    return None


def _fuller_circuit(session: Session) -> Session | None:
    """Fine-grained filler: a little more of each easy-circuit drill (at most 20 reps or
    40 s) or a longer carry (at most 100 m), the finisher still within 15 minutes (rule 6)."""
    n = _block_index(session, "finisher")
    if n is None or session.blocks[n].format not in ("circuit", "carry"):
        return None
    block = session.blocks[n]
    for i, item in enumerate(block.items):
        if item.meters is not None and item.meters < 100:  # rule 6: carries of 20-100 m
            bigger = replace(item, meters=min(100, item.meters + 10))
        elif item.reps is not None and item.reps < 20:
            bigger = replace(item, reps=item.reps + 2)
        elif item.seconds is not None and item.seconds < 40:
            bigger = replace(item, seconds=item.seconds + 5)
        else:
            continue
        longer = replace(block, items=[*block.items[:i], bigger, *block.items[i + 1 :]])
        if block_seconds(longer) <= 15 * 60:
            return _with_block(session, n, longer)
    return None


def _longer_rests(session: Session, ctx: Context) -> Session | None:
    """A deload may rest longer between its fewer sets (up to 3 minutes, 5 for strength main
    lifts, 60 s for endurance work: rule 14)."""
    for b, block in enumerate(session.blocks):
        if block.kind not in ("main", "accessory"):
            continue
        cap = 300 if block.kind == "main" and ctx.inputs.goal == "strength" else 180  # rule 14
        if ctx.inputs.goal == "endurance":
            cap = 60  # rule 14: endurance work rests 15-60 s
        for i, item in enumerate(block.items):
            if item.sets > 1 and item.rest_seconds < cap:
                return _replace(session, b, i, replace(item, rest_seconds=item.rest_seconds + 15))
    return None


def _second_activation_round(session: Session) -> Session | None:
    n = _block_index(session, "activation")
    if n is None:
        return None
    block = session.blocks[n]
    if any(i.sets >= 2 for i in block.items):
        return None
    longer = replace(block, items=[replace(i, sets=2) for i in block.items])
    return _with_block(session, n, longer) if block_seconds(longer) <= 8 * 60 else None


def _balance_deload_cut(week: Week, last: Week, ctx: Context, fill: bool) -> Week:
    """Give back sets, one at a time to the session furthest below its minutes, while the
    week's hard sets stay cut by at least 40 % (rule 22)."""

    def working_sets(sessions: list[Session]) -> int:
        return sum(i.sets for s in sessions for b in s.blocks if b.kind in ("main", "accessory") for i in b.items)

    allowance = math.floor(working_sets(last.sessions) * 0.6)
    sessions = list(week.sessions)
    while working_sets(sessions) > allowance:  # rounding kept too much: cut at least 40 %
        n = max(range(len(sessions)), key=lambda k: session_minutes(sessions[k]))
        trimmed = _remove_one_set(sessions[n])
        if trimmed is None:
            break
        sessions[n] = finalized(trimmed)
    if not fill:
        return replace(week, sessions=sessions)
    short = set(range(len(sessions)))
    while short and working_sets(sessions) < allowance:
        n = min(short, key=lambda k: session_minutes(sessions[k]))
        if session_minutes(sessions[n]) >= ctx.inputs.minutes * (1 - TOLERANCE):
            break
        grown = _add_one_set(sessions[n])
        if grown is None or session_minutes(grown) > ctx.inputs.minutes * (1 + TOLERANCE):
            short.discard(n)
            continue
        sessions[n] = finalized(grown)
    return replace(week, sessions=sessions)


def _remove_one_set(session: Session) -> Session | None:
    best: tuple[int, int, int] | None = None
    for b, block in enumerate(session.blocks):
        if block.kind in ("main", "accessory"):
            for i, item in enumerate(block.items):
                if item.sets > 1 and (best is None or item.sets > best[2]):
                    best = (b, i, item.sets)
    if best is None:
        return None
    b, i, sets = best
    return _replace(session, b, i, replace(session.blocks[b].items[i], sets=sets - 1))


def _add_one_set(session: Session) -> Session | None:
    for b, block in enumerate(session.blocks):
        if block.kind != "accessory":
            continue
        smallest = min(range(len(block.items)), key=lambda i: block.items[i].sets, default=None)
        if smallest is None:
            continue
        item = block.items[smallest]
        return _replace(session, b, smallest, replace(item, sets=item.sets + 1))
    return None


def is_deload(number: int, every: int) -> bool:
    return number % every == 0


def next_week(ctx: Context, weeks: list[Week], scheme: Scheme) -> Week:
    number = weeks[-1].number + 1
    loading = [w for w in weeks if not w.deload]
    last = loading[-1]
    if is_deload(number, ctx.inputs.deload_every or 4):  # interim: the coach engine sets it by level
        return deload_week(ctx, last, number)
    week1 = week_hard_sets(loading[0].sessions, ctx.by_id, ctx.count_patterns)
    counts = week_hard_sets(last.sessions, ctx.by_id, ctx.count_patterns)
    current = {s.day: s for s in last.sessions}  # each day's session, progressed once its turn comes
    for s in last.sessions:
        others = [o for day, o in current.items() if day != s.day]
        current[s.day] = progress_session(s, ctx, scheme, week1, counts, recovery_caps(ctx, others, s.day))
    return Week(number=number, deload=False, sessions=[replace(current[s.day], date=None) for s in last.sessions])


# ---------------------------------------------------------------------------- preview


def preview(
    ctx: Context, scheme: Scheme, ex: Card, weeks: int, block: str = "accessory"
) -> list[tuple[int, Item, str]]:
    """What a scheme does to one exercise week by week, ignoring session time: (week, item, change)."""
    item = working_item(ex, block, ctx.goal)
    rows = [(1, item, "start")]
    current, current_ex = item, ex
    for number in range(2, weeks + 1):
        if is_deload(number, ctx.inputs.deload_every or 4):  # interim: the coach engine sets it by level
            sets = max(1, round(current.sets * DELOAD_KEEP))
            base = working_item(current_ex, block, ctx.goal)
            rows.append((number, replace(current, sets=sets, tempo=base.tempo, rir=3), "deload"))
            continue
        order = scheme.order or auto_order(current_ex)
        change = "holds (every variable at its limit)"
        for kind in [*order, *(k for k in ZERO_TIME_KINDS if k not in order)]:
            result = step(kind, current, current_ex, block, ctx, {current_ex.id})
            if result is not None and kind != "sets":
                current, change = result.item, result.change
                current_ex = ctx.by_id.get(current.exercise, current_ex)
                break
            if result is not None:
                current, change = result.item, result.change
                break
        rows.append((number, current, change))
    return rows
