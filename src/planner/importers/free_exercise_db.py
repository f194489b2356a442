"""`planner import free-exercise-db`: the public-domain free-exercise-db data set
(github.com/yuhonas/free-exercise-db, `dist/exercises.json`, Unlicense) -> one card per
exercise.

How its fields map (the words behind the guesses are in inference.toml):

- primaryMuscles / secondaryMuscles through the vocabulary's aliases ("middle back" ->
  upper_back, "abductors" -> glute_med, "abdominals" -> abs, "lower back" -> lower_back);
  "shoulders" -> front, side or rear delts by the name ([shoulders]) or the force.
- equipment through the vocabulary's aliases ("body only" -> none, "bands" -> band,
  "e-z curl bar" -> ez_bar, "foam roll" -> foam_roller, "exercise ball" -> stability_ball),
  plus what the name implies ("Pullups" -> pull_up_bar, "Incline ..." -> bench,
  "Suspended Row" -> suspension_trainer, "Ring Dips" -> rings, "Landmine ..." -> landmine).
  A missing value keeps what the name implies; "other" takes what the name implies, else
  what the instructions name ("Load a sled" -> sled; a belt, a towel or cones count as
  nothing). Something planner has no word for (atlas stones, a tire, chains, a climbing
  rope) adds the equipment `other`, which no profile includes, and the card's header says
  what it needs; so does an "other" exercise that names nothing. Those cards are imported
  and listed for review, never skipped. The only records skipped are ones that cannot
  be a card at all (no instructions, an unknown muscle, not an exercise record).
- level (expert -> advanced), mechanic (missing -> by pattern), force (a hint for delts,
  pattern and holds), category -> blocks: stretching -> warmup; plyometrics and cardio ->
  finisher; strength -> main and accessory (compound, loaded) or accessory;
  powerlifting and olympic weightlifting -> main; strongman -> finisher for carries and
  sleds, accessory otherwise. Nothing with a barbell becomes a finisher (docs/coaching.md rule 6).
- pattern, position, laterality, measure, peak_contraction, loads_spine and limits are
  guessed from the name, category and force, and listed in `inferred`; so are the
  coaching fields (infer.infer_coaching): plyometrics -> plyometric, stretching and
  cardio -> never a hard set, carries and holds -> no reps in reserve, rep floors by
  pattern, finisher formats by measure, the joints stressed by pattern and name.
- instructions are kept (public domain); the summary and description are written from
  the fields and say nothing the data set does not. `source` and `license` keep the
  attribution.

Ids come from the names; an id the built-in library already uses, or one an earlier
exercise of the file took, gets -2, -3, ... so an import never shadows a built-in card.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from planner.errors import PlannerError, UnknownName
from planner.importers import infer
from planner.importers.writer import (
    CARD_KEYS,
    Manifest,
    Planned,
    card_folder,
    check_card,
    check_writable,
    make_id,
    plan_write,
    render_card,
    with_suffix,
    write_planned,
)
from planner.structs import field, struct
from planner.text import first_control, one_line
from planner.vocab import BLOCK_ORDER

SOURCE_URL = "https://github.com/yuhonas/free-exercise-db"
LICENSE = "Unlicense (public domain)"
MAX_FILE = 200 * 1024 * 1024
REQUIRED = ("name", "primaryMuscles", "secondaryMuscles", "instructions", "category")
LEVELS = {"beginner": "beginner", "intermediate": "intermediate", "expert": "advanced"}
BAR_EQUIPMENT = {"barbell", "trap_bar", "ez_bar"}
HEAVY_EQUIPMENT = {"barbell", "trap_bar", "ez_bar", "dumbbell", "kettlebell", "machine", "cable"}
CATEGORY_WORDS = {
    "strength": "strength exercise",
    "stretching": "stretch",
    "plyometrics": "plyometric drill",
    "cardio": "cardio drill",
    "powerlifting": "powerlifting lift",
    "olympic weightlifting": "Olympic weightlifting lift",
    "strongman": "strongman event",
}


OTHER = "other"  # the equipment word for what planner has no word for (vocab.toml)


class Skip(Exception):
    """This exercise cannot become a card; the message says why."""


@struct(frozen=True)
class Skipped:
    name: str
    reason: str


@struct
class Report:
    """What an import did. `imported` counts cards in the folder after it (written now or
    already identical)."""

    total: int = 0
    created: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    kept: list[Skipped] = field(default_factory=list)  # edited by a person: not overwritten
    skipped: list[Skipped] = field(default_factory=list)
    review: list[Skipped] = field(default_factory=list)  # imported with equipment `other`: what they need
    renamed_builtin: int = 0  # got -2 because a built-in card has the id
    renamed_duplicate: int = 0  # got -2, -3 because an earlier exercise of the file has the name

    @property
    def imported(self) -> int:
        return len(self.created) + len(self.updated) + len(self.unchanged)

    def skip_reasons(self) -> dict[str, int]:
        """How many were skipped for each kind of reason, most common first."""
        counts: dict[str, int] = {}
        for s in self.skipped:
            counts[s.reason] = counts.get(s.reason, 0) + 1
        if self.kept:
            counts["edited since imported (kept; --force overwrites)"] = len(self.kept)
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


# ---------------------------------------------------------------------------- reading


def read_records(path: Path) -> list[Any]:
    """The exercises of a free-exercise-db file: dist/exercises.json (a list) or one
    exercises/<id>.json (a single object). Anything else is refused in one line."""
    from planner.userfiles import read_text

    text = read_text(path, MAX_FILE, "free-exercise-db JSON file")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise PlannerError(f"{path}: not JSON ({e.msg} at line {e.lineno}, column {e.colno})") from None
    except (ValueError, RecursionError) as e:  # a number of thousands of digits; arrays a thousand deep
        raise PlannerError(f"{path}: not JSON planner can read: {e}") from None
    records = [data] if isinstance(data, dict) else data
    if not isinstance(records, list) or not any(_looks_like_exercise(r) for r in records):
        raise PlannerError(
            f"{path}: not free-exercise-db data: expected a list of exercises with "
            f"{', '.join(REQUIRED)} (its dist/exercises.json)"
        )
    return records


def _looks_like_exercise(record: Any) -> bool:
    return isinstance(record, dict) and all(k in record for k in REQUIRED)


# ---------------------------------------------------------------------------- mapping


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _strings(record: dict[str, Any], key: str) -> list[str]:
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Skip(f"{key} is not a list of words")
    return [v.strip() for v in value if v.strip()]


def _delts(name: str, force: str, r: infer.Rules) -> str:
    hit = r.shoulders.in_order(name, list(r.raw["shoulders"]))
    if hit:
        return hit.value
    return "rear_delts" if force == "pull" else "front_delts"


def map_muscles(record: dict[str, Any], r: infer.Rules) -> tuple[list[str], list[str], bool]:
    """Primary and secondary muscle ids, and whether "shoulders" had to be split by guess."""
    name, force = _text(record.get("name")), _text(record.get("force"))
    guessed = False
    out: list[list[str]] = []
    for key in ("primaryMuscles", "secondaryMuscles"):
        muscles: list[str] = []
        for word in _strings(record, key):
            if word.lower() == "shoulders":
                muscle, guessed = _delts(name, force, r), True
            else:
                try:
                    muscle = r.vocab.muscles.resolve(word)
                except UnknownName:
                    raise Skip(f"unknown muscle {word!r}") from None
            if muscle not in muscles:
                muscles.append(muscle)
        out.append(muscles)
    primary, secondary = out
    if not primary:
        raise Skip("no primary muscle")
    return primary, [m for m in secondary if m not in primary], guessed


@struct(frozen=True)
class Equipment:
    """What an exercise needs, as far as the record tells: the ids, whether they were
    guessed rather than read from the `equipment` field, and, when the record names
    something planner has no word for, what that is ("a tire")."""

    ids: list[str]
    guessed: bool
    missing: str = ""


def map_equipment(record: dict[str, Any], r: infer.Rules) -> Equipment:
    name = _text(record.get("name"))
    from_name = list(dict.fromkeys(h.value for h in r.name_equipment.find(name)))
    field_value = record.get("equipment")
    if field_value is not None and not isinstance(field_value, str):
        raise Skip("equipment is not a word")
    other = field_value is not None and field_value.strip().lower() == "other"
    listed: list[str] = []
    if field_value is not None and not other:
        try:
            listed = list(r.vocab.equipment_terms.resolve_many(field_value))
        except UnknownName:
            raise Skip(f"unknown equipment {field_value!r}") from None
    unsupported = r.unsupported.first(name)
    if unsupported:
        return Equipment([*dict.fromkeys([*listed, *from_name]), OTHER], True, unsupported.value)
    if field_value is None:
        return Equipment(from_name, True)
    if other:
        return _other_equipment(record, from_name, r)
    extra = [e for e in from_name if e not in listed]
    return Equipment(listed + extra, bool(extra))


def _other_equipment(record: dict[str, Any], from_name: list[str], r: infer.Rules) -> Equipment:
    """free-exercise-db's "other": what the name implies, else what the instructions name
    ([other_equipment] in inference.toml, plus `other` for a thing planner has no word
    for), else `other` for review (nothing for a stretch)."""
    if from_name:
        return Equipment(from_name, True)
    steps = " ".join(v for v in record.get("instructions") or [] if isinstance(v, str))
    unsupported = r.unsupported.first(steps)
    found = {h.value for h in r.other_equipment.find(steps)}
    known = next((v for v in r.raw["other_equipment"] if v in found and v != "none"), None)
    if unsupported:
        return Equipment([*([known] if known else []), OTHER], True, unsupported.value)
    if known or "none" in found or _text(record.get("category")).lower() == "stretching":
        return Equipment([known] if known else [], True)
    return Equipment([OTHER], True, "equipment the data set does not name")


def _pattern(name: str, category: str, mechanic: str | None, force: str, primary: list[str], r: infer.Rules) -> str:
    hit = r.patterns.first(name)
    named = hit.value if hit else None
    if category == "stretching":
        return "mobility"
    if category == "cardio":
        return named if named in ("cyclical", "locomotion", "carry") else "cyclical"
    if category == "plyometrics" and named not in ("jump", "locomotion", "cyclical", "carry", None):
        jump = r.patterns.in_order(name, ["jump"])
        return jump.value if jump else named or "jump"
    if named:
        return named
    if category == "plyometrics":
        return "jump"
    return r.pattern_for_muscle(primary[0], mechanic, static=force == "static")


def _position(name: str, pattern: str, r: infer.Rules) -> str:
    return str(infer.infer_position(infer.Text(name), pattern, r).value)


def _measure(name: str, category: str, force: str, pattern: str, r: infer.Rules) -> str:
    hit = r.measure_name.first(name)
    if category == "cardio":
        return "seconds"
    if pattern == "carry" or (hit and hit.value == "meters"):
        return "meters"
    if category == "stretching":
        return "seconds" if force == "static" or force == "" else "reps"
    if force == "static" or (hit and hit.value == "seconds"):
        return "seconds"
    return "reps"


def _blocks(category: str, mechanic: str, pattern: str, equipment: list[str]) -> list[str]:
    barbell = bool(BAR_EQUIPMENT & set(equipment))
    if category == "stretching":
        return ["warmup"]
    if category in ("plyometrics", "cardio"):
        return ["accessory"] if barbell else ["finisher"]
    if category in ("powerlifting", "olympic weightlifting"):
        return ["main"]
    if category == "strongman":
        conditioning = pattern in ("carry", "locomotion", "jump") or "sled" in equipment
        return ["finisher"] if conditioning and not barbell else ["accessory"]
    if mechanic == "compound" and HEAVY_EQUIPMENT & set(equipment):
        return ["main", "accessory"]
    return ["accessory"]


def _limits(name: str, category: str, pattern: str, measure: str, peak: bool, r: infer.Rules) -> dict[str, int]:
    explosive = category in ("plyometrics", "olympic weightlifting", "cardio", "stretching")
    if explosive or r.no_tempo(pattern, name) or measure != "reps":
        limits = {"eccentric_max_s": 0, "pause_max_s": 0}
    else:
        limits = {"eccentric_max_s": 4, "pause_max_s": 3 if peak else 2}
    if measure == "seconds":
        limits["seconds_max"] = {"stretching": 45, "cardio": 600}.get(category, 60)
    elif measure == "meters":
        limits["meters_max"] = 100
    return limits


def _join(words: Sequence[str]) -> str:
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _muscle_words(ids: Sequence[str], r: infer.Rules) -> str:
    return _join([str(r.vocab.raw["muscles"][m]["name"]).lower() for m in ids])


def _equipment_words(ids: Sequence[str], r: infer.Rules) -> str:
    return _join([str(r.vocab.raw["equipment"][e]["name"]).lower() for e in ids])


def _prose(record: dict[str, Any], data: dict[str, Any], category: str, r: infer.Rules) -> tuple[str, str]:
    """A summary and a description written only from the data set's fields."""
    name = data["name"]
    kind = CATEGORY_WORDS.get(category, "exercise")
    tools = _equipment_words(data["equipment"], r) if data["equipment"] else "bodyweight"
    summary = f"{kind[:1].upper()}{kind[1:]} for the {_muscle_words(data['primary_muscles'], r)} ({tools})"
    if len(summary) > 95:
        summary = f"{kind[:1].upper()}{kind[1:]} for the {_muscle_words(data['primary_muscles'], r)}"
    summary += ", from free-exercise-db"
    mechanic = _text(record.get("mechanic"))
    article = "an" if (mechanic or kind)[:1].lower() in "aeiou" else "a"
    needs = f"it needs: {tools}" if data["equipment"] else "it needs no equipment"
    first = f"{name} is {article} {mechanic + ' ' if mechanic else ''}{kind}; {needs}."
    works = f"It mainly works the {_muscle_words(data['primary_muscles'], r)}"
    if data["secondary_muscles"]:
        works += f", with the {_muscle_words(data['secondary_muscles'], r)} helping"
    level = _text(record.get("level")) or "unrated"
    force = _text(record.get("force"))
    rated = f"free-exercise-db files it under {category} at the {level} level"
    rated += f" and calls its force {force}." if force else "."
    blocks = data["blocks"]
    placed = (
        f"planner puts it in the {_join(blocks)} block{'s' if len(blocks) > 1 else ''} as a "
        f"{data['pattern'].replace('_', ' ')} movement; the tags listed under `inferred` were guessed "
        "from the name and category, so check them before relying on them."
    )
    credit = (
        f"Imported from free-exercise-db ({SOURCE_URL}), a public-domain data set; the instructions "
        "are the data set's own."
    )
    return summary, "\n\n".join([f"{first} {works}.", f"{rated} {placed}", credit]) + "\n"


def convert(record: Any, r: infer.Rules) -> tuple[dict[str, Any], str, str]:
    """One record -> the card's fields, the record's own id, and what it needs that planner
    has no word for ("" when nothing); Skip when it cannot be a card."""
    if not _looks_like_exercise(record):
        raise Skip(f"not an exercise record (needs {', '.join(REQUIRED)})")
    bad = first_control(record)
    if bad is not None:
        raise Skip(f"{bad[0]}: {bad[1]}")
    name = " ".join(_text(record.get("name")).split())
    if not name or not make_id(name):
        raise Skip("no name that makes an id")
    instructions = _strings(record, "instructions")
    if not instructions:
        raise Skip("no instructions in the data set")
    category = _text(record.get("category")).lower()
    if category not in CATEGORY_WORDS:
        raise Skip(f"unknown category {record.get('category')!r}")
    force = _text(record.get("force")).lower()
    level = LEVELS.get(_text(record.get("level")).lower())
    if level is None:
        raise Skip(f"unknown level {record.get('level')!r}")
    primary, secondary, delts_guessed = map_muscles(record, r)
    needs = map_equipment(record, r)
    equipment = needs.ids
    given_mechanic = _text(record.get("mechanic")).lower() or None
    if given_mechanic not in (None, "compound", "isolation"):
        raise Skip(f"unknown mechanic {record.get('mechanic')!r}")
    pattern = _pattern(name, category, given_mechanic, force, primary, r)
    mechanic = given_mechanic or r.mechanic_for_pattern(pattern)
    laterality_hit = r.laterality.in_order(name, list(r.raw["laterality"]))
    measure = _measure(name, category, force, pattern, r)
    peak = measure == "reps" and category not in ("stretching", "plyometrics", "cardio") and r.peak_pattern(pattern)
    blocks = _blocks(category, mechanic, pattern, equipment)
    loads_spine = r.spine_loaded_by(equipment, pattern) or (
        category in ("olympic weightlifting", "strongman") and bool(BAR_EQUIPMENT & set(equipment))
    )
    limits = _limits(name, category, pattern, measure, peak, r)
    coaching = infer.infer_coaching(
        infer.Tags(
            name, pattern, mechanic, measure, blocks, equipment, primary, secondary, loads_spine,
            plyometric_hint="plyometrics category" if category == "plyometrics" else "",
            no_hard_sets_hint=f"{category} category" if category in ("stretching", "cardio") else "",
            reps_max=limits.get("reps_max"),
        ),
        r,
    )  # fmt: skip
    inferred = ["pattern", "position", "laterality", "blocks", "measure", "loads_spine", "peak_contraction", "limits"]
    inferred += ["mechanic"] if given_mechanic is None else []
    inferred += ["primary_muscles", "secondary_muscles"] if delts_guessed else []
    inferred += ["equipment"] if needs.guessed else []
    inferred += [field_name for field_name, guess in coaching.items() if guess.value is not None]
    data: dict[str, Any] = {
        "name": name,
        "inferred": [f for f in CARD_KEYS if f in inferred],  # in the order the card lists them
        "primary_muscles": primary,
        "secondary_muscles": secondary,
        "equipment": equipment,
        "pattern": pattern,
        "mechanic": mechanic,
        "laterality": laterality_hit.value if laterality_hit else "bilateral",
        "level": level,
        "position": _position(name, pattern, r),
        "blocks": [b for b in BLOCK_ORDER if b in blocks],
        "measure": measure,
        "loads_spine": loads_spine,
        "peak_contraction": peak,
        **{field_name: guess.value for field_name, guess in coaching.items() if guess.value is not None},
        "instructions": instructions,
        "source": f"free-exercise-db: {_text(record.get('id')) or name} ({SOURCE_URL})",
        "license": LICENSE,
        "limits": limits,
        "defaults": infer.infer_defaults(measure) if category != "cardio" else {"seconds": 60},
    }
    data["summary"], data["description"] = _prose(record, data, category, r)
    return data, _text(record.get("id")) or name, needs.missing


HEADER = (
    "Imported by `planner import free-exercise-db`: exercise {record_id!r} of free-exercise-db",
    "({url}), public domain (Unlicense).",
    "The tags listed in `inferred` were guessed from its name, category and force: check",
    "each one, then remove it from the list.",
)
MISSING = (
    "It needs {missing}, which planner has no equipment word for: `equipment` lists `other`,",
    "which no profile includes, so the card stays out of plans until you name what it needs",
    "(or use it with --equipment other).",
)


# ---------------------------------------------------------------------------- the command


def import_file(
    path: Path,
    into: Path,
    taken: set[str],
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Import every exercise of `path` into `into`. `taken` holds ids the new cards must
    not use (the built-in library's). Every exercise ends up imported or skipped with a
    reason; `progress(done, total)` is called as cards are written."""
    records = read_records(path)
    r = infer.rules()
    folder = card_folder(into)
    check_writable(folder)
    manifest = Manifest.load(folder)
    report = Report(total=len(records))
    used = set(taken)
    planned: list[Planned] = []
    for n, record in enumerate(records, 1):
        label = one_line(_text(record.get("name"))) if isinstance(record, dict) else ""  # it is printed
        label = label or f"record {n}"
        try:
            data, record_id, missing = convert(record, r)
        except Skip as e:
            report.skipped.append(Skipped(label, str(e)))
            continue
        base = make_id(data["name"])
        exercise_id = with_suffix(base, used)
        if exercise_id != base:
            if base in taken:
                report.renamed_builtin += 1
            else:
                report.renamed_duplicate += 1
        used.add(exercise_id)
        lines = HEADER + MISSING if missing else HEADER
        comments = [line.format(url=SOURCE_URL, record_id=record_id, missing=missing) for line in lines]
        text = render_card(data, comments)
        try:
            check_card(exercise_id, text, label)
        except PlannerError as e:
            report.skipped.append(Skipped(label, e.message.split(": ", 1)[-1]))
            continue
        p = plan_write(
            folder / f"{exercise_id}.toml", text.encode("utf-8"), f"free-exercise-db:{record_id}", manifest, force
        )
        if p.action == "kept":
            report.kept.append(Skipped(label, f"{p.path.name}: {p.reason}"))
        else:
            planned.append(p)
            if missing:
                report.review.append(Skipped(label, f"{p.path.name}: needs {missing}"))
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, len(planned))

    write_planned(planned, manifest, step)
    for p in planned:
        {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}[p.action].append(p.path)
    return report
