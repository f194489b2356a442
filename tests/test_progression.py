"""Multi-week plans: progressions, deloads and their rules (TRAINING.md 15-22), worked
examples, hypothesis invariants over random profiles and schemes, and the commands."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.compose import load_templates, make_context
from planner.errors import PlannerError
from planner.plans import read_plan
from planner.progression import load_schemes, preview, step
from planner.records import Tempo, plan_inputs
from planner.vocab import builtin_vocab
from rules import check_plan
from support import make, shipped

SCHEMES = ("mixed", "tempo", "pause", "reps", "volume", "variation")


library = shipped


def context(**kwargs):
    sources, lib = library()
    return make_context(plan_inputs(kwargs), lib, builtin_vocab(), load_templates([s.path for s in sources]))


# ---------------------------------------------------------------------------- the matrix, every scheme, 8 weeks


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("equipment", ("bodyweight", "home", "gym"))
def test_rules_17_to_22_hold_over_8_weeks_for_every_scheme(scheme, equipment):
    _, lib = library()
    for days in range(2, 7):
        for goal in ("general", "strength", "hypertrophy", "endurance"):
            try:
                plan, pool = make(days=days, equipment=[equipment], goal=goal, minutes=45, weeks=8, progression=scheme)
            except PlannerError as e:
                assert "TRAINING.md rule" in e.message
                continue
            check_plan(plan, lib.exercises, pool)  # rules 1-3, 5-10, 12-22, every week, every session in its minutes


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    days=st.integers(2, 6),
    equipment=st.sampled_from(["bodyweight", "home", "gym"]),
    goal=st.sampled_from(["general", "strength", "hypertrophy", "endurance"]),
    level=st.sampled_from(["beginner", "intermediate", "advanced"]),
    minutes=st.sampled_from([30, 40, 45, 50, 60, 75]),
    weeks=st.integers(2, 12),
    scheme=st.sampled_from(SCHEMES),
    deload_every=st.integers(4, 7),
    seed=st.integers(0, 10_000),
)
def test_invariants_over_random_profiles(days, equipment, goal, level, minutes, weeks, scheme, deload_every, seed):
    _, lib = library()
    try:
        plan, pool = make(
            days=days, equipment=[equipment], goal=goal, level=level, minutes=minutes, weeks=weeks,
            progression=scheme, deload_every=deload_every, seed=seed,
        )  # fmt: skip
    except PlannerError as e:
        assert "TRAINING.md rule" in e.message and "try --" in e.message
        return
    assert len(plan.weeks) == weeks
    check_plan(plan, lib.exercises, pool)


# ---------------------------------------------------------------------------- worked examples


def test_tempo_scheme_slows_the_lowering_then_adds_a_pause_at_the_top_of_the_glute_exercise():
    """The issue's example: lying-alternate-hip-extension under `tempo`."""
    sources, lib = library()
    scheme = load_schemes([s.path for s in sources])["tempo"]
    rows = preview(context(equipment=["gym"], level="advanced"), scheme, lib.get("lying-alternate-hip-extension"), 8)
    changes = [c for _, _, c in rows]
    assert changes[1:3] == ["eccentric 2 s -> 3 s", "eccentric 3 s -> 4 s"]
    assert changes[3] == "deload"
    assert changes[4:7] == ["pause at the top 0 s -> 1 s", "pause at the top 1 s -> 2 s", "pause at the top 2 s -> 3 s"]
    assert changes[7] == "deload"
    assert rows[6][1].tempo == "4-0-1-3"  # 8 s a rep: within rule 15


def test_tempo_plan_with_the_glute_exercise_in_it(cli):
    """`planner plan --weeks 8 --progression tempo`, with the glute exercise in the plan."""
    r = cli("plan", "--weeks", "8", "--progression", "tempo", "--equipment", "bodyweight", "--equipment", "bench",
            "--focus", "glutes", "--seed", "4", "--json")  # fmt: skip
    data = json.loads(r.out)
    assert [w["deload"] for w in data["weeks"]] == [False, False, False, True, False, False, False, True]
    history = [
        (w["number"], i["tempo"], i["change"])
        for w in data["weeks"] for s in w["sessions"] for b in s["blocks"] if b["kind"] == "accessory"
        for i in b["items"] if i["exercise"] == "lying-alternate-hip-extension"
    ]  # fmt: skip
    loading = [(n, t, c) for n, t, c in history if n not in (4, 8)]
    assert any(c and c.startswith("eccentric") for _, _, c in loading)
    tempos = [Tempo.parse(t) for _, t, _ in loading]
    assert tempos[-1].eccentric > tempos[0].eccentric
    assert "Lying Alternate Hip Extension" in cli("plan", "--weeks", "8", "--progression", "tempo", "--equipment", "bodyweight",
                                                   "--equipment", "bench", "--focus", "glutes", "--seed", "4").out  # fmt: skip


def test_pause_goes_where_the_muscle_is_loaded():
    """Rule 16: top for peak-contraction exercises, the stretch otherwise."""
    ctx = context(equipment=["gym"], level="advanced")
    _, lib = library()
    from planner.compose import working_item

    hip = lib.get("lying-alternate-hip-extension")
    squat = lib.get("bodyweight-squat")
    assert step("pause", working_item(hip, "accessory", ctx.goal), hip, "accessory", ctx, set()).item.tempo.endswith(
        "-1"
    )
    assert (
        Tempo.parse(
            step("pause", working_item(squat, "accessory", ctx.goal), squat, "accessory", ctx, set()).item.tempo
        ).bottom_pause
        == 1
    )


def test_reps_then_load_for_a_loaded_lift():
    sources, lib = library()
    scheme = load_schemes([s.path for s in sources])["reps"]
    rows = preview(
        context(equipment=["gym"], goal="hypertrophy", level="advanced"), scheme, lib.get("dumbbell-lateral-raise"), 8
    )
    changes = [c for _, _, c in rows]
    assert changes[1].startswith("reps 10 -> ")
    load = next(c for c in changes if c.startswith("load"))
    assert "2.5-5 %" in load  # rule 18: upper body
    before = rows[changes.index(load) - 1][1]
    assert before.reps == 15  # only once the rep target is beaten


def test_variation_follows_the_harder_link():
    sources, lib = library()
    scheme = load_schemes([s.path for s in sources])["variation"]
    rows = preview(context(equipment=["gym"], level="advanced"), scheme, lib.get("wall-push-up"), 4)
    assert rows[1][2] == "harder variation: Wall Push-Up -> Incline Push-Up"
    assert rows[2][1].exercise == "push-up"


def test_default_plan_is_4_weeks_of_mixed_with_a_deload_in_week_4(cli):
    data = json.loads(cli("plan", "--json").out)
    assert data["inputs"]["weeks"] == 4 and data["inputs"]["progression"] == "mixed"
    assert [w["deload"] for w in data["weeks"]] == [False, False, False, True]
    changes = [
        i["change"]
        for s in data["weeks"][1]["sessions"]
        for b in s["blocks"]
        for i in b["items"]
        if b["kind"] == "accessory"
    ]
    assert any(changes)


def test_week_1_does_not_depend_on_how_many_weeks_are_asked_for():
    four, _ = make(days=3, equipment=["home"], weeks=4)
    eight, _ = make(days=3, equipment=["home"], weeks=8, progression="tempo")
    assert four.weeks[0] == eight.weeks[0]


def test_printed_plan_shows_each_weeks_change(cli):
    r = cli("plan", "--weeks", "2")
    assert "Change" in r.out and "== Week 2 ==" in r.out


def test_unknown_scheme(cli):
    r = cli("plan", "--progression", "magic")
    assert r.code == 1 and "unknown scheme 'magic'" in r.err and "tempo" in r.err


def test_a_user_scheme_from_a_library_folder(cli, tmp_path):
    (tmp_path / "progressions").mkdir()
    (tmp_path / "progressions" / "slowonly.toml").write_text(
        'description = "only slower"\norder = ["eccentric"]\n', encoding="utf-8"
    )
    r = cli("plan", "--library", str(tmp_path), "--progression", "slowonly", "--weeks", "2", "--json")
    assert r.code == 0, r.err
    changes = {
        i["change"]
        for s in json.loads(r.out)["weeks"][1]["sessions"]
        for b in s["blocks"]
        for i in b["items"]
        if i["change"]
    }
    assert changes and all(c.startswith(("eccentric", "load", "more range", "harder")) for c in changes)


# ---------------------------------------------------------------------------- commands


def test_progressions_lists_every_scheme_week_by_week(cli):
    r = cli("progressions")
    assert r.code == 0
    for name in SCHEMES:
        assert f"{name}:" in r.out
    data = json.loads(cli("progressions", "--json").out)
    assert {s["name"] for s in data["schemes"]} >= set(SCHEMES)
    assert all(len(s["weeks"]) == 8 for s in data["schemes"])


def test_progress_extends_a_plan_keeping_edits(cli, tmp_path):
    path = tmp_path / "plan.toml"
    assert cli("plan", "--weeks", "2", "--output", str(path)).code == 0
    text = path.read_text(encoding="utf-8").replace(
        "schema_version = 1\n", 'schema_version = 1\nmy_note = "keep me"\n', 1
    )
    path.write_text(text, encoding="utf-8")
    before = read_plan(path)
    r = cli("progress", str(path), "--weeks", "3")
    assert r.code == 0, r.err
    after = read_plan(path)
    assert len(after.weeks) == 5 and after.inputs.weeks == 5
    assert after.weeks[:2] == before.weeks[:2]
    assert after.extra == {"my_note": "keep me"}
    assert after.weeks[3].deload


def test_stats_shows_a_bar_chart_and_json(cli, tmp_path):
    path = tmp_path / "plan.toml"
    cli("plan", "--output", str(path))
    r = cli("stats", str(path), "--week", "1")
    assert r.code == 0
    assert "target 4-20" in r.out and "█" in r.out and "minutes per session" in r.out
    data = json.loads(cli("stats", str(path), "--json").out)
    assert data["target"] == [4, 20] and len(data["weeks"]) == 4
    assert all(v >= 4 for m, v in data["weeks"][0]["hard_sets"].items() if m in data["major"] and v)


def test_swap_lists_alternatives_and_replaces_keeping_the_prescription(cli, tmp_path):
    path = tmp_path / "plan.toml"
    cli("plan", "--equipment", "home", "--output", str(path))
    plan = read_plan(path)
    session = plan.session(1, "mon")
    block = next(b for b in session.blocks if b.kind == "accessory")
    item = block.items[0]
    r = cli("swap", str(path), "--week", "1", "--day", "mon", "--exercise", item.exercise, "--json")
    options = json.loads(r.out)
    assert options
    choice = options[0]["exercise"]
    r = cli("swap", str(path), "--week", "1", "--day", "mon", "--exercise", item.exercise, "--to", choice)
    assert r.code == 0, r.err
    swapped = next(b for b in read_plan(path).session(1, "mon").blocks if b.kind == "accessory").items[0]
    assert swapped.exercise == choice and (swapped.sets, swapped.reps, swapped.rest_seconds) == (
        item.sets,
        item.reps,
        item.rest_seconds,
    )


def test_swap_refuses_an_unsuitable_exercise_with_the_reason(cli, tmp_path):
    path = tmp_path / "plan.toml"
    cli("plan", "--output", str(path))  # bodyweight
    plan = read_plan(path)
    item = next(b for b in plan.session(1, "mon").blocks if b.kind == "accessory").items[0]
    r = cli("swap", str(path), "--week", "1", "--day", "mon", "--exercise", item.exercise, "--to", "barbell-back-squat")
    assert r.code == 1 and not r.has_traceback
    assert "needs" in r.err or "not suited" in r.err
    assert read_plan(path) == plan  # nothing changed
    r = cli("swap", str(path), "--week", "9", "--day", "mon", "--exercise", item.exercise)
    assert r.code == 1 and "--week: no week 9; the plan has weeks 1-4" in r.err
