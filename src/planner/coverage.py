"""How well the library covers muscles, equipment profiles, blocks and variation ladders.

The requirements below are the coverage matrix of the exercise-library issue (issue 15),
kept here once as data: the tests enforce them on the built-in library and the README
shows them (scripts/readme.py), so nobody types a count by hand. Muscles and their tiers
follow docs/coaching.md rule 8: prime movers, the second tier, and the small muscles that
still need a couple of options each."""

from __future__ import annotations

from collections.abc import Iterable

from planner.records import Card
from planner.structs import struct
from planner.vocab import LEVELS, Vocab

PROFILES = ("bodyweight", "home", "gym")

# Accessories: at least this many cards with the muscle as a primary muscle, one of them
# for beginners, in every profile.
PRIME_MOVERS = ("chest", "lats", "upper_back", "quads", "glutes", "hamstrings", "side_delts")
SECOND_TIER = ("biceps", "triceps", "rear_delts", "calves", "abs")
ACCESSORIES = {"bodyweight": 2, "home": 3, "gym": 3}
SMALL_MUSCLES = ("serratus", "rotator_cuff", "hip_flexors", "tibialis", "forearms")
SMALL_ACCESSORIES = 2

# Main lifts: at least two main-block cards per main movement pattern, where the profile
# can load the pattern; a profile is asked for no more than it can load. With nothing but
# body weight a bilateral squat is too light to be a main lift, a hinge has nothing to hold
# and a vertical pull has no bar to hang from (0: not asked). A horizontal pull it can load
# in one way only: rowing the body up to the edge of a sturdy table. The doorframe row hangs
# from the fingertips on a flat edge, so the grip caps how far the body can lean, and the
# towel row does not move at all: both stay accessories (1: the table row).
MAIN_PATTERNS = ("squat", "hinge", "lunge", "horizontal_push", "vertical_push", "horizontal_pull", "vertical_pull")
MAIN_PER_PATTERN = 2
MAIN_LOADABLE: dict[str, dict[str, int]] = {
    "bodyweight": {"squat": 0, "hinge": 0, "vertical_pull": 0, "horizontal_pull": 1},
}

# The warm-up's parts (docs/coaching.md rule 30): raise drills lift the heart rate (easy
# cardio and locomotion), activation drills wake up one region, potentiation drills are
# the jumps and throws that sharpen a session's start (warm-up cards that are plyometric).
RAISE_PATTERNS = frozenset({"locomotion", "cyclical", "jump"})
RAISE_DRILLS = 8
ACTIVATION_REGIONS = ("upper", "lower", "trunk")
ACTIVATION_PER_REGION = 6
FINISHERS = 6
POTENTIATION = 6

# Library-wide figures.
CARDS = 250
LINKED_SHARE = 0.60  # cards with an easier or a harder variation
LONG_LADDERS = 30  # easier-to-harder chains of three rungs or more
NOT_BEGINNER_SHARE = 0.30  # intermediate or advanced cards
# Cards needing any of these pieces (the equipment people own besides dumbbells and bands).
EQUIPMENT_MINIMUMS: dict[tuple[str, ...], int] = {
    ("kettlebell",): 8,
    ("suspension_trainer", "rings"): 8,
    ("box",): 4,
    ("medicine_ball",): 4,
    ("landmine",): 3,
    ("stability_ball",): 3,
    ("sandbag",): 2,
}

# Patterns that may share one easier-to-harder ladder; every other ladder keeps to one
# pattern. Hip abduction and hip adduction never share one: they train opposite muscles.
LADDER_FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({"squat", "lunge"}),  # knee-dominant legs: bodyweight squat -> split squat
    frozenset({"vertical_pull", "scapular"}),  # the scapular pull-up is the pull-up's first rung
    frozenset({"anti_lateral_flexion", "hip_abduction"}),  # side plank -> side plank with a leg lift
    frozenset({"anti_lateral_flexion", "hip_adduction"}),  # side plank -> Copenhagen plank
)


@struct(frozen=True)
class Requirement:
    profile: str  # a profile, or "library" for a library-wide figure
    what: str
    needed: float
    found: float
    beginners_needed: int = 0
    beginners_found: int = 0
    percent: bool = False  # a share, shown as a percentage

    @property
    def met(self) -> bool:
        return self.found >= self.needed and self.beginners_found >= self.beginners_needed

    def cell(self) -> str:
        text = f"{self.found:.0%} / {self.needed:.0%}" if self.percent else f"{self.found:g} / {self.needed:g}"
        if self.beginners_needed:
            text += f" ({self.beginners_found} beginner)"
        return text


def available(exercises: Iterable[Card], vocab: Vocab, profile: str) -> list[Card]:
    equipment = set(vocab.profiles[profile])
    return [ex for ex in exercises if ex.available_with(equipment)]


def in_block(exercises: Iterable[Card], block: str) -> list[Card]:
    return [ex for ex in exercises if block in ex.blocks]


def with_primary(exercises: Iterable[Card], muscles: set[str]) -> list[Card]:
    return [ex for ex in exercises if set(ex.primary_muscles) & muscles]


def primary_count(exercises: list[Card], muscles: set[str]) -> int:
    return len(with_primary(exercises, muscles))


def regions(ex: Card, vocab: Vocab) -> set[str]:
    """upper / lower / trunk: the regions of the card's primary muscles."""
    return {vocab.region(m) for m in ex.primary_muscles}


def is_raise(ex: Card) -> bool:
    return "warmup" in ex.blocks and ex.pattern in RAISE_PATTERNS


def is_potentiation(ex: Card) -> bool:
    return "warmup" in ex.blocks and ex.plyometric


def profile_requirements(exercises: list[Card], vocab: Vocab, profile: str) -> list[Requirement]:
    pool = available(exercises, vocab, profile)
    accessories = in_block(pool, "accessory")
    out: list[Requirement] = []
    for muscle in (*PRIME_MOVERS, *SECOND_TIER):
        cards = with_primary(accessories, {muscle})
        beginners = sum(ex.level == "beginner" for ex in cards)
        out.append(Requirement(profile, f"accessory: {muscle}", ACCESSORIES[profile], len(cards), 1, beginners))
    for muscle in SMALL_MUSCLES:
        out.append(
            Requirement(profile, f"accessory: {muscle}", SMALL_ACCESSORIES, primary_count(accessories, {muscle}))
        )
    main = in_block(pool, "main")
    for pattern in MAIN_PATTERNS:
        needed = MAIN_LOADABLE.get(profile, {}).get(pattern, MAIN_PER_PATTERN)
        if needed:
            found = sum(ex.pattern == pattern for ex in main)
            out.append(Requirement(profile, f"main: {pattern}", needed, found))
    out.append(Requirement(profile, "warm-up: raise drills", RAISE_DRILLS, sum(map(is_raise, pool))))
    activation = in_block(pool, "activation")
    for region in ACTIVATION_REGIONS:
        found = sum(region in regions(ex, vocab) for ex in activation)
        out.append(Requirement(profile, f"activation: {region}", ACTIVATION_PER_REGION, found))
    out.append(Requirement(profile, "warm-up: potentiation drills", POTENTIATION, sum(map(is_potentiation, pool))))
    out.append(Requirement(profile, "finishers", FINISHERS, len(in_block(pool, "finisher"))))
    return out


def library_requirements(exercises: list[Card]) -> list[Requirement]:
    total = len(exercises) or 1
    out = [
        Requirement("library", "cards", CARDS, len(exercises)),
        Requirement(
            "library", "linked to an easier or harder variation", LINKED_SHARE, linked_share(exercises), percent=True
        ),
        Requirement("library", "ladders of three or more", LONG_LADDERS, len(ladders(exercises))),
        Requirement(
            "library",
            "intermediate or advanced",
            NOT_BEGINNER_SHARE,
            sum(ex.level != "beginner" for ex in exercises) / total,
            percent=True,
        ),
    ]
    for pieces, needed in EQUIPMENT_MINIMUMS.items():
        found = sum(bool(set(pieces) & set(ex.equipment)) for ex in exercises)
        out.append(Requirement("library", f"cards with {' or '.join(pieces)}", needed, found))
    return out


def requirements(exercises: list[Card], vocab: Vocab) -> list[Requirement]:
    """Every requirement, per profile and then library-wide, with what the library has."""
    out: list[Requirement] = []
    for profile in PROFILES:
        out += profile_requirements(exercises, vocab, profile)
    return out + library_requirements(exercises)


# ---------------------------------------------------------------------------- ladders


def linked_share(exercises: list[Card]) -> float:
    ids = {ex.id for ex in exercises}
    linked = sum(any(i in ids for i in (*ex.easier, *ex.harder)) for ex in exercises)
    return linked / (len(exercises) or 1)


def ladders(exercises: list[Card]) -> list[list[str]]:
    """Every easier -> harder chain of three or more, from each root to each end. Walked
    with a stack rather than by recursion, so a long ladder cannot exhaust Python's stack;
    a cycle (which validation reports) is not followed round."""
    by_id = {ex.id: ex for ex in exercises}
    roots = sorted(ex.id for ex in exercises if not any(e in by_id for e in ex.easier))
    chains: list[list[str]] = []
    for root in roots:
        stack = [[root]]
        while stack:
            path = stack.pop()
            nexts = [h for h in by_id[path[-1]].harder if h in by_id and h not in path]
            if not nexts and len(path) >= 3:
                chains.append(path)
            stack.extend([*path, h] for h in reversed(nexts))
    return chains


def same_family(patterns: Iterable[str]) -> bool:
    """Whether these movement patterns may share one ladder (LADDER_FAMILIES)."""
    found = set(patterns)
    return len(found) <= 1 or any(found <= family for family in LADDER_FAMILIES)


def ladder_problems(exercises: list[Card]) -> list[str]:
    """Links whose harder card is of a lower level, and links and ladders that mix
    movement families. (Links that point nowhere, are one-sided or form a cycle are
    library.link_problems' business.)"""
    by_id = {ex.id: ex for ex in exercises}
    problems: list[str] = []
    for ex in sorted(exercises, key=lambda e: e.id):
        for h in ex.harder:
            harder = by_id.get(h)
            if harder is None:
                continue
            if LEVELS.index(harder.level) < LEVELS.index(ex.level):
                problems.append(f"{ex.id} ({ex.level}) -> {h} ({harder.level}): the level falls along harder")
            if not same_family([ex.pattern, harder.pattern]):
                problems.append(f"{ex.id} ({ex.pattern}) -> {h} ({harder.pattern}): two movement families")
    for chain in ladders(exercises):
        patterns = [by_id[i].pattern for i in chain]
        if not same_family(patterns):
            problems.append(f"ladder {' -> '.join(chain)} mixes {', '.join(sorted(set(patterns)))}")
    return problems
