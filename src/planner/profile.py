"""Plan settings from defaults, a profile file and the options typed, checked, with a
wrong one named as the option (or the profile's key) it came from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planner.errors import PlannerError
from planner.records import PlanInputs

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


def plan_inputs(given: dict[str, Any], profile: Path | None) -> PlanInputs:
    """Defaults, then the profile file, then the options typed: later wins."""
    from planner.vocab import builtin_vocab

    values: dict[str, Any] = {}
    if profile is not None:
        from planner.library import read_toml

        data, problem = read_toml(profile)
        if data is None:
            raise PlannerError(str(problem) if problem else f"{profile}: cannot read")
        unknown = sorted(set(data) - set(PLAN_KEYS))
        if unknown:
            raise PlannerError(f"{profile}: {unknown[0]}: not a plan setting; use {', '.join(PLAN_KEYS)}")
        values.update(data)
    values.update({k: v for k, v in given.items() if v is not None and v != []})
    if "on" in values:
        days = values["on"]
        values["on"] = [d for d in (days.split(",") if isinstance(days, str) else days) if d.strip()]
        if given.get("days") is not None and given["days"] != len(values["on"]):
            raise PlannerError(f"--days {given['days']} and --on {','.join(values['on'])} disagree; give one of them")
    vocab = builtin_vocab()
    values["equipment"] = [
        vocab.equipment_terms.entry(w, "--equipment") for w in values.get("equipment", ["bodyweight"])
    ]
    values["focus"] = [vocab.muscle_terms.entry(w, "--focus") for w in values.get("focus", [])]
    return checked_inputs(values, given, profile)


def checked_inputs(values: dict[str, Any], given: dict[str, Any], profile: Path | None) -> PlanInputs:
    """Plan settings checked; a wrong one named as the option (or the profile's key) it came from."""
    from planner.records import InputError
    from planner.records import plan_inputs as checked

    try:
        return checked(values)
    except InputError as e:
        where = f"{profile}: " if profile is not None and given.get(e.key) is None else ""
        raise PlannerError(f"{where}--{e.key.replace('_', '-')}: {e}") from None
