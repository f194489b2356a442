"""Helpers the bad-input corpus shares (test_bad_plans.py, test_bad_input.py,
test_bad_library.py): the plan every case starts from, what a case may not change, and
what a refusal must look like."""

from __future__ import annotations

import json
import os
import stat
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

from support import shipped


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
