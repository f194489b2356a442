"""The bad-input corpus: every way a file, an option or a folder given to planner can be
wrong that has been found so far (issue 17's adversarial run, and more), each run through
the commands that read it. Every case asserts the exit code, a one-line message that names
the file, field or option at fault, no traceback, and every file in its folder unchanged.

Cases that need a real process (closed or failing stdout, locales, another user) are in
test_bad_output.py; random plan files and profiles in test_fuzz.py."""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from support import shipped

Make = Callable[[Path], None]

# ---------------------------------------------------------------------------- helpers


@cache
def plan_text() -> str:
    """A 4-week plan file with dates, as `planner plan --start 2027-01-04 -o` writes it."""
    from planner.plans import build_plan, plan_to_toml
    from planner.records import plan_inputs
    from planner.vocab import builtin_vocab

    sources, lib = shipped()
    plan = build_plan(plan_inputs({"start": "2027-01-04"}), lib, builtin_vocab(), sources)
    return plan_to_toml(plan)


@cache
def first_item() -> tuple[str, str]:
    """The id and name of the first exercise of week 1's first session (what the engine
    chose: the cases below edit it, whatever it is)."""
    import tomllib

    item = tomllib.loads(plan_text())["weeks"][0]["sessions"][0]["blocks"][0]["items"][0]
    return item["exercise"], item["name"]


@cache
def swap_target() -> str:
    """An exercise `swap` offers for the first one (its own first choice)."""
    from conftest import run

    folder = Path(tempfile.mkdtemp())
    plan = folder / "plan.toml"
    plan.write_text(plan_text(), encoding="utf-8")
    r = run("swap", str(plan), "--week", "1", "--day", "mon", "--exercise", first_item()[0], "--json")
    assert r.code == 0, r.err
    return str(json.loads(r.out)[0]["exercise"])


def swap_args(plan: object) -> list[str]:
    return ["swap", str(plan), "--week", "1", "--day", "mon", "--exercise", first_item()[0], "--to", swap_target()]


def snapshot(folder: Path) -> dict[str, tuple[str, object]]:
    """Everything under `folder` as it is: each file's bytes and mode, each link's target."""
    out: dict[str, tuple[str, object]] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = str(path.relative_to(folder))
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                out[rel] = ("link", os.readlink(path))
            elif stat.S_ISREG(info.st_mode):
                out[rel] = ("file", (path.read_bytes(), info.st_mode))
            else:
                out[rel] = ("other", info.st_mode)
    return out


def one_line_error(r, *says: str, code: int = 1) -> None:
    """Exit `code`, no traceback, one line on stderr starting "Error: " and holding each of `says`."""
    assert r.code == code, (r.code, r.out, r.err)
    assert not r.has_traceback, r.err
    lines = r.err.strip().splitlines()
    errors = [line for line in lines if line.startswith("Error: ")]
    assert len(errors) == 1, r.err
    for word in says:
        assert word in errors[0], (word, errors[0])


def edited(old: str, new: str, count: int = 1) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, count)

    return edit


def nested(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth


# ---------------------------------------------------------------------------- hand-edited plan files


def item_text() -> str:
    exercise, name = first_item()
    return f'exercise = "{exercise}"\nname = "{name}"\n'


def after_first_item(pattern: str, new: str) -> Callable[[str], str]:
    """Replace the first match of `pattern` after the first item's name (its own fields)."""

    def edit(text: str) -> str:
        start = text.index(item_text()) + len(item_text())
        found = re.compile(pattern, re.MULTILINE).search(text, start)
        assert found is not None, pattern
        return text[: found.start()] + new + text[found.end() :]

    return edit


def first_match(pattern: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        out, n = re.subn(pattern, new, text, count=1, flags=re.MULTILINE)
        assert n == 1, pattern
        return out

    return edit


def with_first_item_field(line: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        return text.replace(item_text(), item_text() + line, 1)

    return edit


FIRST_WEEK = "[[weeks]]\nnumber = 1\n"
SESSION_MINUTES = re.compile(r"^minutes = [0-9.]+$", re.MULTILINE)


def first_session_minutes(value: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        start = text.index("[[weeks.sessions]]")
        m = SESSION_MINUTES.search(text, start)
        assert m is not None
        return text[: m.start()] + f"minutes = {value}" + text[m.end() :]

    return edit


def reversed_weeks(text: str) -> str:
    return (
        text.replace("number = 1\n", "number = X\n")
        .replace("number = 2\n", "number = 1\n")
        .replace("number = X\n", "number = 2\n")
    )


def without_weeks(text: str) -> str:
    return text[: text.index(FIRST_WEEK)].replace("warnings = []\n", "warnings = []\nweeks = []\n")


def second_week_gone(text: str) -> str:
    start = text.index("[[weeks]]\nnumber = 2\n")
    end = text.index("[[weeks]]\nnumber = 3\n")
    return text[:start] + text[end:]


@dataclass(frozen=True)
class PlanCase:
    """A plan file edited by hand into something planner must refuse, and what the
    message must name."""

    name: str
    edit: Callable[[str], str]
    says: tuple[str, ...]


PLAN_CASES = [
    PlanCase("day-funday", edited('day = "mon"', 'day = "funday"'), ("day", "'funday'", "mon, tue")),
    PlanCase("day-number", edited('day = "mon"', "day = 1"), ("day", "valid string")),
    PlanCase("weeks-empty", without_weeks, ("weeks", "at least 1")),
    PlanCase("minutes-inf", first_session_minutes("inf"), ("minutes", "finite")),
    PlanCase("minutes-nan", first_session_minutes("nan"), ("minutes", "finite")),
    PlanCase("minutes-1e300", first_session_minutes("1e300"), ("minutes", "less than or equal")),
    PlanCase("minutes-negative", first_session_minutes("-5.0"), ("minutes", "greater than or equal")),
    PlanCase("week-number-huge", edited(FIRST_WEEK, "[[weeks]]\nnumber = 1000000000000\n"), ("number",)),
    PlanCase("weeks-reversed", reversed_weeks, ("weeks", "in order")),
    PlanCase("week-missing", second_week_gone, ("weeks", "in order")),
    PlanCase("start-9999", edited('start = "2027-01-04"', 'start = "9999-12-20"'), ("start", "out of range")),
    PlanCase("start-not-a-date", edited('start = "2027-01-04"', 'start = "soon"'), ("start", "YYYY-MM-DD")),
    PlanCase("session-date-9999", edited('date = "2027-01-04"', 'date = "9999-12-20"'), ("date", "out of range")),
    PlanCase("session-date-garbage", edited('date = "2027-01-04"', 'date = "monday"'), ("date", "YYYY-MM-DD")),
    PlanCase(
        "nested-40",
        edited("schema_version = 1\n", f"schema_version = 1\nx = {nested(40)}\n"),
        ("nested", "32"),
    ),
    PlanCase(
        "nested-1000",
        edited("schema_version = 1\n", f"schema_version = 1\nx = {nested(1000)}\n"),
        ("nested too deeply",),
    ),
    PlanCase(
        "integer-past-toml", edited("schema_version = 1\n", "schema_version = 1\nx = 18446744073709551616\n"), ("x",)
    ),
    PlanCase(
        "integer-of-5000-digits",
        edited("schema_version = 1\n", "schema_version = 1\nx = " + "9" * 5000 + "\n"),
        ("out of range",),
    ),
    PlanCase("extra-inf", edited("schema_version = 1\n", "schema_version = 1\nx = inf\n"), ("x", "finite")),
    PlanCase("seed-past-toml", edited("seed = 1\n", "seed = 9223372036854775808\n"), ("seed",)),
    PlanCase("sets-text", after_first_item(r"^sets = \d+$", 'sets = "three"'), ("sets",)),
    PlanCase("sets-huge", after_first_item(r"^sets = \d+$", "sets = 100000"), ("sets",)),
    PlanCase(
        "escape-in-name", first_match(r'^name = "', 'name = "\\\\u001b]0;pwned\\\\u0007'), ("name", "U+001B (ESC)")
    ),
    PlanCase("bell-in-cue", with_first_item_field('cue = "ding\\u0007"\n'), ("cue", "BEL")),
    PlanCase("c1-in-title", edited('title = "Full Body A"', 'title = "A\u009b2J"'), ("title", "U+009B")),
    PlanCase("long-memo", with_first_item_field(f'memo = "{"x" * 20_000}"\n'), ("memo", "at most 10,000")),
    PlanCase("two-sessions-one-day", edited('day = "wed"', 'day = "mon"'), ("sessions", "two sessions on mon")),
    PlanCase("block-kind", edited('kind = "warmup"', 'kind = "stretching"'), ("kind", "stretching")),
    PlanCase("block-format", first_match(r'^format = "\w+"$', 'format = "pyramid"'), ("format", "pyramid")),
    PlanCase("item-no-dose", after_first_item(r"^(reps|seconds|meters) = \d+\n", ""), ("reps", "seconds or meters")),
    PlanCase("tempo", first_match(r'^tempo = "[^"]*"$', 'tempo = "fast"'), ("tempo", "four digits")),
    PlanCase("version-missing", edited("schema_version = 1\n", ""), ("not a plan file", "no schema_version")),
    PlanCase("version-future", edited("schema_version = 1\n", "schema_version = 99\n"), ("schema_version 99",)),
    PlanCase("toml-syntax", edited('split = "', "split = "), ("TOML syntax",)),
    PlanCase(
        "dotted-key-bomb",
        edited("schema_version = 1\n", "schema_version = 1\n" + ".".join(["k"] * 5000) + " = 1\n"),
        ("dotted key of 5000 parts",),
    ),
    PlanCase("not-utf8", lambda text: text + "# caf\udce9\n", ("UTF-8",)),  # a Latin-1 byte, see below
]


def write_plan_case(path: Path, case: PlanCase) -> None:
    path.write_bytes(case.edit(plan_text()).encode("utf-8", "surrogateescape"))


PLAN_COMMANDS = {
    "stats": ["stats", "{plan}"],
    "export-json": ["export", "{plan}", "--format", "json"],
    "export-md": ["export", "{plan}", "--format", "md"],
    "export-ics": ["export", "{plan}", "--format", "ics", "--tz", "UTC"],
    "progress": ["progress", "{plan}"],
    "progress-output": ["progress", "{plan}", "--output", "{folder}/longer.toml"],
    "swap": ["{swap}"],
}


def argv(args: list[str], plan: Path, folder: Path) -> list[str]:
    if args == ["{swap}"]:
        return swap_args(plan)
    return [a.format(plan=plan, folder=folder) for a in args]


@pytest.mark.parametrize("case", PLAN_CASES, ids=lambda c: c.name)
def test_a_hand_edited_plan_is_refused_by_every_command_that_reads_it(cli, tmp_path, case):
    plan = tmp_path / "plan.toml"
    write_plan_case(plan, case)
    before = snapshot(tmp_path)
    for name, args in PLAN_COMMANDS.items():
        r = cli(*argv(args, plan, tmp_path))
        one_line_error(r, str(plan), *case.says)
        assert r.out == "", name
        assert snapshot(tmp_path) == before, name


def test_the_corpus_plan_is_good_as_generated(cli, tmp_path):
    """The plan every case above starts from passes every command: each refusal is the edit's."""
    plan = tmp_path / "plan.toml"
    plan.write_text(plan_text(), encoding="utf-8")
    for args in PLAN_COMMANDS.values():
        r = cli(*argv(args, plan, tmp_path))
        assert r.code == 0, (args, r.err)
        plan.write_text(plan_text(), encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "edit"),
    [
        ("day-capitalised", edited('day = "mon"', 'day = "Mon"')),
        ("day-in-full", edited('day = "mon"', 'day = "Monday"')),
        ("start-unquoted", edited('start = "2027-01-04"', "start = 2027-01-04")),
        ("date-unquoted", edited('date = "2027-01-04"', "date = 2027-01-04")),
        ("extra-date", edited("schema_version = 1\n", "schema_version = 1\nreviewed = 2027-02-01\n")),
        ("windows-line-ends", lambda text: text.replace("\n", "\r\n")),
    ],
)
def test_what_people_naturally_write_in_a_plan_is_read(cli, tmp_path, name, edit):
    """Mon for mon, an unquoted TOML date: read as meant, by every command."""
    plan = tmp_path / "plan.toml"
    for args in PLAN_COMMANDS.values():
        plan.write_text(edit(plan_text()), encoding="utf-8")
        r = cli(*argv(args, plan, tmp_path))
        assert r.code == 0 and not r.has_traceback, (args, r.err)
    if name == "start-unquoted":  # progress and swap keep the user's own spelling
        assert "start = 2027-01-04\n" in plan.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("what", "make", "says"),
    [
        ("a folder", lambda p: p.mkdir(), "is a folder"),
        ("a pipe", lambda p: os.mkfifo(p), "is a pipe"),
        ("a device", lambda p: p.symlink_to("/dev/zero"), "is a device"),
        ("30 MiB", lambda p: p.write_bytes(b"# " + b"x" * 30 * 1024 * 1024), "30 MiB; a plan file is at most 8 MiB"),
        ("missing", lambda p: None, "no such plan file"),
        ("binary", lambda p: p.write_bytes(bytes(range(256)) * 8), "UTF-8"),
    ],
)
def test_a_plan_that_is_not_a_file_of_sane_size_is_refused_without_reading_it(cli, tmp_path, what, make, says):
    plan = tmp_path / "plan.toml"
    make(plan)
    before = snapshot(tmp_path)
    for args in PLAN_COMMANDS.values():
        r = cli(*argv(args, plan, tmp_path))
        one_line_error(r, str(plan), says)
        assert snapshot(tmp_path) == before


# ---------------------------------------------------------------------------- progress and swap keep what was written

COMMENTED = [
    ("# A training plan made by planner", "# my own plan, from coach Sam\n# A training plan made by planner"),
    ("seed = 1\n", "seed = 1  # the seed Sam likes\n"),
    (FIRST_WEEK, FIRST_WEEK + "# knee sore, go easy\n"),
    ("{name}", "{name}  # on the grass"),
]


def commented_plan() -> str:
    text = plan_text()
    name = f'name = "{first_item()[1]}"'
    for old, new in COMMENTED:
        text = text.replace(old.format(name=name), new.format(name=name), 1)
    return text


def comments_of(text: str) -> list[str]:
    return [c for _, new in COMMENTED for c in re.findall(r"#[^\n]*", new) if "made by planner" not in c]


def test_progress_a_hundred_times_keeps_comments_and_never_writes_an_unreadable_plan(cli, tmp_path):
    """Issue 17: 13 default runs used to make a 56-week plan nothing could read. Each run
    adds four weeks up to the 52 a plan holds, keeps every comment, and leaves the version
    before it as plan.toml~; past 52 weeks it refuses, changing nothing."""
    from planner.plans import read_plan

    plan = tmp_path / "plan.toml"
    plan.write_text(commented_plan(), encoding="utf-8")
    refused = 0
    for n in range(100):
        before = plan.read_bytes()
        backup_before = (tmp_path / "plan.toml~").read_bytes() if n else None
        r = cli("progress", str(plan))
        assert not r.has_traceback
        if r.code == 0:
            assert (tmp_path / "plan.toml~").read_bytes() == before
        else:
            one_line_error(r, "--weeks 4", "at most 52")
            assert plan.read_bytes() == before and (tmp_path / "plan.toml~").read_bytes() == backup_before
            refused += 1
        if refused >= 3:  # every later run is the same refusal: three make the point
            break
    assert refused == 3 and n == 14
    text = plan.read_text(encoding="utf-8")
    for comment in comments_of(text):
        assert comment in text, comment
    again = read_plan(plan)
    assert len(again.weeks) == 52 and again.inputs.weeks == 52
    assert [w.number for w in again.weeks] == list(range(1, 53))
    assert cli("stats", str(plan), "--week", "52").code == 0


@pytest.mark.parametrize("weeks", ["49", "50", "52"])
def test_progress_past_52_weeks_is_refused_before_any_work(cli, tmp_path, weeks):
    plan = tmp_path / "plan.toml"
    plan.write_text(plan_text(), encoding="utf-8")
    before = snapshot(tmp_path)
    r = cli("progress", str(plan), "--weeks", weeks)
    one_line_error(r, f"--weeks {weeks}", "has 4 weeks", "--weeks 48")
    assert snapshot(tmp_path) == before


def test_swap_and_progress_keep_comments_order_and_formatting(cli, tmp_path):
    plan = tmp_path / "plan.toml"
    original = commented_plan()
    plan.write_text(original, encoding="utf-8")
    r = cli(*swap_args(plan))
    assert r.code == 0, r.err
    assert "plan.toml~" in r.err
    swapped = plan.read_text(encoding="utf-8")
    assert (tmp_path / "plan.toml~").read_text(encoding="utf-8") == original
    changed = [line for line in swapped.splitlines() if line not in original.splitlines()]
    assert changed[0] == f'exercise = "{swap_target()}"'
    assert changed[1].startswith("name = ") and changed[1].endswith("  # on the grass")
    assert any(line.startswith("change = ") for line in changed) and len(changed) <= 6, changed
    for comment in comments_of(original):
        assert comment in swapped
    r = cli("progress", str(plan), "--weeks", "2")
    assert r.code == 0, r.err
    longer = plan.read_text(encoding="utf-8")
    assert longer.startswith(swapped.replace("weeks = 4\n", "weeks = 6\n", 1).rstrip("\n"))
    assert (tmp_path / "plan.toml~").read_text(encoding="utf-8") == swapped


def test_progress_into_another_file_keeps_the_comments_and_leaves_the_plan(cli, tmp_path):
    plan = tmp_path / "plan.toml"
    plan.write_text(commented_plan(), encoding="utf-8")
    out = tmp_path / "longer.toml"
    assert cli("progress", str(plan), "--output", str(out)).code == 0
    assert plan.read_text(encoding="utf-8") == commented_plan()
    assert not (tmp_path / "plan.toml~").exists()
    for comment in comments_of(commented_plan()):
        assert comment in out.read_text(encoding="utf-8")
    r = cli("progress", str(plan), "--output", str(out))
    one_line_error(r, str(out), "--force")


def test_a_rewrite_that_would_not_read_back_is_not_written(cli, tmp_path, monkeypatch):
    """The check before replacing: a rewrite that reads back as anything but the plan
    meant is refused and the file left as it was."""
    import planner.planfile

    plan = tmp_path / "plan.toml"
    plan.write_text(plan_text(), encoding="utf-8")
    before = snapshot(tmp_path)
    real = planner.planfile.rewritten
    monkeypatch.setattr(
        planner.planfile, "rewritten", lambda text, p, whole=False: real(text, p, whole).replace("sets = 3", "sets = 2")
    )
    one_line_error(cli("progress", str(plan)), str(plan), "not written")
    monkeypatch.setattr(planner.planfile, "rewritten", lambda text, p, whole=False: real(text, p, whole) + "[[[\n")
    one_line_error(cli("progress", str(plan)), str(plan), "not written", "TOML")
    assert snapshot(tmp_path) == before


# ---------------------------------------------------------------------------- profiles


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("on = 5\n", ("on: must be a list of words", "not 5")),
        ("focus = [1]\n", ("focus: must be a list of words",)),
        ("equipment = 3\n", ("equipment: must be a list of words",)),
        ('days = "three"\n', ("days: must be a whole number",)),
        ("goal = [1]\n", ("goal: must be text",)),
        ("start = 9999-12-20\n", ("start", "out of range")),
        ("seed = 9223372036854775808\n", ("seed", "9223372036854775807")),
        ("seed = -1\n", ("seed", "from 0")),
        ('equipment = "barbel"\n', ("equipment: unknown equipment 'barbel'", "barbell")),
        ('focus = "glutez"\n', ("focus: unknown muscle 'glutez'",)),
        ('goal = "bulk\\u001b[2J"\n', ("goal", "ESC")),
        ("dayz = 3\n", ("dayz: not a plan setting",)),
        ("days = 9\n", ("days", "from 2 to 6")),
        (f"x = {nested(1000)}\n", ("nested too deeply",)),
        ("[days]\nn = 3\n", ("days: must be a whole number",)),
        ("=", ("TOML syntax",)),
    ],
)
def test_a_bad_profile_is_one_clear_line(cli, tmp_path, text, says):
    profile = tmp_path / "me.toml"
    profile.write_text(text, encoding="utf-8")
    before = snapshot(tmp_path)
    one_line_error(cli("plan", "--profile", str(profile)), str(profile), *says)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        ('equipment = "gym"\n', "equipment", ["gym"]),
        ('equipment = "dumbbell, bench"\n', "equipment", ["dumbbell", "bench"]),
        ('on = "mon,wed,fri"\n', "on", ["mon", "wed", "fri"]),
        ('focus = "glutes"\n', "focus", ["glutes"]),
        ("start = 2027-01-04\n", "start", "2027-01-04"),
    ],
)
def test_a_profile_may_give_a_list_as_text(cli, tmp_path, text, key, value):
    profile = tmp_path / "me.toml"
    profile.write_text(text, encoding="utf-8")
    r = cli("plan", "--profile", str(profile), "--json")
    assert r.code == 0, r.err
    assert json.loads(r.out)["inputs"][key] == value


@pytest.mark.parametrize(
    ("make", "says"),
    [(lambda p: os.mkfifo(p), "is a pipe"), (lambda p: p.write_bytes(b"#" * 100_000), "at most 64 KiB")],
)
def test_a_profile_that_is_a_pipe_or_huge_is_refused_unread(cli, tmp_path, make, says):
    profile = tmp_path / "me.toml"
    make(profile)
    one_line_error(cli("plan", "--profile", str(profile)), str(profile), says)


# ---------------------------------------------------------------------------- options


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--seed", str(2**64)], ("--seed", "9223372036854775807")),
        (["--seed", "-3"], ("--seed", "from 0")),
        (["--start", "9999-12-20"], ("--start", "out of range")),
        (["--start", "0001-01-01"], ("--start", "out of range")),
    ],
)
def test_options_out_of_range_are_one_line(cli, tmp_path, args, says):
    one_line_error(cli("plan", *args, "--output", str(tmp_path / "p.toml")), *says)
    assert not (tmp_path / "p.toml").exists()


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("PLANNER_NOW", "0001-01-01T00:00:00+01:00"),
        ("PLANNER_NOW", "9999-12-31T23:59:59-05:00"),
        ("PLANNER_NOW", "1900-01-01T00:00:00Z"),
        ("SOURCE_DATE_EPOCH", "99999999999999999999"),
        ("SOURCE_DATE_EPOCH", "9" * 5000),
    ],
)
def test_clock_variables_out_of_range_are_one_line(cli, tmp_path, monkeypatch, variable, value):
    plan = tmp_path / "plan.toml"
    plan.write_text(plan_text(), encoding="utf-8")
    monkeypatch.delenv("PLANNER_NOW", raising=False)
    monkeypatch.setenv(variable, value)
    r = cli("export", str(plan), "--format", "ics")
    one_line_error(r, variable)
    assert len(r.err) < 200


# ---------------------------------------------------------------------------- writes


def test_output_to_a_folder_says_so_with_or_without_force(cli, tmp_path):
    plan = tmp_path / "plan.toml"
    plan.write_text(plan_text(), encoding="utf-8")
    folder = tmp_path / "out"
    folder.mkdir()
    for args in (
        ["plan", "--output", str(folder)],
        ["plan", "--output", str(folder), "--force"],
        ["export", str(plan), "--format", "md", "--output", str(folder)],
        ["export", str(plan), "--format", "md", "--output", str(folder), "--force"],
        ["progress", str(plan), "--output", str(folder), "--force"],
    ):
        r = cli(*args)
        one_line_error(r, str(folder), "is a folder")
        assert "--force" not in r.err


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "--output", "{link}", "--force"],
        ["export", "{plan}", "--format", "md", "--output", "{link}", "--force"],
        ["progress", "{link}"],
        ["{swap-link}"],
    ],
)
def test_writing_through_a_symbolic_link_keeps_the_link(cli, tmp_path, args):
    real = tmp_path / "real" / "target.toml"
    real.parent.mkdir()
    real.write_text(plan_text(), encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    plan = tmp_path / "plan.toml"
    plan.write_text(plan_text(), encoding="utf-8")
    r = cli(*(swap_args(link) if args == ["{swap-link}"] else [a.format(link=link, plan=plan) for a in args]))
    assert r.code == 0, r.err
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8") != plan_text()
    assert real.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in real.parent.iterdir()) == ["target.toml"]


def test_writing_a_file_with_other_hard_links_keeps_them(cli, tmp_path):
    plan = tmp_path / "plan.toml"
    plan.write_text(plan_text(), encoding="utf-8")
    other = tmp_path / "same-plan.toml"
    os.link(plan, other)
    assert cli("progress", str(plan), "--weeks", "1").code == 0
    assert plan.stat().st_ino == other.stat().st_ino and plan.stat().st_nlink == 2
    assert other.read_text(encoding="utf-8") == plan.read_text(encoding="utf-8") != plan_text()
    assert cli("plan", "--output", str(other), "--force", "--days", "2").code == 0
    assert plan.read_text(encoding="utf-8") == other.read_text(encoding="utf-8")
    assert 'split = "Full body x2"' in plan.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.toml", "plan.toml~", "same-plan.toml"]


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another owner")
def test_writing_keeps_the_owner_where_allowed(cli, tmp_path):
    """Run as root (as in CI's container): a plan owned by someone else stays theirs."""
    plan = tmp_path / "plan.toml"
    plan.write_text(plan_text(), encoding="utf-8")
    os.chown(plan, 65534, 65534)
    assert cli("progress", str(plan), "--weeks", "1").code == 0
    assert (plan.stat().st_uid, plan.stat().st_gid) == (65534, 65534)


# ---------------------------------------------------------------------------- cards and library folders


@dataclass(frozen=True)
class CardCase:
    """A file in a library folder (beside a good card) that must become one problem line
    naming it, while every command goes on working."""

    name: str
    file: str
    make: Callable[[Path, str], None]
    says: tuple[str, ...]
    listed: tuple[str, ...] = ("test-wall-lean",)


def writes(text: Callable[[str], str] | str, encoding: str = "utf-8") -> Callable[[Path, str], None]:
    def make(path: Path, card_text: str) -> None:
        content = text(card_text) if callable(text) else text
        path.write_bytes(content.encode(encoding, "surrogateescape"))

    return make


def in_subfolder(folder: str, file: str) -> Callable[[Path, str], None]:
    def make(path: Path, card_text: str) -> None:
        where = path.parent / os.fsdecode(folder.encode("latin-1"))
        where.mkdir()
        (where / file).write_text(card_text.replace("Test Wall Lean", "Moved Lean"), encoding="utf-8")

    return make


CARD_CASES = [
    CardCase(
        "latin-1-file-name",
        os.fsdecode("\xfcbung.toml".encode("latin-1")),
        writes(lambda t: t),
        ("bung.toml", "lowercase ASCII"),
    ),
    CardCase("nested-array", "deep-array.toml", writes(lambda t: t + f"x = {nested(5000)}\n"), ("nested too deeply",)),
    CardCase(
        "nested-table",
        "deep-table.toml",
        writes(lambda t: t + "x = " + "{a=" * 5000 + "1" + "}" * 5000 + "\n"),
        ("nested",),
    ),
    CardCase(
        "nested-40",
        "deep-forty.toml",
        writes(lambda t: t.replace("tips = [", f"tips = [{nested(40)}, ", 1)),
        ("nested",),
    ),
    CardCase(
        "dotted-key-bomb",
        "dotted.toml",
        writes(lambda t: t + ".".join(["k"] * 30_000) + " = 1\n"),
        ("dotted key of 30000 parts", "dotted.toml:31:"),
    ),
    CardCase(
        "escape-in-name",
        "escape-name.toml",
        writes(lambda t: t.replace('name = "Test Wall Lean"', 'name = "Lean\\u001b]0;owned\\u0007"')),
        ("name: control character U+001B (ESC)",),
    ),
    CardCase(
        "c1-in-tip",
        "c1-tip.toml",
        writes(lambda t: t.replace('tips = ["This card', 'tips = ["\u009b2J This card')),
        ("tips.0: control character U+009B",),
    ),
    CardCase(
        "integer-of-5000-digits",
        "big-number.toml",
        writes(lambda t: t.replace("reps_max = 20", "reps_max = " + "9" * 5000)),
        ("out of range",),
    ),
    CardCase("pipe", "fifo-card.toml", lambda p, t: os.mkfifo(p), ("is a pipe",)),
    CardCase("device", "zero-card.toml", lambda p, t: p.symlink_to("/dev/zero"), ("is a device",)),
    CardCase(
        "latin-1-folder",
        "latin-folder",
        in_subfolder("\xfcbungen", "moved-lean.toml"),
        (),
        ("moved-lean", "test-wall-lean"),
    ),
]


@pytest.fixture
def good_folder(tmp_path, card_text):
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "test-wall-lean.toml").write_text(card_text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("case", CARD_CASES, ids=lambda c: c.name)
def test_one_bad_card_never_stops_the_rest(cli, good_folder, card_text, case):
    path = good_folder / case.file
    case.make(path, card_text)
    before = snapshot(good_folder)
    for _ in range(2):  # the second run reads the index the first one wrote
        r = cli("list", "--library", str(good_folder), "--json")
        assert r.code == 0 and not r.has_traceback, r.err
        listed = {c["id"] for c in json.loads(r.out)}
        assert set(case.listed) <= listed, r.err
        for word in case.says:
            assert word in r.err, (word, r.err)
        assert "\x1b" not in r.out + r.err and "\x07" not in r.out + r.err
        for args in (["show", case.listed[0]], ["plan", "--weeks", "1"], ["muscles"]):
            r = cli(*args, "--library", str(good_folder))
            assert r.code == 0 and not r.has_traceback, (args, r.err)
    r = cli("validate", str(good_folder))
    assert not r.has_traceback
    assert r.code == (1 if case.says else 0), r.out
    for word in case.says:
        assert word in r.out, (word, r.out)
    assert snapshot(good_folder) == before


def test_a_long_easier_to_harder_chain_is_checked_without_recursion():
    """A ladder of 3,000 cards (validate used to hit RecursionError at about 990), and the
    same ladder closed into a cycle, reported once."""
    from planner.library import Library, harder_cycles, link_problems

    _, lib = shipped()
    base = dict(lib.cards["push-up"])
    chain = Library()
    n = 3000
    for i in range(n):
        data = {
            **base,
            "id": f"step-{i:04d}",
            "easier": [f"step-{i - 1:04d}"] if i else [],
            "harder": [f"step-{i + 1:04d}"] if i < n - 1 else [],
        }
        chain.cards[data["id"]] = data
        chain.paths[data["id"]] = Path(f"{data['id']}.toml")
    assert harder_cycles(chain) == []
    assert link_problems(chain) == []
    chain.cards["step-2999"] = {**chain.cards["step-2999"], "harder": ["step-0000"]}
    chain.cards["step-0000"] = {**chain.cards["step-0000"], "easier": ["step-2999"]}
    chain._light.clear()
    cycles = harder_cycles(chain)
    assert len(cycles) == 1 and len(cycles[0]) == n
    assert [p.message.split(":")[0] for p in link_problems(chain)] == ["variation cycle"]


def test_a_crafted_index_with_a_valid_checksum_is_rebuilt(cli, good_folder, monkeypatch):
    """The index is only a copy of what the files say: one whose checksum matches but
    whose content planner would never write (a row pointing past the values, a muscle
    that is not a word of the vocabulary, an ESC in a name) is read as no index at all."""
    from planner.cache import _digest, index_path

    assert cli("list", "--library", str(good_folder)).code == 0
    path = index_path(good_folder)
    _, _, text = path.read_text(encoding="utf-8").partition("\n")
    data = json.loads(text)
    (key,) = data["files"]
    crafted = {
        "row past the values": lambda d: d["files"][key][3].__setitem__(4, 10_000),
        "a muscle not in the vocabulary": lambda d: d["values"].__setitem__(d["files"][key][3][4], ["wings"]),
        "a bool for a list": lambda d: d["values"].__setitem__(d["files"][key][3][4], True),
        "an escape in a name": lambda d: d["files"][key][3].__setitem__(1, "Lean\x1b[2J"),
        "problems of the wrong shape": lambda d: d["files"][key].__setitem__(2, "oops"),
        "a short row": lambda d: d["files"][key].__setitem__(3, [1, 2]),
        "a stamp of text": lambda d: d["files"][key].__setitem__(0, ["a", "b"]),
    }
    for name, damage in crafted.items():
        bad = json.loads(text)
        damage(bad)
        body = json.dumps(bad)
        path.write_text(_digest(body) + "\n" + body, encoding="utf-8")
        r = cli("list", "--library", str(good_folder), "--json")
        assert r.code == 0 and not r.has_traceback, (name, r.err)
        assert [c["name"] for c in json.loads(r.out) if c["id"] == "test-wall-lean"] == ["Test Wall Lean"], name
        assert "\x1b" not in r.out
        assert json.loads(path.read_text(encoding="utf-8").partition("\n")[2]) == data, name  # rebuilt


def test_the_index_forgets_a_file_it_could_not_read(good_folder, card_text, monkeypatch):
    """A card unreadable for a moment (chmod 0, then back) must come back: the index may
    not remember "Permission denied", since chmod changes neither size nor mtime."""
    import planner.userfiles
    from planner.library import Source, load_library

    path = good_folder / "test-wall-lean.toml"
    real_open = os.open

    def denied(p, *args, **kwargs):
        if str(p) == str(path):
            raise PermissionError(13, "Permission denied", str(p))
        return real_open(p, *args, **kwargs)

    monkeypatch.setattr(planner.userfiles.os, "open", denied)
    first = load_library([Source(good_folder, "--library")])
    assert "test-wall-lean" not in first.cards and "Permission denied" in str(first.problems[0])
    monkeypatch.setattr(planner.userfiles.os, "open", real_open)
    again = load_library([Source(good_folder, "--library")])
    assert "test-wall-lean" in again.cards and again.problems == []


def test_user_templates_with_a_missing_key_or_wrong_shape_are_one_line(cli, tmp_path):
    lib = tmp_path / "lib"
    (lib / "templates").mkdir(parents=True)
    cases = {
        ("sessions", '[full-a]\ntitle = "Mine"\n'): ("full-a.region", "missing"),
        ("sessions", "full-a = 5\n"): ("full-a", "must be a table"),
        ("sessions", '[full-a]\ntitle = "A\\u001b[2J"\n'): ("full-a.title", "ESC"),
        ("splits", '[3]\nname = "x"\n'): ("3.sessions", "missing"),
        ("splits", '[3]\nname = "x"\nsessions = ["full-a"]\nweekdays = ["mon", "tue"]\n'): ("3.sessions",),
        ("goals", '[general]\ndescription = "x"\n'): ("general.", "missing"),
        ("goals", "general = [1, 2]\n"): ("general",),
    }
    for (kind, text), says in cases.items():
        for old in (lib / "templates").iterdir():
            old.unlink()
        path = lib / "templates" / f"{kind}.toml"
        path.write_text(text, encoding="utf-8")
        for args in (["plan"], ["progressions"]):
            r = cli(*args, "--library", str(lib))
            one_line_error(r, str(path), *says)


# ---------------------------------------------------------------------------- imports


def test_import_card_refuses_control_characters_with_their_line(cli, tmp_path):
    into = tmp_path / "lib"
    for char, name in (("\x1b", "ESC"), ("\x7f", "DEL"), ("\x07", "BEL")):
        text = tmp_path / "card.txt"
        text.write_text(f"Wall Lean\nLean on a wall.\nInstructions\n- Lean{char}in.\n", encoding="utf-8")
        one_line_error(cli("import", "card", str(text), "--into", str(into)), str(text), name, "line 4")
        assert not into.exists()


def test_a_card_file_name_with_a_newline_cannot_inject_keys(cli, tmp_path):
    text = tmp_path / 'x\nsource = "injected"\n.txt'
    text.write_text(
        "Wall Lean\nLean on a wall to train the chest and the triceps.\nInstructions\n- Lean in.\n", encoding="utf-8"
    )
    into = tmp_path / "lib"
    r = cli("import", "card", str(text), "--into", str(into))
    assert r.code == 0, r.err
    written = (into / "wall-lean.toml").read_text(encoding="utf-8")
    import tomllib

    assert "source" not in tomllib.loads(written)
    assert '# Imported by `planner import card` from x^Jsource = "injected"^J.txt.' in written
    assert cli("validate", str(into)).code in (0, 1)


def test_a_card_named_vocab_is_refused(cli, tmp_path):
    into = tmp_path / "lib"
    one_line_error(cli("new", "Vocab", "--into", str(into)), "'vocab'", "reserved")
    text = tmp_path / "vocab.txt"
    text.write_text("Vocab\nLean on a wall to train the chest.\nInstructions\n- Lean in.\n", encoding="utf-8")
    one_line_error(cli("import", "card", str(text), "--into", str(into)), "reserved")
    assert not (into / "vocab.toml").exists()


def test_new_refuses_a_name_with_control_characters(cli, tmp_path):
    one_line_error(cli("new", "Evil\x1b[2J Squat", "--into", str(tmp_path)), "NAME", "ESC")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda p: os.mkfifo(p), "is a pipe"),
        (lambda p: p.symlink_to("/dev/zero"), "is a device"),
        (lambda p: p.mkdir(), "is a folder"),
        (lambda p: p.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8"), "not JSON"),
    ],
)
def test_imports_refuse_what_is_not_a_file_unread(cli, tmp_path, make, says):
    source = tmp_path / "input"
    make(source)
    into = tmp_path / "lib"
    for args in (["import", "card", str(source)], ["import", "free-exercise-db", str(source)]):
        if says == "not JSON" and args[1] == "card":
            continue  # brackets are text a card could hold
        one_line_error(cli(*args, "--into", str(into)), str(source), says)
        assert not into.exists()


def test_free_exercise_db_skips_a_record_with_control_characters(cli, tmp_path):
    from conftest import FIXTURES

    records = json.loads((FIXTURES / "free-exercise-db" / "exercises.json").read_text(encoding="utf-8"))
    records[0]["name"] = "Evil\x1b]0;owned\x07 Curl"
    source = tmp_path / "exercises.json"
    source.write_text(json.dumps(records), encoding="utf-8")
    r = cli("import", "free-exercise-db", str(source), "--into", str(tmp_path / "lib"))
    assert r.code == 0 and not r.has_traceback, r.err
    assert "name: control character U+001B (ESC)" in r.err
    assert "\x1b" not in r.err
    assert cli("validate", str(tmp_path / "lib")).code in (0, 1)


def test_a_pipe_where_an_import_would_write_or_read_its_manifest_is_not_read(cli, tmp_path):
    """A pipe named like the manifest, or like the card an import writes: neither is read
    (which would wait for ever); the card is kept out with a reason, nothing hangs."""
    into = tmp_path / "lib"
    into.mkdir()
    os.mkfifo(into / ".planner-import.json")
    os.mkfifo(into / "wall-lean.toml")
    text = tmp_path / "card.txt"
    text.write_text("Wall Lean\nLean on a wall to train the chest.\nInstructions\n- Lean in.\n", encoding="utf-8")
    r = cli("import", "card", str(text), "--into", str(into))
    one_line_error(r, "wall-lean.toml", "is a pipe")


@pytest.mark.parametrize(
    ("name", "edit", "says"),
    [
        ("nan", lambda d: d["weeks"][0]["sessions"][0].__setitem__("minutes", float("nan")), ("minutes", "finite")),
        (
            "lone-surrogate",
            lambda d: d["weeks"][0]["sessions"][0].__setitem__("title", "A\ud800"),
            ("title", "surrogate"),
        ),
        ("escape", lambda d: d.__setitem__("split", "x\x1b[2J"), ("split", "ESC")),
        ("deep", lambda d: None, ("nested",)),  # nested 2000 deep in the text, below
        ("list", lambda d: d.clear(), ("not a plan file",)),
    ],
)
def test_a_json_plan_is_checked_as_a_toml_one(cli, tmp_path, name, edit, says):
    """A plan may be JSON (`planner plan --json`): NaN, a lone surrogate, an escape, nesting
    a JSON file can hold are refused the same way, by every command."""
    import tomllib

    data = tomllib.loads(plan_text())
    edit(data)
    plan = tmp_path / "plan.json"
    text = json.dumps(data, default=str) if data else "[]"
    if name == "deep":
        text = text[:-1] + ', "x": ' + nested(2000) + "}"
    plan.write_text(text, encoding="utf-8", errors="surrogatepass")
    before = snapshot(tmp_path)
    for args in PLAN_COMMANDS.values():
        r = cli(*argv(args, plan, tmp_path))
        one_line_error(r, str(plan), *says)
        assert snapshot(tmp_path) == before


def test_a_json_plan_stays_json_and_keeps_a_backup(cli, tmp_path):
    import tomllib

    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(tomllib.loads(plan_text()), default=str), encoding="utf-8")
    before = plan.read_text(encoding="utf-8")
    assert cli("progress", str(plan), "--weeks", "1").code == 0
    assert len(json.loads(plan.read_text(encoding="utf-8"))["weeks"]) == 5
    assert (tmp_path / "plan.json~").read_text(encoding="utf-8") == before


@pytest.mark.parametrize("what", ["export", "names"])
def test_a_log_import_that_is_a_pipe_is_refused_unread(cli, tmp_path, what):
    """`planner log import` reads exports of other apps: a pipe given as the export or as
    its names file is named, not read for ever."""
    from conftest import FIXTURES

    export = tmp_path / "strong.csv"
    names = tmp_path / "names.toml"
    if what == "export":
        os.mkfifo(export)
    else:
        export.write_bytes((FIXTURES / "log" / "strong.csv").read_bytes())
        os.mkfifo(names)
    r = cli("log", "import", str(export), "--names", str(names), "--db", str(tmp_path / "log.sqlite3"))
    one_line_error(r, "is a pipe")
