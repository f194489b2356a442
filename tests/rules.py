"""TRAINING.md's rules as checks a coach would run on a plan, independent of how the
planner composed it. Each function checks one rule and raises AssertionError naming it."""

from __future__ import annotations

from collections import Counter

from planner.models import Exercise, Plan, Session, Tempo
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


def hard_sets(session: Session, by_id: dict[str, Exercise]) -> Counter[str]:
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


def rule_1_block_order(plan: Plan, by_id: dict[str, Exercise]) -> None:
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
                    assert keys == sorted(keys), (
                        f"rule 1: {s.title} {block.kind}: compound/large muscles must come first"
                    )


def rule_2_warmup(plan: Plan, by_id: dict[str, Exercise]) -> None:
    for week in plan.weeks:
        for s in week.sessions:
            warm = [b for b in s.blocks if b.kind == "warmup"]
            assert warm, f"rule 2: {s.title} has no warm-up"
            block = warm[0]
            assert 5 <= block.minutes <= 10, f"rule 2: {s.title} warm-up lasts {block.minutes} min"
            holds = [
                i
                for i in block.items
                if i.seconds and by_id[i.exercise].pattern not in ("locomotion", "jump", "cyclical")
            ]
            assert all(i.seconds <= 45 for i in holds), f"rule 2: {s.title} has a warm-up hold over 45 s"
            assert len(holds) < len(block.items), f"rule 2: {s.title} warm-up is all static holds"
            assert all(i.rir is None for i in block.items), "rule 2: warm-up is low effort, not working sets"
            assert all("warmup" in by_id[i.exercise].blocks for i in block.items)


def rule_3_activation(plan: Plan, by_id: dict[str, Exercise]) -> None:
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


def rule_5_accessory_bulk(plan: Plan, by_id: dict[str, Exercise]) -> None:
    main = sum(
        i.sets for w in plan.weeks[:1] for s in w.sessions for b in s.blocks if b.kind == "main" for i in b.items
    )
    acc = sum(
        i.sets for w in plan.weeks[:1] for s in w.sessions for b in s.blocks if b.kind == "accessory" for i in b.items
    )
    assert acc >= main, f"rule 5: accessories hold {acc} hard sets a week, main lifts {main}"


def rule_6_finisher(plan: Plan, by_id: dict[str, Exercise]) -> None:
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


def rule_7_minutes(plan: Plan, by_id: dict[str, Exercise]) -> None:
    asked = plan.inputs.minutes
    for week in plan.weeks:
        for s in week.sessions:
            minutes = estimate_seconds(s) / 60
            assert abs(minutes - asked) <= 0.1 * asked + 1e-9, (
                f"rule 7: {s.title} takes {minutes:.1f} min, asked {asked}"
            )
            assert abs(s.minutes - minutes) < 0.11, "the session's stated minutes match the estimate"


def _targets(plan: Plan, by_id: dict[str, Exercise], pool: list[Exercise]) -> dict[str, float]:
    vocab = builtin_vocab()
    goal = plan.inputs.goal
    lo = {"general": 4, "strength": 4, "endurance": 4, "hypertrophy": 10}[goal]
    if goal == "hypertrophy" and plan.inputs.level == "beginner":
        lo = 8
    trainable = {m for ex in pool if {"main", "accessory"} & set(ex.blocks) for m in ex.primary_muscles}
    return {m: lo for m in vocab.muscles.ids if vocab.is_major(m) and m in trainable}


def rule_8_weekly_volume(plan: Plan, by_id: dict[str, Exercise], pool: list[Exercise]) -> None:
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


def rule_9_session_cap(plan: Plan, by_id: dict[str, Exercise]) -> None:
    for week in plan.weeks:
        for s in week.sessions:
            for muscle, n in hard_sets(s, by_id).items():
                assert n <= 10, f"rule 9: {s.title} gives {muscle} {n} hard sets"


def rule_10_frequency(plan: Plan, by_id: dict[str, Exercise], pool: list[Exercise]) -> None:
    if plan.inputs.goal != "hypertrophy":
        return
    for week in plan.weeks:
        for muscle in _targets(plan, by_id, pool):
            sessions = sum(1 for s in week.sessions if hard_sets(s, by_id)[muscle] >= 1)
            assert sessions >= 2, f"rule 10: {muscle} trained in {sessions} session(s) of week {week.number}"


def rule_12_split(plan: Plan, by_id: dict[str, Exercise]) -> None:
    days = len(plan.inputs.on) or plan.inputs.days
    for week in plan.weeks:
        templates = [
            s.template
            for s in sorted(week.sessions, key=lambda s: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].index(s.day))
        ]
        assert templates == SPLITS[days], f"rule 12: {days} days gives {templates}"
        assert len({s.day for s in week.sessions}) == len(week.sessions) <= 6, "rule 12: at least one rest day"


def rule_13_reps_and_rir(plan: Plan, by_id: dict[str, Exercise]) -> None:
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


def rule_14_rest(plan: Plan, by_id: dict[str, Exercise]) -> None:
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


def rule_15_tempo(plan: Plan, by_id: dict[str, Exercise]) -> None:
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
          rule_9_session_cap, rule_12_split, rule_13_reps_and_rir, rule_14_rest, rule_15_tempo]  # fmt: skip
POOL_CHECKS = [rule_8_weekly_volume, rule_10_frequency]


def check_plan(plan: Plan, by_id: dict[str, Exercise], pool: list[Exercise]) -> None:
    for check in CHECKS:
        check(plan, by_id)
    for check in POOL_CHECKS:
        check(plan, by_id, pool)
