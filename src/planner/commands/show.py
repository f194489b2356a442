"""`planner show`: one card in full, prose included."""

from __future__ import annotations

from typing import Any

from planner.commands.env import Env, open_library
from planner.records import Card
from planner.structs import struct


@struct
class ExerciseCard:
    card: Card

    def to_json(self) -> dict[str, Any]:
        return self.card.to_data()


def run(env: Env, exercise: str) -> ExerciseCard:
    _, lib = open_library(env)
    return ExerciseCard(lib.get(exercise))
