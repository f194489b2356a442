"""The plan file's JSON Schema, as strict as the reader (`planner schema plan`).

pydantic's schema of models.Plan gives the structure and the numeric ranges; the field
validators that narrow a string (goal, level, weekdays, start date, tempo, the schema
version) are invisible to it, so an editor would accept `goal = "foo"` or `tempo = "zz"`
that `planner export` then refuses. Here each gets the constraint that says the same in
JSON Schema. Where the reader is more lenient than a schema can say simply (an alias's
capitals, a date in another ISO 8601 spelling), the schema is the stricter one: whatever
it accepts, the reader reads."""

from __future__ import annotations

from functools import cache
from typing import Any

from planner.records import GOALS, WEEKDAYS, Tempo

MAX_REP_SECONDS = 10  # records.Tempo: one rep lasts at most 10 s


def _tempo_rest(position: int, budget: int, sep: str) -> str:
    """Regex for tempo digits from `position` (0-3) on whose seconds add up to at most
    `budget`; X (as fast as possible, counted as 1 s) only in the third place."""
    if position == 3:
        return f"[0-{min(9, budget)}]"
    options = []
    for digit in range(min(9, budget) + 1):
        options.append(f"{digit}{sep}{_tempo_rest(position + 1, budget - digit, sep)}")
    if position == 2 and budget >= 1:
        options.append(f"[Xx]{sep}{_tempo_rest(3, budget - 1, sep)}")
    return "(?:" + "|".join(options) + ")"


@cache
def tempo_pattern() -> str:
    """The tempos the reader takes, spelled 3-1-X-0, 3 1 X 0 or 31X0, with one rep lasting
    at most 10 s. (The reader also takes other separators; those are left out here.)"""
    separated = _tempo_rest(0, MAX_REP_SECONDS, "[- ]")
    compact = _tempo_rest(0, MAX_REP_SECONDS, "")
    return f"^(?:[ \\t]*{separated}[ \\t]*|{compact})$"


def _nullable(schema: dict[str, Any], rule: dict[str, Any]) -> None:
    """Put `rule` on the string branch of an `anyOf: [string, null]` (or on the schema itself)."""
    for branch in schema.get("anyOf", [schema]):
        if branch.get("type") == "string":
            branch.update(rule)


def strict_plan_schema(schema: dict[str, Any]) -> dict[str, Any]:
    from planner.vocab import builtin_vocab

    defs = schema["$defs"]
    props = schema["properties"]
    props["schema_version"] = {**props["schema_version"], "const": 1}
    inputs = defs["PlanInputs"]["properties"]
    inputs["goal"]["enum"] = list(GOALS)
    inputs["level"]["enum"] = sorted(builtin_vocab().levels.words)  # ids and aliases, as the reader spells them
    # the reader also takes "Monday" or "MON"; the schema asks for the ids, each once
    inputs["on"]["items"] = {"type": "string", "enum": list(WEEKDAYS)}
    inputs["on"]["uniqueItems"] = True
    inputs["on"]["maxItems"] = 6
    _nullable(inputs["start"], {"format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"})
    _nullable(defs["Item"]["properties"]["tempo"], {"pattern": tempo_pattern()})
    return schema


def tempo_is_valid(text: str) -> bool:
    """What the reader says about a tempo (for tests that compare it with the pattern)."""
    try:
        Tempo.parse(text)
    except ValueError:
        return False
    return True
