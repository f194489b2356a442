"""Loads a person can actually lift: their kit (bar, plate pairs, dumbbells, kettlebells, a
machine's stack), every load rounded to one the kit makes, the plates per side of a barbell
load, and Epley's estimate of the one-rep maximum (docs/coaching.md, rule 28).

The kit's defaults are data (kit.toml, a well-stocked gym in kg and in lb); a profile's
[kit] table replaces any of its keys. Pure functions: nothing here reads a plan or a log.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.structs import struct

if TYPE_CHECKING:
    from planner.records import Card

UNITS = ("kg", "lb")
KG_PER_LB = 0.45359237
BARS = ("barbell", "trap_bar", "ez_bar")  # loaded with plates on both sleeves
STACKS = ("machine", "cable")
OTHER = ("sandbag", "medicine_ball", "sled", "landmine")  # a load rounded to other_step
EPS = 1e-6


# ---------------------------------------------------------------------------- numbers


def num(value: float) -> str:
    """A load as people write it: 20, 22.5, 1.25 (at most two decimals, no trailing zeros)."""
    text = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def convert(value: float, unit: str, to: str) -> float:
    if unit == to:
        return value
    return value * KG_PER_LB if to == "kg" else value / KG_PER_LB


def unit_word(text: str) -> str | None:
    """kg, lb, lbs, kgs, pounds, kilos ... as kg or lb; None for anything else."""
    word = text.strip().lower()
    if word in ("kg", "kgs", "kilo", "kilos", "kilogram", "kilograms"):
        return "kg"
    if word in ("lb", "lbs", "pound", "pounds", "#"):
        return "lb"
    return None


def e1rm(load: float, reps: float, rir: float = 0) -> float:
    """Epley's one-rep maximum, counting the reps left in reserve as reps that could have been
    done: load x (1 + (reps + RIR) / 30)."""
    return load * (1 + (reps + rir) / 30)


def load_for(one_rep_max: float, reps: float, rir: float) -> float:
    """The load that leaves `rir` in reserve after `reps`, by the same estimate."""
    return one_rep_max / (1 + (reps + rir) / 30)


EPLEY = "Epley: load x (1 + (reps + RIR) / 30)"


# ---------------------------------------------------------------------------- the kit


@struct
class Kit:
    """What there is to lift, in one unit."""

    unit: str
    bars: Mapping[str, float]
    plates: tuple[float, ...]  # one entry per pair
    dumbbells: tuple[float, ...]
    kettlebells: tuple[float, ...]
    stack_step: float
    stack_max: float
    other_step: float

    def loads(self, implement: str, bar: str = "barbell") -> tuple[float, ...] | None:
        """Every load the implement can take, lightest first; None where any multiple of
        other_step will do."""
        if implement == "barbell":
            return _bar_loads(self.bars[bar], self.plates)
        if implement == "dumbbell":
            return tuple(sorted(set(self.dumbbells)))
        if implement == "kettlebell":
            return tuple(sorted(set(self.kettlebells)))
        if implement == "stack":
            count = int(self.stack_max / self.stack_step + EPS)
            return tuple(round(self.stack_step * k, 6) for k in range(1, count + 1))
        return None

    def nearest(self, implement: str, target: float, bar: str = "barbell", how: str = "down") -> float:
        """The loadable load closest to `target`: at or below it ("down"), at or above ("up"),
        or either ("nearest"); the lightest or heaviest there is past the ends."""
        loads = self.loads(implement, bar)
        if loads is None:
            step = self.other_step
            rounder = {"down": math.floor, "up": math.ceil}.get(how, round)
            return max(step, rounder(target / step + (EPS if how == "down" else -EPS if how == "up" else 0)) * step)
        if how == "nearest":
            return min(loads, key=lambda w: (abs(w - target), w))
        if how == "up":
            return next((w for w in loads if w >= target - EPS), loads[-1])
        return next((w for w in reversed(loads) if w <= target + EPS), loads[0])

    def up(self, implement: str, load: float, step: float, bar: str = "barbell") -> float | None:
        """The lightest load at least `step` heavier, or None at the top of the kit."""
        loads = self.loads(implement, bar)
        if loads is None:
            return self.nearest(implement, load + step, bar, "up")
        return next((w for w in loads if w >= load + step - EPS), None)

    def down(self, implement: str, load: float, step: float, bar: str = "barbell") -> float | None:
        """The heaviest load at least `step` lighter, or None at the bottom of the kit."""
        loads = self.loads(implement, bar)
        if loads is None:
            lighter = self.nearest(implement, load - step, bar, "down")
            return lighter if lighter < load - EPS else None
        return next((w for w in reversed(loads) if w <= load - step + EPS), None)

    def per_side(self, total: float, bar: str = "barbell") -> list[float] | None:
        """The plates on each sleeve for `total` on this bar (fewest plates, heaviest first),
        or None when the kit cannot make it."""
        return _plates(round((total - self.bars[bar]) / 2, 6), self.plates)


@cache
def _bar_loads(bar: float, plates: tuple[float, ...]) -> tuple[float, ...]:
    sums = {0.0}
    for plate in plates:
        sums |= {round(s + plate, 6) for s in sums}
    return tuple(sorted(round(bar + 2 * s, 6) for s in sums))


@cache
def _plates(side: float, plates: tuple[float, ...]) -> list[float] | None:
    """Fewest plates (from the pairs there are) that make `side`, heaviest first."""
    if side < -EPS:
        return None
    best: dict[float, tuple[float, ...]] = {0.0: ()}
    for plate in sorted(plates, reverse=True):
        for total, used in list(best.items()):
            new = round(total + plate, 6)
            if new <= side + EPS and (new not in best or len(best[new]) > len(used) + 1):
                best[new] = (*used, plate)
    found = best.get(round(side, 6))
    return None if found is None else list(found)


@cache
def default_kits() -> dict[str, dict[str, Any]]:
    from planner.toml_memo import read_toml_kept
    from planner.userfiles import MAX_TEMPLATE_BYTES

    return read_toml_kept(Path(__file__).parent / "kit.toml", MAX_TEMPLATE_BYTES, "kit file")


KIT_KEYS = ("units", "bar", "plates", "dumbbells", "kettlebells", "stack_step", "stack_max", "other_step")


def check_kit(data: Any) -> dict[str, Any]:
    """A profile's [kit] table, checked and in canonical form (numbers as floats, bars as a
    table); ValueError naming the key that is wrong."""
    if not isinstance(data, Mapping):
        raise ValueError("must be a table, e.g. kit = { bar = 20, plates = [20, 10, 5, 2.5] }")
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in KIT_KEYS:
            raise ValueError(f"{key}: not a kit key; use {', '.join(KIT_KEYS)}")
        if key == "units":
            unit = unit_word(value) if isinstance(value, str) else None
            if unit is None:
                raise ValueError("units: must be kg or lb")
            out[key] = unit
        elif key == "bar":
            bars = value if isinstance(value, Mapping) else {"barbell": value}
            for name in bars:
                if name not in BARS:
                    raise ValueError(f"bar.{name}: not a bar; use {', '.join(BARS)}")
            out[key] = {name: _positive(f"bar.{name}", weight, zero=True) for name, weight in bars.items()}
        elif key in ("plates", "dumbbells", "kettlebells"):
            if not isinstance(value, list) or not value:
                raise ValueError(f"{key}: must be a list of weights, e.g. [20, 10, 5, 2.5]")
            out[key] = [_positive(f"{key}[{n}]", w) for n, w in enumerate(value)]
        else:
            out[key] = _positive(key, value)
    return out


def _positive(where: str, value: Any, zero: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{where}: must be a number, not {value!r}")
    if value < 0 or (value == 0 and not zero) or value > 1000:
        raise ValueError(f"{where}: {value:g} is not a weight (more than 0, at most 1000)")
    return float(value)


def kit_for(unit: str, given: Mapping[str, Any] | None = None) -> Kit:
    """The kit in `unit`: the defaults for that unit with the profile's keys on top (a
    profile's kit written in the other unit is converted)."""
    return _kit(unit, tuple(sorted((k, _frozen(v)) for k, v in (given or {}).items())))


def _frozen(value: Any) -> Any:
    if isinstance(value, Mapping):
        return tuple(sorted(value.items()))
    if isinstance(value, list):
        return tuple(value)
    return value


@cache
def _kit(unit: str, given: tuple[tuple[str, Any], ...]) -> Kit:
    data = dict(given)
    written = data.pop("units", unit)
    base = default_kits()[unit]

    def value(key: str) -> Any:
        if key not in data:
            return base[key]
        raw = data[key]
        if key == "bar":
            return {k: convert(v, written, unit) for k, v in dict(raw).items()}
        if isinstance(raw, tuple):
            return [convert(v, written, unit) for v in raw]
        return convert(raw, written, unit)

    bars = {**base["bar"], **value("bar")} if "bar" in data else base["bar"]
    return Kit(
        unit=unit,
        bars={k: float(v) for k, v in bars.items()},
        plates=tuple(float(p) for p in value("plates")),
        dumbbells=tuple(float(d) for d in value("dumbbells")),
        kettlebells=tuple(float(k) for k in value("kettlebells")),
        stack_step=float(value("stack_step")),
        stack_max=float(value("stack_max")),
        other_step=float(value("other_step")),
    )


# ---------------------------------------------------------------------------- exercises


def implement(card: Card) -> tuple[str, str] | None:
    """(how the exercise is loaded, which bar) for a card: barbell, dumbbell, kettlebell,
    stack or other; None for what takes no load in numbers (body weight, a band)."""
    equipment = card.equipment
    for bar in BARS:
        if bar in equipment:
            return "barbell", bar
    for name, kind in (("dumbbell", "dumbbell"), ("kettlebell", "kettlebell")):
        if name in equipment:
            return kind, ""
    if any(e in STACKS for e in equipment):
        return "stack", ""
    if any(e in OTHER for e in equipment):
        return "other", ""
    return None


def load_text(value: float, kit: Kit, how: tuple[str, str] | None) -> str:
    """ "62.5 kg (20 + 1.25 a side)" on a bar, "22 kg" on anything else."""
    text = f"{num(value)} {kit.unit}"
    if how is None or how[0] != "barbell":
        return text
    if abs(value - kit.bars[how[1]]) < EPS:
        return f"{text} (empty bar)"
    plates = kit.per_side(value, how[1])
    if not plates:
        return text
    return f"{text} ({' + '.join(num(p) for p in plates)} a side)"


_PLANNED = re.compile(r"^(\d+(?:\.\d+)?) (kg|lb)\b")


def planned_load(text: str | None) -> tuple[float, str] | None:
    """The load a plan's load text starts with ("24 kg", "62.5 kg (20 + 1.25 a side)", "26 kg
    if every set ...") as (value, unit); None for a text that names no load ("choose: ...")."""
    found = _PLANNED.match(text or "")
    return None if found is None else (float(found[1]), found[2])


# ---------------------------------------------------------------------------- known lifts

_LIFT = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*([a-z#]*)\s*[x×*]\s*(\d+)\s*$", re.IGNORECASE)


def parse_lift(text: Any, unit: str) -> tuple[float, str, int]:
    """A known lift, "24 kg x 10" (a unit left out is the plan's), as (load, unit, reps);
    ValueError saying what a lift looks like."""
    found = _LIFT.match(text) if isinstance(text, str) else None
    if found is None:
        raise ValueError(f'{text!r} is not a lift; write the load and the reps, e.g. "24 kg x 10"')
    word = unit_word(found[2]) if found[2] else unit
    if word is None:
        raise ValueError(f"{text!r}: {found[2]!r} is not a unit; use kg or lb")
    load, reps = float(found[1].replace(",", ".")), int(found[3])
    if not 0 < load <= 1000 or not 1 <= reps <= 50:
        raise ValueError(f"{text!r}: a load from 0 to 1000 and 1 to 50 reps")
    return load, word, reps


def check_lifts(data: Any, unit: str = "kg") -> dict[str, str]:
    """A profile's [lifts] table (exercise id = "load x reps"), in canonical form."""
    if not isinstance(data, Mapping):
        raise ValueError('must be a table of exercise id = "load x reps", e.g. goblet-squat = "24 kg x 10"')
    out = {}
    for exercise, text in data.items():
        try:
            load, word, reps = parse_lift(text, unit)
        except ValueError as e:
            raise ValueError(f"{exercise}: {e}") from None
        out[str(exercise)] = f"{num(load)} {word} x {reps}"
    return out
