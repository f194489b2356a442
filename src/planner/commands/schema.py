"""`planner schema`: the JSON Schema of a plan file or an exercise card."""

from __future__ import annotations

from typing import Any

from planner.errors import PlannerError
from planner.structs import struct


@struct
class Schema:
    schema: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return self.schema


KINDS = ("plan", "exercise")


def run(kind: str) -> Schema:
    from planner.models import exercise_json_schema, plan_json_schema

    schemas = {"plan": plan_json_schema, "exercise": exercise_json_schema}
    key = kind.strip().lower()
    if key not in schemas:
        raise PlannerError(f"schema: unknown kind {kind!r}; use plan or exercise")
    return Schema(schemas[key]())
