"""Guess an exercise's tags from words: the documented matcher behind the importers.

The phrases live in `inference.toml` next to this module (its header explains the
matching rules) and the muscle and equipment words come from the vocabulary's ids and
aliases. Every guess carries the words that decided it, so an importer can show a person
why it chose a tag. Nothing here reads or writes files other than inference.toml.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

from planner.structs import field, struct
from planner.vocab import BLOCK_ORDER, Vocab, builtin_vocab

_SEP = r"[\s_\-]+"
_CLAUSE_BREAK = re.compile(r"[.!?;:,()\n]+|\b(?:while|whereas|but|although)\b", re.IGNORECASE)
_HOLD_FOR_SECONDS = re.compile(
    r"\bhold\b[^.]{0,40}?\bfor\s+(?:\d+|[a-z]+)(?:\s*(?:-|to)\s*\d+)?\s*(?:seconds|secs)\b", re.IGNORECASE
)
_REPS_RANGE = re.compile(r"\b(\d{1,3})\s*(?:-|–|to)\s*(\d{1,3})\s*(?:reps|repetitions)\b", re.IGNORECASE)


def _key(text: str) -> str:
    return re.sub(_SEP, " ", text.strip().lower().replace("’", "'"))


@struct(frozen=True)
class Hit:
    """One phrase found in a text: the value it stands for and where it was."""

    value: str
    start: int
    end: int
    text: str


class PhraseTable:
    """Phrases that stand for values, matched as whole words, ignoring case and separators;
    where phrases overlap, the longest wins."""

    def __init__(self, entries: Mapping[str, Iterable[str]], plural: bool = False) -> None:
        self.values: dict[str, str] = {}
        for value, phrases in entries.items():
            for phrase in phrases:
                self.values.setdefault(_key(phrase), value)
        self.plural = plural
        alternatives = sorted(self.values, key=len, reverse=True)
        parts = [_SEP.join(re.escape(w) for w in phrase.split(" ")) for phrase in alternatives]
        suffix = r"(?:e?s)?" if plural else ""
        body = "|".join(parts) if parts else r"(?!x)x"
        self.regex = re.compile(rf"(?<![a-z0-9])(?:{body}){suffix}(?![a-z0-9])", re.IGNORECASE)

    def _value(self, matched: str) -> str | None:
        key = _key(matched)
        candidates = [key, key[:-1], key[:-2]] if self.plural else [key]
        return next((self.values[c] for c in candidates if c in self.values), None)

    def find(self, text: str) -> list[Hit]:
        hits = []
        for m in self.regex.finditer(text.replace("’", "'")):
            value = self._value(m.group(0))
            if value is not None:
                hits.append(Hit(value, m.start(), m.end(), text[m.start() : m.end()]))
        return hits

    def first(self, text: str) -> Hit | None:
        hits = self.find(text)
        return hits[0] if hits else None

    def in_order(self, text: str, order: Sequence[str]) -> Hit | None:
        """The hit of the first value in `order` that matches anywhere in the text."""
        hits = self.find(text)
        for value in order:
            for hit in hits:
                if hit.value == value:
                    return hit
        return None

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and bool(self.find(text))


def clauses(text: str) -> list[str]:
    """Text cut where one statement ends and another begins (see inference.toml)."""
    return [c.strip() for c in _CLAUSE_BREAK.split(text) if c and c.strip()]


def excerpt(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


@struct(frozen=True)
class Guess:
    """An inferred tag value and the words that decided it ("" for a default)."""

    value: Any
    evidence: str = ""


@struct(frozen=True)
class Rules:
    raw: dict[str, Any] = field(repr=False)
    vocab: Vocab = field(repr=False)
    muscles: PhraseTable = field(repr=False)
    equipment: PhraseTable = field(repr=False)
    primary_cues: PhraseTable = field(repr=False)
    secondary_cues: PhraseTable = field(repr=False)
    negation: PhraseTable = field(repr=False)
    bodyweight: PhraseTable = field(repr=False)
    laterality: PhraseTable = field(repr=False)
    positions: PhraseTable = field(repr=False)
    patterns: PhraseTable = field(repr=False)
    mechanic: PhraseTable = field(repr=False)
    levels: PhraseTable = field(repr=False)
    blocks: PhraseTable = field(repr=False)
    measure_name: PhraseTable = field(repr=False)
    measure_text: PhraseTable = field(repr=False)
    peak: PhraseTable = field(repr=False)
    spine: PhraseTable = field(repr=False)
    name_equipment: PhraseTable = field(repr=False)
    unsupported: PhraseTable = field(repr=False)
    shoulders: PhraseTable = field(repr=False)
    ballistic: PhraseTable = field(repr=False)
    other_equipment: PhraseTable = field(repr=False)
    plyometric_names: PhraseTable = field(repr=False)
    tabata_names: PhraseTable = field(repr=False)
    stress_names: tuple[tuple[str, PhraseTable], ...] = field(repr=False)  # joint -> words of a name

    # -- small lookups over the tables

    def negated(self, clause: str) -> bool:
        """The whole clause says no: used for muscles, where the cue may follow the muscle."""
        return clause in self.negation

    def negated_hit(self, clause: str, hit: Hit) -> bool:
        """A negation before the phrase in its clause ("isolate hip extension without
        turning it into a full-body swing": isolate counts, full-body does not)."""
        return any(n.start < hit.start for n in self.negation.find(clause))

    def pattern_for_muscle(self, muscle: str, mechanic: str | None = None, static: bool = False) -> str:
        if static and muscle in self.raw["pattern_by_muscle_static"]:
            return str(self.raw["pattern_by_muscle_static"][muscle])
        if mechanic == "isolation" and muscle in self.raw["pattern_by_muscle_isolation"]:
            return str(self.raw["pattern_by_muscle_isolation"][muscle])
        if mechanic == "compound" and muscle in self.raw["pattern_by_muscle_compound"]:
            return str(self.raw["pattern_by_muscle_compound"][muscle])
        return str(self.raw["pattern_by_muscle"].get(muscle, "mobility"))

    def mechanic_for_pattern(self, pattern: str) -> str:
        return "compound" if pattern in self.raw["mechanic_by_pattern"]["compound"] else "isolation"

    def position_for_pattern(self, pattern: str) -> str:
        return str(self.raw["position_by_pattern"].get(pattern, "standing"))

    def blocks_for_pattern(self, pattern: str) -> list[str]:
        return list(self.raw["blocks_by_pattern"].get(pattern, ["accessory"]))

    def peak_pattern(self, pattern: str) -> bool:
        return pattern in self.raw["peak_contraction"]["patterns"]

    def no_tempo(self, pattern: str, name: str = "") -> bool:
        """A slower lowering or a pause makes no sense: jumps, holds, swings and throws."""
        return pattern in self.raw["no_tempo"]["patterns"] or (bool(name) and name in self.ballistic)

    def spine_loaded_by(self, equipment: Iterable[str], pattern: str) -> bool:
        rule = self.raw["loads_spine"]
        return pattern in rule["patterns"] and any(e in rule["equipment"] for e in equipment)


def _vocab_words(
    section: dict[str, Any], extra: Mapping[str, list[str]], ignore: Iterable[str]
) -> dict[str, list[str]]:
    skip = {_key(w) for w in ignore}
    words: dict[str, list[str]] = {}
    for entry_id, entry in section.items():
        candidates = [entry_id.replace("_", " "), *entry.get("aliases", []), *extra.get(entry_id, [])]
        words[entry_id] = [w for w in candidates if _key(w) not in skip]
    return words


def _yes(phrases: Iterable[str]) -> PhraseTable:
    return PhraseTable({"yes": list(phrases)})


@cache
def rules() -> Rules:
    raw = tomllib.loads(resources.files("planner.importers").joinpath("inference.toml").read_text(encoding="utf-8"))
    vocab = builtin_vocab()
    ignore = raw["ignore_in_text"]
    return Rules(
        raw=raw,
        vocab=vocab,
        muscles=PhraseTable(
            _vocab_words(vocab.raw["muscles"], raw["text_aliases"]["muscles"], ignore["muscles"]), plural=True
        ),
        equipment=PhraseTable(
            _vocab_words(vocab.raw["equipment"], raw["text_aliases"]["equipment"], ignore["equipment"]), plural=True
        ),
        primary_cues=_yes(raw["cues"]["primary"]),
        secondary_cues=_yes(raw["cues"]["secondary"]),
        negation=_yes(raw["cues"]["negation"]),
        bodyweight=_yes(raw["cues"]["bodyweight"]),
        laterality=PhraseTable(raw["laterality"]),
        positions=PhraseTable(raw["positions"]),
        patterns=PhraseTable(raw["patterns"]),
        mechanic=PhraseTable(raw["mechanic"]),
        levels=PhraseTable(raw["levels"]),
        blocks=PhraseTable(raw["blocks"]),
        measure_name=PhraseTable(raw["measure_name"]),
        measure_text=PhraseTable(raw["measure_text"]),
        peak=_yes(raw["peak_contraction"]["phrases"]),
        spine=_yes(raw["loads_spine"]["phrases"]),
        name_equipment=PhraseTable(raw["name_equipment"], plural=True),
        unsupported=PhraseTable(raw["unsupported_equipment"]),
        shoulders=PhraseTable(raw["shoulders"]),
        ballistic=_yes(raw["no_tempo"]["names"]),
        other_equipment=PhraseTable(raw["other_equipment"], plural=True),
        plyometric_names=_yes(raw["coaching"]["plyometric_names"]),
        tabata_names=_yes(raw["coaching"]["tabata_names"]),
        stress_names=tuple((joint, _yes(words)) for joint, words in raw["stresses"]["names"].items()),
    )


# ---------------------------------------------------------------------------- text -> tags


@struct(frozen=True)
class Text:
    """The parts of a card the matcher looks at, most telling first."""

    name: str
    instructions: Sequence[str] = ()
    description: str = ""
    tips: Sequence[str] = ()
    faq: Sequence[str] = ()

    @property
    def everything(self) -> str:
        return "\n".join([self.name, self.description, *self.instructions, *self.tips, *self.faq])


def _hits(table: PhraseTable, part: str, r: Rules) -> list[Hit]:
    """Hits in one part of the text, in order, leaving out the negated ones. Positions are
    per clause, so only compare hits of one clause with each other."""
    return [h for c in clauses(part) for h in table.find(c) if not r.negated_hit(c, h)]


def _first_in(table: PhraseTable, parts: Sequence[str], r: Rules, order: Sequence[str] | None = None) -> Hit | None:
    """The first hit in the first part that has one; with `order`, a value earlier in the
    order beats a later one within that part."""
    for part in parts:
        found = _hits(table, part, r)
        if not found:
            continue
        if not order:
            return found[0]
        for value in order:
            for hit in found:
                if hit.value == value:
                    return hit
    return None


def infer_muscles(text: Text, r: Rules) -> tuple[Guess, Guess]:
    """Primary and secondary muscles: a muscle named in a clause with a primary cue
    ("does the primary work", "targets") is primary; one named with a secondary cue
    ("help", "stabilise") is secondary. With no primary cue anywhere, the muscle named most
    often in the name and description is primary."""
    primary: dict[str, str] = {}
    secondary: dict[str, str] = {}
    mentions: dict[str, int] = {}
    for part in [text.name, text.description, *text.instructions, *text.tips, *text.faq]:
        for clause in clauses(part):
            found = [h.value for h in r.muscles.find(clause)]
            if not found or r.negated(clause):
                continue
            if clause in r.primary_cues:
                for m in found:
                    primary.setdefault(m, clause)
            elif clause in r.secondary_cues:
                for m in found:
                    secondary.setdefault(m, clause)
    if not primary:
        for part in (text.name, text.description):
            for hit in r.muscles.find(part):
                mentions[hit.value] = mentions.get(hit.value, 0) + 1
        if mentions:
            top = max(mentions.values())
            muscle = next(m for m, n in mentions.items() if n == top)
            primary[muscle] = f"named most often ({top} times)"
    chosen = list(primary)[:3]
    helpers = [m for m in secondary if m not in chosen]
    return (
        Guess(chosen, "; ".join(dict.fromkeys(excerpt(primary[m]) for m in chosen))),
        Guess(helpers, "; ".join(dict.fromkeys(excerpt(secondary[m]) for m in helpers))),
    )


def infer_equipment(text: Text, r: Rules) -> Guess:
    """Every piece named in the name, the instructions or the description (outside a
    negated clause); none when only body weight is named or nothing is."""
    found: dict[str, str] = {}
    bodyweight = ""
    for part in [text.name, *text.instructions, text.description]:
        for clause in clauses(part):
            for hit in r.equipment.find(clause):
                if not r.negated_hit(clause, hit):
                    found.setdefault(hit.value, hit.text)
            if not bodyweight and clause in r.bodyweight:
                bodyweight = clause
    if found:
        return Guess(list(found), "; ".join(dict.fromkeys(excerpt(c) for c in found.values())))
    return Guess([], excerpt(bodyweight) if bodyweight else "no equipment named")


def infer_one(table: PhraseTable, text: Text, r: Rules, order: Sequence[str] | None = None) -> Hit | None:
    """A one-value tag: the name decides first, then the instructions, then the description."""
    return _first_in(table, [text.name, *text.instructions, text.description], r, order)


def infer_pattern(text: Text, primary: Sequence[str], r: Rules) -> Guess:
    hit = infer_one(r.patterns, text, r)
    if hit:
        return Guess(hit.value, excerpt(hit.text))
    if primary:
        return Guess(r.pattern_for_muscle(primary[0]), f"primary muscle {primary[0]}")
    return Guess("mobility", "nothing named a movement")


def infer_position(text: Text, pattern: str, r: Rules) -> Guess:
    """The name, then the first two instructions (the setup), then the rest. A bare
    "lying" only says the body is down, so a more precise word anywhere beats it."""
    default = r.position_for_pattern(pattern)
    lying: Hit | None = None
    for parts in ([text.name], text.instructions[:2], [*text.instructions, text.description]):
        for part in parts:
            for hit in _hits(r.positions, part, r):
                if _key(hit.text) != "lying":
                    return Guess(hit.value, excerpt(hit.text))
                lying = lying or hit
    if lying is not None:
        value = default if default in ("prone", "supine", "side_lying") else "supine"
        return Guess(value, f"{lying.text}, usual for {pattern}")  # "lying leg curl" is face down
    return Guess(default, f"usual for {pattern}")


def infer_laterality(text: Text, r: Rules) -> Guess:
    hit = infer_one(r.laterality, text, r, order=list(r.raw["laterality"]))
    return Guess(hit.value, excerpt(hit.text)) if hit else Guess("bilateral", "no side-by-side wording")


def infer_mechanic(text: Text, pattern: str, r: Rules) -> Guess:
    hit = _first_in(r.mechanic, [text.name, text.description, *text.instructions], r)
    if hit:
        return Guess(hit.value, excerpt(hit.text))
    return Guess(r.mechanic_for_pattern(pattern), f"usual for {pattern}")


def infer_level(text: Text, r: Rules) -> Guess:
    """The lowest level the text says the exercise suits; intermediate when it says none."""
    found: dict[str, str] = {}
    for clause in clauses(text.everything):
        for hit in r.levels.find(clause):
            if not r.negated_hit(clause, hit):
                found.setdefault(hit.value, clause)
    for level in ("beginner", "intermediate", "advanced"):
        if level in found:
            return Guess(level, excerpt(found[level]))
    return Guess("intermediate", "no level named")


def infer_blocks(text: Text, pattern: str, r: Rules) -> Guess:
    found: dict[str, str] = {}
    for clause in clauses(text.everything):
        for hit in r.blocks.find(clause):
            if not r.negated_hit(clause, hit):
                found.setdefault(hit.value, hit.text)
    if found:
        return Guess([b for b in BLOCK_ORDER if b in found], ", ".join(dict.fromkeys(found.values())))
    return Guess(r.blocks_for_pattern(pattern), f"usual for {pattern}")


def infer_measure(text: Text, r: Rules) -> Guess:
    hit = r.measure_name.first(text.name)
    if hit:
        return Guess(hit.value, excerpt(hit.text))
    for step in text.instructions:
        m = _HOLD_FOR_SECONDS.search(step)
        if m:
            return Guess("seconds", excerpt(m.group(0)))
        hit = r.measure_text.first(step)
        if hit:
            return Guess(hit.value, excerpt(hit.text))
    return Guess("reps", "counted in reps unless it says hold or distance")


def _first_clause(table: PhraseTable, text: Text, r: Rules) -> str | None:
    """The first clause of the text whose first phrase from `table` is not negated."""
    for clause in clauses(text.everything):
        hit = table.first(clause)
        if hit and not r.negated_hit(clause, hit):
            return clause
    return None


def infer_peak(text: Text, measure: str, r: Rules) -> Guess:
    if measure != "reps":
        return Guess(False, f"measured in {measure}")
    clause = _first_clause(r.peak, text, r)
    if clause is not None:
        return Guess(True, excerpt(clause))
    return Guess(False, "no pause or squeeze at the top mentioned")


def infer_loads_spine(text: Text, equipment: Sequence[str], pattern: str, r: Rules) -> Guess:
    if r.spine_loaded_by(equipment, pattern):
        return Guess(True, f"{'/'.join(equipment)} on a {pattern} pattern")
    clause = _first_clause(r.spine, text, r)
    if clause is not None:
        return Guess(True, excerpt(clause))
    return Guess(False, "no loaded bar on the spine")


def infer_limits(text: Text, pattern: str, measure: str, peak: bool, r: Rules) -> Guess:
    """How far slower lowering, pauses and reps may go (writing-cards.md, limits)."""
    limits: dict[str, int] = {}
    reasons = []
    if r.no_tempo(pattern, text.name) or measure != "reps":
        limits.update(eccentric_max_s=0, pause_max_s=0)
        reasons.append(f"no tempo work for {measure if measure != 'reps' else 'this movement'}")
    else:
        limits.update(eccentric_max_s=4, pause_max_s=3 if peak else 2)
        reasons.append("pause up to 3 s at the top" if peak else "usual tempo limits")
    if measure == "reps":
        ranges = [int(m.group(2)) for m in _REPS_RANGE.finditer(text.everything)]
        if ranges:
            limits["reps_max"] = min(max(ranges), 100)
            reasons.append(f"up to {limits['reps_max']} reps mentioned")
    elif measure == "seconds":
        limits["seconds_max"] = 60
    else:
        limits["meters_max"] = 100
    return Guess(limits, "; ".join(reasons))


def infer_defaults(measure: str) -> dict[str, int]:
    """The usual dose of a hold or a carry, which the planner needs in [defaults]."""
    return {"seconds": 30} if measure == "seconds" else {"meters": 40} if measure == "meters" else {}


# ---------------------------------------------------------------------------- coaching fields


@struct(frozen=True)
class Tags:
    """The tags the coaching fields are guessed from (already decided or guessed)."""

    name: str
    pattern: str
    mechanic: str
    measure: str
    blocks: Sequence[str]
    equipment: Sequence[str]
    primary: Sequence[str]
    secondary: Sequence[str]
    loads_spine: bool
    plyometric_hint: str = ""  # words from elsewhere that say plyometric (a data set's category)
    no_hard_sets_hint: str = ""  # words from elsewhere that say never a hard set (a stretch, cardio)
    reps_max: int | None = None


def infer_coaching(tags: Tags, r: Rules) -> dict[str, Guess]:
    """plyometric, uses_rir, rep_floor, hard_set_muscles, finisher_formats and stresses,
    each with the words behind it (docs/writing-cards.md, coaching fields). A rep floor of
    None means none applies."""
    coaching = r.raw["coaching"]
    out: dict[str, Guess] = {}
    named_plyo = r.plyometric_names.first(tags.name)
    if tags.plyometric_hint:
        out["plyometric"] = Guess(True, tags.plyometric_hint)
    elif tags.pattern == "jump":
        out["plyometric"] = Guess(True, "a jump")
    elif named_plyo:
        out["plyometric"] = Guess(True, excerpt(named_plyo.text))
    else:
        out["plyometric"] = Guess(False, "no jump, hop, throw or slam in the name")
    plyometric = bool(out["plyometric"].value)

    drill_blocks = set(tags.blocks) <= {"warmup", "activation"}
    if tags.no_hard_sets_hint:
        hard = Guess([], tags.no_hard_sets_hint)
    elif plyometric or tags.pattern in coaching["no_hard_set_patterns"]:
        hard = Guess([], f"{'plyometric' if plyometric else tags.pattern}: never a hard set")
    elif drill_blocks:
        hard = Guess([], "warm-up and activation only")
    else:
        hard = Guess([*tags.primary, *tags.secondary], "primary and secondary muscles")
    out["hard_set_muscles"] = hard

    if tags.measure != "reps":
        out["uses_rir"] = Guess(False, f"measured in {tags.measure}")
    elif plyometric or tags.pattern in coaching["no_rir_patterns"]:
        out["uses_rir"] = Guess(False, f"{'plyometric' if plyometric else tags.pattern}: no reps in reserve")
    elif tags.name in r.ballistic:
        out["uses_rir"] = Guess(False, "a ballistic lift")
    elif not hard.value:
        out["uses_rir"] = Guess(False, "never a hard set")
    else:
        out["uses_rir"] = Guess(True, "ordinary rep work")

    floor: int | None = None
    why = "no floor for this pattern"
    if out["uses_rir"].value:
        rules = r.raw["rep_floor"]
        if tags.pattern in rules["patterns"]:
            floor, why = int(rules["patterns"][tags.pattern]), f"usual for {tags.pattern}"
        elif tags.pattern in rules["pull_patterns"] and set(tags.equipment) & set(rules["pull_equipment"]):
            floor, why = int(rules["pull_floor"]), "a row or pulldown on a cable, machine or band"
        elif tags.mechanic == "isolation":
            floor, why = int(rules["isolation"]), "isolation work"
        if floor is not None and tags.reps_max is not None and floor > tags.reps_max:
            floor, why = tags.reps_max, f"capped at the {tags.reps_max} reps the text allows"
    out["rep_floor"] = Guess(floor, why)

    formats: list[str] = []
    why = "not a finisher"
    if "finisher" in tags.blocks:
        if tags.measure == "meters":
            formats, why = ["carry"], "measured in meters"
        else:
            all_out = tags.pattern == "cyclical" or tags.name in r.tabata_names
            formats = (["tabata"] if all_out else []) + ["circuit", "emom"]
            if tags.measure == "reps" and tags.mechanic == "compound" and not plyometric:
                formats.append("amrap")
            why = "a whole-body or cyclical effort" if all_out else f"{tags.measure}, {tags.mechanic}"
    out["finisher_formats"] = Guess(formats, why)

    stresses: dict[str, str] = {}
    if tags.loads_spine:
        stresses["lower_back"] = "loads the spine"
    for joint in r.raw["stresses"]["patterns"].get(tags.pattern, []):
        stresses.setdefault(joint, f"usual for {tags.pattern}")
    for joint, table in r.stress_names:
        hit = table.first(tags.name)
        if hit:
            stresses.setdefault(joint, excerpt(hit.text))
    order = list(r.vocab.joints.ids)
    joints = sorted(stresses, key=order.index)
    out["stresses"] = Guess(joints, "; ".join(dict.fromkeys(stresses[j] for j in joints)) or "no joint in particular")
    return out
