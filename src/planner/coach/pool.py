"""The exercises one person can be given, and what the engine needs to know of each.

Available: every piece of equipment the card needs is at hand, its level is at or below the
person's, and nothing in `--exclude` rules it out (rule 32). An exclusion word is an exercise
id, a tag (loads_spine, plyometric, peak_contraction), a joint (lower back, shoulder, knee,
wrist, elbow, hip, and their aliases), an equipment word or a movement pattern.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Mapping
from typing import Any

from planner import digest
from planner.coach.rules import Rules
from planner.errors import PlannerError, UnknownName
from planner.library import Library
from planner.records import Card, PlanInputs, to_data
from planner.structs import field, struct
from planner.vocab import Vocab, level_allows

INTERCHANGEABLE_KEPT = 3


@struct
class Exclusion:
    """What `--exclude` rules out, resolved."""

    ids: set[str] = field(default_factory=set)
    tags: set[str] = field(default_factory=set)
    joints: set[str] = field(default_factory=set)
    equipment: set[str] = field(default_factory=set)
    patterns: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        """Whether it rules anything out at all (most plans exclude nothing)."""
        return bool(self.ids or self.tags or self.joints or self.equipment or self.patterns)

    def rules_out(self, exercise_id: str, card: Mapping[str, Any]) -> bool:
        """Does this card's data (as the library's index holds it) fall under the exclusion?
        Only the fields it needs are read: a card from the index looks each one up."""
        if not self:
            return False
        if exercise_id in self.ids or card["pattern"] in self.patterns:
            return True
        if self.equipment & set(card["equipment"]) or any(card.get(tag) for tag in self.tags):
            return True
        return bool(self.joints & set(card.get("stresses", ())))


def resolve_exclusions(words: Iterable[str], library: Library, vocab: Vocab, rules: Rules) -> Exclusion:
    out = Exclusion()
    tags = rules.exclusions.get("tags", [])
    for word in words:
        key = word.strip().lower().replace(" ", "_").replace("-", "_")
        if word in library.cards:
            out.ids.add(word)
        elif key in tags:
            out.tags.add(key)
            if key == "loads_spine":  # a loaded spine and a worked lower back are one worry
                out.joints.add("lower_back")
        elif word in vocab.joints:
            out.joints.add(vocab.joints.resolve(word))
        elif word in vocab.equipment:
            out.equipment.add(vocab.equipment.resolve(word))
        elif word in vocab.patterns:
            out.patterns.add(vocab.patterns.resolve(word))
        else:
            close = [*vocab.joints.suggest(word), *vocab.equipment.suggest(word, 2)]
            try:
                library.get(word)
            except PlannerError as e:
                if close:
                    raise UnknownName(
                        "exclusion",
                        word,
                        close,
                        "an exercise id, a tag, a joint, an equipment word or a pattern",
                        "--exclude",
                    ) from None
                raise PlannerError(f"--exclude: {e.message}") from None
    return out


@struct
class Pool:
    """The available cards, in name order, with what the engine asks of each, worked out once."""

    cards: list[Card]
    by_id: dict[str, Card]
    regions: dict[str, frozenset[str]]  # upper / lower / trunk, by the card's primary muscles
    credits: dict[str, dict[str, float]]  # muscle -> hard-set credit of one set (rule 8)
    family: dict[str, str]  # a ladder of variations in one pattern shares a family id (rule 31)
    exclusion: Exclusion
    excluded_patterns: dict[str, int]  # patterns that lost exercises to --exclude -> how many

    def with_block(self, block: str) -> list[Card]:
        return [c for c in self.cards if block in c.blocks]

    def loaded(self, card: Card) -> bool:
        return card.loaded


def make_pool(inputs: PlanInputs, library: Library, vocab: Vocab, rules: Rules) -> Pool:
    equipment = vocab.expand_equipment(inputs.equipment)
    exclusion = resolve_exclusions(inputs.exclude, library, vocab, rules)
    ids: list[str] = []
    lost: dict[str, int] = {}
    for exercise_id in library.sorted_ids():
        card = library.cards[exercise_id]
        if not equipment.issuperset(card["equipment"]) or not level_allows(inputs.level, card["level"]):
            continue
        if exclusion.rules_out(exercise_id, card):
            lost[card["pattern"]] = lost.get(card["pattern"], 0) + 1
            continue
        ids.append(exercise_id)
    ids = shortlist(ids, library, inputs)
    cards = [library.card(i) for i in ids]
    if not any({"main", "accessory"} & set(c.blocks) for c in cards):
        raise PlannerError(
            "no exercise in the library fits this equipment, level and --exclude: no session can be made; "
            + _way_out(inputs, library, vocab, rules)
        )
    credit = rules.volume.secondary_credit
    credits = {}
    regions = {}
    for c in cards:
        worked = set(c.hard_set_muscles)
        own = {m: credit for m in c.secondary_muscles if m in worked}
        own.update({m: 1.0 for m in c.primary_muscles if m in worked})
        credits[c.id] = own
        regions[c.id] = frozenset(vocab.region(m) for m in c.primary_muscles)
    return Pool(cards, {c.id: c for c in cards}, regions, credits, families(library), exclusion, lost)


def _way_out(inputs: PlanInputs, library: Library, vocab: Vocab, rules: Rules) -> str:
    """A way out the engine has checked: the same request with fewer exclusions or more equipment."""
    from planner.records import replace

    tries = []
    if inputs.exclude:
        tries.append(("drop --exclude", replace(inputs, exclude=[])))
    for profile in ("home", "gym"):
        if profile not in inputs.equipment:
            tries.append((f"--equipment {profile}", replace(inputs, equipment=[profile])))
    for words, other in tries:
        try:
            equipment = vocab.expand_equipment(other.equipment)
            exclusion = resolve_exclusions(other.exclude, library, vocab, rules)
        except PlannerError:
            continue
        for exercise_id in library.sorted_ids():
            card = library.cards[exercise_id]
            if (
                equipment.issuperset(card["equipment"])
                and level_allows(other.level, card["level"])
                and not exclusion.rules_out(exercise_id, card)
                and {"main", "accessory"} & set(card["blocks"])
            ):
                return f"with {words} there are exercises to plan with"
    return "add exercise cards for this equipment (`planner new`, `planner import`)"


def families(library: Library) -> dict[str, str]:
    """Cards joined by easier/harder links within one movement pattern: one ladder, one family.
    The whole library counts, so that two rungs stay one family when the rung between them
    needs equipment this person lacks."""
    cards = library.cards
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for exercise_id, card in cards.items():
        easier, harder = card["easier"], card["harder"]
        if not easier and not harder:  # most cards of a big library: no ladder to join
            continue
        for other in (*easier, *harder):
            if other in cards and cards[other]["pattern"] == card["pattern"]:
                a, b = root(exercise_id), root(other)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    return _Families({x: root(x) for x in parent})


class _Families(dict[str, str]):
    """A card without links is a family of its own."""

    def __missing__(self, key: str) -> str:
        return key


def shortlist(ids: list[str], library: Library, inputs: PlanInputs) -> list[str]:
    """At most three of any set of interchangeable cards (alike in every field planning reads,
    names aside), chosen by the seed: choosing among twenty copies of one exercise gives the
    same plan as choosing among three, only slower. Order is kept."""
    groups: dict[str, list[str]] = {}
    for exercise_id in ids:
        groups.setdefault(library.signatures[exercise_id], []).append(exercise_id)
    if all(len(members) <= INTERCHANGEABLE_KEPT for members in groups.values()):
        return ids
    shaping = {k: v for k, v in to_data(inputs).items() if k not in ("weeks", "progression", "deload_every", "start")}
    rng = random.Random(digest.sha256(json.dumps([shaping, "shortlist"], sort_keys=True).encode()).hexdigest())
    kept: set[str] = set()
    for members in groups.values():
        kept.update(members if len(members) <= INTERCHANGEABLE_KEPT else rng.sample(members, INTERCHANGEABLE_KEPT))
    return [i for i in ids if i in kept]
