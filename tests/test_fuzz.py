"""Random plan files and profiles (hypothesis): whatever a file holds, every command that
reads it either works or says in one line what is wrong with which file, and exits 1; it
never crashes, never writes a plan planner cannot read, and changes nothing it refuses."""

from __future__ import annotations

import datetime as dt
import json
import math
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import shipped

FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@cache
def small_plan_data() -> dict[str, Any]:
    """A short plan (2 days, 2 weeks, dated), as the data of its file."""
    from planner.plans import build_plan, plan_to_toml
    from planner.records import plan_inputs
    from planner.vocab import builtin_vocab

    sources, lib = shipped()
    plan = build_plan(plan_inputs({"days": 2, "weeks": 2, "start": "2027-01-04"}), lib, builtin_vocab(), sources)
    return tomllib.loads(plan_to_toml(plan))


# values a person (or a broken tool) might put anywhere in a TOML file
scalars = st.one_of(
    st.integers(-(2**70), 2**70),
    st.sampled_from([0, 1, -1, 52, 53, 2**63 - 1, 2**63, 10**12]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["mon", "Mon", "funday", "", "2027-01-04", "9999-12-31", "3-1-X-0", "main", "\x1b[2J", "\x7f"]),
    st.booleans(),
    st.dates(min_value=dt.date(1, 1, 1)),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=8,
)


def places(data: Any, where: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in `data` a value sits, as a path of keys and indexes."""
    out = [where] if where else []
    if isinstance(data, dict):
        for key, value in data.items():
            out += places(value, (*where, key))
    elif isinstance(data, list):
        for n, value in enumerate(data):
            out += places(value, (*where, n))
    return out


def mutated(data: dict[str, Any], edits: list[tuple[int, str, Any, str]]) -> dict[str, Any]:
    """`data` with each edit applied: (place index, what to do, a value, a new key)."""
    out = json.loads(json.dumps(data, default=str))  # a deep copy (dates as text)
    for index, action, value, key in edits:
        spots = places(out)
        if not spots:
            break
        *parent_path, last = spots[index % len(spots)]
        parent: Any = out
        for step in parent_path:
            parent = parent[step]
        if action == "set":
            parent[last] = value
        elif action == "delete":
            del parent[last]
        elif action == "add" and isinstance(parent[last], dict):
            parent[last][key] = value
        elif action == "swap" and isinstance(parent, list) and len(parent) > 1:
            parent[0], parent[-1] = parent[-1], parent[0]
    return out


def no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def check(result: Any, path: Path, *, writes: bool = False, before: bytes = b"") -> None:
    """The command worked, or refused in one line naming the file or an option."""
    from hypothesis import event

    event(f"exit {result.code}")
    assert result.code in (0, 1), (result.code, result.err)
    assert not result.has_traceback, result.err
    if result.code == 1:
        errors = [line for line in result.err.splitlines() if line.startswith("Error: ")]
        assert len(errors) == 1, result.err
        assert str(path) in errors[0] or "--" in errors[0] or "no exercise" in errors[0], errors[0]
        if writes:
            assert path.read_bytes() == before


@FUZZ
@given(
    edits=st.lists(
        st.tuples(
            st.integers(0, 10_000),
            st.sampled_from(["set", "set", "delete", "add", "swap"]),
            values,
            st.text(max_size=6),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_random_edits_of_a_plan_file(cli, tmp_path_factory, edits):
    from planner.plans import read_plan

    data = mutated(small_plan_data(), edits)
    try:
        text = tomli_w.dumps(data)
    except (TypeError, ValueError):  # not representable in TOML at all: nothing a person could write
        return
    path = tmp_path_factory.mktemp("fuzz") / "plan.toml"
    path.write_text(text, encoding="utf-8")
    for args in (["stats", str(path)], ["export", str(path), "--format", "md"]):
        check(cli(*args), path)
    r = cli("export", str(path), "--format", "json")
    check(r, path)
    if r.code == 0:
        json.loads(r.out, parse_constant=no_constants)
    before = path.read_bytes()
    r = cli("progress", str(path), "--weeks", "1")
    check(r, path, writes=True, before=before)
    if r.code == 0:
        again = read_plan(path)  # what progress wrote, planner reads
        assert (path.parent / "plan.toml~").read_bytes() == before
        assert all(math.isfinite(s.minutes) for w in again.weeks for s in w.sessions)


@FUZZ
@given(cuts=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 40), st.text(max_size=5)), min_size=1, max_size=3))
def test_random_damage_to_a_plan_file_s_text(cli, tmp_path_factory, cuts):
    """Text cut, spliced and garbled at random: a TOML error with its line, or a plan."""
    text = tomli_w.dumps(small_plan_data())
    for at, length, insert in cuts:
        at %= len(text)
        text = text[:at] + insert + text[at + length :]
    path = tmp_path_factory.mktemp("fuzz") / "plan.toml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    check(cli("stats", str(path)), path)
    before = path.read_bytes()
    check(cli("progress", str(path), "--weeks", "1"), path, writes=True, before=before)


WEEKDAY_WORDS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun", "Mon", "monday", "funday"]
SENSIBLE = {  # what people mean to write, and near misses
    "days": st.integers(1, 8),
    "on": st.one_of(st.lists(st.sampled_from(WEEKDAY_WORDS), max_size=7), st.just("mon,wed,fri")),
    "minutes": st.sampled_from([10, 30, 45, 60, 90, 200]),
    "equipment": st.one_of(
        st.sampled_from(["gym", "home", "bodyweight", "dumbbell, bench"]),
        st.lists(st.sampled_from(["dumbbell", "bench", "band", "barbel"]), max_size=3),
    ),
    "goal": st.sampled_from(["general", "strength", "hypertrophy", "endurance", "bulk"]),
    "level": st.sampled_from(["beginner", "intermediate", "advanced", "expert"]),
    "focus": st.one_of(st.just("glutes"), st.lists(st.sampled_from(["glutes", "lats", "legs", "wings"]), max_size=2)),
    "exclude": st.lists(st.sampled_from(["push-up", "loads_spine", "barbell", "hinge", "no-such-card"]), max_size=2),
    "weeks": st.integers(0, 60),
    "seed": st.integers(-1, 2**64),
    "start": st.one_of(st.dates(), st.sampled_from(["2027-01-04", "soon", "9999-12-20"])),
}
profile_entries = st.one_of(
    *[st.tuples(st.just(k), st.one_of(v, v, v, values)) for k, v in SENSIBLE.items()],
    st.tuples(st.text(max_size=8), values),
)


@FUZZ
@given(profile=st.lists(profile_entries, max_size=5).map(dict))
def test_random_profiles(cli, tmp_path_factory, profile):
    try:
        text = tomli_w.dumps(profile)
    except (TypeError, ValueError):
        return
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "me.toml"
    path.write_text(text, encoding="utf-8")
    r = cli("plan", "--profile", str(path), "--output", str(folder / "plan.toml"))
    check(r, path)
    if r.code == 0:
        from planner.plans import read_plan

        read_plan(folder / "plan.toml")  # what plan wrote, planner reads
