"""pydantic v2 models of the files people write: exercise cards, plan files and their
settings. They check a file when it is read (and give editors a JSON Schema); in memory,
planner works on the plain records of records.py, which hold the same fields. No I/O here:
files are read in library.py and plans.py."""

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from planner.errors import PlannerError
from planner.records import (
    BLOCK_FORMATS,
    INPUT_RANGES,
    SEED_MAX,
    START_RANGE,
    WEEKDAYS,
    check_goal,
    check_level,
    check_start,
    check_tempo,
    check_weekdays,
)
from planner.text import first_control
from planner.userfiles import value_problem
from planner.vocab import Vocabulary, builtin_vocab

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ExerciseId = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class StrictModel(BaseModel):
    # defer_build: schemas are built on first validation, not at import, which keeps
    # commands that read a cached library fast.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


# ---------------------------------------------------------------------------- exercise


def _one(vocabulary: Vocabulary, value: str) -> str:
    try:
        return vocabulary.resolve(value)
    except PlannerError as e:
        raise ValueError(e.message) from None


def _many(vocabulary: Vocabulary, values: list[str]) -> list[str]:
    out = [_one(vocabulary, v) for v in values]
    duplicates = sorted({v for v in out if out.count(v) > 1})
    if duplicates:
        raise ValueError(f"listed twice: {', '.join(duplicates)}")
    return out


class Limits(StrictModel):
    """How far the no-load progressions may take this exercise."""

    eccentric_max_s: int = Field(default=4, ge=0, le=6)
    pause_max_s: int = Field(default=2, ge=0, le=3)
    reps_max: int | None = Field(default=None, ge=1, le=100)
    seconds_max: int | None = Field(default=None, ge=5, le=1800)
    meters_max: int | None = Field(default=None, ge=5, le=2000)

    @model_validator(mode="after")
    def _rep_fits_ten_seconds(self) -> "Limits":
        # at both limits plus a 1 s lift, one rep must still stay within 10 s (rule 15)
        if self.eccentric_max_s + self.pause_max_s + 1 > 10:
            raise ValueError("eccentric_max_s + pause_max_s + 1 s lift must be at most 10 s")
        return self


class Defaults(StrictModel):
    """A prescription the exercise needs instead of its block's (a hold's seconds, a carry's meters)."""

    sets: int | None = Field(default=None, ge=1, le=10)
    reps: int | None = Field(default=None, ge=1, le=100)
    seconds: int | None = Field(default=None, ge=1, le=1800)
    meters: int | None = Field(default=None, ge=1, le=2000)
    tempo: str | None = None
    rest_seconds: int | None = Field(default=None, ge=0, le=600)

    @field_validator("tempo")
    @classmethod
    def _tempo(cls, v: str | None) -> str | None:
        return check_tempo(v)


class Faq(StrictModel):
    question: Text
    answer: Text


class Exercise(StrictModel):
    """One exercise card. The id is the file's stem."""

    id: ExerciseId
    name: Text
    aliases: list[Text] = []
    summary: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    primary_muscles: list[str] = Field(min_length=1)
    secondary_muscles: list[str] = []
    equipment: list[str] = []
    pattern: str
    mechanic: str
    laterality: str
    level: str
    position: str
    blocks: list[str] = Field(min_length=1)
    measure: str = "reps"
    loads_spine: bool = False
    peak_contraction: bool = False
    # What the coach's rules need to know (docs/coaching.md rules 8, 27, 29 and 32). Left
    # out, each is worked out from the fields above (see _derived); shipped cards state them.
    plyometric: bool = False  # jumps, bounds, throws: never for beginners or a tired lower body
    uses_rir: bool | None = None  # reps in reserve make sense (not for holds, carries, jumps)
    rep_floor: int | None = Field(default=None, ge=1, le=30)  # fewest reps a set may have, any goal
    hard_set_muscles: list[str] | None = None  # muscles a working set counts for; [] = none
    finisher_formats: list[str] | None = None  # finisher formats it suits (tabata, amrap, ...)
    stresses: list[str] = []  # joints it loads: lower_back, shoulder, knee, wrist, elbow, hip
    easier: list[ExerciseId] = []
    harder: list[ExerciseId] = []
    more_range: str | None = None
    description: Text
    instructions: list[Text] = Field(min_length=1)
    tips: list[Text] = []
    limits: Limits = Field(default_factory=Limits)
    defaults: Defaults = Field(default_factory=Defaults)
    faq: list[Faq] = []
    source: str | None = None
    license: str | None = None
    # Fields an importer guessed rather than read (`planner import`): a person checks each
    # one and deletes its name from the list. Only names of this model's fields.
    inferred: list[str] = []

    @model_validator(mode="before")
    @classmethod
    def _no_controls(cls, data: Any, info: ValidationInfo) -> Any:
        # an ESC or BEL in a card would reach the terminal of whoever lists it; a reader
        # that has looked at the file's text already says so in the context
        if info.context and info.context.get("no_controls"):
            return data
        bad = first_control(data)
        if bad is not None:
            raise ValueError(f"{bad[0]}: {bad[1]}")
        return data

    @field_validator("inferred")
    @classmethod
    def _inferred(cls, v: list[str]) -> list[str]:
        unknown = [name for name in v if name not in cls.model_fields or name in ("id", "inferred")]
        if unknown:
            raise ValueError(f"{unknown[0]!r} is not a field of a card")
        return v

    @field_validator("primary_muscles", "secondary_muscles")
    @classmethod
    def _muscles(cls, v: list[str]) -> list[str]:
        return _many(builtin_vocab().muscles, v)

    @field_validator("equipment")
    @classmethod
    def _equipment(cls, v: list[str]) -> list[str]:
        return _many(builtin_vocab().equipment, v)

    @field_validator("blocks")
    @classmethod
    def _blocks(cls, v: list[str]) -> list[str]:
        return _many(builtin_vocab().blocks, v)

    @field_validator("pattern")
    @classmethod
    def _pattern(cls, v: str) -> str:
        return _one(builtin_vocab().patterns, v)

    @field_validator("mechanic")
    @classmethod
    def _mechanic(cls, v: str) -> str:
        return _one(builtin_vocab().mechanic, v)

    @field_validator("laterality")
    @classmethod
    def _laterality(cls, v: str) -> str:
        return _one(builtin_vocab().laterality, v)

    @field_validator("level")
    @classmethod
    def _level(cls, v: str) -> str:
        return _one(builtin_vocab().levels, v)

    @field_validator("position")
    @classmethod
    def _position(cls, v: str) -> str:
        return _one(builtin_vocab().positions, v)

    @field_validator("measure")
    @classmethod
    def _measure(cls, v: str) -> str:
        return _one(builtin_vocab().measure, v)

    @field_validator("hard_set_muscles")
    @classmethod
    def _hard_set_muscles(cls, v: list[str] | None) -> list[str] | None:
        return None if v is None else _many(builtin_vocab().muscles, v)

    @field_validator("finisher_formats")
    @classmethod
    def _finisher_formats(cls, v: list[str] | None) -> list[str] | None:
        return None if v is None else _many(builtin_vocab().finisher_formats, v)

    @field_validator("stresses")
    @classmethod
    def _stresses(cls, v: list[str]) -> list[str]:
        return _many(builtin_vocab().joints, v)

    @model_validator(mode="after")
    def _consistent(self) -> "Exercise":
        both = sorted(set(self.primary_muscles) & set(self.secondary_muscles))
        if both:
            raise ValueError(f"secondary_muscles: {', '.join(both)} is already a primary muscle")
        for field_name in ("easier", "harder"):
            if self.id in getattr(self, field_name):
                raise ValueError(f"{field_name}: an exercise cannot be its own variation")
        overlap = sorted(set(self.easier) & set(self.harder))
        if overlap:
            raise ValueError(f"harder: {', '.join(overlap)} is also listed as easier")
        return self._derived()

    def _derived(self) -> "Exercise":
        """The coaching fields a card left out, worked out from the rest; and the ones it
        gave, checked against the rest."""
        worked = set(self.primary_muscles) | set(self.secondary_muscles)
        if self.hard_set_muscles is not None and not set(self.hard_set_muscles) <= worked:
            stray = sorted(set(self.hard_set_muscles) - worked)
            raise ValueError(f"hard_set_muscles: {', '.join(stray)} is not among the card's muscles")
        formats = self.finisher_formats
        if formats:
            if "finisher" not in self.blocks:
                raise ValueError("finisher_formats: the card's blocks do not include finisher")
            if "amrap" in formats and self.measure != "reps":
                raise ValueError("finisher_formats: an AMRAP counts reps, so it needs measure = reps")
            if "carry" in formats and self.measure != "meters":
                raise ValueError("finisher_formats: a carry is measured in meters")
        if self.rep_floor is not None and self.limits.reps_max is not None and self.rep_floor > self.limits.reps_max:
            raise ValueError(f"rep_floor: {self.rep_floor} is above limits.reps_max ({self.limits.reps_max})")
        update: dict[str, Any] = {}
        if self.uses_rir is None:
            update["uses_rir"] = self.measure == "reps" and not self.plyometric
        if self.hard_set_muscles is None:
            update["hard_set_muscles"] = [*self.primary_muscles, *self.secondary_muscles]
        if formats is None:
            update["finisher_formats"] = default_finisher_formats(self.blocks, self.measure)
        if self.loads_spine and "lower_back" not in self.stresses:
            update["stresses"] = ["lower_back", *self.stresses]
        return self.model_copy(update=update) if update else self


def default_finisher_formats(blocks: list[str], measure: str) -> list[str]:
    """What a card that does not say suits: steady formats by its measure, never Tabata,
    which needs an effort that can be all-out (rule 29)."""
    if "finisher" not in blocks:
        return []
    return {"reps": ["circuit", "emom", "amrap"], "seconds": ["circuit", "emom"], "meters": ["carry"]}[measure]


def exercise_json_schema() -> dict[str, Any]:
    """The JSON Schema of a card file, for editors (`planner schema exercise`). A file names
    its id by its file name, so `id` is optional here; the closed vocabularies become enums
    of their ids so that an editor can complete them (aliases are still accepted by planner)."""
    schema = Exercise.model_json_schema()
    schema["required"] = [f for f in schema.get("required", []) if f != "id"]
    vocab = builtin_vocab()
    props = schema["properties"]
    for name, vocabulary in (
        ("pattern", vocab.patterns),
        ("mechanic", vocab.mechanic),
        ("laterality", vocab.laterality),
        ("level", vocab.levels),
        ("position", vocab.positions),
        ("measure", vocab.measure),
    ):
        props[name]["enum"] = list(vocabulary.ids)
    for name, vocabulary in (
        ("primary_muscles", vocab.muscles),
        ("secondary_muscles", vocab.muscles),
        ("equipment", vocab.equipment),
        ("blocks", vocab.blocks),
        ("stresses", vocab.joints),
    ):
        props[name]["items"] = {"type": "string", "enum": list(vocabulary.ids)}
    for name, vocabulary in (("hard_set_muscles", vocab.muscles), ("finisher_formats", vocab.finisher_formats)):
        props[name]["anyOf"][0]["items"] = {"type": "string", "enum": list(vocabulary.ids)}
    props["inferred"]["items"] = {
        "type": "string",
        "enum": [f for f in Exercise.model_fields if f not in ("id", "inferred")],
    }
    return schema


# ---------------------------------------------------------------------------- plans

# What a plan file may hold: enough for the longest plan planner makes, with room for a
# person's edits, and small enough that every command can use whatever passes.
MAX_SESSIONS = 7  # a week
MAX_BLOCKS = 12  # a session
MAX_ITEMS = 40  # a block
MAX_WARNINGS = 500
MAX_TEXT = 10_000  # characters in any one text of a plan file (a note may be long; not a book)
MAX_MINUTES = 24 * 60  # a session or block


def _range(key: str, default: int) -> Any:
    lo, hi = INPUT_RANGES[key]
    return Field(default=default, ge=lo, le=hi)


def _iso_date(value: Any) -> Any:
    """A date a person typed unquoted in TOML, as the text planner keeps (2027-01-04)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    return value


def check_day(value: str) -> str:
    """A session's weekday as planner writes it (mon), read as `--on` and `--day` are:
    "Mon" and "Monday" are mon."""
    key = value.strip().lower()[:3]
    if key not in WEEKDAYS:
        raise ValueError(f"unknown weekday {value!r}; use mon, tue, wed, thu, fri, sat or sun")
    return key


def plan_value_problem(data: Any) -> tuple[str, str] | None:
    """The first value anywhere in a plan file's data (fields planner does not know
    included) that no command can use: a control character, a text longer than
    MAX_TEXT, a number that is not finite or does not fit in TOML. (where, problem)."""
    found = first_control(data)
    if found is not None:
        return found
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((f"{where}.{k}" if where else str(k), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((f"{where}.{n}" if where else str(n), v) for n, v in enumerate(value))
        elif isinstance(value, str):
            if len(value) > MAX_TEXT:
                return where, f"a text of {len(value):,} characters; at most {MAX_TEXT:,}"
        else:
            problem = value_problem(value)
            if problem is not None:
                return where, problem
    return None


class PlanModel(BaseModel):
    """Plan files are edited by people: fields planner does not know are kept, not dropped.
    Numbers must be finite: a plan's minutes go into calendars and JSON."""

    model_config = ConfigDict(extra="allow", defer_build=True, allow_inf_nan=False)


Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Note = Annotated[str, StringConstraints(max_length=MAX_TEXT)]
Minutes = Annotated[float, Field(ge=0, le=MAX_MINUTES)]


class PlanInputs(PlanModel):
    """What a plan was made from. The same inputs and seed always give the same plan."""

    days: int = _range("days", 3)
    on: list[str] = []
    minutes: int = _range("minutes", 45)
    equipment: list[str] = Field(default=["bodyweight"], max_length=100)
    goal: str = "general"
    level: str = "beginner"
    focus: list[str] = Field(default=[], max_length=100)
    exclude: list[str] = Field(default=[], max_length=1000)
    weeks: int = _range("weeks", 4)
    progression: Name = "mixed"
    deload_every: int | None = Field(
        default=None, ge=INPUT_RANGES["deload_every"][0], le=INPUT_RANGES["deload_every"][1]
    )
    seed: int = Field(default=1, ge=0, le=SEED_MAX)
    start: str | None = None
    units: Literal["kg", "lb"] = "kg"
    lifts: dict[str, str] | None = None
    kit: dict[str, Any] | None = None

    @field_validator("lifts")
    @classmethod
    def _lifts(cls, v: dict[str, str] | None, info: ValidationInfo) -> dict[str, str] | None:
        from planner.loads import check_lifts

        return None if v is None else check_lifts(v, info.data.get("units", "kg"))

    @field_validator("kit")
    @classmethod
    def _kit(cls, v: dict[str, Any] | None) -> dict[str, Any] | None:
        from planner.loads import check_kit

        return None if v is None else check_kit(v)

    @field_validator("on")
    @classmethod
    def _weekdays(cls, v: list[str]) -> list[str]:
        return check_weekdays(v)

    @field_validator("goal")
    @classmethod
    def _goal(cls, v: str) -> str:
        return check_goal(v)

    @field_validator("level")
    @classmethod
    def _plan_level(cls, v: str) -> str:
        return check_level(v)

    @field_validator("start", mode="before")
    @classmethod
    def _start_date(cls, v: Any) -> Any:
        return _iso_date(v)

    @field_validator("start")
    @classmethod
    def _start(cls, v: str | None) -> str | None:
        return check_start(v)


class Item(PlanModel):
    """One exercise in a block, with its prescription."""

    exercise: Name
    name: Name
    sets: int = Field(ge=1, le=20)
    reps: int | None = Field(default=None, ge=1, le=200)
    seconds: int | None = Field(default=None, ge=1, le=3600)
    meters: int | None = Field(default=None, ge=1, le=5000)
    per_side: bool = False
    tempo: str | None = None
    rest_seconds: int = Field(default=0, ge=0, le=600)
    rir: int | None = Field(default=None, ge=0, le=6)
    load: Note | None = None
    ramp: list[Note] = Field(default=[], max_length=20)
    change: Note | None = None
    note: Note | None = None

    @field_validator("tempo")
    @classmethod
    def _tempo(cls, v: str | None) -> str | None:
        return check_tempo(v)

    @model_validator(mode="after")
    def _dose(self) -> "Item":
        if self.reps is None and self.seconds is None and self.meters is None:
            raise ValueError("reps: give reps, seconds or meters (what one set is)")
        return self


class Block(PlanModel):
    kind: str
    format: str = "straight"
    minutes: Minutes = 0
    rounds: int | None = Field(default=None, ge=1, le=100)
    items: list[Item] = Field(default=[], max_length=MAX_ITEMS)

    @field_validator("kind")
    @classmethod
    def _kind(cls, v: str) -> str:
        return _one(builtin_vocab().blocks, v)

    @field_validator("format")
    @classmethod
    def _format(cls, v: str) -> str:
        if v not in BLOCK_FORMATS:
            raise ValueError(f"unknown block format {v!r}; use one of: {', '.join(BLOCK_FORMATS)}")
        return v


class Session(PlanModel):
    day: str
    date: str | None = None
    title: Name
    template: Note = ""
    minutes: Minutes = 0
    blocks: list[Block] = Field(default=[], max_length=MAX_BLOCKS)

    @field_validator("day")
    @classmethod
    def _day(cls, v: str) -> str:
        return check_day(v)

    @field_validator("date", mode="before")
    @classmethod
    def _date_value(cls, v: Any) -> Any:
        return _iso_date(v)

    @field_validator("date")
    @classmethod
    def _date(cls, v: str | None) -> str | None:
        if v is None:
            return None
        try:
            day = dt.date.fromisoformat(v).isoformat()
        except ValueError:
            raise ValueError(f"{v!r} is not a date; use YYYY-MM-DD") from None
        lo, hi = START_RANGE[0], (dt.date.fromisoformat(START_RANGE[1]) + dt.timedelta(weeks=53)).isoformat()
        if not lo <= day <= hi:
            raise ValueError(f"{day} is out of range; use a date from {lo} to {hi}")
        return day


class Week(PlanModel):
    number: int = Field(ge=1, le=INPUT_RANGES["weeks"][1])
    deload: bool = False
    sessions: list[Session] = Field(default=[], min_length=1, max_length=MAX_SESSIONS, validate_default=True)

    @model_validator(mode="after")
    def _days_once(self) -> "Week":
        days = [s.day for s in self.sessions]
        twice = sorted({d for d in days if days.count(d) > 1})
        if twice:
            raise ValueError(f"sessions: two sessions on {twice[0]} in week {self.number}; a day holds one session")
        return self


class Warning(PlanModel):
    """A soft target the plan does not reach: the rule, its subject, wanted, reached, a checked hint."""

    rule: int = Field(ge=0, le=99)
    subject: Note
    wanted: Note
    reached: Note
    hint: Note | None = None


class Plan(PlanModel):
    schema_version: int = 1
    id: Note = ""
    inputs: PlanInputs = Field(default_factory=PlanInputs)
    split: Note = ""
    weeks: list[Week] = Field(default=[], min_length=1, max_length=INPUT_RANGES["weeks"][1], validate_default=True)
    warnings: list[Warning] = Field(default=[], max_length=MAX_WARNINGS)

    @model_validator(mode="before")
    @classmethod
    def _values(cls, data: Any) -> Any:
        bad = plan_value_problem(data)
        if bad is not None:
            raise ValueError(f"{bad[0] or '(top)'}: {bad[1]}")
        return data

    @model_validator(mode="after")
    def _week_order(self) -> "Plan":
        for n, week in enumerate(self.weeks, 1):
            if week.number != n:
                raise ValueError(
                    f"weeks: week {week.number} is number {n} in the file; weeks are numbered 1, 2, 3... in order"
                )
        return self


def plan_json_schema() -> dict[str, Any]:
    from planner.plan_schema import strict_plan_schema

    return strict_plan_schema(Plan.model_json_schema())
