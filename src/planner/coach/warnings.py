"""What a plan does not reach, said plainly (docs/coaching.md, section 0).

Each soft target the plan misses becomes a Warning: the rule, the muscle, pattern or
session, the figure wanted, the figure reached, and a hint. A hint that names other inputs
("--days 4 ...") is given only after the engine has built week 1 with those inputs and seen
it reach the target.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from planner.coach.context import Context, context_from
from planner.coach.draft import Week as WeekState
from planner.coach.volume import PATTERN, tier_of
from planner.library import Library
from planner.records import PlanInputs, Session, Warning, Week, replace

HINTABLE = (8, 10, 24, 25)
WORKING = ("main", "accessory")


def plan_warnings(
    ctx: Context, weeks: list[Week], state: WeekState, library: Library, folders: list[Path] | None
) -> list[Warning]:
    found = list(week_one_warnings(ctx, weeks[0].sessions, state))
    found += list(time_warnings(ctx, weeks))
    if folders is not None and any(w.rule in HINTABLE for w in found):
        found = with_hints(ctx, found, library, folders)
    return found


def week_one_warnings(ctx: Context, sessions: list[Session], state: WeekState) -> Iterator[Warning]:
    from planner.coach.compose import week_targets

    goal = ctx.inputs.goal
    for key, (lo, _) in sorted(week_targets(ctx).items()):
        have = state.counts[key]
        if have < lo:
            name = key[len(PATTERN) :] + " pattern" if key.startswith(PATTERN) else key
            yield Warning(
                rule=8,
                subject=name,
                wanted=f"{lo:g} ({tier_of(ctx.rules, key)}, {goal})",
                reached=f"{have:g} hard sets a week",
            )
    if ctx.goal.frequency > 1:
        for muscle in ctx.rules.volume.prime:
            if muscle in state.counts and 0 < state.sessions_training(muscle) < ctx.goal.frequency:
                yield Warning(
                    rule=10,
                    subject=muscle,
                    wanted=f"{ctx.goal.frequency}",
                    reached=f"trained in {state.sessions_training(muscle)} session a week",
                )
    doable = {c.pattern for c in ctx.pool.cards if {"main", "accessory"} & set(c.blocks) and c.mechanic == "compound"}
    for pattern in ctx.goal.patterns:
        if not _has_pattern(ctx, sessions, pattern):
            why = "" if pattern in doable else "no exercise you can do has it"
            yield Warning(
                rule=24,
                subject=f"{pattern} pattern",
                wanted="one a week",
                reached="no compound exercise",
                hint=why or None,
            )
    yield from balance_warnings(ctx, sessions)
    for title, pattern, why in state.missing_mains:
        yield Warning(rule=25, subject=f"{title}: main lift", wanted=f"a {pattern} lift", reached=why)
    for pattern, lost in sorted(ctx.pool.excluded_patterns.items()):
        if pattern in ctx.goal.patterns and pattern not in doable:
            stand_ins = ctx.stand_ins.get(pattern, [])
            used = sorted({p for p in stand_ins if _has_pattern(ctx, sessions, p, compound=False)})
            yield Warning(
                rule=32,
                subject=f"{pattern} pattern",
                wanted=f"{pattern} work",
                reached=f"none: --exclude took all {lost}" + (f"; {' and '.join(used)} stand in" if used else ""),
            )
    yield from share_warnings(ctx, sessions)


def _has_pattern(ctx: Context, sessions: list[Session], pattern: str, compound: bool = True) -> bool:
    """A compound exercise of `pattern` in the week's working blocks (a pullover is no vertical pull)."""
    return any(
        ctx.by_id[i.exercise].pattern == pattern and (ctx.by_id[i.exercise].mechanic == "compound" or not compound)
        for s in sessions
        for b in s.blocks
        if b.kind in WORKING
        for i in b.items
        if i.exercise in ctx.by_id
    )


def _pattern_sets(ctx: Context, sessions: list[Session]) -> dict[str, float]:
    out: dict[str, float] = {}
    for s in sessions:
        for b in s.blocks:
            if b.kind in WORKING:
                for i in b.items:
                    card = ctx.by_id.get(i.exercise)
                    if card is not None:
                        out[card.pattern] = out.get(card.pattern, 0.0) + i.sets
    return out


def balance_warnings(ctx: Context, sessions: list[Session]) -> Iterator[Warning]:
    """Rule 24: pull:push and knee:hip hard sets in their ranges, for the goals that list patterns."""
    if not ctx.goal.patterns:
        return
    b = ctx.rules.balance
    sets = _pattern_sets(ctx, sessions)
    push, pull = sum(sets.get(p, 0) for p in b.push), sum(sets.get(p, 0) for p in b.pull)
    knee, hip = sum(sets.get(p, 0) for p in b.knee), sum(sets.get(p, 0) for p in b.hip)
    if push and pull and not b.pull_push[0] <= pull / push <= b.pull_push[1]:
        yield Warning(
            rule=24,
            subject="pull:push",
            wanted=f"{b.pull_push[0]:g}:1 to {b.pull_push[1]:g}:1",
            reached=f"{pull / push:.2f}:1 ({pull:g} pull, {push:g} push sets)",
        )
    if knee and hip and not b.knee_hip[0] <= knee / hip <= b.knee_hip[1]:
        yield Warning(
            rule=24,
            subject="knee:hip",
            wanted=f"{b.knee_hip[0]:g}:1 to {b.knee_hip[1]:g}:1",
            reached=f"{knee / hip:.2f}:1 ({knee:g} knee-dominant, {hip:g} hip-dominant sets)",
        )


def share_warnings(ctx: Context, sessions: list[Session]) -> Iterator[Warning]:
    """Rule 5: accessories hold the bulk of the hard sets; rule 34: the equipment is used."""
    main = sum(i.sets for s in sessions for b in s.blocks if b.kind == "main" for i in b.items)
    acc = sum(i.sets for s in sessions for b in s.blocks if b.kind == "accessory" for i in b.items)
    if main + acc and acc / (main + acc) < ctx.rules.volume.accessory_share:
        yield Warning(
            rule=5,
            subject="accessory work",
            wanted=f"at least {ctx.rules.volume.accessory_share:.0%} of the hard sets",
            reached=f"{acc / (main + acc):.0%}",
            hint=(
                f"the main lifts' sets, ramps and {ctx.goal.main.rest / 60:g}-minute rests take most of each "
                f"session's {ctx.inputs.minutes} minutes"
            ),
        )
    loads = any(ctx.vocab.is_loaded(e) for e in ctx.vocab.expand_equipment(ctx.inputs.equipment))
    if loads and ctx.level != "beginner":
        unloaded = sorted(
            {
                i.name
                for s in sessions
                for b in s.blocks
                if b.kind in WORKING
                for i in b.items
                if i.exercise in ctx.by_id
                and ctx.by_id[i.exercise].pattern in ("horizontal_push", "horizontal_pull")
                and not ctx.by_id[i.exercise].loaded
                and not set(ctx.by_id[i.exercise].equipment) & set(ctx.rules.main.bodyweight_ok)
            }
        )
        if unloaded:
            yield Warning(
                rule=34,
                subject="pushes and pulls",
                wanted="loaded with the equipment at hand",
                reached=f"body weight: {', '.join(unloaded)}",
            )


def time_warnings(ctx: Context, weeks: list[Week]) -> Iterator[Warning]:
    """Rule 7: a loading session that fills less than it should, and why."""
    asked = ctx.inputs.minutes
    short: dict[str, tuple[float, float]] = {}
    for week in weeks:
        if week.deload:
            continue
        floor = ctx.fill_range(week.number)[0] if week.number == 1 else ctx.rules.time.fill
        floor = min(floor, ctx.fill_range(1)[0])  # week 1's headroom is on purpose; later weeks grow into it
        for s in week.sessions:
            if s.minutes < asked * floor:
                key = f"{s.day} {s.title}"
                low = min(short.get(key, (s.minutes, floor))[0], s.minutes)
                short[key] = (low, floor)
    for key, (minutes, floor) in short.items():
        yield Warning(
            rule=7,
            subject=key,
            wanted=f"at least {asked * floor:.1f} of {asked} min",
            reached=f"{minutes:.1f} min",
            hint="no further set or exercise fits without breaking a hard rule (the caps of rules 8, 9 and 11, "
            "the 5 % limit); nothing is added as filler",
        )


# ---------------------------------------------------------------------------- checked hints


def candidates(inputs: PlanInputs) -> Iterator[tuple[str, PlanInputs]]:
    """Other inputs worth trying, mildest first."""
    if inputs.minutes + 15 <= 180:
        yield f"--minutes {inputs.minutes + 15}", replace(inputs, minutes=inputs.minutes + 15)
    if not inputs.on and inputs.days < 6:
        yield f"--days {inputs.days + 1}", replace(inputs, days=inputs.days + 1)
    for profile in ("home", "gym"):
        if inputs.equipment == ["bodyweight"] or (profile == "gym" and "gym" not in inputs.equipment):
            yield f"--equipment {profile}", replace(inputs, equipment=[profile])
            break


def with_hints(ctx: Context, found: list[Warning], library: Library, folders: list[Path]) -> list[Warning]:
    from planner.coach.compose import compose_week

    open_ = {(w.rule, w.subject) for w in found if w.rule in HINTABLE and not w.hint}
    hints: dict[tuple[int, str], str] = {}
    tried: list[str] = []
    for words, other in candidates(ctx.inputs):
        if not open_:
            break
        tried.append(words)
        try:
            other_ctx = context_from(other, library, ctx.vocab, ctx.coaching)
            sessions, state = compose_week(other_ctx)
        except Exception:  # a candidate that cannot be built is simply not a hint
            continue
        still = {(w.rule, w.subject) for w in week_one_warnings(other_ctx, sessions, state)}
        for key in sorted(open_ - still):
            hints[key] = f"{words} reaches it" + _figure(key, state)
        open_ &= still
    for key in open_ if tried else ():  # say what was tried, so that no hint is not read as no look
        hints[key] = (
            f"none of {', '.join(tried)} alone reaches it" if len(tried) > 1 else f"{tried[0]} does not reach it"
        )
    return [replace(w, hint=hints.get((w.rule, w.subject), w.hint)) for w in found]


def _figure(key: tuple[int, str], state: WeekState) -> str:
    rule, subject = key
    if rule == 8:
        counted = PATTERN + subject.removesuffix(" pattern") if subject.endswith(" pattern") else subject
        return f" ({state.counts[counted]:g} hard sets a week)"
    if rule == 10:
        return f" ({state.sessions_training(subject)} sessions)"
    return ""
