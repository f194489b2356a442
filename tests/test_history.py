"""`planner history EXERCISE`: sessions, best sets, the estimated one-rep maximum with its
formula named, records, weekly hard sets, a chart; and `planner next`, `planner progress`
reading the log."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from planner.loads import e1rm

FIXTURES = Path(__file__).parent / "fixtures" / "log"


@pytest.fixture
def imported(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("strong.csv", "strong.names.toml"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    monkeypatch.setenv("PLANNER_DB", str(tmp_path / "log.sqlite3"))
    r = cli("log", "import", str(tmp_path / "strong.csv"), "--names", str(tmp_path / "strong.names.toml"))
    assert r.code == 0, r.err
    return tmp_path


def test_history_as_json_has_every_session_its_best_set_and_records(cli, imported):
    data = json.loads(cli("history", "barbell-bench-press", "--json").out)
    assert data["formula"] == "Epley: load x (1 + (reps + RIR) / 30)" and data["unit"] == "kg"
    assert len(data["sessions"]) == 10
    first = data["sessions"][0]
    assert first["best"] == {"load": 60.0, "unit": "kg", "reps": 8, "rir": 3.0}
    assert first["score"] == round(e1rm(60, 8, 3), 2)
    scores = [s["score"] for s in data["sessions"]]
    records = [s["date"] for n, s in enumerate(data["sessions"]) if n and s["score"] > max(scores[:n])]
    assert data["records"] == records and records
    assert [s["pr"] for s in data["sessions"]] == [s["date"] in records for s in data["sessions"]]
    weeks = {w["week"]: w["hard_sets"] for w in data["weekly_hard_sets"]}
    assert weeks["2026-09-07"] == 3 and weeks["2026-10-05"] == 4  # the drop set counts too
    assert all(
        w["week"] <= v["week"] for w, v in zip(data["weekly_hard_sets"], data["weekly_hard_sets"][1:], strict=False)
    )


def test_history_as_a_table_and_a_chart(cli, imported, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    r = cli("history", "barbell-bench-press")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[0] == "Barbell Bench Press (barbell-bench-press): 10 sessions, e1RM (kg)"
    assert lines[1] == "e1RM: Epley: load x (1 + (reps + RIR) / 30)"
    assert "PR" in r.out and "2026-10-29" in r.out
    chart = [line for line in lines if "│" in line]
    assert len(chart) == 8 and chart[0].strip().startswith("90 │")
    assert any("^" in line for line in lines)
    assert "Hard sets per week" in r.out and "2026-10-05  ████ 4" in r.out
    assert all(len(line) <= 80 for line in lines)


def test_history_of_body_weight_work_counts_reps(cli, imported):
    data = json.loads(cli("history", "pull-up", "--json").out)
    assert data["measure"] == "reps" and data["formula"] is None
    r = cli("history", "pull-up", "--last", "3")
    assert "best reps" in r.out and "e1RM" not in r.out and "7 earlier sessions" in r.out


def test_history_in_pounds(cli, imported):
    data = json.loads(cli("history", "barbell-bench-press", "--units", "lb", "--json").out)
    assert data["unit"] == "lb" and data["sessions"][0]["best"]["load"] == pytest.approx(132.277, abs=1e-3)


def test_history_of_an_exercise_not_logged_says_so(cli, imported):
    r = cli("history", "barbell-bench-pres")
    assert r.code == 1 and "no sets of 'barbell-bench-pres'" in r.err and "did you mean 'barbell-bench-press'" in r.err


# ---------------------------------------------------------------------------- next and progress


@pytest.fixture
def logged_week(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plan_file: str) -> Path:
    monkeypatch.setenv("PLANNER_DB", str(tmp_path / "log.sqlite3"))
    plan = tmp_path / "plan.toml"
    plan.write_bytes(Path(plan_file).read_bytes())
    from planner.log.access import working_items
    from planner.plans import read_plan

    for s in read_plan(plan).weeks[0].sessions:
        lines = [
            f"{i.exercise} {i.sets}x{i.reps or 1}{'@' + str(i.rir) if i.rir is not None else ''}"
            for i in working_items(s)
            if i.reps
        ]
        if s.day == "mon":  # one exercise a rep short on its last set: its week repeats
            first = working_items(s)[0]
            lines[0] = f"{first.exercise} {' '.join([str(first.reps)] * (first.sets - 1))} {(first.reps or 2) - 1} @0"
        r = cli("log", str(plan), "-w", "1", "-d", s.day, *lines)
        assert r.code == 0, r.err
    return plan


def test_next_without_a_log_is_the_plans_first_session(cli, tmp_path, monkeypatch, plan_file):
    monkeypatch.setenv("PLANNER_DB", str(tmp_path / "none.sqlite3"))
    data = json.loads(cli("next", plan_file, "--json").out)
    assert (data["week"], data["session"]["day"], data["from_log"], data["logged_sessions"]) == (1, "mon", False, 0)
    assert not (tmp_path / "none.sqlite3").exists()


def test_next_after_a_logged_week_is_made_from_the_log(cli, logged_week):
    r = cli("next", str(logged_week))
    assert r.code == 0, r.err
    assert r.out.startswith("Week 2 · Mon") and "targets from the log; 3 sessions of this plan logged" in r.out
    assert "Why" in r.out and " -> " in r.out and "short -> repeat" in r.out
    assert "`planner progress" in r.err and "--weeks 0` writes them into the plan" in r.err
    data = json.loads(cli("next", str(logged_week), "--json").out)
    assert data["from_log"] and data["week"] == 2


def test_progress_plans_again_from_the_log_and_says_why(cli, logged_week):
    before = logged_week.read_text(encoding="utf-8")
    r = cli("progress", str(logged_week), "--weeks", "0")
    assert r.code == 0, r.err
    assert r.out.startswith("Week 2: targets from the log") and "Why" in r.out
    assert "weeks 2-4 planned from the log (3 sessions of this plan logged, the last in week 1); 4 -> 4 weeks" in r.err
    after = logged_week.read_text(encoding="utf-8")
    assert after != before
    again = cli("next", str(logged_week))
    assert "`planner progress" not in again.err  # the plan holds the log's targets now
    r = cli("progress", str(logged_week), "--no-log", "--weeks", "0")
    assert r.code == 1 and "--weeks 0 adds no week" in r.err


def test_progress_without_a_log_is_unchanged(cli, tmp_path, monkeypatch, plan_file):
    monkeypatch.setenv("PLANNER_DB", str(tmp_path / "none.sqlite3"))
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    assert cli("progress", plan_file, "--output", str(a)).code == 0
    assert cli("progress", plan_file, "--output", str(b), "--no-log").code == 0
    assert a.read_bytes() == b.read_bytes()
    assert cli("progress", plan_file, "--output", str(tmp_path / "c.toml")).out == ""
