"""`planner log` at the command line: recording a session (lines, JSON, prompts), listing,
showing, editing, undoing, and the export that imports back byte for byte."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from planner.commands.env import Env
from planner.errors import PlannerError
from planner.plans import read_plan


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "log.sqlite3"
    monkeypatch.setenv("PLANNER_DB", str(path))
    return path


def working(plan_file: str, week: int, day: str) -> list[str]:
    from planner.log.access import working_items

    return [i.exercise for i in working_items(read_plan(Path(plan_file)).session(week, day))]


def test_a_session_logged_as_lines(cli, db, plan_file):
    first, second = working(plan_file, 1, "mon")[:2]
    r = cli("log", plan_file, "--week", "1", "--day", "mon", f"{first} 10 10 9 @2", f"{second} 12 12 # easy")
    assert r.code == 0, r.err
    assert r.out.splitlines() == [
        f"Session 1 · 2027-01-04 · week 1 mon · {read_plan(Path(plan_file)).session(1, 'mon').title}",
        f"  1.1  {first} 10 10 9 @2",
        f"  1.2  {second} 2x12 # easy",
    ]
    assert f"logged 5 sets for week 1 mon of {plan_file} in {db}" in r.err
    r = cli("log", "add", plan_file, "-w", "1", "-d", "mon", f"{first} 8", "--json")  # the same session, added to
    data = json.loads(r.out)
    assert data["week"] == 1 and data["date"] == "2027-01-04" and data["added"] == 1
    assert [e["exercise"] for e in data["entries"]] == [first, second, first]


def test_an_exercise_is_named_by_words_of_its_name(cli, db, plan_file):
    plan = read_plan(Path(plan_file))
    item = next(i for i in plan.session(1, "mon").blocks[-2].items)
    r = cli("log", plan_file, "-w", "1", "-d", "mon", f"{item.name.lower()} 10")
    assert r.code == 0, r.err
    assert f"1.1  {item.exercise} 10" in r.out


def test_an_exercise_outside_the_session_is_logged_with_a_note(cli, db, plan_file):
    outside = "barbell-deadlift"
    assert outside not in working(plan_file, 1, "mon")
    r = cli("log", plan_file, "-w", "1", "-d", "mon", f"{outside} 100kg 5")
    assert r.code == 0 and f"note: {outside} is not in week 1 mon of the plan" in r.err


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["-w", "1", "-d", "mon", "flying-squirrel 10"], "'flying-squirrel': no such exercise in week 1 mon"),
        (["-w", "1", "-d", "mon", "goblet-sqat 10"], "did you mean 'goblet-squat'"),
        (["-w", "9", "-d", "mon", "push-up 10"], "no session on mon in week 9"),
        (["-w", "1", "-d", "funday", "push-up 10"], "--day: unknown weekday 'funday'"),
        (
            ["-w", "1", "push-up 10"],
            "--day: which session of the plan was done? (the coming session is --week 1 --day mon)",
        ),
        (["push-up 10"], "--week and --day: which session"),
        (["-w", "1", "-d", "mon"], "give the sets as lines"),
        (["-w", "1", "-d", "mon", "push-up 10 @9"], "reps in reserve are 0 to 6; RPE 9 is @1"),
        (
            ["-w", "1", "-d", "mon", "--date", "2027-02-30", "push-up 10"],
            "February 2027 has 28 days, so there is no day 30",
        ),
    ],
)
def test_what_is_wrong_is_said_in_one_line_and_nothing_is_logged(cli, db, plan_file, args, says):
    r = cli("log", plan_file, *args)
    assert r.code == 1 and says in r.err and r.err.count("\n") == 1, r.err
    assert not r.has_traceback
    assert not db.exists() or cli("log", "list", "--json").out.strip() in ("[]", "")


def test_sets_come_as_json_on_stdin(cli, db, plan_file, monkeypatch):
    exercise = working(plan_file, 2, "wed")[0]
    body = {"week": 2, "day": "wed", "note": "tired", "exercises": [
        {"exercise": exercise, "sets": [{"load": 24, "unit": "kg", "reps": 10, "rir": 2}, {"reps": 8}], "note": "ok"}]}  # fmt: skip
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(body)))
    r = cli("log", plan_file, "--json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert (data["week"], data["day"], data["note"]) == (2, "wed", "tired")
    assert data["entries"][0]["sets"] == [{"load": 24.0, "unit": "kg", "reps": 10, "rir": 2.0}, {"reps": 8}]
    monkeypatch.setattr("sys.stdin", io.StringIO('{"exercises": [{"exercise": "push-up", "sets": [{"reps": "ten"}]}]}'))
    r = cli("log", plan_file, "-w", "1", "-d", "mon", "--json")
    assert r.code == 1 and "--json: exercises[0].sets[0].reps" in r.err


def test_on_a_terminal_the_missing_session_and_sets_are_asked_for(db, plan_file):
    from planner.commands import log_add

    items = working(plan_file, 1, "mon")
    answers = iter(["", "", "bad words", "24kg 10 10 @2", *[""] * len(items)])
    asked: list[str] = []
    said: list[str] = []

    def ask(prompt: str, default: str | None) -> str:
        asked.append(f"{prompt} [{default}]")
        return next(answers) or (default or "")

    env = Env(ask=ask, warn=said.append)
    result = log_add.run(env, Path(plan_file), [], None, None, None, None, False, None)
    assert asked[:2] == ["Week [1]", "Day (mon, wed, fri) [mon]"]
    assert asked[2].startswith("  ") and asked[2] == asked[3]  # asked again after a wrong answer
    assert any("the exercise is known here" in line for line in said)
    assert [(e.exercise, len(e.sets)) for e in result.session.entries] == [(items[0], 2)]


def test_without_a_terminal_nothing_is_asked(cli, db, plan_file):
    r = cli("log", plan_file)
    assert r.code == 1 and "--week and --day" in r.err


def test_list_show_edit_and_undo(cli, db, plan_file):
    first, second = working(plan_file, 1, "mon")[:2]
    assert cli("log", plan_file, "-w", "1", "-d", "mon", f"{first} 10 10 10").code == 0
    assert cli("log", plan_file, "-w", "1", "-d", "wed", f"{working(plan_file, 1, 'wed')[0]} 8 8").code == 0
    assert cli("log", plan_file, "-w", "1", "-d", "mon", f"{second} 12 12").code == 0
    listed = json.loads(cli("log", "list", "--json").out)
    assert [(s["id"], s["day"], len(s["entries"])) for s in listed] == [(1, "mon", 2), (2, "wed", 1)]
    r = cli("log", "list")
    assert r.code == 0 and "2 sessions in" in r.err and "week 1 mon" in r.out
    assert len(json.loads(cli("log", "list", "--last", "1", "--json").out)) == 1
    assert [s["id"] for s in json.loads(cli("log", "list", "--exercise", second, "--json").out)] == [1]
    r = cli("log", "edit", "1.1", "24kg 10 10 9 @1", "--note", "heavier")
    assert r.code == 0 and f"1.1  {first} 24kg 10 10 9 @1 # heavier" in r.out and f"was {first} 3x10" in r.err
    r = cli("log", "edit", "1.1", f"{second} 10")
    assert r.code == 1 and f"entry 1.1 is {first}" in r.err
    assert cli("log", "edit", "1.9", "10").code == 1
    r = cli("log", "show", "1", "--json")
    assert json.loads(r.out)["entries"][0]["note"] == "heavier"
    r = cli("log", "undo")  # the last planner log: the second exercise of Monday
    assert r.code == 0 and f"{second} 2x12" in r.err
    assert [len(s["entries"]) for s in json.loads(cli("log", "list", "--json").out)] == [1, 1]
    assert cli("log", "undo").code == 0 and cli("log", "undo").code == 0
    r = cli("log", "undo")
    assert r.code == 0 and "nothing to undo" in r.err


def test_reading_commands_make_no_log(cli, tmp_path, monkeypatch):
    path = tmp_path / "none.sqlite3"
    monkeypatch.setenv("PLANNER_DB", str(path))
    assert "no log yet" in cli("log", "list").err
    assert cli("history", "goblet-squat").code == 1
    assert cli("log", "show", "1").code == 1
    assert not path.exists()


def test_db_option_wins_over_the_environment(cli, db, plan_file, tmp_path):
    other = tmp_path / "other.sqlite3"
    exercise = working(plan_file, 1, "mon")[0]
    assert cli("log", plan_file, "-w", "1", "-d", "mon", f"{exercise} 10", "--db", str(other)).code == 0
    assert other.exists() and not db.exists()


def _log_a_few(cli, plan_file: str) -> None:  # type: ignore[no-untyped-def]
    for week, day, line in [(1, "mon", "24kg 10 10 9 @2 # a, \"quoted\" note"), (1, "wed", "22.5lb 3x12"),
                            (2, "mon", "45s 40s"), (2, "fri", "+10kg 5 bw 8 @1.5")]:  # fmt: skip
        exercise = working(plan_file, week, day)[0]
        r = cli("log", plan_file, "-w", str(week), "-d", day, f"{exercise} {line}", "--note", "ß, ünïcode")
        assert r.code == 0, r.err


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_import_into_a_new_log_and_export_again_gives_the_same_bytes(cli, db, plan_file, tmp_path, fmt):
    _log_a_few(cli, plan_file)
    first = tmp_path / f"first.{fmt}"
    assert cli("log", "export", "--output", str(first)).code == 0
    fresh = tmp_path / "fresh.sqlite3"
    r = cli("log", "import", str(first), "--db", str(fresh))
    assert r.code == 0 and "4 sessions (10 sets) added" in r.err, r.err
    again = cli("log", "export", "--format", fmt, "--db", str(fresh))
    assert again.out.encode("utf-8") == first.read_bytes()
    r = cli("log", "import", str(first), "--db", str(fresh))  # importing twice adds nothing
    assert "0 sessions (0 sets) added" in r.err and "4 already in the log" in r.err
    assert cli("log", "export", "--format", fmt, "--db", str(fresh)).out.encode("utf-8") == first.read_bytes()


def test_export_keeps_a_file_unless_forced(cli, db, plan_file, tmp_path):
    _log_a_few(cli, plan_file)
    out = tmp_path / "log.csv"
    out.write_text("mine", encoding="utf-8")
    r = cli("log", "export", "--output", str(out))
    assert r.code == 1 and "--force" in r.err and out.read_text(encoding="utf-8") == "mine"
    assert cli("log", "export", "--output", str(out), "--force").code == 0
    assert out.read_text(encoding="utf-8").startswith("date,time,plan,week,day,")
    r = cli("log", "export", "--format", "json", "--output", str(tmp_path / "x.csv"))
    assert r.code == 1 and "--format json but --output" in r.err


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ('{"format": "planner-log", "version": 9, "sessions": []}', "log export version 9"),
        ('{"format": "planner-log", "version": 1, "sessions": [{"key": "k", "date": "2027-13-01", "entries": []}]}',
         "sessions[0].entries: a list of one entry or more"),
        ("name,reps\nsquat,5\n", "not a log planner reads"),
        ("{oops", "JSON syntax"),
    ],
)  # fmt: skip
def test_a_file_import_cannot_read_is_named_and_nothing_is_imported(cli, db, tmp_path, content, says):
    path = tmp_path / ("x.json" if content.startswith("{") else "x.csv")
    path.write_text(content, encoding="utf-8")
    r = cli("log", "import", str(path))
    assert r.code == 1 and says in r.err and r.err.count("\n") == 1, r.err


def test_log_alone_prints_its_help_and_add_documents_the_grammar(cli):
    r = cli("log")
    assert r.code == 0 and "add" in r.out and "import" in r.out
    help_text = cli("log", "add", "--help").out
    for words in ("EXERCISE [LOAD] SET... [@RIR] [# NOTE]", "3x10 is 3 sets of 10", "RPE 8 is @2", "--json"):
        assert words in help_text
    assert cli("log", "plan.toml", "--help").out == help_text  # planner log PLAN is planner log add PLAN


def test_a_plan_without_an_id_cannot_be_logged(cli, db, tmp_path, plan_file):
    text = Path(plan_file).read_text(encoding="utf-8").replace('id = "plan-', 'old_id = "plan-')
    path = tmp_path / "noid.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlannerError, match="has no id"):
        from planner.commands import log_add

        log_add.run(Env(), path, ["push-up 10"], 1, "mon", None, None, False, None)


def test_words_that_fit_several_exercises_ask_for_more():
    from planner.log.access import ambiguous, find_exercise
    from planner.records import Block, Item, Session

    knee = Item(exercise="knee-push-up", name="Knee Push-Up", sets=3, reps=10)
    pike = Item(exercise="kneeling-pike-push-up", name="Kneeling Pike Push-Up", sets=3, reps=10)
    session = Session(day="mon", title="A", blocks=[Block(kind="accessory", items=[knee, pike])])
    found, fits = find_exercise(["push", "up"], session)
    assert found is None and fits == [knee, pike]
    assert ambiguous("push up", fits, "week 1 mon").message == (
        "'push up' fits several exercises of week 1 mon: knee-push-up, kneeling-pike-push-up; type more of its name or its id"
    )
    assert find_exercise(["pike"], session) == (pike, [])
    assert find_exercise(["Knee", "Push-Up"], session) == (knee, [])
    assert find_exercise(["pull-up"], session) == (None, [])


def test_the_log_must_be_a_file(cli, tmp_path, plan_file):
    r = cli("log", "list", "--db", str(tmp_path))
    assert r.code == 1 and "is a folder; give the log's file name" in r.err
