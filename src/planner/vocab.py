"""The closed vocabularies (muscles, equipment, patterns, ...) and alias lookup.

The words themselves live in `library/vocab.toml`; this module only reads them and
answers "which id does this word mean?". Matching ignores case and separators, so
"Lower Back", "lower-back" and "lower_back" are the same word.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from planner.errors import UnknownName, close_matches
from planner.resources import builtin_library_dir
from planner.structs import field, struct

LEVELS = ("beginner", "intermediate", "advanced")
BLOCK_ORDER = ("warmup", "activation", "main", "accessory", "finisher")

_SEPARATORS = re.compile(r"[\s_\-]+")


def normalise(word: str) -> str:
    """The form words are compared in: lower case, separators folded to one space."""
    return _SEPARATORS.sub(" ", word.strip().lower().replace("'", ""))


@struct(frozen=True)
class Vocabulary:
    """One closed list of entries, with aliases. An entry is an id or, for `--muscle` and
    `--equipment`, a group or profile that stands for several ids."""

    kind: str
    see: str
    ids: tuple[str, ...]
    words: dict[str, str] = field(repr=False)  # normalised word -> entry
    expand: dict[str, tuple[str, ...]] = field(repr=False)  # group/profile entry -> ids

    def entry(self, word: str, option: str | None = None) -> str:
        key = normalise(word)
        found = self.words.get(key) or self.words.get(key.replace(" ", ""))
        if found is None:
            raise UnknownName(self.kind, word, self.suggest(word), self.see, option)
        return found

    def resolve_many(self, word: str, option: str | None = None) -> tuple[str, ...]:
        found = self.entry(word, option)
        return self.expand.get(found, (found,))

    def resolve(self, word: str, option: str | None = None) -> str:
        found = self.entry(word, option)
        if found in self.expand:  # a group where one id is needed: offer its members
            raise UnknownName(self.kind, word, list(self.expand[found])[:3], self.see, option)
        return found

    def suggest(self, word: str, n: int = 3) -> list[str]:
        close = close_matches(normalise(word), list(self.words), n=n * 4)
        return list(dict.fromkeys(self.words[m] for m in close))[:n]

    def __contains__(self, word: object) -> bool:
        try:
            return isinstance(word, str) and bool(self.entry(word))
        except UnknownName:
            return False


def _vocabulary(
    kind: str, see: str, entries: dict[str, Any], expand: dict[str, tuple[str, ...]] | None = None
) -> Vocabulary:
    words: dict[str, str] = {}
    for entry_id in entries:  # ids first, so that no alias can shadow an id
        words[normalise(entry_id)] = entry_id
        words.setdefault(normalise(entry_id).replace(" ", ""), entry_id)  # "warm-up" finds warmup
    for entry_id, entry in entries.items():
        if isinstance(entry, dict):
            for alias in entry.get("aliases", []):
                words.setdefault(normalise(alias), entry_id)
    return Vocabulary(kind, see, tuple(entries), words, dict(expand or {}))


@struct(frozen=True)
class Vocab:
    """Every vocabulary planner knows, read from one vocab.toml."""

    raw: dict[str, Any] = field(repr=False)
    muscles: Vocabulary
    muscle_terms: Vocabulary  # muscles and groups: what `--muscle` accepts
    equipment: Vocabulary
    equipment_terms: Vocabulary  # equipment and profiles: what `--equipment` accepts
    patterns: Vocabulary
    blocks: Vocabulary
    levels: Vocabulary
    laterality: Vocabulary
    measure: Vocabulary
    mechanic: Vocabulary
    positions: Vocabulary
    joints: Vocabulary  # what an exercise stresses (a card's `stresses`), for --exclude
    finisher_formats: Vocabulary

    @property
    def groups(self) -> dict[str, tuple[str, ...]]:
        return {g: tuple(v["muscles"]) for g, v in self.raw["groups"].items()}

    @property
    def profiles(self) -> dict[str, tuple[str, ...]]:
        return _profiles(self.raw)

    def muscle_info(self, muscle: str) -> dict[str, Any]:
        return dict(self.raw["muscles"][muscle])

    def is_major(self, muscle: str) -> bool:
        return bool(self.raw["muscles"][muscle].get("major", False))

    def size_rank(self, muscle: str) -> int:
        """0 for large muscles, 1 medium, 2 small: the order they are trained in (rule 1)."""
        return ("large", "medium", "small").index(self.raw["muscles"][muscle].get("size", "medium"))

    def region(self, muscle: str) -> str:
        return str(self.raw["muscles"][muscle]["region"])

    def is_loaded(self, equipment: str) -> bool:
        return bool(self.raw["equipment"][equipment].get("loaded", False))

    def expand_muscles(self, words: list[str], option: str = "--muscle") -> set[str]:
        out: set[str] = set()
        for word in words:
            out.update(self.muscle_terms.resolve_many(word, option))
        return out

    def expand_equipment(self, words: list[str], option: str = "--equipment") -> set[str]:
        out: set[str] = set()
        for word in words:
            out.update(self.equipment_terms.resolve_many(word, option))
        return out


def _profiles(raw: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """Each profile's equipment. "all" means every piece except the specialty ones (the
    `other` of imported cards), which a plan only uses when they are named."""
    everyday = tuple(e for e, v in raw["equipment"].items() if not v.get("specialty", False))
    return {p: everyday if v["equipment"] == "all" else tuple(v["equipment"]) for p, v in raw["profiles"].items()}


def parse_vocab(raw: dict[str, Any]) -> Vocab:
    groups = {g: tuple(v["muscles"]) for g, v in raw["groups"].items()}
    profiles = _profiles(raw)
    muscles_see = "`planner muscles` lists them"
    equipment_see = "`planner equipment` lists them"

    def listing(section: str) -> str:
        return "one of: " + ", ".join(raw[section])

    muscle_terms = _vocabulary("muscle", muscles_see, {**raw["muscles"], **raw["groups"]}, groups)
    equipment_terms = _vocabulary("equipment", equipment_see, {**raw["equipment"], **raw["profiles"]}, profiles)
    return Vocab(
        raw=raw,
        muscles=_vocabulary("muscle", muscles_see, raw["muscles"]),
        muscle_terms=muscle_terms,
        equipment=_vocabulary("equipment", equipment_see, raw["equipment"]),
        equipment_terms=equipment_terms,
        patterns=_vocabulary("pattern", listing("patterns"), raw["patterns"]),
        blocks=_vocabulary("block", listing("blocks"), raw["blocks"]),
        levels=_vocabulary("level", listing("levels"), raw["levels"]),
        laterality=_vocabulary("laterality", listing("laterality"), raw["laterality"]),
        measure=_vocabulary("measure", listing("measure"), raw["measure"]),
        mechanic=_vocabulary("mechanic", listing("mechanic"), raw["mechanic"]),
        positions=_vocabulary("position", listing("positions"), raw["positions"]),
        joints=_vocabulary("joint", listing("joints"), raw["joints"]),
        finisher_formats=_vocabulary("finisher format", listing("finisher_formats"), raw["finisher_formats"]),
    )


@cache
def builtin_vocab() -> Vocab:
    from planner.toml_memo import read_toml_kept
    from planner.userfiles import MAX_TEMPLATE_BYTES

    return parse_vocab(read_toml_kept(builtin_library_dir() / "vocab.toml", MAX_TEMPLATE_BYTES, "vocabulary"))


def level_allows(user_level: str, exercise_level: str) -> bool:
    """A person at `user_level` may be given exercises at or below it."""
    return LEVELS.index(exercise_level) <= LEVELS.index(user_level)
