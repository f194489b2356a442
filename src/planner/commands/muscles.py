"""`planner muscles`: the muscle vocabulary, with how many exercises train each muscle."""

from __future__ import annotations

from typing import Any

from planner.commands.env import Env, open_library
from planner.structs import struct


@struct
class Muscles:
    muscles: list[dict[str, Any]]
    groups: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        return {"muscles": self.muscles, "groups": self.groups}


def run(env: Env) -> Muscles:
    from planner.vocab import builtin_vocab

    vocab = builtin_vocab()
    _, lib = open_library(env)
    cards = list(lib.cards.values())
    rows = []
    for muscle in vocab.muscles.ids:
        info = vocab.muscle_info(muscle)
        rows.append(
            {
                "id": muscle,
                "name": info["name"],
                "region": info["region"],
                "major": bool(info.get("major", False)),
                "groups": [g for g, members in vocab.groups.items() if muscle in members],
                "aliases": list(info.get("aliases", [])),
                "primary_count": sum(muscle in c["primary_muscles"] for c in cards),
                "count": sum(muscle in c["primary_muscles"] or muscle in c["secondary_muscles"] for c in cards),
            }
        )
    groups = [
        {"id": g, "muscles": list(m), "aliases": list(vocab.raw["groups"][g].get("aliases", []))}
        for g, m in vocab.groups.items()
    ]
    return Muscles(rows, groups)
