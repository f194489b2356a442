"""The bad-input corpus, settings and writes: profiles, options and clock variables out of
shape or range, and output files that are folders, links or hard links. Each case asserts
the exit code, a one-line message naming the file, key or option, no traceback, and the
files unchanged. Plan files are in test_bad_plans.py, cards and imports in
test_bad_library.py, what only a real process shows in test_bad_output.py, random plan
files and profiles in test_fuzz.py."""

from __future__ import annotations

import json
import os

import pytest

from corpus import nested, one_line_error, plan_text, snapshot, swap_args

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
