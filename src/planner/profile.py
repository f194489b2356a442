"""Plan settings from three places, later winning: the defaults, a profile file
(`--profile me.toml`, the same keys as the options) and the options typed.

A profile is written by hand, so each value is checked for its shape before it is used,
and a wrong one is named by file and key: `on = 5`, `focus = [1]` or `equipment = 3`
each give one line saying what would be right. A list setting may also be given as text,
one word or several separated by commas (`equipment = "gym"`, `on = "mon,wed,fri"`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from planner.errors import PlannerError, UnknownName
from planner.records import InputError, PlanInputs
from planner.text import first_control
from planner.userfiles import read_toml

PLAN_KEYS = (
    "days",
    "on",
    "minutes",
    "equipment",
    "goal",
    "level",
    "focus",
    "exclude",
    "weeks",
    "progression",
    "deload_every",
    "seed",
    "start",
    "units",
    "lifts",
    "kit",
)
LIST_KEYS = frozenset(("on", "equipment", "focus", "exclude"))
NUMBER_KEYS = frozenset(("days", "minutes", "weeks", "deload_every", "seed"))
TABLE_KEYS = frozenset(("lifts", "kit"))  # [lifts] and [kit] tables
MAX_PROFILE_BYTES = 64 * 1024  # a profile is a dozen lines
EXAMPLES = {
    "on": '["mon", "wed", "fri"] or "mon,wed,fri"',
    "equipment": '["dumbbell", "bench"] or "home"',
    "focus": '["glutes", "lats"] or "glutes"',
    "exclude": '["loads_spine", "burpee"] or "burpee"',
}


def read_profile(path: Path) -> dict[str, Any]:
    """The settings of a profile file, each of the right shape (lists as lists of words);
    PlannerError naming the file and key otherwise."""
    data = read_toml(path, MAX_PROFILE_BYTES, "profile")
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in PLAN_KEYS:
            raise PlannerError(f"{path}: {key}: not a plan setting; use {', '.join(PLAN_KEYS)}")
        out[key] = _shaped(path, key, value)
    return out


def _shaped(path: Path, key: str, value: Any) -> Any:
    bad = first_control(value, key)
    if bad is not None:
        raise PlannerError(f"{path}: {bad[0]}: {bad[1]}")
    if key in LIST_KEYS:
        if isinstance(value, str):
            return [word.strip() for word in value.split(",") if word.strip()]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
        raise PlannerError(f"{path}: --{key}: must be a list of words such as {EXAMPLES[key]}, not {_shown(value)}")
    if key in NUMBER_KEYS:
        if isinstance(value, bool) or not isinstance(value, int):
            raise PlannerError(f"{path}: --{option(key)}: must be a whole number, not {_shown(value)}")
        return value
    if key in TABLE_KEYS:  # their contents are checked with the other settings (records.plan_inputs)
        return value
    if key == "start" and isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()  # an unquoted TOML date
    if not isinstance(value, str):
        raise PlannerError(f"{path}: --{option(key)}: must be text in quotes, not {_shown(value)}")
    return value


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def plan_inputs(given: Mapping[str, Any], profile: Path | None) -> PlanInputs:
    """Defaults, then the profile file, then the options typed (`given`, None where not
    typed): checked, with equipment and focus words resolved. A wrong value is named as
    the option, or as the profile's key when it came from there."""
    from planner.vocab import builtin_vocab

    values: dict[str, Any] = {}
    if profile is not None:
        values.update(read_profile(profile))
    typed = {k: v for k, v in given.items() if v is not None and v != []}
    values.update(typed)

    def where(key: str) -> str:
        return f"--{option(key)}" if key in typed or profile is None else f"{profile}: --{option(key)}"

    if "on" in values:
        days = values["on"]
        values["on"] = [d for d in (days.split(",") if isinstance(days, str) else days) if d.strip()]
        if given.get("days") is not None and given["days"] != len(values["on"]):
            raise PlannerError(f"--days {given['days']} and --on {','.join(values['on'])} disagree; give one of them")
    vocab = builtin_vocab()
    try:
        values["equipment"] = [
            vocab.equipment_terms.entry(w, where("equipment")) for w in values.get("equipment", ["bodyweight"])
        ]
        values["focus"] = [vocab.muscle_terms.entry(w, where("focus")) for w in values.get("focus", [])]
    except UnknownName as e:
        raise PlannerError(e.message) from None
    return checked_inputs(values, given, profile)


def checked_inputs(values: Mapping[str, Any], given: Mapping[str, Any], profile: Path | None) -> PlanInputs:
    """Plan settings checked; a wrong one named as the option (or the profile's key) it came from."""
    from planner.records import plan_inputs as checked

    try:
        return checked(values)
    except InputError as e:
        where = f"{profile}: " if profile is not None and given.get(e.key) is None else ""
        raise PlannerError(f"{where}--{option(e.key)}: {e}") from None


def option(key: str) -> str:
    """A setting's option name (deload_every -> deload-every); a profile names its keys so too."""
    return key.replace("_", "-")
