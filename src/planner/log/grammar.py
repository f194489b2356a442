"""The line a set is logged with at the terminal, and back:

    EXERCISE [LOAD] SET... [LOAD SET...] [@RIR] [# NOTE]

    goblet-squat 24kg 10 10 9 @2        three sets at 24 kg: 10, 10 and 9 reps, 2 in reserve
    bench-press 60kg 3x8 62.5kg 6@1     three sets of 8 at 60 kg, then 6 at 62.5 kg with 1 left
    push-up 15 12 10                    body weight: no load
    plank 45s 40s                       seconds; farmer-carry 32kg 2x40m: metres
    pull-up +10kg 5 5 4 # grip slipped  added weight, and a note

- EXERCISE: the exercise's id, or words of its name ("goblet squat"); the words before the
  first number. When the exercise is already known (a prompt for it) the line starts with
  the load or the sets.
- LOAD: a number and kg or lb ("24kg", "24 kg", "52.5lb"), for the sets after it, until
  the next LOAD; "bw" is body weight again. No LOAD: body weight.
- SET: reps ("10"), seconds ("45s") or metres ("40m"); "3x10" is three sets of 10 (sets x
  reps); "9@1" is a set with its own reps in reserve.
- @RIR: reps in reserve, 0 to 6, for every set that has none of its own (RPE 8 is @2).
- # NOTE: the rest of the line.
"""

from __future__ import annotations

import re

from planner.errors import PlannerError
from planner.log.records import LoggedSet, num3
from planner.structs import struct

MAX_RIR = 6
_JOIN = re.compile(r"(\d)\s+(kgs?|lbs?|s|m)\b", re.IGNORECASE)  # "24 kg" -> "24kg"
_DECIMAL = re.compile(r"(\d),(\d)")  # "22,5kg" -> "22.5kg"
_LOAD = re.compile(r"^\+?(\d+(?:\.\d+)?)(kgs?|lbs?)$")
_RIR = re.compile(r"^@(\d+(?:\.\d+)?)$")
_SET = re.compile(r"^(?:(\d+)[x×])?(\d+(?:\.\d+)?)(s|m)?(?:@(\d+(?:\.\d+)?))?$")
_NUMBERISH = re.compile(r"^[+@]?\d")

GRAMMAR = 'EXERCISE [LOAD] SET... [@RIR] [# NOTE], e.g. "goblet-squat 24kg 10 10 9 @2"'


@struct(frozen=True)
class Line:
    words: list[str]  # the exercise as typed (empty when the line has none)
    sets: list[LoggedSet]
    note: str = ""


def parse(text: str, exercise_given: bool = False) -> Line:
    """A logged line; PlannerError naming the word that is wrong and what would be right."""
    body, _, note = text.partition("#")
    body = _JOIN.sub(r"\1\2", _DECIMAL.sub(r"\1.\2", body.strip()))
    tokens = body.split()
    words: list[str] = []
    while tokens and not _NUMBERISH.match(tokens[0]) and tokens[0].lower() != "bw":
        words.append(tokens.pop(0))
    if exercise_given and words:
        raise PlannerError(f"{' '.join(words)!r}: the exercise is known here; type its load and sets ({GRAMMAR})")
    if not exercise_given and not words:
        raise PlannerError(f"{text.strip()!r}: which exercise? Start the line with it ({GRAMMAR})")
    load: tuple[float, str] | None = None
    sets: list[LoggedSet] = []
    rir_all: float | None = None
    for token in tokens:
        low = token.lower()
        if low == "bw":
            load = None
            continue
        found = _LOAD.match(low)
        if found:
            value = float(found[1])
            if not 0 < value <= 1000:
                raise PlannerError(f"{token!r}: a load is more than 0 and at most 1000")
            load = (round(value, 3), "kg" if found[2].startswith("kg") else "lb")
            continue
        found = _RIR.match(low)
        if found:
            if rir_all is not None:
                raise PlannerError(f"{token!r}: one @RIR for the line (per set: 10@2)")
            rir_all = _rir(found[1], token)
            continue
        found = _SET.match(low)
        if found is None:
            raise PlannerError(f"{token!r}: not a load, a set or @RIR; {GRAMMAR}")
        count = int(found[1]) if found[1] else 1
        if not 1 <= count <= 20:
            raise PlannerError(f"{token!r}: 1 to 20 sets (3x10 is three sets of 10)")
        one = _one_set(token, found[2], found[3], load)
        rir = None if found[4] is None else _rir(found[4], token)
        sets.extend([LoggedSet(**{**one.__dict__, "rir": rir})] * count)
    if not sets:
        raise PlannerError(f"{text.strip()!r}: no sets; give the reps of each set, e.g. 10 10 9 ({GRAMMAR})")
    if rir_all is not None:
        sets = [s if s.rir is not None else LoggedSet(**{**s.__dict__, "rir": rir_all}) for s in sets]
    return Line(words, sets, " ".join(note.split()))


def _one_set(token: str, amount: str, unit: str | None, load: tuple[float, str] | None) -> LoggedSet:
    value = float(amount)
    weight = {} if load is None else {"load": load[0], "unit": load[1]}
    if unit == "s":
        if not 0 < value <= 3600:
            raise PlannerError(f"{token!r}: seconds from 1 to 3600")
        return LoggedSet(**weight, seconds=round(value, 3))  # type: ignore[arg-type]
    if unit == "m":
        if not 0 < value <= 10000:
            raise PlannerError(f"{token!r}: metres from 1 to 10000")
        return LoggedSet(**weight, meters=round(value, 3))  # type: ignore[arg-type]
    if "." in amount or not 1 <= value <= 200:
        raise PlannerError(f"{token!r}: reps are a whole number from 1 to 200 (seconds: 45s, metres: 40m)")
    return LoggedSet(**weight, reps=int(value))  # type: ignore[arg-type]


def _rir(text: str, token: str) -> float:
    value = float(text)
    if value > MAX_RIR:
        rpe = f"; RPE {num3(value)} is @{num3(max(0.0, 10 - value))}" if value <= 10 else ""
        raise PlannerError(f"{token!r}: reps in reserve are 0 to {MAX_RIR}{rpe}")
    if value * 2 != int(value * 2):
        raise PlannerError(f"{token!r}: reps in reserve in whole or half reps (@2, @1.5)")
    return value


def format_sets(sets: list[LoggedSet]) -> str:
    """The sets as a line's load and sets, the shortest way parse() reads back the same:
    "24kg 10 10 9 @2", "60kg 3x8 62.5kg 6@1"."""
    rirs = {s.rir for s in sets}
    shared = next(iter(rirs)) if len(rirs) == 1 and None not in rirs else None
    parts: list[str] = []
    load: tuple[float, str] | None = None
    run: list[LoggedSet] = []

    def flush() -> None:
        if not run:
            return
        same = all(s == run[0] for s in run)
        if same and len(run) > 1:
            parts.append(f"{len(run)}x{_set_text(run[0], shared)}")
        else:
            parts.extend(_set_text(s, shared) for s in run)
        run.clear()

    for s in sets:
        here = None if s.load is None else (s.load, s.unit or "kg")
        if here != load:
            flush()
            parts.append("bw" if here is None else f"{num3(here[0])}{here[1]}")
            load = here
        run.append(s)
    flush()
    if shared is not None:
        parts.append(f"@{num3(shared)}")
    return " ".join(parts)


def _set_text(s: LoggedSet, shared: float | None) -> str:
    if s.reps is not None:
        amount = str(s.reps)
    elif s.seconds is not None:
        amount = f"{num3(s.seconds)}s"
    else:
        amount = f"{num3(s.meters or 0)}m"
    own = f"@{num3(s.rir)}" if s.rir is not None and shared is None else ""
    return amount + own


def format_line(exercise: str, sets: list[LoggedSet], note: str = "") -> str:
    text = f"{exercise} {format_sets(sets)}"
    return f"{text} # {note}" if note else text
