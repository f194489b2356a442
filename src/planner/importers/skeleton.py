"""`planner new`: a skeleton card with every field present and each blank marked "TODO".

A TODO value in a closed vocabulary (pattern, position, ...) fails validation with the
list of valid words; a TODO in text is reported by `planner validate` as a placeholder.
Either way the card stays out of plans until it is filled in.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path

from planner.atomic import atomic_write_text
from planner.errors import PlannerError
from planner.importers.writer import card_folder, check_id, check_writable, make_id, toml_value
from planner.text import control_problem
from planner.vocab import builtin_vocab


def _choices(label: str, words: Sequence[str]) -> list[str]:
    return textwrap.wrap(f"{label}: {' | '.join(words)}", width=98, initial_indent="# ", subsequent_indent="#   ")


def _key(key: str, value: object, comment: str = "") -> str:
    line = f"{key} = {toml_value(value)}"
    return f"{line:<40}  # {comment}" if comment else line


def skeleton(name: str, primary: Sequence[str] = (), equipment: Sequence[str] | None = None) -> str:
    """The skeleton's TOML text. `primary` and `equipment` are words as typed (aliases,
    profiles); equipment None means not given, [] bodyweight."""
    vocab = builtin_vocab()
    muscles = list(dict.fromkeys(vocab.muscles.resolve(w, "--primary") for w in primary))
    gear: list[str] = []
    for word in equipment or []:
        gear += [e for e in vocab.equipment_terms.resolve_many(word, "--equipment") if e not in gear]
    todo = "TODO: pick one from the list above"
    lines = [
        "# A new exercise card. Replace every value that starts with TODO, then check the card with",
        "#   planner validate THIS-FILE",
        "# The fields and the writing standard: docs/writing-cards.md in planner's repository.",
        "# `planner muscles` and `planner equipment` list the words; `planner schema exercise`",
        "# prints a JSON Schema for completion in an editor.",
        "",
        _key("name", name),
        _key("aliases", [], "optional: other names people search for"),
        _key("summary", "TODO: one sentence, at most 120 characters"),
        _key("primary_muscles", muscles or ["TODO: the muscles doing most of the work"], "see `planner muscles`"),
        _key("secondary_muscles", ["TODO: muscles that help or stabilise, or leave the list empty"]),
        _key(
            "equipment",
            gear if equipment is not None else ["TODO: everything it needs; [] for bodyweight"],
            "see `planner equipment`",
        ),
        *_choices("pattern", vocab.patterns.ids),
        _key("pattern", todo),
        _key("mechanic", todo, " | ".join(vocab.mechanic.ids)),
        _key("laterality", todo, " | ".join(vocab.laterality.ids)),
        _key("level", todo, " | ".join(vocab.levels.ids)),
        *_choices("position", vocab.positions.ids),
        _key("position", todo),
        _key("blocks", [f"TODO: any of {', '.join(vocab.blocks.ids)}"]),
        _key("measure", "reps", " | ".join(vocab.measure.ids)),
        _key("loads_spine", False, "TODO: check; true when a load compresses the spine"),
        _key("peak_contraction", False, "TODO: check; true when a pause at the top makes it harder"),
        _key("plyometric", False, "true for jumps, bounds and throws"),
        _key("uses_rir", True, "false for holds, carries and jumps: reps in reserve mean nothing there"),
        "# rep_floor = 10                          # optional: fewest reps a set may have (raises, calves, cuff work)",
        _key(
            "hard_set_muscles",
            ["TODO: the muscles a hard set of it really trains (usually primary and secondary); [] for none"],
        ),
        _key("finisher_formats", [], f"if it suits the finisher block: any of {', '.join(vocab.finisher_formats.ids)}"),
        _key("stresses", [], f"joints it loads: any of {', '.join(vocab.joints.ids)}"),
        _key("easier", [], "optional: ids of easier variations"),
        _key("harder", [], "optional: ids of harder variations"),
        _key("more_range", "", "optional: how to add range of motion"),
        'description = """',
        "TODO: first paragraph: what it is and how it is set up.",
        "",
        "Second paragraph: what it trains and why. Third: where it fits in a session.",
        '"""',
        "instructions = [",
        '    "TODO: the setup.",',
        '    "TODO: the rep, step by step (6 to 10 steps in all).",',
        '    "TODO: the return.",',
        "]",
        'tips = ["TODO: 5 to 8 coaching cues and common fixes."]',
        _key("source", "", "optional: where the card comes from"),
        _key("license", "", "optional: the licence of its text"),
        "",
        "[limits]                                  # how far the no-load progressions may go",
        _key("eccentric_max_s", 4, "0..6; 0 where a slow lowering makes no sense"),
        _key("pause_max_s", 2, "0..3"),
        _key("reps_max", 15, "top of the useful range (seconds_max / meters_max for timed work)"),
        "",
        "[defaults]                                # optional: a dose this exercise needs",
        "# seconds = 30",
        "",
        "[[faq]]",
        _key("question", "TODO: a question a lifter would ask?"),
        _key("answer", "TODO: a direct answer."),
        "",
    ]
    return "\n".join(lines)


def new_card(
    name: str, into: Path, primary: Sequence[str] = (), equipment: Sequence[str] | None = None, force: bool = False
) -> Path:
    name = " ".join(name.split())
    problem = control_problem(name)
    if problem is not None:
        raise PlannerError(f"NAME: {problem}")
    exercise_id = make_id(name)
    if not exercise_id:
        raise PlannerError(f"{name!r}: a name needs letters or digits to make an id from")
    check_id(exercise_id, name, "NAME")
    folder = card_folder(into)
    check_writable(folder)
    path = folder / f"{exercise_id}.toml"
    atomic_write_text(path, skeleton(name, primary, equipment), overwrite=force)
    return path
