"""At the terminal (issue 18): tables at 80 columns, global options anywhere, help with no
arguments, the stats chart, swap over a plan, and the small things a new user runs into."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from planner.plans import read_plan
from planner.records import Block, Item, Plan, PlanInputs, Session, Warning, Week


@pytest.fixture
def at80(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")


def fits(out: str, width: int = 80) -> None:
    long = [line for line in out.splitlines() if len(line) > width]
    assert long == [], long[:3]


def whole_on_a_line(out: str, words: set[str]) -> set[str]:
    """The words that appear whole, as a word, on no line of `out` (so: split or missing)."""
    lines = out.splitlines()
    return {w for w in words if not any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", line) for line in lines)}


@pytest.fixture(scope="module")
def home_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The README's walkthrough plan: 4 days of hypertrophy at home, 8 weeks."""
    from conftest import run

    path = tmp_path_factory.mktemp("plan") / "plan.toml"
    args = ["plan", "--days", "4", "--minutes", "60", "--equipment", "home", "--goal", "hypertrophy", "--level",
            "intermediate", "--weeks", "8", "--progression", "tempo", "--output", str(path)]  # fmt: skip
    r = run(*args)
    assert r.code == 0, r.err
    return path


# ---------------------------------------------------------------------------- 80 columns


def test_list_at_80_columns_splits_no_id(cli, at80):
    r = cli("list")
    assert r.code == 0
    fits(r.out)
    ids = {row["id"] for row in json.loads(cli("list", "--json").out)}
    assert len(ids) > 100
    assert whole_on_a_line(r.out, ids) == set()


def test_progressions_at_80_columns_name_the_exercise_once(cli, at80):
    r = cli("progressions")
    assert r.code == 0
    fits(r.out)
    assert r.out.count("lying-alternate-hip-extension") == 0  # the heading names it; rows do not repeat it
    assert "Lying Alternate Hip Extension" in r.out.splitlines()[0]
    for change in ("pause at the top 0 s -> 1 s", "eccentric 2 s -> 3 s"):
        assert change in r.out or change.replace(" ->", "\n") not in r.out


def test_plan_of_eight_weeks_at_80_columns_splits_no_number(cli, at80):
    r = cli("plan", "--weeks", "8", "--equipment", "home", "--days", "4", "--goal", "hypertrophy")
    assert r.code == 0, r.err
    fits(r.out)
    data = json.loads(cli("plan", "--weeks", "8", "--equipment", "home", "--days", "4", "--goal", "hypertrophy", "--json").out)  # fmt: skip
    items = [i for w in data["weeks"] for s in w["sessions"] for b in s["blocks"] for i in b["items"]]
    working = [  # drills show their dose a round, under the block's rounds
        i
        for w in data["weeks"]
        for s in w["sessions"]
        for b in s["blocks"]
        if b["kind"] in ("main", "accessory")
        for i in b["items"]
    ]
    tempos = {i["tempo"] for i in items if i["tempo"]}
    assert tempos and not whole_on_a_line(r.out, tempos)
    doses = {f"{i['sets']} x {i['reps']}" for i in working if i["reps"] and i["sets"] > 1}
    assert doses and all(any(d in line for line in r.out.splitlines()) for d in doses)


def _plan_with_loads() -> Plan:
    squat = Item(exercise="goblet-squat", name="Goblet Squat", sets=4, reps=8, tempo="3-0-1-0", rest_seconds=120,
                 rir=2, load="22.5 kg", ramp=["8 kg x 8", "14 kg x 5", "18 kg x 3"], change="reps 6 -> 8")  # fmt: skip
    press = Item(exercise="dumbbell-bench-press", name="Dumbbell Bench Press", sets=3, reps=10, tempo="2-0-1-0",
                 rest_seconds=90, rir=2, load="a pair you could press 12 times", change="eccentric 2 s -> 3 s")  # fmt: skip
    rows = [Item(exercise=f"x-{n}", name=f"Exercise {n}", sets=3, reps=12, rest_seconds=60, rir=1) for n in range(3)]
    session = Session(day="mon", title="Full Body A", minutes=58, blocks=[
        Block(kind="main", items=[squat, press]),
        Block(kind="accessory", format="superset", items=rows),
    ])  # fmt: skip
    warning = Warning(rule=8, subject="hamstrings", wanted="10-20 hard sets", reached="8",
                      hint="add --days 5 or --focus hamstrings")  # fmt: skip
    return Plan(
        inputs=PlanInputs(), split="Full body x3", weeks=[Week(number=1, sessions=[session])], warnings=[warning]
    )


@pytest.mark.parametrize("width", [80, 60])
def test_plan_text_shows_load_ramp_and_warnings_within_the_width(width):
    from planner.render import plan_text

    out = plan_text(_plan_with_loads(), width=width)
    fits(out, width)
    assert "22.5 kg" in out and "ramp: 8 kg x 8, 14 kg x 5, 18 kg x 3" in " ".join(out.split())
    lines = out.splitlines()
    at = {word: next(n for n, line in enumerate(lines) if word in line) for word in ("Goblet", "ramp:", "Dumbbell")}
    assert at["Goblet"] < at["ramp:"] < at["Dumbbell"]  # under its exercise, before the next one
    assert "What this plan does not reach" in out
    assert "rule 8: hamstrings: 8, wanted 10-20 hard sets; add --days 5 or --focus hamstrings" in " ".join(out.split())
    assert not whole_on_a_line(out, {"3-0-1-0", "2-0-1-0", "4 x 8", "3 x 10", "2 s -> 3 s", "6 -> 8"})


def test_a_lone_last_exercise_of_a_superset_block_has_no_letter():
    from planner.render import SUPERSET_HOW, item_name

    block = _plan_with_loads().weeks[0].sessions[0].blocks[1]
    assert [item_name(block, n) for n in range(3)] == ["A1 Exercise 0", "A2 Exercise 1", "Exercise 2"]
    assert "C1" in SUPERSET_HOW and "without a letter" in SUPERSET_HOW


def test_tables_keep_ids_whole_and_turn_into_a_list_when_too_narrow():
    from planner.tables import Column, render_table

    rows = [["Dumbbell Overhead Triceps Extension", "dumbbell-overhead-triceps-extension", "triceps, front_delts"]]
    columns = [Column("Name"), Column("ID", fixed=True), Column("Muscles")]
    wide = render_table(columns, rows, width=120)
    assert len(wide.splitlines()) == 3  # header, rule, one row
    narrow = render_table(columns, rows, width=70)
    fits(narrow, 70)
    assert not whole_on_a_line(narrow, {"dumbbell-overhead-triceps-extension", "front_delts"})
    as_list = render_table(columns, rows, width=40)
    fits(as_list, 40)
    assert as_list.splitlines()[0] == "Dumbbell Overhead Triceps Extension"
    assert "dumbbell-overhead-triceps-extension" in as_list.splitlines()[1]
    assert "Muscles: triceps, front_delts" in as_list


# ---------------------------------------------------------------------------- global options, help


@pytest.mark.parametrize("where", ["before", "after"])
def test_global_options_work_after_the_command(cli, where, tmp_path, card_text):
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "test-wall-lean.toml").write_text(card_text, encoding="utf-8")
    globals_ = ["--no-cache", "--library", str(lib)]
    args = [*globals_, "list", "--json"] if where == "before" else ["list", "--json", *globals_]
    r = cli(*args)
    assert r.code == 0, r.err
    assert "test-wall-lean" in {row["id"] for row in json.loads(r.out)}
    from planner import __version__

    r = cli("list", "--version") if where == "after" else cli("--version", "list")
    assert (r.code, r.out.strip()) == (0, f"planner {__version__}")


def test_a_global_word_as_an_options_value_stays_its_value(cli):
    r = cli("list", "--search", "--version", "--json")
    assert r.code == 0 and json.loads(r.out) == []


def test_planner_alone_prints_help_on_stdout_and_succeeds(cli):
    r = cli()
    assert r.code == 0
    assert r.out.startswith("Usage: planner") and "list" in r.out and r.err == ""
    r = cli("import")
    assert r.code == 0 and "free-exercise-db" in r.out


# ---------------------------------------------------------------------------- stats


def test_stats_draws_the_target_range(cli, home_plan):
    r = cli("stats", str(home_plan), "--week", "1")
    assert r.code == 0, r.err
    bars = [line for line in r.out.splitlines() if "█" in line or "·" in line]
    assert bars and all(line.count("|") == 2 for line in bars)
    data = json.loads(cli("stats", str(home_plan), "--week", "1", "--json").out)
    lo, hi = data["target"]
    top = max([hi, *data["weeks"][0]["hard_sets"].values()])
    marks = [m.start() for m in re.finditer(r"\|", bars[0])]
    bar_start = bars[0].index(next(ch for ch in bars[0][2:] if ch in "█·|"), 2)
    # a | sits where the target's ends fall on the 40-cell scale (the second after one more |)
    assert marks[0] - bar_start == round(lo / top * 40)
    assert marks[1] - bar_start - 1 == round(hi / top * 40)


def test_stats_prints_the_plans_warnings(cli, tmp_path):
    from planner.plans import write_plan

    path = tmp_path / "warned.toml"
    plan = read_plan(_saved_plan(cli, tmp_path))
    plan.warnings = _plan_with_loads().warnings
    write_plan(plan, path)
    r = cli("stats", str(path))
    assert r.code == 0, r.err
    assert "What this plan does not reach" in r.out and "rule 8: hamstrings: 8, wanted 10-20 hard sets" in r.out
    assert json.loads(cli("stats", str(path), "--json").out)["warnings"][0]["subject"] == "hamstrings"


def _saved_plan(cli, tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    assert cli("plan", "--output", str(path)).code == 0
    return path


# ---------------------------------------------------------------------------- swap over a plan


def _items(plan: Plan, exercise: str) -> dict[tuple[int, str], Item]:
    return {
        (w.number, s.day): i
        for w in plan.weeks
        for s in w.sessions
        for b in s.blocks
        for i in b.items
        if i.exercise == exercise
    }


def cards_by_id():  # type: ignore[no-untyped-def]
    from support import shipped

    return shipped()[1].exercises


@pytest.fixture(scope="module")
def swappable(home_plan: Path) -> tuple[str, str, str]:
    """An accessory exercise the plan has in every week (on one day), and the replacement
    `swap` ranks first for it: whatever the engine chose, the tests below swap something real."""
    from conftest import run

    plan = read_plan(home_plan)
    every = [
        (i.exercise, s.day)
        for s in plan.weeks[0].sessions
        for b in s.blocks
        if b.kind == "accessory"
        for i in b.items
        if len({w for w, _ in _items(plan, i.exercise)}) == len(plan.weeks)
    ]
    assert every, "an accessory exercise in every week"
    for exercise, day in every:
        r = run("swap", str(home_plan), "--exercise", exercise, "--json")
        assert r.code == 0, r.err
        if json.loads(r.out):
            return exercise, day, json.loads(r.out)[0]["exercise"]
    raise AssertionError("no accessory exercise of the plan has an alternative")


def test_swap_week_all_replaces_everywhere_and_carries_the_progression(cli, home_plan, swappable, tmp_path):
    exercise, _, to = swappable
    path = tmp_path / "plan.toml"
    path.write_bytes(home_plan.read_bytes())
    old = _items(read_plan(path), exercise)
    assert _items(read_plan(path), to) == {}
    r = cli("swap", str(path), "--week", "all", "--exercise", exercise, "--to", to)
    assert r.code == 0, r.err
    after = read_plan(path)
    assert _items(after, exercise) == {}
    new = _items(after, to)
    assert set(new) == set(old)
    for place, item in old.items():  # each week keeps what the old exercise had that week
        assert (new[place].sets, new[place].reps, new[place].tempo, new[place].rest_seconds, new[place].rir) == (
            item.sets, item.reps, item.tempo, item.rest_seconds, item.rir)  # fmt: skip
    assert len({(i.sets, i.reps, i.tempo) for i in new.values()}) > 1  # the weeks differ: the progression is there
    assert cli("progress", str(path), "--weeks", "4").code == 0
    longer = read_plan(path)
    assert _items(longer, exercise) == {}  # later weeks go on from the swapped ones:
    rungs = {to}  # the replacement, or the harder variations a progression step took it to
    for _ in range(4):
        rungs |= {h for r in rungs for h in cards_by_id()[r].harder}
    assert {w for r in rungs for w, _ in _items(longer, r)} == set(range(1, 13))


def test_swap_a_range_of_weeks(cli, home_plan, swappable, tmp_path):
    exercise, _, to = swappable
    path = tmp_path / "plan.toml"
    path.write_bytes(home_plan.read_bytes())
    r = cli("swap", str(path), "--week", "2-3", "--exercise", exercise, "--to", to)
    assert r.code == 0, r.err
    assert {w for w, _ in _items(read_plan(path), to)} == {2, 3}
    assert exercise not in read_plan(path).inputs.exclude  # still in the other weeks


def test_swap_suggestions_leave_out_what_the_week_already_has(cli, home_plan, swappable):
    exercise, day, _ = swappable
    plan = read_plan(home_plan)
    r = cli("swap", str(home_plan), "--week", "1", "--day", day, "--exercise", exercise, "--json")
    assert r.code == 0, r.err
    suggested = [a["exercise"] for a in json.loads(r.out)]
    in_week = {i.exercise for s in plan.weeks[0].sessions for b in s.blocks for i in b.items}
    assert suggested and not set(suggested) & in_week


@pytest.mark.parametrize(("spelling", "says"), [("monkey", "--day: unknown weekday 'monkey'"), ("full", None)])
def test_swap_day_must_be_a_weekday(cli, home_plan, swappable, spelling, says):
    from planner.swap import DAY_NAMES

    exercise, day, _ = swappable
    r = cli("swap", str(home_plan), "--day", DAY_NAMES[day].title() if spelling == "full" else spelling,
            "--exercise", exercise, "--json")  # fmt: skip
    if says is None:
        assert r.code == 0, r.err
    else:
        assert r.code == 1 and says in r.err


# ---------------------------------------------------------------------------- small things


def test_plan_output_dash_prints_the_plan_file(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = cli("plan", "--weeks", "1", "--output", "-")
    assert r.code == 0, r.err
    assert not (tmp_path / "-").exists()
    assert r.out.splitlines()[1] == "schema_version = 1"
    (tmp_path / "again.toml").write_text(r.out, encoding="utf-8")
    assert read_plan(tmp_path / "again.toml").weeks


@pytest.mark.parametrize(
    ("args", "says", "not_says"),
    [
        (["--days", "1"], "--days: must be from 2 to 6, not 1", "is not a split"),
        (["--start", "2027-02-30"], "February 2027 has 28 days, so there is no day 30", "must be YYYY-MM-DD"),
    ],
)
def test_plan_settings_say_what_is_wrong(cli, args, says, not_says):
    r = cli("plan", *args)
    assert r.code == 1
    assert r.err.count("\n") == 1 and says in r.err and not_says not in r.err


@pytest.mark.parametrize("content", ["", 'name = "Glute Bridge"\nprimary_muscles = ["glutes"]\n'])
def test_a_file_that_is_not_a_plan_says_so(cli, tmp_path, content):
    path = tmp_path / "other.toml"
    path.write_text(content, encoding="utf-8")
    r = cli("stats", str(path))
    assert r.code == 1
    assert "not a plan file" in r.err and "schema_version None" not in r.err


def test_new_card_with_a_builtin_id_says_what_it_replaces(cli, tmp_path):
    r = cli("new", "Glute Bridge", "--into", str(tmp_path / "mine"))
    assert r.code == 0, r.err
    assert "glute-bridge" in r.err and "replaces" in r.err
    r = cli("new", "Flying Squirrel Hold", "--into", str(tmp_path / "mine"))
    assert r.code == 0 and "replaces" not in r.err


@pytest.mark.parametrize(
    "args", [["show", "flying-squirrel"], ["list", "--muscle", "wings"], ["plan", "--exclude", "flying-squirrel"]]
)
def test_no_suggestion_without_a_real_likeness(cli, args):
    r = cli(*args)
    assert r.code == 1 and "did you mean" not in r.err


@pytest.mark.parametrize(
    ("args", "suggests"),
    [(["show", "goblet-sqat"], "goblet-squat"), (["show", "bench-press"], "dumbbell-bench-press"),
     (["list", "--muscle", "glutse"], "glutes"), (["list", "--equipment", "dumbell"], "dumbbell")],
)  # fmt: skip
def test_slips_of_the_keyboard_still_get_a_suggestion(cli, args, suggests):
    r = cli(*args)
    assert r.code == 1 and "did you mean" in r.err and f"'{suggests}'" in r.err


@pytest.mark.parametrize(
    "args",
    [["list", "--search", "no such words anywhere"], ["list", "--muscle", "neck", "--equipment", "bodyweight", "--block", "main"]],
)  # fmt: skip
def test_a_listing_with_no_match_says_so_in_one_line(cli, args):
    r = cli(*args)
    assert r.code == 0
    assert r.out.count("\n") == 1 and r.out.startswith("No exercise matches")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--format", "md", "--alarm", "30"], "--alarm: only the ics"),
        (["--format", "json", "--tz", "Europe/Berlin"], "--tz: only the ics"),
        (["--format", "md", "--output", "x.ics"], "--format md but --output x.ics"),
    ],
)
def test_export_options_that_do_not_apply_are_refused(cli, tmp_path, monkeypatch, args, says):
    monkeypatch.chdir(tmp_path)
    plan = _saved_plan(cli, tmp_path)
    r = cli("export", str(plan), *args)
    assert r.code == 1 and says in r.err
    assert not (tmp_path / "x.ics").exists()


def test_plan_help_shows_the_defaults_and_the_schemes(cli):
    out = " ".join(cli("plan", "--help").out.split())
    assert "(default 4)" in out
    for scheme in ("mixed", "tempo", "pause", "reps", "variation", "volume"):
        assert scheme in out
    assert "default mixed" in out


def test_the_readme_command_table_has_every_command():
    import typer

    from planner.cli import app

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    groups = ("import", "calendar", "log")
    names = [f"planner {n}" for n in group.commands if n not in groups]  # type: ignore[attr-defined]
    names += [
        f"planner {g} {sub}"
        for g in groups
        for sub in group.commands[g].commands  # type: ignore[attr-defined]
    ]
    table = readme.split("<!-- generated:commands -->")[1].split("<!-- /generated:commands -->")[0]
    assert [n for n in names if f"| `{n}` |" not in table] == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("planner list --muscle glu", {"glutes", "glute_med"}),
        ("planner plan --equipment ho", {"home"}),
        ("planner plan --goal hy", {"hypertrophy"}),
        ("planner plan --level int", {"intermediate"}),
        ("planner plan --progression te", {"tempo"}),
        ("planner show lying-alt", {"lying-alternate-hip-extension"}),
        ("planner swap PLAN --day ", {"mon", "wed", "fri"}),
        ("planner swap PLAN --week ", {"all", "1", "2", "3", "4"}),
        ("planner stats PLAN --week ", {"1", "2", "3", "4"}),
        ("planner export PLAN --format i", {"ics"}),
    ],
)
def test_completion_of_values(line, expected, tmp_path):
    from conftest import run

    plan = tmp_path / "plan.toml"
    assert run("plan", "--output", str(plan)).code == 0
    words = line.replace("PLAN", str(plan))
    env = {**os.environ, "_PLANNER_COMPLETE": "complete_bash", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}  # fmt: skip
    r = subprocess.run([sys.executable, "-m", "planner"], env=env, capture_output=True, text=True, check=False)
    assert set(r.stdout.split()) == expected, r.stderr


# ---------------------------------------------------------------------------- a CLI you can read

SRC = Path(__file__).resolve().parent.parent / "src" / "planner"


def _functions(tree: ast.Module) -> list[ast.FunctionDef]:
    return [node for node in tree.body if isinstance(node, ast.FunctionDef)]


def test_each_command_body_is_its_modules_run_and_one_render():
    """cli.py keeps the signatures: a command imports its module from planner.commands,
    calls its `run`, and hands the result to render.emit; no output or as_json test of its own."""
    tree = ast.parse((SRC / "cli.py").read_text(encoding="utf-8"))
    commands = [
        f
        for f in _functions(tree)
        if any(isinstance(d, ast.Call) and getattr(d.func, "attr", "") == "command" for d in f.decorator_list)
    ]
    assert len(commands) == 26
    for f in commands:
        body = [n for n in f.body if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]
        imports = [n for n in body if isinstance(n, ast.ImportFrom) and n.module == "planner.commands"]
        assert len(imports) == 1, f.name
        module = imports[0].names[0].name
        assert (SRC / "commands" / f"{module}.py").is_file()
        text = ast.unparse(f)
        assert f"{module}.run(" in text and "emit(" in text, f.name
        assert not any(isinstance(n, ast.If) for n in ast.walk(f)), f.name  # no `if as_json:`
        for word in ("typer.echo", "sys.stdout", "print(", "json.dumps"):
            assert word not in text, (f.name, word)


def test_command_modules_return_data_and_print_nothing():
    for path in sorted((SRC / "commands").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert not {m for m in imported if m.split(".")[0] in ("typer", "rich")}, path.name
        for word in ("print(", "sys.stdout", "sys.stderr", "SystemExit", "sys.exit"):
            assert word not in text, (path.name, word)
        if path.stem not in ("__init__", "env"):
            assert "run" in {f.name for f in _functions(tree)}, path.name


def test_exit_codes_come_from_one_enum_and_one_place():
    from planner import errors

    kinds = [v for v in vars(errors).values() if isinstance(v, type) and issubclass(v, errors.PlannerError)]
    assert all(isinstance(k.code, errors.ExitCode) for k in kinds)
    assert set(errors.MEANINGS) == set(errors.ExitCode)
    leaving = {
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*.py")
        if re.search(r"SystemExit\(|sys\.exit\(|typer\.Exit\(\d", path.read_text(encoding="utf-8"))
    }
    assert leaving == {"cli.py"}


def test_usage_errors_reach_the_boundary_as_planner_errors():
    from planner.cli import run
    from planner.errors import ExitCode, UsageError

    with pytest.raises(UsageError) as caught:
        run(["list", "--no-such-option"])
    assert caught.value.code == ExitCode.USAGE
    assert caught.value.report().startswith("Usage: planner list")
    assert "Error: No such option: --no-such-option" in caught.value.report()


@pytest.mark.parametrize(
    ("line", "hoisted"),
    [
        ("list --no-cache --json", "--no-cache list --json"),
        ("list -m glutes --library D --version", "--library D --version list -m glutes"),
        ("list --library=D -LE", "--library=D -LE list"),
        ("-L D show x --no-cache", "-L D --no-cache show x"),
        ("import card a.txt --no-cache", "--no-cache import card a.txt"),
        ("list --search --no-cache", "list --search --no-cache"),  # the value of --search
        ("list -- --no-cache", "list -- --no-cache"),
    ],
)
def test_global_options_are_moved_in_front_of_the_command(line, hoisted):
    import typer

    from planner.argv import hoist_globals
    from planner.cli import app

    assert hoist_globals(line.split(), typer.main.get_command(app)) == hoisted.split()


def test_every_command_result_has_a_text_view():
    import importlib

    from planner.structs import is_struct
    from planner.views import VIEWS

    results = set()
    for path in sorted((SRC / "commands").glob("*.py")):
        module = importlib.import_module(f"planner.commands.{path.stem}")
        results |= {
            name
            for name, value in vars(module).items()
            if is_struct(value) and value.__module__ == module.__name__ and name != "Env"
        }
    assert results == set(VIEWS)


def test_typer_builds_only_the_command_typed():
    import typer

    from planner.cli import app, only

    every = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    for name in every:
        assert list(typer.main.get_command(only(name)).commands) == [name]  # type: ignore[attr-defined]
    assert only(None) is app and only("lisst") is app  # help, or Typer's "No such command"
