"""How well the library covers muscles, equipment profiles and blocks.

The exercise-library issue sets minimum counts (for example three gym accessories per
major muscle); this module counts what the library has, so a test can enforce the
minimums and the README can show the matrix without anyone typing numbers by hand."""

from __future__ import annotations

from dataclasses import dataclass

from planner.records import Card
from planner.vocab import Vocab

PROFILES = ("bodyweight", "home", "gym")
TARGET_MUSCLES = (
    "chest", "lats", "upper_back", "front_delts", "side_delts", "rear_delts", "biceps", "triceps", "quads",
    "hamstrings", "glutes", "glute_med", "adductors", "calves", "abs", "obliques", "lower_back",
)  # fmt: skip
BODYWEIGHT_GROUPS = ("chest", "back", "shoulders", "arms", "quads", "hamstrings", "glutes", "calves", "core")
ACCESSORY_MINIMUM = {"gym": 3, "home": 2}


@dataclass(frozen=True)
class Requirement:
    profile: str
    what: str
    needed: int
    found: int

    @property
    def met(self) -> bool:
        return self.found >= self.needed


def available(exercises: list[Card], vocab: Vocab, profile: str) -> list[Card]:
    equipment = set(vocab.profiles[profile])
    return [ex for ex in exercises if ex.available_with(equipment)]


def in_block(exercises: list[Card], block: str) -> list[Card]:
    return [ex for ex in exercises if block in ex.blocks]


def primary_count(exercises: list[Card], muscles: set[str]) -> int:
    return sum(bool(set(ex.primary_muscles) & muscles) for ex in exercises)


def activation_regions(ex: Card, vocab: Vocab) -> set[str]:
    """upper / lower: which half of the body an activation drill wakes up (trunk counts for neither)."""
    return {vocab.region(m) for m in ex.primary_muscles} & {"upper", "lower"}


def requirements(exercises: list[Card], vocab: Vocab) -> list[Requirement]:
    out: list[Requirement] = []
    groups = vocab.groups
    for profile in PROFILES:
        pool = available(exercises, vocab, profile)
        accessories = in_block(pool, "accessory")
        if profile in ACCESSORY_MINIMUM:
            for muscle in TARGET_MUSCLES:
                out.append(
                    Requirement(
                        profile,
                        f"accessory: {muscle}",
                        ACCESSORY_MINIMUM[profile],
                        primary_count(accessories, {muscle}),
                    )
                )
        else:
            for name in BODYWEIGHT_GROUPS:
                muscles = set(groups.get(name, (name,)))
                out.append(Requirement(profile, f"accessory: {name}", 2, primary_count(accessories, muscles)))
        activation = in_block(pool, "activation")
        out.append(Requirement(profile, "warm-up drills", 8, len(in_block(pool, "warmup"))))
        out.append(
            Requirement(
                profile, "activation: lower body", 4, sum("lower" in activation_regions(e, vocab) for e in activation)
            )
        )
        out.append(
            Requirement(
                profile, "activation: upper body", 4, sum("upper" in activation_regions(e, vocab) for e in activation)
            )
        )
        out.append(Requirement(profile, "finishers", 6, len(in_block(pool, "finisher"))))
        if profile != "bodyweight":
            out.append(Requirement(profile, "main lifts", 8 if profile == "gym" else 5, len(in_block(pool, "main"))))
    return out


def matrix(exercises: list[Card], vocab: Vocab) -> tuple[list[str], list[list[str]]]:
    """Muscle x profile x block: how many exercises have the muscle as a primary muscle."""
    blocks = list(vocab.blocks.ids)
    headers = ["muscle", *(f"{p[:4]} {b[:4]}" for p in PROFILES for b in blocks)]
    rows = []
    pools = {p: available(exercises, vocab, p) for p in PROFILES}
    for muscle in vocab.muscles.ids:
        row = [muscle]
        for p in PROFILES:
            for b in blocks:
                row.append(str(primary_count(in_block(pools[p], b), {muscle})))
        rows.append(row)
    return headers, rows


def ladders(exercises: list[Card]) -> list[list[str]]:
    """Every easier -> harder chain of three or more, from each root to each end."""
    by_id = {ex.id: ex for ex in exercises}
    roots = [ex.id for ex in exercises if not any(e in by_id for e in ex.easier)]
    chains: list[list[str]] = []

    def walk(path: list[str]) -> None:
        nexts = [h for h in by_id[path[-1]].harder if h in by_id and h not in path]
        if not nexts and len(path) >= 3:
            chains.append(path)
        for h in nexts:
            walk([*path, h])

    for root in sorted(roots):
        walk([root])
    return chains
