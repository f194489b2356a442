"""Another app's exercise names ("Bench Press (Barbell)") as planner exercise ids, and the
mapping file a person reviews for the names planner cannot match.

A name matches a card when its words (plurals folded, the part in brackets being the
equipment) are the words of the card's name, id or an alias, with or without the card's
equipment words: "Bench Press (Barbell)" is barbell-bench-press, "Lat Pulldown (Cable)" is
lat-pulldown, "Pull Up" is pull-up. A name that matches no card, or more than one, is
left for the mapping file:

    # the planner exercise for each name in strong.csv ...
    "Bench Press (Barbell)" = "barbell-bench-press"
    "Running (Treadmill)" = ""          # no match: an id, or "skip" to leave it out
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path

from planner.errors import PlannerError, close_matches
from planner.records import Card
from planner.structs import struct

SKIP = "skip"
_WORD = re.compile(r"[a-z0-9]+")
NOISE = {
    "bodyweight",
    "body",
    "weight",
    "assisted",
    "weighted",
    "machine",
    "other",
}  # bracketed words that name no equipment of a card


def words(text: str) -> frozenset[str]:
    return frozenset(_fold(w) for w in _WORD.findall(text.lower().replace("-", " ")))


def _fold(word: str) -> str:
    """Plurals as singulars, on both sides alike ("biceps" and "bicep", "raises" and "raise")."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


@struct(frozen=True)
class Match:
    exercise: str | None  # None: no card, or more than one
    candidates: tuple[str, ...] = ()


def match(name: str, cards: Mapping[str, Card]) -> Match:
    """The card a name stands for, when exactly one fits."""
    outer, _, inner = name.partition("(")
    base = words(outer)
    equipment = words(inner) - NOISE
    full = base | equipment
    exact, with_kit = [], []
    for card in cards.values():
        kit = frozenset(w for e in card.equipment for w in words(e.replace("_", " ")))
        for text in (card.name, card.id, *card.aliases):
            found = words(text)
            if found == full or (found | kit) == full:
                exact.append(card.id)
                break
            if found == base and (not equipment or equipment & kit):
                with_kit.append(card.id)
                break
    for found_ids in (exact, with_kit):
        unique = sorted(set(found_ids))
        if len(unique) == 1:
            return Match(unique[0])
        if unique:
            return Match(None, tuple(unique[:5]))
    return Match(None)


@struct
class Names:
    """Each name's exercise id (or SKIP), and where each came from."""

    ids: dict[str, str]
    matched: list[str]  # found by planner
    from_file: list[str]  # set in the mapping file
    missing: list[str]  # neither


def resolve(names: list[str], cards: Mapping[str, Card], mapping: Path) -> Names:
    given = read_mapping(mapping, cards) if mapping.exists() else {}
    out = Names({}, [], [], [])
    for name in names:
        if given.get(name):
            out.ids[name] = given[name]
            out.from_file.append(name)
            continue
        found = match(name, cards)
        if found.exercise is not None:
            out.ids[name] = found.exercise
            out.matched.append(name)
        else:
            out.missing.append(name)
    return out


MAX_NAMES_BYTES = 4 * 1024 * 1024  # a line per exercise name


def read_mapping(path: Path, cards: Mapping[str, Card]) -> dict[str, str]:
    from planner.userfiles import BadFile, read_toml

    try:
        data = read_toml(path, MAX_NAMES_BYTES, "names file")  # bounded, never a pipe
    except BadFile as e:
        raise PlannerError(f"{e.path}{f':{e.line}' if e.line else ''}: not a names file: {e.problem}") from None
    out = {}
    for name, value in data.items():
        if not isinstance(value, str):
            raise PlannerError(f'{path}: "{name}": an exercise id, "skip" or "" (to fill in)')
        value = value.strip()
        if value and value != SKIP and value not in cards:
            hint = close_matches(value, list(cards))
            also = f"; did you mean {', '.join(repr(h) for h in hint)}?" if hint else ""
            raise PlannerError(f'{path}: "{name}": unknown exercise {value!r}{also} (`planner list` shows the ids)')
        out[name] = value
    return out


def _line(name: str, ids: Mapping[str, str], counts: Mapping[str, int], cards: Mapping[str, Card]) -> str:
    """ "Plank" = ""  # 5 sets; no match: perhaps front-plank, side-plank"""
    value = ids.get(name, "")
    comment = f"{counts.get(name, 0)} sets"
    if not value:
        found = match(name, cards)
        near = list(found.candidates) or close_matches(
            name.split("(")[0].strip().lower().replace(" ", "-"), list(cards)
        )
        comment += f"; no match{': perhaps ' + ', '.join(near) if near else ''}"
    return f"{json.dumps(name, ensure_ascii=False)} = {json.dumps(value)}  # {comment}"


def mapping_text(
    names: list[str],
    ids: Mapping[str, str],
    counts: Mapping[str, int],
    source: str,
    file: str,
    cards: Mapping[str, Card],
) -> str:
    """The names file: every name with its exercise (blank where none was found)."""
    lines = [
        f"# planner log import: the planner exercise each name in {file} is logged as.",
        '# Set every "" to an exercise id (`planner list --search WORDS` finds one), or to "skip" to',
        "# leave that exercise's sets out, then import again. Names planner matched are here too:",
        f"# change any that is wrong. ({source} names; the number of sets after each.)",
        "",
    ]
    lines.extend(_line(name, ids, counts, cards) for name in names)
    return "\n".join(lines) + "\n"


def added_lines(
    text: str, names: list[str], ids: Mapping[str, str], counts: Mapping[str, int], cards: Mapping[str, Card]
) -> str:
    """An existing names file with the names it lacks added at its end (what a person wrote stays)."""
    try:
        have = set(tomllib.loads(text))
    except tomllib.TOMLDecodeError:
        have = set()
    new = [n for n in names if n not in have]
    if not new:
        return text
    more = [
        f"{json.dumps(n, ensure_ascii=False)} = {json.dumps(ids.get(n, ''))}  # {counts.get(n, 0)} sets" for n in new
    ]
    return text.rstrip("\n") + "\n" + "\n".join(more) + "\n"
