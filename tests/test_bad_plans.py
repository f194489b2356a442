"""The bad-input corpus, plan files: every way found so far (issue 17's adversarial run, and
more) that a hand-edited plan file, TOML or JSON, can be wrong, each run through every
command that reads it; and what `progress` and `swap` must keep of what a person wrote.
Every case asserts the exit code, a one-line message naming the file and field, no
traceback, and every file in its folder unchanged (corpus.py holds the shared helpers)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from corpus import edited, first_item, nested, one_line_error, plan_text, snapshot, swap_args, swap_target

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
