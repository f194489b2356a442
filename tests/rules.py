"""TRAINING.md's rules as checks a coach would run on a plan, independent of how the
planner composed it. Each function checks one rule and raises AssertionError naming it."""

from __future__ import annotations

import itertools
from collections import Counter

from planner.records import Card, Plan, Session, Tempo
from planner.vocab import builtin_vocab

ORDER = ["warmup", "activation", "main", "accessory", "finisher"]
SPLITS = {
    2: ["full-a", "full-b"],
    3: ["full-a", "full-b", "full-c"],
    4: ["upper-a", "lower-a", "upper-b", "lower-b"],
    5: ["upper-a", "lower-a", "push-a", "pull-a", "legs-a"],
    6: ["push-a", "pull-a", "legs-a", "push-b", "pull-b", "legs-b"],
}


def estimate_seconds(session: Session) -> float:
    from planner.estimate import session_minutes

    return session_minutes(session) * 60


def hard_sets(session: Session, by_id: dict[str, Card]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for block in session.blocks:
        if block.kind in ("main", "accessory"):
            for item in block.items:
                ex = by_id[item.exercise]
                for m in ex.primary_muscles:
                    counts[m] += item.sets
                for m in ex.secondary_muscles:
                    counts[m] += 0.5 * item.sets
    return counts


def rule_1_block_order(plan: Plan, by_id: dict[str, Card]) -> None:
    vocab = builtin_vocab()
    for week in plan.weeks:
        for s in week.sessions:
            kinds = [b.kind for b in s.blocks]
            assert kinds == sorted(kinds, key=ORDER.index), f"rule 1: {s.title} blocks out of order: {kinds}"
            assert len(set(kinds)) == len(kinds), f"rule 1: {s.title} repeats a block"
            for block in s.blocks:
                if block.kind in ("main", "accessory"):
                    keys = [
                        (
                            by_id[i.exercise].mechanic != "compound",
                            min(vocab.size_rank(m) for m in by_id[i.exercise].primary_muscles),
                        )
                        for i in block.items
                    ]
                    if block.format == "superset":  # pairs A1 A2, B1 B2: rule 1 orders the pairs and each pair
                        leaders = keys[0::2]
                        assert leaders == sorted(leaders), f"rule 1: {s.title} superset pairs out of order"
                        assert all(keys[k] <= keys[k + 1] for k in range(0, len(keys) - 1, 2)), (
                            f"rule 1: {s.title}: a superset pair starts with its smaller exercise"
                        )
                        continue
                    assert keys == sorted(keys), (
                        f"rule 1: {s.title} {block.kind}: compound/large muscles must come first"
                    )


def rule_2_warmup(plan: Plan, by_id: dict[str, Card]) -> None:
    for week in plan.weeks:
        for s in week.sessions:
            warm = [b for b in s.blocks if b.kind == "warmup"]
            assert warm, f"rule 2: {s.title} has no warm-up"
            block = warm[0]
            top = 15 if week.deload else 10  # rule 2: 5-10 minutes (up to 15): the longer ones are deload mobility
            assert 5 <= block.minutes <= top, f"rule 2: {s.title} warm-up lasts {block.minutes} min"
            holds = [
                i
                for i in block.items
                if i.seconds and by_id[i.exercise].pattern not in ("locomotion", "jump", "cyclical")
            ]
            assert all(i.seconds <= 45 for i in holds), f"rule 2: {s.title} has a warm-up hold over 45 s"
            assert len(holds) < len(block.items), f"rule 2: {s.title} warm-up is all static holds"
            assert all(i.rir is None for i in block.items), "rule 2: warm-up is low effort, not working sets"
            assert all("warmup" in by_id[i.exercise].blocks for i in block.items)


def rule_3_activation(plan: Plan, by_id: dict[str, Card]) -> None:
    for week in plan.weeks:
        for s in week.sessions:
            act = [b for b in s.blocks if b.kind == "activation"]
            assert act, f"rule 3: {s.title} has no activation"
            block = act[0]
            assert 2 <= len(block.items) <= 4, f"rule 3: {s.title} activation has {len(block.items)} drills"
            assert block.minutes <= 8, f"rule 3: {s.title} activation lasts {block.minutes} min"
            trained = set().union(
                *(by_id[i.exercise].muscles for b in s.blocks if b.kind in ("main", "accessory") for i in b.items)
            )
            for item in block.items:
                assert 1 <= item.sets <= 2, f"rule 3: {item.exercise} in {item.sets} rounds"
                if item.reps:
                    assert 8 <= item.reps <= 20, f"rule 3: {item.exercise} x {item.reps}"
                if item.seconds:
                    assert 20 <= item.seconds <= 40, f"rule 3: {item.exercise} {item.seconds} s"
            aimed = set().union(*(set(by_id[i.exercise].primary_muscles) for i in block.items))
            assert aimed & trained, f"rule 3: {s.title} activation aims at muscles the session does not train"


def rule_5_accessory_bulk(plan: Plan, by_id: dict[str, Card]) -> None:
    main = sum(
        i.sets for w in plan.weeks[:1] for s in w.sessions for b in s.blocks if b.kind == "main" for i in b.items
    )
    acc = sum(
        i.sets for w in plan.weeks[:1] for s in w.sessions for b in s.blocks if b.kind == "accessory" for i in b.items
    )
    assert acc >= main, f"rule 5: accessories hold {acc} hard sets a week, main lifts {main}"


def rule_6_finisher(plan: Plan, by_id: dict[str, Card]) -> None:
    for week in plan.weeks:
        for s in week.sessions:
            for n, block in enumerate(s.blocks):
                if block.kind != "finisher":
                    continue
                assert n == len(s.blocks) - 1, f"rule 6: {s.title} finisher is not last"
                assert 3 <= block.minutes <= 15, f"rule 6: {s.title} finisher lasts {block.minutes} min"
                for item in block.items:
                    ex = by_id[item.exercise]
                    assert "finisher" in ex.blocks and ex.level != "advanced" and "barbell" not in ex.equipment, (
                        f"rule 6: {ex.id} is not a low-skill finisher"
                    )
                if block.format == "tabata":
                    assert block.minutes == 4 and sum(i.sets for i in block.items) == 8
                    assert all(i.seconds == 20 and i.rest_seconds == 10 for i in block.items), (
                        "rule 6: Tabata is 20 s on, 10 s off"
                    )
                if block.format == "emom":
                    from planner.estimate import work_seconds

                    assert all(work_seconds(i) <= 40 for i in block.items), "rule 6: EMOM work at most ~40 s a minute"
                if block.format == "amrap":
                    assert 5 <= block.minutes <= 15, "rule 6: AMRAP capped at 5-15 min"
                if block.format == "carry":
                    assert all(
                        3 <= i.sets <= 5 and 20 <= (i.meters or 0) * (2 if i.per_side else 1) <= 200
                        for i in block.items
                    )


def rule_7_minutes(plan: Plan, by_id: dict[str, Card]) -> None:
    asked = plan.inputs.minutes
    for week in plan.weeks:
        for s in week.sessions:
            minutes = estimate_seconds(s) / 60
            assert abs(minutes - asked) <= 0.1 * asked + 1e-9, (
                f"rule 7: {s.title} takes {minutes:.1f} min, asked {asked}"
            )
            assert abs(s.minutes - minutes) < 0.11, "the session's stated minutes match the estimate"


def _targets(plan: Plan, by_id: dict[str, Card], pool: list[Card]) -> dict[str, float]:
    vocab = builtin_vocab()
    goal = plan.inputs.goal
    lo = {"general": 4, "strength": 4, "endurance": 4, "hypertrophy": 10}[goal]
    if goal == "hypertrophy" and plan.inputs.level == "beginner":
        lo = 8
    trainable = {m for ex in pool if {"main", "accessory"} & set(ex.blocks) for m in ex.primary_muscles}
    return {m: lo for m in vocab.muscles.ids if vocab.is_major(m) and m in trainable}


def rule_8_weekly_volume(plan: Plan, by_id: dict[str, Card], pool: list[Card]) -> None:
    for week in plan.weeks:
        if week.deload:
            continue
        counts: Counter[str] = Counter()
        for s in week.sessions:
            counts.update(hard_sets(s, by_id))
        for muscle, lo in _targets(plan, by_id, pool).items():
            assert counts[muscle] >= lo, (
                f"rule 8: week {week.number} gives {muscle} {counts[muscle]} hard sets, needs {lo}"
            )
            if plan.inputs.goal == "hypertrophy":
                assert counts[muscle] <= 20, f"rule 8: {muscle} gets {counts[muscle]} hard sets (> 20)"
        if plan.inputs.goal == "strength":
            patterns: Counter[str] = Counter()
            main_patterns = set()
            for s in week.sessions:
                for b in s.blocks:
                    if b.kind in ("main", "accessory"):
                        for i in b.items:
                            patterns[by_id[i.exercise].pattern] += i.sets
                    if b.kind == "main":
                        main_patterns |= {by_id[i.exercise].pattern for i in b.items}
            for p in main_patterns:
                assert 6 <= patterns[p] <= 12, f"rule 8: week {week.number} gives pattern {p} {patterns[p]} sets (6-12)"


def rule_9_session_cap(plan: Plan, by_id: dict[str, Card]) -> None:
    for week in plan.weeks:
        for s in week.sessions:
            for muscle, n in hard_sets(s, by_id).items():
                assert n <= 10, f"rule 9: {s.title} gives {muscle} {n} hard sets"


def rule_10_frequency(plan: Plan, by_id: dict[str, Card], pool: list[Card]) -> None:
    if plan.inputs.goal != "hypertrophy":
        return
    for week in plan.weeks:
        if week.deload:  # rule 22 shapes a deload week; frequency is a loading-week rule
            continue
        for muscle in _targets(plan, by_id, pool):
            sessions = sum(1 for s in week.sessions if hard_sets(s, by_id)[muscle] >= 1)
            assert sessions >= 2, f"rule 10: {muscle} trained in {sessions} session(s) of week {week.number}"


def rule_11_recovery(plan: Plan, by_id: dict[str, Card]) -> None:
    """After a session gives a muscle 4+ hard sets, the next day's session gives it at most 3."""
    from planner.records import WEEKDAYS

    for week in plan.weeks:
        counts = {s.day: hard_sets(s, by_id) for s in week.sessions}
        for day, today in counts.items():
            tomorrow = counts.get(WEEKDAYS[(WEEKDAYS.index(day) + 1) % 7])
            if tomorrow is None:
                continue
            for m, n in today.items():
                assert not (n >= 4 and tomorrow[m] > 3), (
                    f"rule 11: week {week.number}: {m} gets {n:g} hard sets on {day} and {tomorrow[m]:g} the next day"
                )


def rule_12_split(plan: Plan, by_id: dict[str, Card]) -> None:
    days = len(plan.inputs.on) or plan.inputs.days
    for week in plan.weeks:
        templates = [
            s.template
            for s in sorted(week.sessions, key=lambda s: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].index(s.day))
        ]
        assert templates == SPLITS[days], f"rule 12: {days} days gives {templates}"
        assert len({s.day for s in week.sessions}) == len(week.sessions) <= 6, "rule 12: at least one rest day"


def rule_13_reps_and_rir(plan: Plan, by_id: dict[str, Card]) -> None:
    goal = plan.inputs.goal
    for week in plan.weeks:
        for s in week.sessions:
            for b in s.blocks:
                if b.kind not in ("main", "accessory"):
                    continue
                for i in b.items:
                    assert i.rir is not None and 0 <= i.rir <= 4, f"rule 13: {i.exercise} RIR {i.rir}"
                    if i.rir == 0:
                        assert by_id[i.exercise].mechanic == "isolation", "rule 13: RIR 0 only on isolation"
                    if not i.reps:
                        continue
                    if goal == "strength" and b.kind == "main":
                        assert 1 <= i.reps <= 6, f"rule 13: strength main lift {i.exercise} x {i.reps}"
                    if goal == "hypertrophy":
                        top = 12 if b.kind == "main" else 30
                        assert 6 <= i.reps <= top, f"rule 13: hypertrophy {b.kind} {i.exercise} x {i.reps}"
                    if goal == "endurance":
                        assert i.reps >= 12, f"rule 13: endurance {i.exercise} x {i.reps}"


def rule_14_rest(plan: Plan, by_id: dict[str, Card]) -> None:
    goal = plan.inputs.goal
    for week in plan.weeks:
        for s in week.sessions:
            for b in s.blocks:
                for i in b.items:
                    ex = by_id[i.exercise]
                    if b.kind == "finisher":
                        assert 10 <= i.rest_seconds <= 60, f"rule 14: finisher rest {i.rest_seconds} s"
                    elif goal == "strength" and b.kind == "main":
                        assert 120 <= i.rest_seconds <= 300, f"rule 14: strength main rest {i.rest_seconds} s"
                    elif goal == "hypertrophy" and b.kind in ("main", "accessory"):
                        floor = 90 if ex.mechanic == "compound" else 60
                        assert i.rest_seconds >= floor, f"rule 14: hypertrophy {i.exercise} rest {i.rest_seconds} s"
                    elif goal == "endurance" and b.kind in ("main", "accessory"):
                        assert 15 <= i.rest_seconds <= 60, f"rule 14: endurance rest {i.rest_seconds} s"


def rule_15_tempo(plan: Plan, by_id: dict[str, Card]) -> None:
    for week in plan.weeks:
        for s in week.sessions:
            for b in s.blocks:
                for i in b.items:
                    if i.tempo is None:
                        continue
                    t = Tempo.parse(i.tempo)  # four digits, X only in the lifting slot
                    assert 2 <= t.rep_seconds <= 8 or (b.kind == "accessory" and t.rep_seconds <= 10), (
                        f"rule 15: {i.exercise} tempo {i.tempo} lasts {t.rep_seconds} s"
                    )


CHECKS = [rule_1_block_order, rule_2_warmup, rule_3_activation, rule_5_accessory_bulk, rule_6_finisher, rule_7_minutes,
          rule_9_session_cap, rule_11_recovery, rule_12_split, rule_13_reps_and_rir, rule_14_rest, rule_15_tempo]  # fmt: skip
POOL_CHECKS = [rule_8_weekly_volume, rule_10_frequency]


def check_plan(plan: Plan, by_id: dict[str, Card], pool: list[Card]) -> None:
    for check in CHECKS:
        check(plan, by_id)
    for check in POOL_CHECKS:
        check(plan, by_id, pool)


# ---------------------------------------------------------------------------- progression (rules 17-22)


def _working(session: Session) -> dict[tuple[str, str], object]:
    return {(b.kind, i.exercise): i for b in session.blocks if b.kind in ("main", "accessory") for i in b.items}


def _variables(item, ex: Card | None) -> dict[str, object]:
    t = Tempo.parse(item.tempo) if item.tempo else None
    return {
        "sets": item.sets,
        "dose": (item.reps, item.seconds, item.meters),
        "eccentric": t.eccentric if t else None,
        "pause": (t.bottom_pause, t.top_pause) if t else None,
        "lift": t.concentric if t else None,
        "range": "more range" in (item.note or ""),
    }


def _pairs(prev: Session, new: Session, by_id: dict[str, Card]):
    """(previous item, new item) pairs; a harder variation pairs with what it replaced."""
    before = _working(prev)
    for b in new.blocks:
        if b.kind not in ("main", "accessory"):
            continue
        for item in b.items:
            old = before.get((b.kind, item.exercise))
            if old is None:
                assert item.change and item.change.startswith("harder variation"), (
                    f"rule 17: {item.exercise} appeared with {item.change!r}"
                )
                replaced = [o for (k, e), o in before.items() if k == b.kind and item.exercise in by_id[e].harder]
                assert replaced, f"rule 20: {item.exercise} is not a harder variation of anything it replaced"
                yield replaced[0], item, True
            else:
                yield old, item, False


def rule_17_to_20_progression(plan: Plan, by_id: dict[str, Card]) -> None:
    loading = [w for w in plan.weeks if not w.deload]
    week1: Counter[str] = Counter()
    for s in loading[0].sessions:
        week1.update(hard_sets(s, by_id))
    for prev, week in itertools.pairwise(loading):
        prev_by_day = {s.day: s for s in prev.sessions}
        counts: Counter[str] = Counter()
        for s in week.sessions:
            counts.update(hard_sets(s, by_id))
            for old, new, swapped in _pairs(prev_by_day[s.day], s, by_id):
                if swapped:
                    continue
                ex = by_id[new.exercise]
                a, b = _variables(old, ex), _variables(new, ex)
                changed = [k for k in a if a[k] != b[k]]
                if "dose" in changed and "sets" not in changed and new.change and new.change.startswith("load"):
                    changed = ["load"]  # load goes up and reps start again at the bottom: one step (rule 18)
                assert len(changed) <= 1, f"rule 17: {s.title} week {week.number} {new.exercise} changed {changed}"
                if changed:
                    assert new.change, f"rule 17: {new.exercise} changed {changed[0]} without saying so"
                kind = changed[0] if changed else None
                if kind == "eccentric":
                    assert b["eccentric"] == a["eccentric"] + 1 <= min(6, ex.limits.eccentric_max_s), (
                        "rule 18: eccentric +1 s"
                    )
                if kind == "pause":
                    steps = [y - x for x, y in zip(a["pause"], b["pause"], strict=True)]
                    assert sorted(steps) == [0, 1] and max(b["pause"]) <= 3, "rule 18: pause +1 s up to 3 s"
                    slot = 1 if ex.peak_contraction else 0
                    assert steps[slot] == 1, "rule 16: pause at the top only where the muscle stays loaded"
                if kind == "dose" and old.reps and new.reps:
                    assert 1 <= new.reps - old.reps <= 2, f"rule 18: reps {old.reps} -> {new.reps}"
                if kind == "sets":
                    assert new.sets == old.sets + 1, "rule 18: one set at a time"
                if kind == "load":
                    assert ex.loaded and new.reps < old.reps, "rule 18: load only on loaded work, reps start over"
                assert "shorter" not in (new.change or "") and "partial" not in (new.change or ""), "rule 20"
        for m, n in counts.items():
            if week1[m] >= 4:
                assert n <= week1[m] * 1.2 + 1.0, f"rule 18: {m} weekly sets {week1[m]} -> {n}"


def rule_21_deload_cadence(plan: Plan, by_id: dict[str, Card]) -> None:
    run = 0
    for week in plan.weeks:
        if week.deload:
            assert 3 <= run <= 6, f"rule 21: a deload after {run} loading weeks"
            run = 0
        else:
            run += 1
            assert run <= 8, "rule 21: more than 8 weeks without a deload"
    every = plan.inputs.deload_every or 4
    assert [w.number for w in plan.weeks if w.deload] == [n for n in range(1, len(plan.weeks) + 1) if n % every == 0]


def rule_22_deload_content(plan: Plan, by_id: dict[str, Card]) -> None:
    first = {s.day: s for s in plan.weeks[0].sessions}
    for n, week in enumerate(plan.weeks):
        if not week.deload:
            continue
        prev = [w for w in plan.weeks[:n] if not w.deload][-1]
        assert [s.day for s in week.sessions] == [s.day for s in prev.sessions], "rule 22: same days"
        before = after = 0
        prev_by_day = {s.day: s for s in prev.sessions}
        for s in week.sessions:
            assert set(_working(s)) == set(_working(prev_by_day[s.day])), "rule 22: same exercises"
            for (kind, ex_id), item in _working(s).items():
                assert item.rir is not None and item.rir >= 3, "rule 22: RIR 3 or more"
                base = _working(first[s.day]).get((kind, ex_id))
                if item.tempo and base is not None and base.tempo:
                    t, t0 = Tempo.parse(item.tempo), Tempo.parse(base.tempo)
                    assert (t.eccentric, t.bottom_pause, t.top_pause) <= (
                        t0.eccentric,
                        t0.bottom_pause,
                        t0.top_pause,
                    ), "rule 22: no added tempo or pause"
            after += sum(i.sets for i in _working(s).values())
            before += sum(i.sets for i in _working(prev_by_day[s.day]).values())
            for b in s.blocks:
                if b.kind == "finisher":
                    assert b.format in ("circuit", "carry"), f"rule 22: no all-out finisher ({b.format})"
        cut = 1 - after / before
        assert 0.4 <= cut <= 0.6, f"rule 22: week {week.number} cuts hard sets by {cut:.0%}"


CHECKS += [rule_17_to_20_progression, rule_21_deload_cadence, rule_22_deload_content]
