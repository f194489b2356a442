"""Loads in numbers (rule 28): the kit and what it can load, plates per side, Epley, known
lifts in a profile giving week 1's loads, and numeric load steps that keep every hard rule."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.loads import (
    check_kit,
    check_lifts,
    e1rm,
    implement,
    kit_for,
    load_for,
    load_text,
    parse_lift,
    planned_load,
)
from planner.records import Card
from support import make

GYM = kit_for("kg")


def test_the_default_kit_is_data_in_both_units():
    lb = kit_for("lb")
    assert GYM.bars["barbell"] == 20 and lb.bars["barbell"] == 45
    assert 22 in GYM.dumbbells and 24 in GYM.kettlebells and GYM.stack_step == 5
    assert lb.unit == "lb" and lb.stack_step == 10


def test_a_bar_loads_the_bar_plus_two_of_each_plate():
    loads = GYM.loads("barbell")
    assert loads is not None and loads[0] == 20 and 21.25 not in loads and 22.5 in loads
    assert all(abs(load - 20) / 2.5 == round(abs(load - 20) / 2.5) for load in loads)
    home = kit_for("kg", check_kit({"plates": [10, 5, 2.5]}))
    assert home.loads("barbell") == (20, 25, 30, 35, 40, 45, 50, 55)


@given(st.floats(min_value=20, max_value=300, allow_nan=False))
def test_every_rounded_barbell_load_has_its_plates(target):
    for how in ("down", "up", "nearest"):
        load = GYM.nearest("barbell", target, how=how)
        plates = GYM.per_side(load)
        assert plates is not None
        assert math.isclose(20 + 2 * sum(plates), load)
        assert plates == sorted(plates, reverse=True)
        if how == "down" and target >= 20:
            assert load <= target + 1e-9
        if how == "up" and target <= max(GYM.loads("barbell") or ()):
            assert load >= target - 1e-9


def test_plates_per_side_uses_the_fewest_plates():
    assert GYM.per_side(100) == [25, 15]
    assert GYM.per_side(62.5) == [20, 1.25]
    assert GYM.per_side(21) is None


def test_the_next_load_up_and_down_is_one_the_kit_makes():
    assert GYM.up("dumbbell", 20, 2) == 22 and GYM.up("dumbbell", 50, 2) is None
    assert GYM.down("dumbbell", 20, 2) == 18 and GYM.down("dumbbell", 2, 2) is None
    assert GYM.up("kettlebell", 16, 4) == 20 and GYM.up("barbell", 60, 2.5) == 62.5
    assert GYM.up("stack", 40, 5) == 45 and GYM.up("other", 10, 2) == 12


def test_epley_counts_the_reps_in_reserve():
    assert e1rm(100, 5) == pytest.approx(116.667, abs=1e-3)
    assert e1rm(60, 8, 2) == pytest.approx(80)
    assert load_for(e1rm(60, 8, 2), 8, 2) == pytest.approx(60)


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [("24 kg x 10", "kg", (24, "kg", 10)), ("50lb x 8", "kg", (50, "lb", 8)), ("22,5 × 6", "lb", (22.5, "lb", 6))],
)
def test_known_lifts_are_a_load_and_reps(text, unit, expected):
    assert parse_lift(text, unit) == expected


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"goblet-squat": "heavy"}, "goblet-squat: 'heavy' is not a lift"),
        ({"goblet-squat": "24 stone x 10"}, "'stone' is not a unit"),
        ({"goblet-squat": "24 kg x 0"}, "1 to 50 reps"),
        ("24 kg", "must be a table"),
    ],
)
def test_a_wrong_lift_is_named(data, says):
    with pytest.raises(ValueError, match=says):
        check_lifts(data)


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"plate": [20]}, "plate: not a kit key"),
        ({"plates": []}, "plates: must be a list"),
        ({"dumbbells": [10, -2]}, r"dumbbells\[1\]: -2 is not a weight"),
        ({"bar": {"curl_bar": 10}}, "bar.curl_bar: not a bar"),
        ({"units": "stone"}, "units: must be kg or lb"),
    ],
)
def test_a_wrong_kit_key_is_named(data, says):
    with pytest.raises(ValueError, match=says):
        check_kit(data)


def test_a_kit_in_the_other_unit_is_converted():
    kit = kit_for("lb", check_kit({"units": "kg", "dumbbells": [10, 20]}))
    assert kit.dumbbells == pytest.approx((22.046, 44.092), abs=1e-3)


def test_load_text_says_the_plates_of_a_barbell_load():
    bar = Card({"id": "x", "name": "X", "equipment": ["barbell", "rack"]})
    bell = Card({"id": "y", "name": "Y", "equipment": ["dumbbell", "bench"]})
    assert implement(bar) == ("barbell", "barbell") and implement(bell) == ("dumbbell", "")
    assert load_text(62.5, GYM, implement(bar)) == "62.5 kg (20 + 1.25 a side)"
    assert load_text(20, GYM, implement(bar)) == "20 kg (empty bar)"
    assert load_text(22, GYM, implement(bell)) == "22 kg"
    assert planned_load("62.5 kg (20 + 1.25 a side) if every set of week 1 reached 8") == (62.5, "kg")
    assert planned_load("choose: a weight for 10") is None


# ---------------------------------------------------------------------------- in plans

LIFTS = {
    "barbell-back-squat": "100 kg x 5",
    "barbell-bench-press": "80 kg x 5",
    "barbell-deadlift": "130 kg x 5",
    "barbell-overhead-press": "50 kg x 6",
    "barbell-romanian-deadlift": "100 kg x 8",
    "goblet-squat": "24 kg x 12",
    "dumbbell-bench-press": "24 kg x 10",
    "dumbbell-shoulder-press": "16 kg x 10",
    "one-arm-dumbbell-row": "26 kg x 10",
}


def _items(plan):  # type: ignore[no-untyped-def]
    return [(w, s, i) for w in plan.weeks for s in w.sessions for b in s.blocks for i in b.items]


@pytest.mark.parametrize(
    "inputs",
    [
        {"equipment": ["gym"], "level": "intermediate", "goal": "strength", "days": 3},
        {"equipment": ["home"], "level": "beginner", "goal": "hypertrophy", "days": 3},
        {"equipment": ["gym"], "level": "advanced", "goal": "hypertrophy", "days": 4, "units": "lb"},
    ],
    ids=["gym-strength", "home-hypertrophy", "gym-lb"],
)
def test_known_lifts_give_loadable_numbers_and_every_hard_rule_holds(inputs):
    """Week 1 takes numbers from the known lifts; every load in numbers is one the kit
    makes, barbell loads with their plates; and the plan keeps every hard rule (tests/rules.py)."""
    from rules import hard_violations
    from support import cards as every_card

    plan, cards = make(weeks=10, lifts=LIFTS, **inputs)
    kit = kit_for(plan.inputs.units)
    numeric = 0
    for week, _, item in _items(plan):
        found = planned_load(item.load)
        if found is None:
            continue
        numeric += 1
        how = implement(next(c for c in cards if c.id == item.exercise))
        assert how is not None and found[1] == plan.inputs.units
        loads = kit.loads(*how) if how[0] != "other" else None
        assert loads is None or any(math.isclose(found[0], w) for w in loads), (week.number, item)
        if how[0] == "barbell":
            assert "a side" in (item.load or "") or "empty bar" in (item.load or "")
    assert numeric > 0
    failures = hard_violations(plan, every_card(), cards)
    assert failures == [], [str(f) for f in failures[:5]]


def test_a_known_lift_sets_week_one_by_epley_rounded_down():
    plan, _ = make(weeks=1, lifts={"goblet-squat": "24 kg x 12"}, equipment=["home"], goal="hypertrophy", days=3)
    squats = [i for _, _, i in _items(plan) if i.exercise == "goblet-squat"]
    assert squats, "the plan has a goblet squat"
    for item in squats:
        target = load_for(e1rm(24, 12), item.reps or 0, item.rir or 0)
        expected = GYM.nearest("dumbbell", target, how="down")
        assert item.load == f"{expected:g} kg" and expected <= target + 1e-9


def test_lifts_and_kit_change_neither_the_plans_id_nor_its_exercises():
    plain, _ = make(weeks=4, equipment=["gym"], level="intermediate", goal="strength")
    loaded, _ = make(weeks=4, equipment=["gym"], level="intermediate", goal="strength", lifts=LIFTS,
                     kit={"dumbbells": [10, 20, 30]})  # fmt: skip
    assert plain.id == loaded.id
    assert [i.exercise for _, _, i in _items(plain)] == [i.exercise for _, _, i in _items(loaded)]
    assert [i.load for _, _, i in _items(plain)] != [i.load for _, _, i in _items(loaded)]


def test_a_numeric_load_step_names_the_next_load_and_resets_the_reps():
    plan, _ = make(weeks=5, equipment=["gym"], level="intermediate", goal="strength", lifts=LIFTS, deload_every=8)
    steps = [i for _, _, i in _items(plan) if re.match(r"load \d", i.change or "")]
    assert steps, "a load step in five weeks"
    for item in steps:
        assert planned_load(item.load) is not None and " if every set of week " in (item.load or "")
        assert "otherwise repeat week" in (item.load or "") and " -> " in (item.change or "")


def test_profile_lifts_and_kit_are_checked_and_named(cli, tmp_path):
    profile = tmp_path / "me.toml"
    profile.write_text('[lifts]\ngoblet-squat = "heavy"\n', encoding="utf-8")
    r = cli("plan", "--profile", str(profile))
    assert r.code == 1 and "--lifts: goblet-squat: 'heavy' is not a lift" in r.err and r.err.count("\n") == 1
    profile.write_text('[lifts]\ngoblet-sqat = "24 kg x 10"\n', encoding="utf-8")
    r = cli("plan", "--profile", str(profile))
    assert r.code == 1 and "goblet-sqat" in r.err and "did you mean 'goblet-squat'" in r.err
    profile.write_text("[kit]\nbar = -1\n", encoding="utf-8")
    r = cli("plan", "--profile", str(profile))
    assert r.code == 1 and "--kit: bar.barbell: -1 is not a weight" in r.err


def test_a_plan_file_keeps_its_lifts_and_kit(cli, tmp_path):
    from planner.plans import read_plan

    profile = tmp_path / "me.toml"
    profile.write_text(
        'units = "lb"\n[lifts]\ngoblet-squat = "50 x 12"\n[kit]\nkettlebells = [18, 26, 35]\n', encoding="utf-8"
    )
    path = tmp_path / "plan.toml"
    assert cli("plan", "--profile", str(profile), "--output", str(path)).code == 0
    plan = read_plan(path)
    assert plan.inputs.lifts == {"goblet-squat": "50 lb x 12"} and plan.inputs.kit == {
        "kettlebells": [18.0, 26.0, 35.0]
    }


def test_exports_carry_a_load_in_numbers_with_its_plates(cli, tmp_path):
    """Liftosaur and Garmin read the load of "95 kg (20 + 15 + 2.5 a side)"; the sheets print it whole."""
    profile = tmp_path / "me.toml"
    profile.write_text('[lifts]\nbarbell-back-squat = "100 kg x 5"\n', encoding="utf-8")
    path = tmp_path / "plan.toml"
    args = ["--profile", str(profile), "--equipment", "gym", "--level", "intermediate", "--goal", "strength"]
    assert cli("plan", *args, "--weeks", "1", "--output", str(path)).code == 0
    from planner.plans import read_plan

    squat = next(i for s in read_plan(path).weeks[0].sessions for b in s.blocks for i in b.items
                 if i.exercise == "barbell-back-squat")  # fmt: skip
    assert "a side" in (squat.load or "")
    value = planned_load(squat.load)
    assert value is not None
    lifto = cli("export", str(path), "--format", "liftoscript").out
    assert f"x{squat.reps} {value[0]:g}kg" in lifto
    md = cli("export", str(path), "--format", "md").out
    assert squat.load in md
