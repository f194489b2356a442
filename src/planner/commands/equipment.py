"""`planner equipment`: equipment names and profiles, with how many exercises use each."""

from __future__ import annotations

from typing import Any

from planner.commands.env import Env, open_library
from planner.structs import struct


@struct
class Equipment:
    equipment: list[dict[str, Any]]
    profiles: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        return {"equipment": self.equipment, "profiles": self.profiles}


def run(env: Env) -> Equipment:
    from planner.vocab import builtin_vocab

    vocab = builtin_vocab()
    _, lib = open_library(env)
    cards = list(lib.cards.values())
    profiles = vocab.profiles
    rows = [
        {
            "id": item,
            "name": vocab.raw["equipment"][item]["name"],
            "aliases": list(vocab.raw["equipment"][item].get("aliases", [])),
            "profiles": [p for p, items in profiles.items() if item in items],
            "count": sum(item in c["equipment"] for c in cards),
        }
        for item in vocab.equipment.ids
    ]
    profile_rows = [
        {
            "id": p,
            "description": vocab.raw["profiles"][p]["description"],
            "equipment": list(items),
            "aliases": list(vocab.raw["profiles"][p].get("aliases", [])),
            "available_exercises": sum(set(c["equipment"]) <= set(items) for c in cards),
        }
        for p, items in profiles.items()
    ]
    return Equipment(rows, profile_rows)
