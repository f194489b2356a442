"""The defects a strength coach found reading plans (rules 24-34), each as the request that
showed it and what the coach would now assert of the plan. 8 weeks each."""

from __future__ import annotations

import itertools

import pytest

from planner.records import Item, Plan, Session
from rules import WORKING, hard_violations, session_sets
from support import cards, make


def items(plan: Plan, kinds: tuple[str, ...] = WORKING, week: int | None = None) -> list[tuple[Session, str, Item]]:
    return [
        (s, b.kind, i)
        for w in plan.weeks
        if week is None or w.number == week
        for s in w.sessions
        for b in s.blocks
        if b.kind in kinds
        for i in b.items
    ]


def pattern_of(item: Item) -> str:
    return cards()[item.exercise].pattern


# ---------------------------------------------------------------------------- balance and main lifts


def test_a_strength_plan_presses_overhead_and_pulls_vertically_every_week():
    plan, pool = make(days=3, minutes=60, equipment=["gym"], goal="strength", level="intermediate", weeks=8)
    assert hard_violations(plan, cards(), pool) == []
    for week in plan.weeks:
        compounds = {
            pattern_of(i) for _, _, i in items(plan, week=week.number) if cards()[i.exercise].mechanic == "compound"
        }
        assert {"vertical_push", "vertical_pull", "horizontal_push", "horizontal_pull", "squat", "hinge"} <= compounds


def test_an_advanced_gym_lifter_gets_barbell_main_lifts_and_no_push_up_or_pulldown_triples():
    plan, _ = make(days=6, minutes=60, equipment=["gym"], goal="strength", level="advanced", weeks=8, seed=1)
    mains = [i for _, kind, i in items(plan, ("main",))]
    assert any("barbell" in cards()[i.exercise].equipment for i in mains)
    for i in mains:
        card = cards()[i.exercise]
        assert i.exercise not in ("push-up", "lat-pulldown", "bulgarian-split-squat")
        if i.reps is not None and i.reps <= 3:
            assert set(card.equipment) & {"barbell", "trap_bar", "dumbbell", "kettlebell"}, i.exercise


def test_a_home_lifter_with_dumbbells_presses_dumbbells_not_push_ups_as_the_main_lift():
    plan, _ = make(days=3, minutes=60, equipment=["home"], goal="strength", level="intermediate", weeks=4)
    presses = [i for _, kind, i in items(plan, ("main",)) if pattern_of(i) == "horizontal_push"]
    assert presses and all(cards()[i.exercise].loaded for i in presses)


def test_five_day_plans_keep_three_working_sets_on_every_main_lift():
    plan, _ = make(days=5, minutes=60, equipment=["gym"], goal="hypertrophy", level="advanced", weeks=8)
    for week in plan.weeks:
        if not week.deload:
            assert all(i.sets >= 3 for _, _, i in items(plan, ("main",), week.number))


def test_every_legs_and_lower_session_squats_or_hinges():
    plan, _ = make(days=5, minutes=60, equipment=["gym"], goal="hypertrophy", level="advanced", weeks=8)
    for s, _, _ in items(plan):
        if s.template.startswith(("legs", "lower")):
            patterns = {pattern_of(i) for b in s.blocks if b.kind in WORKING for i in b.items}
            assert patterns & {"squat", "hinge"}, s.title


# ---------------------------------------------------------------------------- numbers that add up


def test_reps_never_climb_at_the_same_load_without_spending_reserve():
    plan, _ = make(days=4, minutes=60, equipment=["gym"], goal="hypertrophy", level="advanced", weeks=8)
    loading = [w for w in plan.weeks if not w.deload]
    for prev, new in itertools.pairwise(loading):
        if any(w.deload for w in plan.weeks if prev.number < w.number < new.number):
            continue
        before = {(s.day, i.exercise): i for s, _, i in items(plan, week=prev.number)}
        for s, _, i in items(plan, week=new.number):
            old = before.get((s.day, i.exercise))
            if old and old.reps and i.reps and i.reps > old.reps and i.rir is not None:
                assert old.rir is not None and i.rir < old.rir


def test_a_load_step_is_a_condition_on_last_week_in_real_increments():
    plan, _ = make(days=4, minutes=60, equipment=["gym"], goal="strength", level="intermediate", weeks=8, units="lb")
    steps = [i for _, _, i in items(plan) if (i.load or "").startswith("if ")]
    assert steps
    for i in steps:
        assert "otherwise repeat" in i.load and "beat" not in i.load
        if "on the bar" in i.load:
            assert "(5 lb)" in i.load or "(10 lb)" in i.load
        assert "%" not in i.load  # a real plate or the next dumbbell, never 2.5 % of a dumbbell


def test_raises_calves_and_cuff_work_never_drop_to_strength_reps_and_beginners_get_no_triples():
    plan, _ = make(days=4, minutes=60, equipment=["gym"], goal="strength", level="beginner", weeks=8)
    for _, _, i in items(plan):
        card = cards()[i.exercise]
        if i.reps is not None:
            assert i.reps >= 5
            if card.pattern in ("shoulder_raise", "shoulder_rotation") or "calves" in card.primary_muscles:
                assert i.reps >= 10, (i.exercise, i.reps)


def test_holds_and_carries_carry_no_rir_and_plank_up_downs_are_not_triceps_sets():
    plan, _ = make(days=3, minutes=45, equipment=["home"], goal="general", level="intermediate", weeks=4)
    for _, _, i in items(plan):
        if i.seconds is not None or i.meters is not None:
            assert i.rir is None, i.exercise
    assert "triceps" not in cards()["plank-up-down"].hard_set_muscles


def test_one_variation_of_a_ladder_and_one_role_an_exercise_in_each_week():
    plan, pool = make(days=3, minutes=45, equipment=["bodyweight"], goal="general", level="beginner", weeks=8)
    assert [p for p in hard_violations(plan, cards(), pool) if p.rule == 31] == []
    pushes = {i.exercise for _, _, i in items(plan, week=1) if pattern_of(i) == "horizontal_push"}
    assert len(pushes) <= 2  # not wall, knee and full push-ups in one week


def test_no_session_is_a_scatter_of_two_set_accessories():
    plan, _ = make(days=2, minutes=90, equipment=["gym"], goal="hypertrophy", level="intermediate", weeks=4)
    for s in plan.weeks[0].sessions:
        accessories = [i for b in s.blocks if b.kind == "accessory" for i in b.items]
        assert len(accessories) <= 6 or any(i.sets > 2 for i in accessories)


# ---------------------------------------------------------------------------- finishers and warm-ups


def test_finishers_follow_rule_29_across_the_grid_that_showed_the_defects():
    for level in ("beginner", "intermediate", "advanced"):
        for days in (3, 5, 6):
            plan, pool = make(days=days, minutes=60, equipment=["gym"], goal="hypertrophy", level=level, weeks=4)
            assert [str(p) for p in hard_violations(plan, cards(), pool) if p.rule in (6, 29)] == []
            for s, _, i in items(plan, ("finisher",)):
                card = cards()[i.exercise]
                if level == "beginner":
                    assert not card.plyometric
                lower = sum(
                    sets for m, sets in session_sets(s, cards()).items() if m in ("quads", "glutes", "hamstrings")
                )
                assert not (card.plyometric and lower >= 6)


def test_warm_ups_start_on_a_bike_rower_or_rope_where_there_is_one_and_every_main_lift_ramps():
    plan, _ = make(days=4, minutes=60, equipment=["gym"], goal="strength", level="intermediate", weeks=4)
    for s in plan.weeks[0].sessions:
        first = cards()[s.blocks[0].items[0].exercise]
        assert first.pattern == "cyclical" and (s.blocks[0].items[0].seconds or 0) >= 120
        for b in s.blocks:
            if b.kind == "main":
                assert all(i.ramp for i in b.items)


# ---------------------------------------------------------------------------- exclusions and deloads


def test_excluding_the_spine_replaces_hinges_with_hip_work_and_drops_back_extensions():
    plan, _ = make(
        days=5, minutes=60, equipment=["gym"], goal="strength", level="intermediate", weeks=4, exclude=["loads_spine"]
    )
    used = {i.exercise for _, _, i in items(plan, ("warmup", "activation", "main", "accessory", "finisher"))}
    assert not [e for e in used if "lower_back" in cards()[e].stresses or cards()[e].loads_spine]
    assert "back-extension" not in used
    hip = {pattern_of(i) for _, _, i in items(plan)} & {"hip_extension", "knee_flexion", "hinge"}
    assert hip


def test_deloads_come_less_often_for_beginners():
    beginner, _ = make(weeks=8, level="beginner")
    advanced, _ = make(weeks=8, level="advanced", equipment=["gym"])
    assert [w.number for w in beginner.weeks if w.deload] == [6]
    assert [w.number for w in advanced.weeks if w.deload] == [4, 8]


@pytest.mark.parametrize("goal", ["strength", "hypertrophy", "general"])
def test_a_gym_plan_spends_no_working_set_on_an_exercise_that_counts_for_nothing(goal):
    """Rules 8 and 24: a towel isometric row holds a pull pattern but is no hard set; in a full
    gym neither the pattern count nor a required pull takes it when a real row is there."""
    plan, pool = make(days=3, minutes=60, equipment=["gym"], goal=goal, level="intermediate", weeks=4)
    by_id = {c.id: c for c in pool}
    empty = {
        i.exercise
        for w in plan.weeks
        for s in w.sessions
        for b in s.blocks
        if b.kind in ("main", "accessory")
        for i in b.items
        if not by_id[i.exercise].hard_set_muscles
    }
    assert not empty
