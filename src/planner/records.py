"""The records planner works on in memory: cards, tempos and plans, as plain classes.

Why not the pydantic models: composing a 6-day, 8-week plan takes less time than Python
takes to import pydantic's BaseModel and build the models' classes, so `planner plan` and
`planner list` (with the library's index warm) never import pydantic; commands that open a
plan file (`stats`, `swap`, `export`, `progress`) check it with pydantic first. What these
records hold has been checked already: cards were validated against `models.Exercise`
when the library was read (or indexed), plan files against `models.Plan` when they were
opened, options by `plan_inputs` below, and what composition builds is built from those.
The pydantic models stay the one description of the files people write (and their JSON
Schemas); tests/test_records.py keeps the fields here and there the same.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cached_property, lru_cache
from typing import Any, TypeVar

from planner.errors import PlannerError
from planner.structs import asdict, field, fields, struct
from planner.structs import replace as replace  # what the engine copies records with

# ---------------------------------------------------------------------------- tempo


@struct(frozen=True)
class Tempo:
    """Four phases of one rep, in seconds (docs/coaching.md rule 15): lowering, pause in the
    stretched position, lifting (None = "X", as fast as good form allows), pause in the
    contracted position."""

    eccentric: int
    bottom_pause: int
    concentric: int | None
    top_pause: int

    @staticmethod
    def parse(text: str) -> Tempo:
        """ "3-1-X-0", "31X0" or "3 1 X 0"; ValueError saying what is wrong otherwise."""
        return _parse_tempo(text)

    @property
    def rep_seconds(self) -> int:
        """Seconds one rep takes; X counts as 1 s (docs/coaching.md, estimating time)."""
        return self.eccentric + self.bottom_pause + (1 if self.concentric is None else self.concentric) + self.top_pause

    def __str__(self) -> str:
        lift = "X" if self.concentric is None else str(self.concentric)
        return f"{self.eccentric}-{self.bottom_pause}-{lift}-{self.top_pause}"

    def in_words(self) -> str:
        parts = [f"{self.eccentric} s down" if self.eccentric else "drop under control"]
        if self.bottom_pause:
            parts.append(f"{self.bottom_pause} s pause in the stretch")
        parts.append("up fast" if self.concentric is None else f"{self.concentric} s up")
        if self.top_pause:
            parts.append(f"{self.top_pause} s squeeze at the top")
        return ", ".join(parts)


_TEMPO_SPLIT = re.compile(r"[-\s/:.]+")
_TEMPO_PART = re.compile(r"\d|X")


@lru_cache(maxsize=512)  # a plan estimates the same few tempos thousands of times
def _parse_tempo(text: str) -> Tempo:
    clean = text.strip().upper()
    parts = _TEMPO_SPLIT.split(clean) if "-" in text or " " in text else list(clean)
    if len(parts) != 4 or not all(_TEMPO_PART.fullmatch(p) for p in parts):
        raise ValueError(f"tempo {text!r} must be four digits like 3-1-X-0 (lower, pause, lift, pause)")
    if "X" in (parts[0], parts[1], parts[3]):
        raise ValueError(f"tempo {text!r}: X (as fast as possible) belongs only in the third, lifting, slot")
    tempo = Tempo(int(parts[0]), int(parts[1]), None if parts[2] == "X" else int(parts[2]), int(parts[3]))
    if tempo.rep_seconds > 10:
        raise ValueError(f"tempo {text!r} makes one rep last {tempo.rep_seconds} s; keep it at 10 s or less")
    return tempo


def check_tempo(value: str | None) -> str | None:
    """A tempo in its canonical spelling ("31x0" -> "3-1-X-0"); ValueError when it is not one."""
    return None if value is None else str(Tempo.parse(value))


# ---------------------------------------------------------------------------- cards

PROSE_FIELDS = ("description", "instructions", "tips", "faq")


@struct(frozen=True)
class Limits:
    """How far the no-load progressions may take an exercise."""

    eccentric_max_s: int = 4
    pause_max_s: int = 2
    reps_max: int | None = None
    seconds_max: int | None = None
    meters_max: int | None = None


@struct(frozen=True)
class Defaults:
    """A prescription an exercise needs instead of its block's (a hold's seconds, a carry's meters)."""

    sets: int | None = None
    reps: int | None = None
    seconds: int | None = None
    meters: int | None = None
    tempo: str | None = None
    rest_seconds: int | None = None


@struct(frozen=True)
class Faq:
    question: str
    answer: str


class Card:
    """One exercise card, validated when it was read (models.Exercise checks card files).

    The library's index keeps cards without their prose, so a card from `Library.exercises`
    has no description, instructions, tips or faq: reading one raises AttributeError rather
    than giving an empty text. `Library.get` gives the card in full."""

    # the card file's fields, in the order models.Exercise declares them
    FIELDS = (
        "id", "name", "aliases", "summary", "primary_muscles", "secondary_muscles", "equipment", "pattern",
        "mechanic", "laterality", "level", "position", "blocks", "measure", "loads_spine", "peak_contraction",
        "plyometric", "uses_rir", "rep_floor", "hard_set_muscles", "finisher_formats", "stresses", "easier", "harder", "more_range", "description", "instructions", "tips", "limits", "defaults", "faq",
        "source", "license", "inferred",
    )  # fmt: skip

    id: str
    name: str
    aliases: list[str]
    summary: str
    primary_muscles: list[str]
    secondary_muscles: list[str]
    equipment: list[str]
    pattern: str
    mechanic: str
    laterality: str
    level: str
    position: str
    blocks: list[str]
    measure: str
    loads_spine: bool
    peak_contraction: bool
    plyometric: bool
    uses_rir: bool
    rep_floor: int | None
    hard_set_muscles: list[str]
    finisher_formats: list[str]
    stresses: list[str]
    easier: list[str]
    harder: list[str]
    more_range: str | None
    description: str
    instructions: list[str]
    tips: list[str]
    limits: Limits
    defaults: Defaults
    faq: list[Faq]
    source: str | None
    license: str | None
    inferred: list[str]

    def __init__(self, data: Mapping[str, Any]) -> None:
        """From validated card data (models.Exercise.model_dump), with or without the prose."""
        # one dict update: at ten thousand cards, setting attributes one by one shows
        self.__dict__.update(data)
        self.limits = Limits(**data.get("limits", {}))
        self.defaults = Defaults(**data.get("defaults", {}))
        if "faq" in data:
            self.faq = [Faq(**qa) for qa in data["faq"]]

    def __repr__(self) -> str:
        return f"Card({self.id!r})"

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        return isinstance(other, Card) and self.id == other.id and self.to_data() == other.to_data()

    __hash__ = None  # type: ignore[assignment]  # mutable-looking and compared by value

    def to_data(self) -> dict[str, Any]:
        """The card as JSON-ready data, in file order (what `planner show --json` prints)."""
        out: dict[str, Any] = {}
        for name in self.FIELDS:
            if name not in self.__dict__:
                continue
            value = self.__dict__[name]
            if name == "faq":
                value = [asdict(qa) for qa in value]
            elif name in ("limits", "defaults"):
                value = asdict(value)
            out[name] = value
        return out

    # -- derived facts used by filters and the planner

    @property
    def muscles(self) -> set[str]:
        return set(self.primary_muscles) | set(self.secondary_muscles)

    @property
    def per_side(self) -> bool:
        """Doses count per side: one side at a time, or sides taking turns rep by rep (a
        timed alternating drill such as high knees is just timed)."""
        return self.laterality == "unilateral" or (self.laterality == "alternating" and self.measure == "reps")

    @cached_property  # asked for every candidate of every step while a week is filled
    def loaded(self) -> bool:
        from planner.vocab import builtin_vocab

        vocab = builtin_vocab()
        return any(vocab.is_loaded(e) for e in self.equipment)

    def available_with(self, equipment: set[str] | frozenset[str]) -> bool:
        return set(self.equipment) <= equipment


# ---------------------------------------------------------------------------- plans

GOALS = ("general", "strength", "hypertrophy", "endurance")  # the built-in ones; goals.toml may add more
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
BLOCK_FORMATS = ("straight", "superset", "circuit", "emom", "tabata", "amrap", "carry")
# the numeric plan settings and the ranges they may take (models.PlanInputs uses the same)
INPUT_RANGES = {"days": (2, 6), "minutes": (15, 180), "weeks": (1, 52), "deload_every": (3, 8)}
UNITS = ("kg", "lb")

R = TypeVar("R")


@struct(kw_only=True)
class PlanInputs:
    """What a plan was made from. The same inputs and seed always give the same plan."""

    days: int = 3
    on: list[str] = field(default_factory=list)
    minutes: int = 45
    equipment: list[str] = field(default_factory=lambda: ["bodyweight"])
    goal: str = "general"
    level: str = "beginner"
    focus: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    weeks: int = 4
    progression: str = "mixed"
    deload_every: int | None = None  # every Nth week is a deload; None: by level (rule 33)
    seed: int = 1
    start: str | None = None
    units: str = "kg"
    lifts: dict[str, str] | None = None  # exercise id -> a known lift, "24 kg x 10" (week 1's loads)
    kit: dict[str, Any] | None = None  # the person's bar, plates, dumbbells...: loads.py's KIT_KEYS
    extra: dict[str, Any] = field(default_factory=dict, repr=False)  # fields a person added to a plan file


@struct(kw_only=True)
class Item:
    """One exercise in a block, with its prescription."""

    exercise: str
    name: str
    sets: int
    reps: int | None = None
    seconds: int | None = None
    meters: int | None = None
    per_side: bool = False
    tempo: str | None = None
    rest_seconds: int = 0
    rir: int | None = None
    load: str | None = None  # what to lift: "22.5 kg", or how to choose it when nothing is known
    ramp: list[str] = field(default_factory=list)  # lighter sets before the working sets (rule 30)
    change: str | None = None
    note: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def dose(self) -> str:
        """ "3 x 10", "3 x 30 s", "4 x 40 m", with "/side" where it applies."""
        amount = f"{self.reps}" if self.reps else f"{self.seconds} s" if self.seconds else f"{self.meters} m"
        return f"{self.sets} x {amount}{'/side' if self.per_side else ''}"


@struct(kw_only=True)
class Block:
    kind: str
    format: str = "straight"
    minutes: float = 0
    rounds: int | None = None
    items: list[Item] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@struct(kw_only=True)
class Session:
    day: str
    date: str | None = None
    title: str
    template: str = ""
    minutes: float = 0
    blocks: list[Block] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@struct(kw_only=True)
class Week:
    number: int
    deload: bool = False
    sessions: list[Session] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@struct(kw_only=True)
class Warning:
    """A soft target the plan does not reach (docs/coaching.md, section 0): the rule, what it
    is about, the figure wanted and the figure reached, and a hint the engine has checked."""

    rule: int
    subject: str
    wanted: str
    reached: str
    hint: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    def __str__(self) -> str:
        hint = f"; {self.hint}" if self.hint else ""
        return f"rule {self.rule}: {self.subject}: {self.reached}, wanted {self.wanted}{hint}"


@struct(kw_only=True)
class Plan:
    schema_version: int = 1
    id: str = ""
    inputs: PlanInputs = field(default_factory=PlanInputs)
    split: str = ""
    weeks: list[Week] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    def session(self, week: int, day: str) -> Session:
        for w in self.weeks:
            if w.number == week:
                for s in w.sessions:
                    if s.day == day:
                        return s
        raise PlannerError(
            f"no session on {day} in week {week}; the plan has weeks 1-{len(self.weeks)} on "
            f"{', '.join(s.day for s in self.weeks[0].sessions) if self.weeks else 'no days'}"
        )


# each record's fields in the order files are written in (the order models.py declares them)
_ORDER: dict[type, tuple[str, ...]] = {
    kind: tuple(name for name in fields(kind) if name != "extra")
    for kind in (PlanInputs, Item, Block, Session, Week, Warning, Plan)
}
_NESTED: dict[tuple[type, str], type] = {
    (Plan, "inputs"): PlanInputs,
    (Plan, "weeks"): Week,
    (Plan, "warnings"): Warning,
    (Week, "sessions"): Session,
    (Session, "blocks"): Block,
    (Block, "items"): Item,
}


def to_data(record: Any) -> Any:
    """A plan record as plain data, fields in file order, then the fields a person added."""
    order = _ORDER.get(type(record))
    if order is None:
        if isinstance(record, list):
            return [to_data(v) for v in record]
        return record
    out = {name: to_data(getattr(record, name)) for name in order}
    out.update(record.extra)
    return out


def from_data(kind: type[R], data: Mapping[str, Any]) -> R:
    """A plan record from data already checked against its model (models.Plan and the rest);
    fields planner does not know go to `extra` and are written back out."""
    known: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    order = _ORDER[kind]
    for key, value in data.items():
        if key not in order:
            extra[key] = value
            continue
        nested = _NESTED.get((kind, key))
        if nested is not None:
            value = [from_data(nested, v) for v in value] if isinstance(value, list) else from_data(nested, value)
        known[key] = value
    return kind(**known, extra=extra)  # type: ignore[call-arg]  # every record kind has `extra`


# ---------------------------------------------------------------------------- plan inputs


def check_weekdays(days: list[str]) -> list[str]:
    out: list[str] = []
    for day in days:
        key = day.strip().lower()[:3]
        if key not in WEEKDAYS:
            raise ValueError(f"unknown weekday {day!r}; use mon, tue, wed, thu, fri, sat, sun")
        if key in out:
            raise ValueError(f"{key} is listed twice")
        out.append(key)
    if len(out) > 6:
        raise ValueError("at most 6 training days: a week needs at least one rest day (docs/coaching.md rule 12)")
    return sorted(out, key=WEEKDAYS.index)


def check_goal(goal: str) -> str:
    """A goal's name in canonical form; which goals exist is the templates' business (a
    library folder may add its own), checked when the plan is made."""
    key = goal.strip().lower()
    if not re.fullmatch(r"[a-z][a-z0-9_-]{0,39}", key):
        raise ValueError(f"goal {goal!r} must be one word, e.g. {', '.join(GOALS)}")
    return key


def check_level(level: str) -> str:
    """A level word (or alias) as its id; the vocabulary says which words there are."""
    from planner.vocab import builtin_vocab

    try:
        return builtin_vocab().levels.resolve(level)
    except PlannerError as e:
        raise ValueError(e.message) from None


# the dates a plan may start on: every later date of the longest plan stays well inside
# what calendars and Python's dates hold
START_RANGE = ("1900-01-01", "9900-12-31")
SEED_MAX = 2**63 - 1  # a TOML integer holds no more


def check_start(start: str | None) -> str | None:
    if start is None:
        return None
    from planner.dates import iso_date

    day = iso_date(start)
    if not START_RANGE[0] <= day <= START_RANGE[1]:
        raise ValueError(f"start date {day} is out of range; use a date from {START_RANGE[0]} to {START_RANGE[1]}")
    return day


class InputError(ValueError):
    """A plan setting that is wrong: `key` names it, the message says what would be right."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def plan_inputs(values: Mapping[str, Any]) -> PlanInputs:
    """Plan settings (options, a profile file or a plan file's [inputs]) checked and put in
    their canonical form; InputError names the first setting that is wrong. Equipment, level
    and focus words are resolved against the vocabulary by the caller, which knows the option."""
    known = _ORDER[PlanInputs]
    out: dict[str, Any] = {}
    for key, value in sorted(values.items(), key=lambda kv: kv[0] == "lifts"):  # lifts read the units
        if key not in known:
            continue
        try:
            out[key] = _check_input(key, value, out.get("units", "kg"))
        except ValueError as e:
            raise InputError(key, str(e)) from None
    return PlanInputs(**out, extra={k: v for k, v in values.items() if k not in known})


def _check_input(key: str, value: Any, units: str) -> Any:
    if value is None and key in ("deload_every", "lifts", "kit"):
        return None
    if key in ("lifts", "kit"):
        from planner.loads import check_kit, check_lifts

        return check_lifts(value, units) if key == "lifts" else check_kit(value)
    if key in INPUT_RANGES:
        lo, hi = INPUT_RANGES[key]
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("must be a whole number")
        if not lo <= value <= hi:
            raise ValueError(f"must be from {lo} to {hi}, not {value}")
        return value
    if key == "seed":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("must be a whole number")
        if not 0 <= value <= SEED_MAX:
            raise ValueError(f"must be from 0 to {SEED_MAX}, not {value}")
        return value
    if key == "units":
        if not isinstance(value, str) or value.strip().lower() not in UNITS:
            raise ValueError(f"must be one of: {', '.join(UNITS)}")
        return value.strip().lower()
    if key in ("on", "equipment", "focus", "exclude"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError("must be a list of words")
        return check_weekdays(value) if key == "on" else list(value)
    if not isinstance(value, str):
        if key == "start" and value is None:
            return None
        raise ValueError("must be text")
    if key == "goal":
        return check_goal(value)
    if key == "level":
        return check_level(value)
    if key == "start":
        return check_start(value)
    return value
